/**
 * What the clipboard receives for one extract or a whole answer, as plain text and HTML, so a
 * support officer can paste it straight into an e-mail:
 *
 *     « extract » — Short title (2005), § 12
 *
 *     Sources :
 *     1. Full title, Publisher, 2005, § 12
 *
 * Pure; the clipboard plumbing is in clipboard.ts.
 */
import type { Extract } from '../../../server/protocol/types.ts'

export type CopyExtract = Pick<Extract, 'document' | 'paragraph' | 'citation'>

export interface CopyOptions {
  /** Heading of the source list. Defaults to « Sources : » (French typography). */
  sourcesHeading?: string
}

export const COPY_DEFAULTS: Required<CopyOptions> = { sourcesHeading: 'Sources :' }

export interface CopyPayload {
  plain: string
  html: string
}

/**
 * The server's citation (server/answer/citation.ts) is the one quoting rule: it marks a quote cut
 * inside a sentence with « … » and drops the paragraph's own number. Rebuilding the quote here from
 * the best-sentence offsets lost both, so a truncated sentence was pasted as if it were whole.
 * Split at its last « » — » so the HTML can put the reference in <cite>.
 */
function citationParts(e: CopyExtract): { quote: string; reference: string | null } {
  const i = e.citation.lastIndexOf(' » — ')
  return i < 0 ? { quote: e.citation, reference: null } : { quote: e.citation.slice(0, i + 2), reference: e.citation.slice(i + 5) }
}

function htmlLine(e: CopyExtract): string {
  const { quote, reference } = citationParts(e)
  return reference === null ? `<p>${escapeHtml(quote)}</p>` : `<p>${escapeHtml(quote)} — <cite>${escapeHtml(reference)}</cite></p>`
}

const source = (e: CopyExtract) => `${e.document.title}, ${e.document.publisher}, ${e.document.year}, ${e.paragraph.label}`

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`)
}

export function copyFormat(extracts: readonly CopyExtract[], options: CopyOptions = {}): CopyPayload {
  const { sourcesHeading } = { ...COPY_DEFAULTS, ...options }
  if (extracts.length === 0) return { plain: '', html: '' }
  const plain = [
    ...extracts.map((e) => e.citation),
    '',
    sourcesHeading,
    ...extracts.map((e, i) => `${i + 1}. ${source(e)}`),
  ].join('\n')
  const html = [
    ...extracts.map(htmlLine),
    `<p>${escapeHtml(sourcesHeading)}</p>`,
    `<ol>${extracts.map((e) => `<li>${escapeHtml(source(e))}</li>`).join('')}</ol>`,
  ].join('\n')
  return { plain, html }
}
