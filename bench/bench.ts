// Index build time, per-question latency and memory, in process: `npm run bench`.
// Figures go to README ("Measured figures"); targets: build < 1 s, p50 < 1 ms, p99 < 5 ms.
// Both wall-clock and CPU time are reported: on a shared machine the wall clock includes the
// time spent waiting for a core, which the CPU time (process.cpuUsage) does not.
import { readFileSync } from 'node:fs'
import os from 'node:os'
import v8 from 'node:v8'
import vm from 'node:vm'
import { loadCorpus } from '../server/corpus/load.ts'
import { createEngine } from '../server/engine.ts'
import { EMPTY_LEXICON, loadLexicon } from '../server/analysis/lexicon.ts'

const ROUNDS = 5
const BUILDS = 5

interface Timing {
  wall: number
  cpu: number
}

function timed<T>(f: () => T): [T, Timing] {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const result = f()
  const c = process.cpuUsage(c0)
  return [result, { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 }]
}

async function timedAsync<T>(f: () => Promise<T>): Promise<[T, Timing]> {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const result = await f()
  const c = process.cpuUsage(c0)
  return [result, { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 }]
}

const ms = (x: number) => `${x.toFixed(3)} ms`
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
const both = (t: Timing) => `${ms(t.wall)} wall, ${ms(t.cpu)} CPU`

const questions = JSON.parse(readFileSync('eval/questions.json', 'utf8')) as Array<{
  question: string
  language: 'fr' | 'en'
  context?: Array<{ question: string }>
}>
// A full collection before each heap reading, so that the figure is what the engine retains.
v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

// The first build runs in a cold process (JIT warm-up, empty stem cache): what a server start costs.
const builds: Array<{ parse: Timing; index: Timing }> = []
let engine = createEngine({ documents: [], skipped: [] }, { lexicon: EMPTY_LEXICON })
for (let i = 0; i < BUILDS; i++) {
  const [corpus, parse] = await timedAsync(() => loadCorpus('corpus'))
  const [built, index] = timed(() => createEngine(corpus, { lexicon: loadLexicon() }))
  engine = built
  builds.push({ parse, index })
}
const total = (b: { parse: Timing; index: Timing }): Timing => ({ wall: b.parse.wall + b.index.wall, cpu: b.parse.cpu + b.index.cpu })
const cold = builds[0]!
const warm = builds.slice(1).sort((a, b) => total(a).cpu - total(b).cpu)[(BUILDS - 1) >> 1]!

for (const q of questions) engine.ask(q) // warm-up
const wall: number[] = []
const cpu: number[] = []
// English questions also pay for compromise's tagger: reported apart.
const cpuByLanguage = { fr: [] as number[], en: [] as number[] }
for (let r = 0; r < ROUNDS; r++)
  for (const q of questions) {
    const [, t] = timed(() => engine.ask(q))
    wall.push(t.wall)
    cpu.push(t.cpu)
    cpuByLanguage[q.language].push(t.cpu)
  }
gc()
const heapBefore = process.memoryUsage().heapUsed
const retained = createEngine(await loadCorpus('corpus'), { lexicon: loadLexicon() })
gc()
const after = process.memoryUsage()
const engineHeap = after.heapUsed - heapBefore
const paragraphs = engine.corpus.documents.reduce((n, d) => n + d.paragraphs.length, 0)

console.log(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (1, 5, 15 min)`,
)
console.log(
  `corpus: ${engine.corpus.documents.length} documents, ${paragraphs} paragraphs; ${questions.length} questions × ${ROUNDS} rounds`,
)
console.log(
  `index build from the raw texts, cold: ${both(total(cold))} (parse ${both(cold.parse)}; analysis, index, lexicon ${both(cold.index)})`,
)
console.log(`index build from the raw texts, warm (median of ${BUILDS - 1}): ${both(total(warm))}`)
console.log(
  `per question (ask, composition included), wall: p50 ${ms(percentile(wall, 50))}, p90 ${ms(percentile(wall, 90))}, p99 ${ms(percentile(wall, 99))}`,
)
console.log(
  `per question (ask, composition included), CPU:  p50 ${ms(percentile(cpu, 50))}, p90 ${ms(percentile(cpu, 90))}, p99 ${ms(percentile(cpu, 99))}`,
)
for (const language of ['fr', 'en'] as const) {
  const times = cpuByLanguage[language]
  console.log(`  ${language} questions (${times.length / ROUNDS}), CPU: p50 ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}`)
}
console.log(
  `memory: one corpus + engine retains ${mb(engineHeap)} of heap (${retained.corpus.documents.length} documents); process heap ${mb(after.heapUsed)}, rss ${mb(after.rss)}`,
)
