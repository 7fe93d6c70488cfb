/**
 * The one validation of client input, shared by the WebSocket (`parseClientMessage`) and REST
 * (`parseAskBody`): both run the same zod schema, so a question refused on one path is refused on
 * the other with the same code and words.
 */
import { z } from 'zod'
import type { AskRequest, ClientMessage, FeedbackRequest } from './types.ts'

export interface ParseOptions {
  /** Longest question accepted, in characters. Defaults to 1000 (Config.maxQuestionLength). */
  maxQuestionLength: number
  /** Largest `limit` a client may ask for. Defaults to 10. */
  maxLimit: number
  /** Most previous turns accepted in `context`. Defaults to 10. */
  maxContextTurns: number
  /** Most document ids accepted in the `documents` filter. Defaults to 50. */
  maxDocuments: number
  /** Longest feedback comment accepted, in characters. Defaults to 2000. */
  maxCommentLength: number
}

export const DEFAULT_PARSE_OPTIONS: ParseOptions = {
  maxQuestionLength: 1000,
  maxLimit: 10,
  maxContextTurns: 10,
  maxDocuments: 50,
  maxCommentLength: 2000,
}

/** The codes a parse can fail with; each is a row of server/errors.ts (the transport's types check it). */
export type ParseErrorCode = 'bad_json' | 'unknown_type' | 'bad_message' | 'invalid_question'

export type ParseResult<T> = { ok: true; message: T } | { ok: false; code: ParseErrorCode; message: string; id: string | null }

/** Longest client-chosen message id; longer ids are refused so a reply never echoes a novel. */
export const MAX_ID_LENGTH = 64

const ID_ERROR = `must be a string of 1 to ${MAX_ID_LENGTH} characters`

// Only these issues become `invalid_question`; any other violation is `bad_message`.
const INVALID_QUESTION = { code: 'invalid_question' }

function askFields(o: ParseOptions) {
  return {
    question: z
      .string({ error: 'must be a string' })
      .refine((s) => s.trim().length > 0, { message: 'The question is blank.', params: INVALID_QUESTION })
      .refine((s) => s.length <= o.maxQuestionLength, {
        message: `The question is longer than ${o.maxQuestionLength} characters.`,
        params: INVALID_QUESTION,
      }),
    limit: z
      .number({ error: `must be a whole number between 1 and ${o.maxLimit}` })
      .int(`must be a whole number between 1 and ${o.maxLimit}`)
      .min(1, `must be a whole number between 1 and ${o.maxLimit}`)
      .max(o.maxLimit, `must be a whole number between 1 and ${o.maxLimit}`)
      .optional(),
    documents: z
      .array(z.string().min(1).max(MAX_ID_LENGTH), { error: 'must be an array of document ids' })
      .max(o.maxDocuments, `must list at most ${o.maxDocuments} ids`)
      .optional(),
    context: z
      .array(
        z.object(
          { question: z.string().trim().min(1).max(o.maxQuestionLength) },
          {
            error: 'must be {"question": "…"} with a non-blank question',
          },
        ),
        { error: 'must be an array of {"question": "…"}' },
      )
      .max(o.maxContextTurns, `must hold at most ${o.maxContextTurns} turns`)
      .optional(),
  }
}

function feedbackFields(o: ParseOptions) {
  return {
    answerId: z
      .string({ error: 'must be the answerId of an answer' })
      .min(1, 'must not be empty')
      .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`),
    vote: z.enum(['up', 'down'], { error: 'must be "up" or "down"' }),
    paragraphId: z.string({ error: 'must be a paragraph id' }).min(1).max(200).optional(),
    reason: z
      .enum(['wrong_passage', 'incomplete', 'outdated', 'other'], { error: 'must be one of wrong_passage, incomplete, outdated, other' })
      .optional(),
    comment: z.string({ error: 'must be a string' }).max(o.maxCommentLength, `must be at most ${o.maxCommentLength} characters`).optional(),
  }
}

function schemas(o: ParseOptions) {
  const id = z.string({ error: ID_ERROR }).min(1, ID_ERROR).max(MAX_ID_LENGTH, ID_ERROR)
  const body = z.object(askFields(o), { error: 'The body must be a JSON object.' })
  const message = z.discriminatedUnion(
    'type',
    [z.object({ type: z.literal('ask'), id, ...askFields(o) }), z.object({ type: z.literal('feedback'), id, ...feedbackFields(o) })],
    { error: 'The message must be a JSON object.' },
  )
  // REST feedback: the frame's fields, its envelope optional (and dropped).
  const feedback = z
    .object(
      { type: z.literal('feedback').optional(), id: id.optional(), ...feedbackFields(o) },
      { error: 'The body must be a JSON object.' },
    )
    .transform(({ type: _type, id: _id, ...rest }) => rest)
  return { body, message, feedback }
}

// Schemas depend only on the options; build them once per distinct options object.
const cache = new WeakMap<ParseOptions, ReturnType<typeof schemas>>()
function schemasFor(o: ParseOptions) {
  let s = cache.get(o)
  if (!s) cache.set(o, (s = schemas(o)))
  return s
}

function readId(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null
  const { id } = value
  return typeof id === 'string' && id.length >= 1 && id.length <= MAX_ID_LENGTH ? id : null
}

function failure(error: z.ZodError, value: unknown): ParseResult<never> {
  const id = readId(value)
  const typeIssue = error.issues.find((i) => i.path[0] === 'type' && i.path.length === 1)
  if (typeIssue) return { ok: false, code: 'unknown_type', message: 'Unknown message type; expected "ask" or "feedback".', id }
  const other = error.issues.find((i) => !(i.code === 'custom' && i.params?.code === 'invalid_question'))
  if (other) {
    const where = other.path.length ? `${other.path.join('.')}: ` : ''
    return { ok: false, code: 'bad_message', message: `${where}${other.message}`, id }
  }
  return { ok: false, code: 'invalid_question', message: error.issues[0]!.message, id }
}

/** Parses one WebSocket text frame. Never throws. */
export function parseClientMessage(raw: string, options: ParseOptions = DEFAULT_PARSE_OPTIONS): ParseResult<ClientMessage> {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return { ok: false, code: 'bad_json', message: 'The message is not valid JSON.', id: null }
  }
  const parsed = schemasFor(options).message.safeParse(value)
  return parsed.success ? { ok: true, message: parsed.data } : failure(parsed.error, value)
}

/** Validates a REST ask body (already decoded JSON, or built from a query string). Never throws. */
export function parseAskBody(value: unknown, options: ParseOptions = DEFAULT_PARSE_OPTIONS): ParseResult<AskRequest> {
  const parsed = schemasFor(options).body.safeParse(value)
  return parsed.success ? { ok: true, message: parsed.data } : failure(parsed.error, undefined)
}

/** Validates a REST feedback body (`type` and `id` optional there). Never throws. */
export function parseFeedbackBody(value: unknown, options: ParseOptions = DEFAULT_PARSE_OPTIONS): ParseResult<FeedbackRequest> {
  const parsed = schemasFor(options).feedback.safeParse(value)
  return parsed.success ? { ok: true, message: parsed.data } : failure(parsed.error, undefined)
}
