/**
 * What the clipboard receives for one extract or a whole answer, as plain text and HTML, so a
 * support officer can paste it straight into an e-mail:
 *
 *     « extract » — Short title (2005), § 12 [1]
 *     « extract » — Short title (2005), § 14 [1]
 *
 *     Sources :
 *     1. Full title, Publisher, 2005, § 12 ; § 14
 *
 * One source per document, listing the paragraphs quoted from it: five extracts of one report
 * would otherwise repeat its long title five times in the e-mail.
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
 * Its parts let the HTML put the source and reference in <cite> without parsing the line.
 */
function htmlLine({ citation: c }: CopyExtract, n: number): string {
  const quote = c.quote ? `« ${c.quote} »` : '« »'
  return `<p>${escapeHtml(quote)} — <cite>${escapeHtml(`${c.source}, ${c.reference}`)}</cite> [${n}]</p>`
}

interface Source {
  document: CopyExtract['document']
  labels: string[]
}

/** Documents in order of first quotation, each with its quoted paragraphs; and each extract's source number. */
function sourcesOf(extracts: readonly CopyExtract[]): { sources: Source[]; numberOf: number[] } {
  const sources: Source[] = []
  const numberOf = extracts.map((e) => {
    let i = sources.findIndex((s) => s.document.id === e.document.id)
    if (i < 0) i = sources.push({ document: e.document, labels: [] }) - 1
    const labels = sources[i]!.labels
    if (!labels.includes(e.paragraph.label)) labels.push(e.paragraph.label)
    return i + 1
  })
  return { sources, numberOf }
}

const sourceLine = (s: Source) => `${s.document.title}, ${s.document.publisher}, ${s.document.year}, ${s.labels.join(' ; ')}`

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`)
}

export function copyFormat(extracts: readonly CopyExtract[], options: CopyOptions = {}): CopyPayload {
  const { sourcesHeading } = { ...COPY_DEFAULTS, ...options }
  if (extracts.length === 0) return { plain: '', html: '' }
  const { sources, numberOf } = sourcesOf(extracts)
  const plain = [
    ...extracts.map((e, i) => `${e.citation.text} [${numberOf[i]}]`),
    '',
    sourcesHeading,
    ...sources.map((s, i) => `${i + 1}. ${sourceLine(s)}`),
  ].join('\n')
  const html = [
    ...extracts.map((e, i) => htmlLine(e, numberOf[i]!)),
    `<p>${escapeHtml(sourcesHeading)}</p>`,
    `<ol>${sources.map((s) => `<li>${escapeHtml(sourceLine(s))}</li>`).join('')}</ol>`,
  ].join('\n')
  return { plain, html }
}
