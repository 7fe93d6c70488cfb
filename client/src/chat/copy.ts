/**
 * What the clipboard (and the Word export) receives for extracts, so a support officer can paste
 * it straight into an e-mail:
 *
 *     Réponse incertaine : … (only for an uncertain answer), the dossier's note
 *     « extract » — Short title (2005), § 12 [1]
 *     « extract » — Short title (2005), § 14 [1]
 *
 *     Sources :
 *     1. Full title, Publisher, 2005, § 12 ; § 14
 *
 * One source per document, listing the paragraphs quoted from it: five extracts of one report
 * would otherwise repeat its long title five times in the e-mail. `exportModel` is the one layout;
 * the plain text, the HTML and the .docx (docx.ts) are three renderings of it.
 *
 * Pure; the clipboard plumbing is in clipboard.ts.
 */
import { citationOf, type WireExtract } from './wire.ts'

export type CopyExtract = Pick<WireExtract, 'document' | 'paragraph' | 'citation'> & {
  /** A warning that must travel with this quote (« Réponse incertaine : … »). */
  caution?: string
}

export interface CopyOptions {
  /** Heading of the source list. Defaults to « Sources : » (French typography). */
  sourcesHeading: string
  /** Lines put before the quotes: the uncertain notice, the dossier's note. Defaults to none. */
  intro: string[]
}

export const DEFAULT_COPY_OPTIONS: CopyOptions = { sourcesHeading: 'Sources :', intro: [] }

export interface CopyPayload {
  plain: string
  html: string
}

export interface ExportLine {
  /** The whole citation, « quote » — source, reference. */
  text: string
  /** « quote », its guillemets included; null when the citation has no usual shape. */
  quote: string | null
  /** What follows « — », set in <cite> / italics. */
  cite: string
  /** Number of the line's source in the list. */
  n: number
  caution?: string
}

export interface ExportModel {
  intro: string[]
  lines: ExportLine[]
  sourcesHeading: string
  sources: string[]
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

/**
 * The server's citation (server/answer/citation.ts) is the one quoting rule: it marks a quote cut
 * inside a sentence with « … » and drops the paragraph's own number. Rebuilding the quote here from
 * the best-sentence offsets lost both, so a truncated sentence was pasted as if it were whole.
 */
export function exportModel(extracts: readonly CopyExtract[], options: Partial<CopyOptions> = {}): ExportModel {
  const { sourcesHeading, intro } = { ...DEFAULT_COPY_OPTIONS, ...options }
  const { sources, numberOf } = sourcesOf(extracts)
  const lines = extracts.map((e, i): ExportLine => {
    const c = citationOf(e)
    const shaped = c.source !== ''
    return {
      text: c.text,
      quote: shaped ? `« ${c.quote} »` : null,
      cite: shaped ? [c.source, c.reference].filter(Boolean).join(', ') : '',
      n: numberOf[i]!,
      ...(e.caution ? { caution: e.caution } : {}),
    }
  })
  return { intro: intro.filter(Boolean), lines, sourcesHeading, sources: sources.map(sourceLine) }
}

/** A quote line as plain text: the citation, its source number, its caution. */
export function plainLine(line: ExportLine): string {
  return `${line.text} [${line.n}]${line.caution ? ` (${line.caution})` : ''}`
}

function htmlLine(line: ExportLine): string {
  const body = line.quote === null ? escapeHtml(line.text) : `${escapeHtml(line.quote)} — <cite>${escapeHtml(line.cite)}</cite>`
  return `<p>${body} [${line.n}]${line.caution ? ` <strong>(${escapeHtml(line.caution)})</strong>` : ''}</p>`
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`)
}

export function renderPlain(model: ExportModel): string {
  return [...model.intro, ...model.lines.map(plainLine), '', model.sourcesHeading, ...model.sources.map((s, i) => `${i + 1}. ${s}`)].join(
    '\n',
  )
}

export function renderHtml(model: ExportModel): string {
  return [
    ...model.intro.map((l) => `<p><strong>${escapeHtml(l)}</strong></p>`),
    ...model.lines.map(htmlLine),
    `<p>${escapeHtml(model.sourcesHeading)}</p>`,
    `<ol>${model.sources.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>`,
  ].join('\n')
}

export function copyFormat(extracts: readonly CopyExtract[], options: Partial<CopyOptions> = {}): CopyPayload {
  if (extracts.length === 0) return { plain: '', html: '' }
  const model = exportModel(extracts, options)
  return { plain: renderPlain(model), html: renderHtml(model) }
}
