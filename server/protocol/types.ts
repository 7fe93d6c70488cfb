/**
 * Wire protocol shared by the server, the chat page and the widget. The browser imports only
 * this file (as types), so it must stay free of runtime imports. Validation lives in parse.ts.
 */

export const PROTOCOL_VERSION = 1

export type Language = 'fr' | 'en'

export interface DocumentRef {
  id: string
  title: string
  shortTitle: string
  publisher: string
  year: number
}

export interface ParagraphRef {
  id: string
  n: number
  number: number | null
  label: string
  section: string[]
  /** Pages the paragraph spans, for documents ingested from PDF; absent otherwise. */
  pages?: { first: number; last: number }
}

export interface Extract {
  /** 1-based rank in this answer. */
  rank: number
  score: number
  document: DocumentRef
  paragraph: ParagraphRef
  /** The whole paragraph, verbatim from the parsed corpus. */
  text: string
  /** Character offsets in `text` of the sentence(s) that best answer the question. */
  best: { start: number; end: number }
  /** Character offsets in `text` of the matched words, sorted, non-overlapping. */
  highlights: Array<[number, number]>
  /** Formatted citation: « best sentence » — shortTitle (year), § 12. */
  citation: string
  /** Neighbouring paragraphs folded into this extract because they say the same thing. */
  related?: ParagraphRef[]
}

export interface AskContextTurn {
  question: string
}

/** Client → server. */
export interface AskMessage {
  type: 'ask'
  /** Client-chosen id, echoed in the reply (1–64 characters). */
  id: string
  question: string
  /** How many extracts at most; defaults to 5, at most 10. */
  limit?: number
  /** Restrict to these document ids. */
  documents?: string[]
  /** Previous questions of the conversation, oldest first, for elliptical follow-ups. */
  context?: AskContextTurn[]
}

export type ClientMessage = AskMessage

/** Server → client, on connect. */
export interface HelloMessage {
  type: 'hello'
  protocol: typeof PROTOCOL_VERSION
  documents: Array<Pick<DocumentRef, 'id' | 'title' | 'shortTitle' | 'year'>>
  limits: { maxQuestionLength: number; maxLimit: number; maxPayloadBytes: number }
}

export type AnswerStatus = 'answered' | 'no_match'

/** The answer body, shared by the WebSocket `answer` frame and REST /api/ask. */
export interface AnswerBody {
  status: AnswerStatus
  language: Language
  extracts: Extract[]
  /** The terms actually searched (French terms for an English question). */
  searched: string[]
  /** For no_match: a plain sentence saying the corpus does not answer. */
  message?: string
  /** For no_match: the nearest passages, which do NOT answer the question. */
  nearest?: Extract[]
  /** Spelling suggestion built from the corpus vocabulary, as a whole corrected question. */
  didYouMean?: string
  /** The question as understood after resolving a follow-up against the context, when it differs. */
  understood?: string
  tookMs: number
}

export interface AnswerMessage extends AnswerBody {
  type: 'answer'
  id: string
}

export interface ErrorMessage {
  type: 'error'
  /** The ask's id when it could be read, else null. */
  id: string | null
  code: string
  message: string
  /** With rate_limited: when to try again. */
  retryAfterMs?: number
}

export type ServerMessage = HelloMessage | AnswerMessage | ErrorMessage
