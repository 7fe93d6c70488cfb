/**
 * Feedback on an answer: the WebSocket `{"type":"feedback",…}` frame (replied to with
 * `{"type":"ack","id"}`) and `POST /api/feedback` (204), one schema for both. The vote is stored
 * against the answer's `answerId` in the shared database, so any replica accepts it; an id that no
 * replica logged is `not_found`, a database that cannot be reached is `storage_unavailable`.
 */
import express from 'express'
import { z } from 'zod'
import type { ErrorCode } from '../errors.ts'
import type { QuestionLog } from '../storage/question-log.ts'
import type { FeedbackInput } from '../storage/types.ts'
import { sendError } from './rest.ts'

/** Longest free-text comment kept, in characters. */
export const MAX_COMMENT_LENGTH = 2000
const MAX_ID = 64

const fields = {
  answerId: z.string({ error: 'must be the answerId of an answer' }).min(1).max(MAX_ID),
  vote: z.enum(['up', 'down'], { error: 'must be "up" or "down"' }),
  paragraphId: z.string({ error: 'must be a paragraph id' }).min(1).max(200).optional(),
  reason: z.enum(['wrong_passage', 'incomplete', 'outdated', 'other'], {
    error: 'must be one of wrong_passage, incomplete, outdated, other',
  }).optional(),
  comment: z.string({ error: 'must be a string' }).max(MAX_COMMENT_LENGTH, `must be at most ${MAX_COMMENT_LENGTH} characters`).optional(),
}
const id = z.string({ error: `must be a string of 1 to ${MAX_ID} characters` }).min(1).max(MAX_ID)
const frameSchema = z.object({ type: z.literal('feedback'), id, ...fields })
const bodySchema = z.object({ type: z.literal('feedback').optional(), id: id.optional(), ...fields }, { error: 'The body must be a JSON object.' })

type Failure = { ok: false; code: ErrorCode; message: string }
export type FeedbackOutcome = { ok: true } | Failure

function invalid(error: z.ZodError): Failure {
  const issue = error.issues[0]!
  const where = issue.path.length ? `${issue.path.join('.')}: ` : ''
  return { ok: false, code: 'bad_message', message: `${where}${issue.message}` }
}

const OUTCOMES: Record<'not_found' | 'unavailable', Failure> = {
  not_found: { ok: false, code: 'not_found', message: 'No answer has this answerId (or it is older than the retention).' },
  unavailable: { ok: false, code: 'storage_unavailable', message: 'The feedback could not be stored: the database is unreachable. Please send it again shortly.' },
}

async function store(log: QuestionLog, f: z.infer<typeof bodySchema>): Promise<FeedbackOutcome> {
  const input: FeedbackInput = { answerId: f.answerId, vote: f.vote, paragraphId: f.paragraphId, reason: f.reason, comment: f.comment?.trim() || undefined, at: Date.now() }
  const result = await log.feedback(input)
  return result === 'ok' ? { ok: true } : OUTCOMES[result]
}

/**
 * Handles one WebSocket frame if it is a feedback message: resolves to the reply frame, or null
 * when the frame's type is not `feedback` (the caller then reports it as it would any unknown type).
 */
export async function feedbackFrame(log: QuestionLog, raw: string): Promise<
  { type: 'ack'; id: string } | { type: 'error'; id: string | null; code: ErrorCode; message: string } | null
> {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== 'feedback') return null
  const rawId = (value as { id?: unknown }).id
  const replyId = typeof rawId === 'string' && rawId.length >= 1 && rawId.length <= MAX_ID ? rawId : null
  const parsed = frameSchema.safeParse(value)
  const outcome = parsed.success ? await store(log, parsed.data) : invalid(parsed.error)
  if (outcome.ok) return { type: 'ack', id: parsed.data!.id }
  return { type: 'error', id: replyId, code: outcome.code, message: outcome.message }
}

/** `POST /api/feedback`: the frame's fields, `type` and `id` optional; 204 when stored. */
export function feedbackRouter(log: QuestionLog): express.Router {
  const router = express.Router()
  router.post('/feedback', async (req, res) => {
    if (req.body === undefined) return sendError(res, 'bad_message', 'Send a JSON object with Content-Type: application/json.')
    const parsed = bodySchema.safeParse(req.body)
    const outcome = parsed.success ? await store(log, parsed.data) : invalid(parsed.error)
    if (outcome.ok) res.status(204).end()
    else sendError(res, outcome.code, outcome.message)
  })
  return router
}
