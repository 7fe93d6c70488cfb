/**
 * REST for integrations that cannot hold a socket: `POST /api/ask` (JSON body) and
 * `GET /api/ask?q=…`, answering the same body as the WebSocket `answer` frame, validated by the
 * same schema (protocol/parse.ts) and rate-limited per client address.
 */
import { randomUUID } from 'node:crypto'
import express, { type Request, type Response } from 'express'
import { ERRORS, errorBody, type ErrorCode } from '../errors.ts'
import { parseAskBody, type ParseOptions } from '../protocol/parse.ts'
import { KeyedBuckets } from './rate.ts'
import { logRefusal, type Asker } from './ask.ts'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'

export interface RestDeps {
  config: Config
  logger: Logger
  asker: Asker
  parseOptions: ParseOptions
  /** The hashed client id of a request (its real address, through trusted proxies). */
  clientOf: (req: Request) => string
  /** Counts a refusal in metrics. Defaults to nothing. */
  countRefusal?: (code: ErrorCode) => void
  /**
   * The per-client budget (RATE_BURST / RATE_PER_SECOND), shared with POST /api/feedback so that a
   * vote costs a question's token. Defaults to buckets of its own.
   */
  buckets?: KeyedBuckets
}

/** Sends `{code, message}` with the table's status (and Retry-After for rate limiting). */
export function sendError(res: Response, code: ErrorCode, message?: string, retryAfterMs?: number): void {
  if (retryAfterMs !== undefined) res.setHeader('Retry-After', String(Math.ceil(retryAfterMs / 1000)))
  res
    .status(ERRORS[code].status)
    .json(retryAfterMs === undefined ? errorBody(code, message) : { ...errorBody(code, message), retryAfterMs })
}

const DIGITS = /^\d+$/

/**
 * Maps a query string onto the POST body's shape so that one schema validates both:
 * `q` → question, `limit` → number, `documents=a,b` (or repeated) → ids, repeated `context` → turns.
 * Values of the wrong shape are passed through for the schema to refuse.
 */
function bodyFromQuery(query: Request['query']): Record<string, unknown> {
  const list = (v: unknown) => (v === undefined ? undefined : ([] as unknown[]).concat(v))
  const { q, limit, documents, context } = query
  return {
    question: q ?? '',
    limit: typeof limit === 'string' && DIGITS.test(limit) ? Number(limit) : limit,
    documents: list(documents)?.flatMap((d) => (typeof d === 'string' ? d.split(',').filter(Boolean) : [d])),
    context: list(context)?.map((c) => ({ question: c })),
  }
}

export function askRouter(deps: RestDeps): express.Router {
  const { asker, logger, parseOptions } = deps
  const buckets = deps.buckets ?? new KeyedBuckets({ burst: deps.config.rateBurst, perSecond: deps.config.ratePerSecond })
  const router = express.Router()

  async function handle(req: Request, res: Response, input: unknown): Promise<void> {
    const client = deps.clientOf(req)
    const meta = { id: `rest-${randomUUID().slice(0, 8)}`, via: 'rest' as const, client }
    const token = buckets.take(client)
    if (!token.ok) {
      logRefusal(logger, meta, 'rate_limited')
      deps.countRefusal?.('rate_limited')
      return sendError(res, 'rate_limited', undefined, token.retryAfterMs)
    }
    const parsed = parseAskBody(input, parseOptions)
    if (!parsed.ok) {
      logRefusal(logger, meta, parsed.code)
      deps.countRefusal?.(parsed.code)
      return sendError(res, parsed.code, parsed.message)
    }
    const outcome = await asker(parsed.message, meta)
    if (outcome.ok) res.json(outcome.body)
    else sendError(res, outcome.code, outcome.message, outcome.retryAfterMs)
  }

  router.post('/ask', (req, res) => {
    // express.json leaves the body undefined when the request is not application/json.
    if (req.body === undefined) return sendError(res, 'bad_message', 'Send a JSON object with Content-Type: application/json.')
    return handle(req, res, req.body)
  })
  router.get('/ask', (req, res) => handle(req, res, bodyFromQuery(req.query)))
  return router
}
