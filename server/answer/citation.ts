/**
 * Citations as a delegate quotes them: « extract » — short title (year), § 12. The reference is
 * the paragraph's own label, so the same passage is always cited the same way.
 */
import type { DocumentMeta, Paragraph } from '../corpus/types.ts'
import type { Citation } from '../protocol/types.ts'
import { splitSentences, type Span } from '../analysis/sentences.ts'

type CitedDocument = Pick<DocumentMeta, 'title' | 'shortTitle' | 'publisher' | 'year'> & Partial<Pick<DocumentMeta, 'symbol'>>
type CitedParagraph = Pick<Paragraph, 'label' | 'section' | 'text' | 'pages'>

const BARE_ALINEA = /^al\.\s*\d+$/
// The paragraph's own numbering at the start of its text (« 3. La cohérence… », « a) Dans… »):
// the reference already carries it, and « « 3. La cohérence… » — …, § 3 » reads as a typo.
const LEADING_MARKER = /^(?:\d+(?:\.\d+)*\.|\p{Ll}\))\s+/u

export interface CitationOptions {
  /**
   * Where `extractText` starts in `paragraph.text`, to know whether the quote is cut. Defaults to
   * its first occurrence; a quote not found in the paragraph is treated as cut on both sides.
   */
  offset?: number
  /**
   * Longest quote, in characters, before it is cut at a word with « … ». Defaults to 400: the
   * composer's best span (350) always fits, a whole long paragraph does not.
   */
  maxQuoteLength: number
  /** The paragraph's sentences, when the caller already has them. Defaults to splitSentences(paragraph.text). */
  sentences?: readonly Span[]
}

export const DEFAULT_CITATION_OPTIONS: CitationOptions = { maxQuoteLength: 400 }

/**
 * The citation of a quote from a paragraph, in parts: the quote has its whitespace collapsed and
 * an ellipsis « … » wherever it starts or ends inside a sentence of the paragraph (quoting whole
 * sentences needs none); `text` is the whole line « quote » — shortTitle (year), reference.
 */
export function citeExtract(
  extractText: string,
  document: CitedDocument,
  paragraph: CitedParagraph,
  options: Partial<CitationOptions> = {},
): Citation {
  const maxQuoteLength = options.maxQuoteLength ?? DEFAULT_CITATION_OPTIONS.maxQuoteLength
  const raw = extractText.trim()
  const offset = options.offset ?? paragraph.text.indexOf(raw)
  // Nothing to quote (an empty paragraph): nothing was cut either.
  let cutBefore = raw !== ''
  let cutAfter = raw !== ''
  if (offset >= 0 && raw) {
    const start = offset + (extractText.length - extractText.trimStart().length)
    const end = start + raw.length
    const sentences = options.sentences ?? splitSentences(paragraph.text)
    cutBefore = !sentences.some((s) => s.start === start)
    cutAfter = !sentences.some((s) => s.end === end)
  }
  let quote = raw.replace(/\s+/g, ' ')
  if (offset >= 0 && !paragraph.text.slice(0, offset).trim()) quote = quote.replace(LEADING_MARKER, '')
  if (quote.length > maxQuoteLength) {
    const space = quote.lastIndexOf(' ', maxQuoteLength)
    quote = quote.slice(0, space > 0 ? space : maxQuoteLength).replace(/[\s,;:]+$/, '')
    cutAfter = true
  }
  const body = `${cutBefore ? '… ' : ''}${quote}${cutAfter ? ' …' : ''}`
  const source = `${document.shortTitle} (${document.year})`
  const ref = reference(paragraph)
  return { quote: body, source, reference: ref, text: `${body ? `« ${body} »` : '« »'} — ${source}, ${ref}` }
}

/** « quote » — shortTitle (year), reference: citeExtract's whole line. */
export function formatCitation(
  extractText: string,
  document: CitedDocument,
  paragraph: CitedParagraph,
  options: Partial<CitationOptions> = {},
): string {
  return citeExtract(extractText, document, paragraph, options).text
}

/**
 * The full source line for a list of sources: title, publisher, year (and symbol where the
 * document has one), then the paragraph reference.
 */
export function formatSource(document: CitedDocument, paragraph: CitedParagraph): string {
  const symbol = document.symbol ? `, ${document.symbol}` : ''
  return `${document.title}, ${document.publisher}, ${document.year}${symbol}, ${reference(paragraph)}`
}

/**
 * The paragraph's own label (« § 12 », « 1.1, Pays d’origine, al. 3 », « § 17, a) »), preceded by
 * the innermost section title when the label is a bare « al. k » that would not say where it is.
 */
export function reference(paragraph: Pick<Paragraph, 'label' | 'section' | 'pages'>): string {
  const label = paragraph.label.trim()
  const section = paragraph.section.at(-1)?.trim()
  return `${section && BARE_ALINEA.test(label) ? `${section}, ${label}` : label}${pageReference(paragraph.pages)}`
}

/** « , p. 7 » or « , pp. 7–8 » for a paragraph ingested from a PDF; nothing for one without pages. */
export function pageReference(pages: Paragraph['pages']): string {
  if (!pages) return ''
  return pages.first === pages.last ? `, p. ${pages.first}` : `, pp. ${pages.first}–${pages.last}`
}
