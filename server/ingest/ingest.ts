/**
 * One uploaded file → one CorpusDocument, through the same corpus stages as the shipped texts
 * (normalise, debris, join, notes, segment, parse). Each format only turns its file into text in
 * the shipped extractions' conventions; PDF pages are then mapped back onto the paragraphs. Every
 * refusal is a SourcierError from the one error table, naming the stage or the page.
 */
import { buildVocabulary, type Vocabulary } from '../corpus/join.ts'
import { checkText } from '../corpus/load.ts'
import { normalizeText } from '../corpus/normalize.ts'
import { parseDocument, type DocumentParseOptions } from '../corpus/parse.ts'
import type { CorpusDocument, DocumentMeta } from '../corpus/types.ts'
import { SourcierError } from '../errors.ts'
import { detectFormat, type IngestFormat } from './detect.ts'
import { readDocx } from './docx.ts'
import { layoutPages, type LaidOutText, type LayoutOptions } from './layout.ts'
import { documentMeta, type UploadMeta } from './meta.ts'
import { assignPages } from './pages.ts'
import { readPdf } from './pdf.ts'

export type IngestProgress = { stage: 'read'; page: number; pages: number } | { stage: 'parse' } | { stage: 'done'; paragraphs: number }

export interface IngestOptions {
  /** Progress events: each PDF page read, then parsing. Defaults to a no-op. */
  onProgress: (event: IngestProgress) => void
  /**
   * Word forms of the corpus already served, so that a word hyphenated in the new file is
   * rejoined as the corpus prints it (see join.ts). Defaults to the file's own words only.
   */
  vocabulary: Vocabulary
  /** Largest file accepted, in bytes (`file_too_large` above). Defaults to 50 MiB. */
  maxBytes: number
  /** Corpus parser options. Defaults to the shipped corpus's. */
  parse: Partial<DocumentParseOptions>
  /** PDF layout options. Defaults to DEFAULT_LAYOUT_OPTIONS. */
  layout: Partial<LayoutOptions>
}

export const DEFAULT_INGEST_OPTIONS: IngestOptions = {
  onProgress: () => {},
  vocabulary: new Map(),
  maxBytes: 50 * 1024 * 1024,
  parse: {},
  layout: {},
}

export interface IngestInput {
  bytes: Uint8Array
  /** The uploaded file's name: its extension selects the reader. */
  fileName: string
  /** The content type the client declared, if any. */
  contentType?: string
  meta: UploadMeta & { id: string }
}

export interface IngestResult {
  document: CorpusDocument
  format: IngestFormat
  /** Pages read (PDF), else null. */
  pages: number | null
}

/** The text of the file in the corpus conventions, and for a PDF the page of each line. */
async function extract(
  format: IngestFormat,
  bytes: Uint8Array,
  o: IngestOptions,
): Promise<{ text: string; laid?: LaidOutText; pages: number | null; anomalies: string[] }> {
  if (format === 'pdf') {
    const pages = await readPdf(bytes, { onPage: (page, total) => o.onProgress({ stage: 'read', page, pages: total }) })
    const laid = layoutPages(pages, o.layout)
    const anomalies: string[] = []
    // Reported once per distinct line: a long document's running header is one line, not a thousand.
    if (laid.furniture.length)
      anomalies.push(
        `running headers/footers dropped: ${laid.furniture
          .slice(0, 10)
          .map((f) => `« ${f} »`)
          .join(', ')}${laid.furniture.length > 10 ? ` and ${laid.furniture.length - 10} more` : ''}`,
      )
    if (laid.pageNumbers) anomalies.push(`page numbers dropped on ${laid.pageNumbers} page(s)`)
    return { text: laid.text, laid, pages: pages.length, anomalies }
  }
  if (format === 'docx') {
    const { text, warnings } = await readDocx(bytes)
    return { text, pages: null, anomalies: warnings.map((w) => `Word conversion: ${w}`) }
  }
  const checked = checkText(bytes)
  if ('reason' in checked) {
    if (checked.reason.startsWith('empty')) throw new SourcierError('empty_file')
    throw new SourcierError('unsupported_format', `The .txt file is not UTF-8 text (${checked.reason}).`)
  }
  return { text: checked.text, pages: null, anomalies: [] }
}

/** A document numbers its paragraphs when « 1. », « 2. », « 3. » start lines in sequence. */
export function looksNumbered(text: string): boolean {
  let expected = 1
  for (const m of text.matchAll(/^\s*(\d{1,3})\.\s+\S/gm)) if (Number(m[1]) === expected) expected++
  return expected > 3
}

function mergeVocabulary(base: Vocabulary, own: Vocabulary): Vocabulary {
  const out = new Map(base)
  for (const [w, n] of own) out.set(w, (out.get(w) ?? 0) + n)
  return out
}

/** Reads, parses and paginates one file. Nothing is stored here: the caller decides. */
export async function ingestDocument(input: IngestInput, options: Partial<IngestOptions> = {}): Promise<IngestResult> {
  const o = { ...DEFAULT_INGEST_OPTIONS, ...options }
  if (input.bytes.length > o.maxBytes)
    throw new SourcierError('file_too_large', `The file is ${input.bytes.length} bytes; the limit (MAX_UPLOAD_BYTES) is ${o.maxBytes}.`)
  const format = detectFormat(input.bytes, input.fileName, input.contentType)
  const { text, laid, pages, anomalies } = await extract(format, input.bytes, o)
  o.onProgress({ stage: 'parse' })
  const meta: DocumentMeta = {
    id: input.meta.id,
    ...documentMeta(input.meta),
    file: `${input.meta.id}.${format}`,
    source: input.fileName,
    numbered: looksNumbered(text),
  }
  let parsed: ReturnType<typeof parseDocument>
  try {
    const vocab = mergeVocabulary(o.vocabulary, buildVocabulary([normalizeText(laid?.running ?? text, o.parse.normalize)]))
    parsed = parseDocument(text, meta, vocab, o.parse)
  } catch (err) {
    throw new SourcierError('corrupt_file', `The text could not be split into paragraphs: ${(err as Error).message}`)
  }
  const paragraphs = parsed.paragraphs
  if (!paragraphs.some((p) => p.kind !== 'heading')) throw new SourcierError('empty_file', 'The file has no paragraph of text.')
  if (laid) {
    const { pages: ranges, missed } = assignPages(paragraphs, laid)
    paragraphs.forEach((p, i) => {
      p.pages = ranges[i]!
    })
    if (missed) anomalies.push(`${missed} paragraph(s) not found in the page layout; given the page before them`)
  }
  o.onProgress({ stage: 'done', paragraphs: paragraphs.length })
  return { document: { ...meta, paragraphs, anomalies: [...anomalies, ...parsed.anomalies] }, format, pages }
}
