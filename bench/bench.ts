// Index build time, per-question latency and memory, in process: `npm run bench`.
// Figures go to README ("Measured figures"); targets: build < 1 s, p50 < 1 ms, p99 < 5 ms.
import { readFileSync } from 'node:fs'
import { loadCorpus } from '../server/corpus/load.ts'
import { createEngine } from '../server/engine.ts'
import { loadLexicon } from '../server/analysis/lexicon.ts'

const ROUNDS = 5
const BUILDS = 5

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

const questions = (JSON.parse(readFileSync('eval/questions.json', 'utf8')) as Array<{ question: string; context?: Array<{ question: string }> }>)
const before = process.memoryUsage()

// Build from the raw texts, several times: the first pays for module loading and JIT warm-up.
const builds: Array<{ load: number; engine: number }> = []
let engine = createEngine(await loadCorpus('corpus'))
for (let i = 0; i < BUILDS; i++) {
  const t0 = performance.now()
  const corpus = await loadCorpus('corpus')
  const t1 = performance.now()
  engine = createEngine(corpus, { lexicon: loadLexicon() })
  builds.push({ load: t1 - t0, engine: performance.now() - t1 })
}
const paragraphs = engine.corpus.documents.reduce((n, d) => n + d.paragraphs.length, 0)

for (const q of questions) engine.ask(q) // warm-up
const times: number[] = []
for (let r = 0; r < ROUNDS; r++)
  for (const q of questions) {
    const t0 = performance.now()
    engine.ask(q)
    times.push(performance.now() - t0)
  }
times.sort((a, b) => a - b)
global.gc?.()
const after = process.memoryUsage()

const ms = (x: number) => `${x.toFixed(3)} ms`
const best = builds.reduce((a, b) => (a.load + a.engine <= b.load + b.engine ? a : b))
const median = [...builds].sort((a, b) => a.load + a.engine - (b.load + b.engine))[builds.length >> 1]!
console.log(`corpus: ${engine.corpus.documents.length} documents, ${paragraphs} paragraphs; ${questions.length} questions × ${ROUNDS} rounds`)
console.log(`index build from raw texts (parse + index + lexicon), median of ${BUILDS}: ${ms(median.load + median.engine)} (parse ${ms(median.load)}, index ${ms(median.engine)}); best ${ms(best.load + best.engine)}`)
console.log(`per question (ask, composition included): p50 ${ms(percentile(times, 50))}, p90 ${ms(percentile(times, 90))}, p99 ${ms(percentile(times, 99))}, max ${ms(times[times.length - 1]!)}`)
console.log(`memory: heap used ${mb(after.heapUsed)} (+${mb(after.heapUsed - before.heapUsed)} over start), rss ${mb(after.rss)}`)
