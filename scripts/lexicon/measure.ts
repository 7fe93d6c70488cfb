// `npx tsx scripts/lexicon/measure.ts [--test] [--fresh] [--only NAME] [--bridge JSON]`: what the
// vocabulary bridge adds, on dev (test and the frozen fresh batch only with --test / --fresh, once,
// at the end). The hand-written lexicon was tuned on dev, so
// the bridge is also measured where the hand-written part is taken away (no thesaurus, no
// glossary): that stands in for the words of fresh questions the hand-written data lacks.
import { loadLexicon, type Lexicon } from '../../server/analysis/lexicon.ts'
import type { BridgeOptions } from '../../server/analysis/bridge.ts'
import { evaluate, metrics, type Outcome, type Question } from '../../eval/run.ts'

const full = loadLexicon()
const off: Partial<BridgeOptions> = { french: 'off', english: 'off' }
const variants: Array<[string, Lexicon, Partial<BridgeOptions>]> = [
  ['full lexicon, no bridge', full, off],
  ['full lexicon + bridge', full, {}],
  ['no thesaurus, no bridge', { ...full, thesaurus: [] }, off],
  ['no thesaurus + bridge', { ...full, thesaurus: [] }, {}],
  ['no glossary, no bridge', { ...full, glossary: [] }, off],
  ['no glossary + bridge', { ...full, glossary: [] }, {}],
]

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7)
function row(label: string, os: Outcome[]): string {
  const answerable = os.filter((o) => o.q.kind !== 'unanswerable')
  const all = metrics(answerable)
  const para = metrics(answerable.filter((o) => o.q.kind === 'paraphrase'))
  const en = metrics(answerable.filter((o) => o.q.language === 'en'))
  const caught = os.filter((o) => o.q.kind === 'unanswerable' && o.refused).length
  return `${label.padEnd(28)}${pct(all.r1)}${pct(all.r5)}${all.mrr.toFixed(3).padStart(7)}${pct(para.r5)}${pct(en.r5)}${String(all.refused).padStart(6)}${String(caught).padStart(7)}`
}

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined
const splits: Array<Question['split']> = [
  'dev',
  ...(process.argv.includes('--test') ? (['test'] as const) : []),
  ...(process.argv.includes('--fresh') ? (['fresh'] as const) : []),
]
const extra = process.argv.includes('--bridge')
  ? (JSON.parse(process.argv[process.argv.indexOf('--bridge') + 1]!) as Partial<BridgeOptions>)
  : {}
for (const split of splits) {
  console.log(`\n== ${split}: ${'variant'.padEnd(20)}    R@1    R@5    MRR  para5    en5 refus caught`)
  for (const [label, lexicon, bridge] of variants) {
    if (only && !label.includes(only)) continue
    // Only this split's questions are run: held-out ones stay unexecuted while tuning on dev.
    const { outcomes } = await evaluate({ splits: [split], engine: { lexicon, query: { bridge: { ...extra, ...bridge } } } })
    console.log(row(label, outcomes))
  }
}
