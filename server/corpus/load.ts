// TEMPORARY STUB — replaced by the corpus parser (issue 3). Splits on blank lines so that the
// other stages have something to run against meanwhile.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Corpus, CorpusDocument } from './types.ts'

export interface LoadCorpusOptions {
  /** Logs skipped files. Defaults to a no-op. */
  onSkip?: (file: string, reason: string) => void
}

export async function loadCorpus(dir: string, _options: LoadCorpusOptions = {}): Promise<Corpus> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort()
  const documents: CorpusDocument[] = []
  for (const file of files) {
    const raw = await readFile(path.join(dir, file), 'utf8')
    const id = file.replace(/\.txt$/, '').replace(/[^a-z0-9-]/gi, '-')
    const chunks = raw.split(/\n\s*\n/).map((c) => c.replace(/\s+/g, ' ').trim()).filter((c) => c.length > 80)
    documents.push({
      id, title: file, shortTitle: file, publisher: 'OIM', year: 2000, file, language: 'fr', numbered: false,
      anomalies: [],
      paragraphs: chunks.map((text, i) => ({
        id: `${id}-p${i + 1}`, documentId: id, n: i + 1, number: null, label: `al. ${i + 1}`,
        section: [], kind: 'body' as const, text, notes: [],
      })),
    })
  }
  return { documents, skipped: [] }
}
