/**
 * The one place where the transport calls the engine, for both WebSocket and REST: a throw becomes
 * an error code (a SourcierError keeps its own, anything else is `internal`, its stack logged and
 * never sent), and every question it answers gets one info log line without the client's address.
 */
import type { AskRequest } from '../engine.ts'
import { ERRORS, type ErrorCode } from '../errors.ts'
import type { Logger } from '../logger.ts'
import type { AskOutcome, EngineHost } from '../runtime/host.ts'

export type { AskOutcome } from '../runtime/host.ts'

export interface AskMeta {
  /** The client's message id (WebSocket) or a server-made one (REST). */
  id: string | null
  via: 'ws' | 'rest'
  /** Salted hash of the client's address (security.ts), never the address itself. */
  client: string
}

export type Asker = (request: AskRequest, meta: AskMeta) => Promise<AskOutcome>

/** Asks through the engine host (server/runtime/host.ts): never rejects, a bug becomes `internal`. */
export function createAsker(host: Pick<EngineHost, 'ask'>, logger: Logger): Asker {
  return async (request, meta) => {
    let outcome: AskOutcome
    try {
      outcome = await host.ask(request)
    } catch (err) {
      logger.error({ err, id: meta.id, via: meta.via }, 'engine failed')
      outcome = { ok: false, code: 'internal', message: ERRORS.internal.message }
    }
    logQuestion(logger, meta, request.question.length, outcome)
    return outcome
  }
}

/** The info line for every question the engine saw: answered, no_match, or its error code. */
function logQuestion(logger: Logger, meta: AskMeta, questionLength: number, outcome: AskOutcome): void {
  if (outcome.ok) {
    const b = outcome.body
    logger.info(
      { event: 'question', ...meta, questionLength, language: b.language, status: b.status, tookMs: Math.round(b.tookMs * 100) / 100, extracts: b.extracts.length },
      'question answered',
    )
  } else logger.info({ event: 'question', ...meta, questionLength, status: outcome.code }, 'question refused')
}

/**
 * Refusals before the engine (unreadable frame, wrong shape, blank question, rate limit) go to
 * debug: only the client can produce them in bulk, and a flooding client must not flood the log.
 */
export function logRefusal(logger: Logger, meta: AskMeta, code: ErrorCode): void {
  logger.debug({ event: 'question', ...meta, status: code }, 'question refused')
}
