/**
 * The wire names of issue 16 the chat already speaks (RULES.md, « Agreed contract names ») while the
 * server's contract module catches up: an older server simply leaves the new fields out, and a
 * citation may still be a plain string. Types only.
 */
import type { AnswerBody, ErrorMessage, Extract, HelloMessage } from '../../../server/protocol/types.ts'

export type AnswerStatus = 'answered' | 'uncertain' | 'no_match'

/** The structured citation (issue 16); older servers send the whole text as a string. */
export interface Citation {
  quote: string
  source: string
  reference: string
  text: string
}

export type WireExtract = Omit<Extract, 'citation'> & { citation: string | Citation }

export interface WireAnswer extends Omit<AnswerBody, 'status' | 'extracts' | 'nearest'> {
  status: AnswerStatus
  extracts: WireExtract[]
  nearest?: WireExtract[]
  /** Server-generated id that feedback refers to. */
  answerId?: string
  /** With `uncertain`: one line saying why, in the question's language. */
  reason?: string
  /** The spelling-corrected question that was searched instead of the typed one. */
  correctedQuestion?: string
  /** The document filter in force. */
  documents?: string[]
}

export type FeedbackReason = 'wrong_passage' | 'incomplete' | 'outdated' | 'other'

export interface FeedbackMessage {
  type: 'feedback'
  id: string
  answerId: string
  vote: 'up' | 'down'
  paragraphId?: string
  reason?: FeedbackReason
  comment?: string
}

export interface AckMessage {
  type: 'ack'
  id: string
}

export type WireMessage = HelloMessage | (WireAnswer & { type: 'answer'; id: string }) | ErrorMessage | AckMessage

/** The citation's parts whatever the server's version (quote without its « », source « Title (2005) »). */
export function citationOf(e: Pick<WireExtract, 'citation'>): Citation {
  if (typeof e.citation !== 'string') return e.citation
  const text = e.citation
  const m = /^« (.*) » — (.*?\(\d{4}\))(?:, (.*))?$/s.exec(text)
  if (!m) return { quote: text, source: '', reference: '', text }
  return { quote: m[1]!, source: m[2]!, reference: m[3] ?? '', text }
}
