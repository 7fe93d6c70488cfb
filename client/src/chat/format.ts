/** Citation pieces for the cards and the summary line (the copy format uses the server's citation). Pure. */
import type { DocumentRef, Extract } from '../../../server/protocol/types.ts'
import type { Strings } from './i18n.ts'

/** « Short title (2005) » */
export function documentLabel(doc: Pick<DocumentRef, 'shortTitle' | 'year'>): string {
  return `${doc.shortTitle} (${doc.year})`
}

/** « Short title (2005), § 12 »: what a delegate reads out after a quote. */
export function reference(extract: Pick<Extract, 'document' | 'paragraph'>): string {
  return `${documentLabel(extract.document)}, ${extract.paragraph.label}`
}


/** One line opening an answer: how many passages, from which documents (in order of first use). */
export function summaryLine(extracts: ReadonlyArray<Pick<Extract, 'document'>>, t: Pick<Strings, 'summary'>): string {
  const docs = [...new Set(extracts.map((e) => documentLabel(e.document)))]
  return t.summary(extracts.length, docs)
}
