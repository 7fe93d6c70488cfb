/**
 * The contract's names as the chat uses them (server/protocol/types.ts), and the citation's parts
 * read the same way whatever the extract's origin: a dossier saved before the structured citation
 * still holds the whole line as a string. Types, and one pure function.
 */
import type { AnswerBody, Citation, Extract, ServerMessage } from '../../../server/protocol/types.ts'

export type { AckMessage, AnswerStatus, Citation, FeedbackMessage, FeedbackReason } from '../../../server/protocol/types.ts'

export type WireExtract = Omit<Extract, 'citation'> & { citation: Citation | string }
export type WireAnswer = AnswerBody
export type WireMessage = ServerMessage

/** The citation's parts (quote without its « », source « Title (2005) », reference « § 12 »). */
export function citationOf(e: { citation: Citation | string }): Citation {
  if (typeof e.citation !== 'string') return e.citation
  const text = e.citation
  const m = /^« (.*) » — (.*?\(\d{4}\))(?:, (.*))?$/s.exec(text)
  if (!m) return { quote: text, source: '', reference: '', text }
  return { quote: m[1]!, source: m[2]!, reference: m[3] ?? '', text }
}
