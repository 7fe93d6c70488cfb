// Parsing report: `npm run corpus` prints per-document counts and anomalies; `npm run corpus --
// --json` dumps every paragraph. CORPUS_DIR picks another folder, as for the server.
import { loadCorpus } from '../server/corpus/load.ts'
import type { Corpus } from '../server/corpus/types.ts'

function corpusReport(corpus: Corpus, ms: number): string {
  const rows = corpus.documents.map((d) => {
    const body = d.paragraphs.filter((p) => p.kind !== 'heading' && p.kind !== 'caption')
    return {
      id: d.id,
      year: d.year,
      paragraphs: body.length,
      numbered: body.filter((p) => p.number !== null).length,
      headings: d.paragraphs.filter((p) => p.kind === 'heading').length,
      captions: d.paragraphs.filter((p) => p.kind === 'caption').length,
      notes: d.paragraphs.reduce((n, p) => n + p.notes.length, 0),
      anomalies: d.anomalies.length,
    }
  })
  const lines = [`${corpus.documents.length} documents parsed in ${Math.round(ms)} ms`]
  const cols = ['id', 'year', 'paragraphs', 'numbered', 'headings', 'captions', 'notes', 'anomalies'] as const
  const width = (c: (typeof cols)[number]) => Math.max(c.length, ...rows.map((r) => String(r[c]).length))
  lines.push(cols.map((c) => c.padEnd(width(c))).join('  '))
  for (const r of rows) lines.push(cols.map((c) => String(r[c]).padEnd(width(c))).join('  '))
  for (const d of corpus.documents) for (const a of d.anomalies) lines.push(`anomaly ${d.id}: ${a}`)
  for (const s of corpus.skipped) lines.push(`skipped ${s.file}: ${s.reason}`)
  return lines.join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = performance.now()
  const corpus = await loadCorpus(process.env.CORPUS_DIR || 'corpus')
  const ms = performance.now() - t0
  if (process.argv.includes('--json')) {
    console.log(
      JSON.stringify(
        corpus.documents.flatMap((d) => d.paragraphs),
        null,
        2,
      ),
    )
  } else console.log(corpusReport(corpus, ms))
}
