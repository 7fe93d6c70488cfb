/**
 * npm run ingest:bench [-- COPIES]: how long a multi-page PDF takes to read (pdf.js), parse (the
 * corpus stages + pages) and index (a new engine over the shipped corpus plus the document, as a
 * reload builds it). The PDF is the fixture report repeated COPIES times (3 pages each, default
 * 30 → 90 pages). Three runs; medians printed. Noisy on a shared machine: compare side by side.
 */
import { loadCorpus } from '../server/corpus/load.ts'
import { createEngine } from '../server/engine.ts'
import { loadLexicon } from '../server/analysis/lexicon.ts'
import { ingestDocument } from '../server/ingest/ingest.ts'
import { corpusVocabulary, mergeCorpus } from '../server/ingest/library.ts'
import { parseUploadMeta } from '../server/ingest/meta.ts'
import { FIXTURE_META, makeLongPdf } from './ingest-fixtures.ts'

const copies = Number(process.argv[2] ?? 30)
const pdf = await makeLongPdf(copies)
const shipped = await loadCorpus('corpus')
const lexicon = loadLexicon()
const vocabulary = corpusVocabulary(shipped)
const meta = parseUploadMeta({ ...FIXTURE_META, id: 'bench' })
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const runs: Array<{ read: number; parse: number; index: number; pages: number; paragraphs: number }> = []
for (let i = 0; i < 3; i++) {
  const t0 = performance.now()
  let tRead = t0
  const { document, pages } = await ingestDocument(
    { bytes: pdf, fileName: 'bench.pdf', meta },
    {
      vocabulary,
      onProgress: (e) => {
        if (e.stage === 'parse') tRead = performance.now()
      },
    },
  )
  const t1 = performance.now()
  createEngine(mergeCorpus(shipped, [document]), { lexicon })
  const t2 = performance.now()
  runs.push({ read: tRead - t0, parse: t1 - tRead, index: t2 - t1, pages: pages ?? 0, paragraphs: document.paragraphs.length })
}
const r = runs[0]!
console.log(`${r.pages}-page PDF (${(pdf.length / 1024).toFixed(0)} KiB), ${r.paragraphs} paragraphs; medians of ${runs.length} runs:`)
console.log(`  read (pdf.js)       ${median(runs.map((x) => x.read)).toFixed(0)} ms`)
console.log(`  parse + pages       ${median(runs.map((x) => x.parse)).toFixed(0)} ms`)
console.log(`  index (new engine over shipped corpus + document) ${median(runs.map((x) => x.index)).toFixed(0)} ms`)
