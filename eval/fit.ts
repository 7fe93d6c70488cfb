// Fits the answered / no_match model (server/search/confidence.ts) on the dev questions:
// `npm run eval:fit-confidence`. Prints the weights to put in DEFAULT_CONFIDENCE_OPTIONS.model and, from
// leave-one-out predictions (each question scored by a model fitted without it), how many
// unanswerable questions each threshold catches and how many answerable ones it refuses.
// The test split is never read here.
import { pathToFileURL } from 'node:url'
import { loadCorpus } from '../server/corpus/load.ts'
import { createEngine } from '../server/engine.ts'
import { loadLexicon } from '../server/analysis/lexicon.ts'
import { FEATURE_NAMES, type ConfidenceFeatures } from '../server/search/confidence.ts'
import { evaluate } from './run.ts'

export interface Example {
  x: number[]
  /** 1 when the corpus answers the question, 0 when it does not. */
  y: 0 | 1
}

export const DEFAULT_FIT_OPTIONS = {
  /**
   * L2 penalty on the weights (not the bias): few examples, so keep weights modest. Defaults to
   * 0.01 (leave-one-out on dev: 0.05 catches 16/21 at 0.5, 0.01 18/21, 0.002 18/21 with more refusals).
   */
  l2: 0.01,
  /** Gradient steps. Defaults to 4000. */
  steps: 4000,
  /** Step size. Defaults to 0.5. */
  rate: 0.5,
}

export type FitOptions = Partial<typeof DEFAULT_FIT_OPTIONS>

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

/**
 * L2-regularised logistic regression by gradient descent, each class weighted to half the total
 * so that the 21 unanswerable questions of dev count as much as the 140 answerable ones.
 * Returns [bias, ...weights].
 */
export function fitLogistic(examples: Example[], options: FitOptions = {}): number[] {
  const { l2, steps, rate } = { ...DEFAULT_FIT_OPTIONS, ...options }
  const d = examples[0]?.x.length ?? 0
  const positives = examples.filter((e) => e.y === 1).length
  const classWeight = [0.5 / Math.max(1, examples.length - positives), 0.5 / Math.max(1, positives)]
  const w = new Array<number>(d + 1).fill(0)
  for (let step = 0; step < steps; step++) {
    const grad = new Array<number>(d + 1).fill(0)
    for (const e of examples) {
      const p = sigmoid(w[0]! + e.x.reduce((s, v, j) => s + v * w[j + 1]!, 0))
      const g = (p - e.y) * classWeight[e.y]!
      grad[0]! += g
      e.x.forEach((v, j) => (grad[j + 1]! += g * v))
    }
    for (let j = 0; j <= d; j++) w[j]! -= rate * (grad[j]! + (j > 0 ? l2 * w[j]! : 0))
  }
  return w
}

export const predict = (w: number[], x: number[]) => sigmoid(w[0]! + x.reduce((s, v, j) => s + v * w[j + 1]!, 0))

async function main() {
  const engine = createEngine(await loadCorpus('corpus'), { lexicon: loadLexicon() })
  const { outcomes } = await evaluate()
  const dev = outcomes.filter((o) => o.q.split === 'dev')
  const examples: Example[] = dev.map((o) => {
    const { features } = engine.explain({ question: o.q.question, context: o.q.context })
    return { x: FEATURE_NAMES.map((n) => (features as ConfidenceFeatures)[n]), y: o.q.kind === 'unanswerable' ? 0 : 1 }
  })
  const l2 = process.argv.includes('--l2') ? Number(process.argv[process.argv.indexOf('--l2') + 1]) : undefined
  const fit = (es: Example[]) => fitLogistic(es, l2 === undefined ? {} : { l2 })
  const w = fit(examples)
  console.log(`model fitted on ${examples.length} dev questions (${examples.filter((e) => e.y === 0).length} unanswerable):`)
  console.log(`  { bias: ${w[0]!.toFixed(2)}, ${FEATURE_NAMES.map((n, j) => `${n}: ${w[j + 1]!.toFixed(2)}`).join(', ')} }`)
  const loo = examples.map((e, i) => predict(fit(examples.filter((_, j) => j !== i)), e.x))
  console.log('leave-one-out, by threshold: unanswerable caught, answerable refused')
  for (const t of [0.3, 0.4, 0.5, 0.6, 0.7]) {
    const caught = examples.filter((e, i) => e.y === 0 && loo[i]! < t).length
    const refused = examples.filter((e, i) => e.y === 1 && loo[i]! < t).length
    console.log(`  ${t.toFixed(2)}: ${caught}/${examples.filter((e) => e.y === 0).length} caught, ${refused}/${examples.filter((e) => e.y === 1).length} refused`)
  }
  for (const [i, e] of examples.entries())
    if ((e.y === 0) !== (loo[i]! < 0.5)) console.log(`  LOO error at 0.5: ${dev[i]!.q.id} p=${loo[i]!.toFixed(2)} ${dev[i]!.q.question}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
