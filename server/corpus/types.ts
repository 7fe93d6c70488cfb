/**
 * The corpus as every later stage sees it. Produced by `loadCorpus` (server/corpus/load.ts);
 * read by the index, the answer composer and the document routes.
 */
import type { ParagraphKind } from '../protocol/types.ts'

/** One entry of corpus/manifest.json: what a citation needs about a document. */
export interface DocumentMeta {
  /** Short, stable, URL-safe id (e.g. "idm-2005"). Never changes once published: permalinks use it. */
  id: string
  /** Full title as printed in the document. */
  title: string
  /** Short title used in citations: « … » — shortTitle (year), § 12. */
  shortTitle: string
  /** Issuing body, e.g. "Organisation internationale pour les migrations (OIM)". */
  publisher: string
  year: number
  /** File name inside the corpus directory. */
  file: string
  /** Name of the original extraction the file was shipped from (e.g. "000_3ae8fd3f4852a0d7.txt"). */
  source?: string
  /** Official symbol or series where the document has one (e.g. "A/63/265"), else undefined. */
  symbol?: string
  /** Series or collection (e.g. "Dialogue international sur la migration"). */
  series?: string
  /** Language of the text; the shipped corpus is French. */
  language: 'fr'
  /** True where the document numbers its paragraphs (labels then read « § 12 »). */
  numbered: boolean
}

// The kinds are part of the wire contract (the document routes send paragraphs as they are).
export type { ParagraphKind }

export interface Note {
  /** The marker as printed ("1", "12", "a"). */
  marker: string
  text: string
}

export interface Paragraph {
  /** Stable across restarts and rebuilds of the same corpus; URL-safe (e.g. "idm-2005-p12"). */
  id: string
  documentId: string
  /** 1-based ordinal of the paragraph in reading order within its document. */
  n: number
  /** Official paragraph number where the document numbers its paragraphs, else null. */
  number: number | null
  /** Reference for citations: « § 12 », or « 1.2 Titre de section, al. 3 ». */
  label: string
  /** Section path from the outermost heading inwards, e.g. ["II. Le contexte", "B. Les envois de fonds"]. */
  section: string[]
  kind: ParagraphKind
  /** Clean text: hyphenation undone, lines joined, note markers removed. */
  text: string
  /** Footnotes and endnotes called from this paragraph. */
  notes: Note[]
  /** Pages the paragraph spans, for documents ingested from PDF (server/ingest/); absent otherwise. */
  pages?: { first: number; last: number }
}

export interface CorpusDocument extends DocumentMeta {
  paragraphs: Paragraph[]
  /** Things the parser noticed but could not fix, for `npm run corpus`. */
  anomalies: string[]
}

export interface SkippedFile {
  file: string
  reason: string
}

export interface Corpus {
  documents: CorpusDocument[]
  /** Files that could not be loaded (bad encoding, no manifest entry, …); the others still serve. */
  skipped: SkippedFile[]
}
