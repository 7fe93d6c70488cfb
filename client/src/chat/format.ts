/** Citation pieces for the cards and the summary line (the copy format uses the server's citation). Pure. */
import type { DocumentRef, Extract } from '../../../server/protocol/types.ts'
import type { Strings } from './i18n.ts'

/** « Short title (2005) » */
export function documentLabel(doc: Pick<DocumentRef, 'shortTitle' | 'year'>): string {
  return `${doc.shortTitle} (${doc.year})`
}

/** « Short title (2005), § 12 » (« …, § 12, p. 7 » for a PDF upload): what a delegate reads out after a quote. */
export function reference(extract: Pick<Extract, 'document' | 'paragraph'>): string {
  return `${documentLabel(extract.document)}, ${paragraphLabel(extract.paragraph)}`
}

/** « § 12 », with « , p. 7 » / « , pp. 7–8 » for a paragraph of an uploaded PDF (as the server's citation.reference). */
export function paragraphLabel(paragraph: Pick<Extract['paragraph'], 'label' | 'pages'>): string {
  const p = paragraph.pages
  if (!p) return paragraph.label
  return `${paragraph.label}, ${p.first === p.last ? `p. ${p.first}` : `pp. ${p.first}–${p.last}`}`
}

/** One line opening an answer: how many passages, from which documents (in order of first use). */
export function summaryLine(extracts: ReadonlyArray<Pick<Extract, 'document'>>, t: Pick<Strings, 'summary'>): string {
  const docs = [...new Set(extracts.map((e) => documentLabel(e.document)))]
  return t.summary(extracts.length, docs)
}
