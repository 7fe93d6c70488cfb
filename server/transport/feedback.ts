/**
 * Feedback on an answer: the WebSocket `{"type":"feedback",…}` frame (replied to with
 * `{"type":"ack","id"}`) and `POST /api/feedback` (204), validated by the one parser
 * (protocol/parse.ts). The vote is stored against the answer's `answerId` in the shared database,
 * so any replica accepts it; an id that no replica logged is `not_found`, a database that cannot
 * be reached is `storage_unavailable` (the client may send it again).
 */
import express from 'express'
import type { ErrorCode } from '../errors.ts'
import { parseFeedbackBody, type ParseOptions } from '../protocol/parse.ts'
import type { AckMessage, ErrorMessage, FeedbackMessage, FeedbackRequest } from '../protocol/types.ts'
import type { QuestionLog } from '../storage/question-log.ts'
import { errorBody } from '../errors.ts'
import type { KeyedBuckets } from './rate.ts'
import { sendError } from './rest.ts'

type Failure = { code: ErrorCode; message: string }

const FAILURES: Record<'not_found' | 'unavailable', Failure> = {
  not_found: { code: 'not_found', message: 'No answer has this answerId (or it is older than the retention).' },
  unavailable: {
    code: 'storage_unavailable',
    message: 'The feedback could not be stored: the database is unreachable. Please send it again shortly.',
  },
}

/** Stores one vote; null when stored, else the coded failure. */
export async function storeFeedback(log: QuestionLog, f: FeedbackRequest): Promise<Failure | null> {
  const result = await log.feedback({
    answerId: f.answerId,
    vote: f.vote,
    paragraphId: f.paragraphId,
    reason: f.reason,
    comment: f.comment?.trim() || undefined,
    at: Date.now(),
  })
  return result === 'ok' ? null : FAILURES[result]
}

/** The reply to a (valid) feedback frame. */
export async function feedbackReply(log: QuestionLog, message: FeedbackMessage): Promise<AckMessage | ErrorMessage> {
  const { type: _type, id, ...request } = message
  const failure = await storeFeedback(log, request)
  return failure ? { type: 'error', id, ...errorBody(failure.code, failure.message) } : { type: 'ack', id }
}

/** Per-client budget of POST /api/feedback: the very buckets REST questions take from. */
export interface FeedbackLimit {
  clientOf: (req: express.Request) => string
  /** Shared with askRouter (rest.ts), as a WebSocket vote shares its peer's bucket with its asks. */
  buckets: KeyedBuckets
}

/**
 * `POST /api/feedback`: the frame's fields, `type` and `id` optional; 204 when stored. Rate-limited
 * per client like a question (a WebSocket feedback frame costs a token of the peer's bucket), so
 * an anonymous script cannot fill the database with votes.
 */
export function feedbackRouter(log: QuestionLog, parseOptions: ParseOptions, limit: FeedbackLimit): express.Router {
  const { buckets } = limit
  const router = express.Router()
  router.post('/feedback', async (req, res) => {
    const token = buckets.take(limit.clientOf(req))
    if (!token.ok) return sendError(res, 'rate_limited', undefined, token.retryAfterMs)
    if (req.body === undefined) return sendError(res, 'bad_message', 'Send a JSON object with Content-Type: application/json.')
    const parsed = parseFeedbackBody(req.body, parseOptions)
    if (!parsed.ok) return sendError(res, parsed.code, parsed.message)
    const failure = await storeFeedback(log, parsed.message)
    if (failure) sendError(res, failure.code, failure.message)
    else res.status(204).end()
  })
  return router
}
