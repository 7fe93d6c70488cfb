// Fits the answer-status model (server/search/confidence.ts, data/models/confidence.json) on the
// dev questions: `npm run eval:fit-confidence [-- --corpus dir] [-- --l2 0.01] [-- --write]`
// prints the fit and its cross-validated trust figures; `npm run eval:fit` refits it after the
// re-ranker and writes it. The test split and the fresh batch are never read here.
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { loadCorpus } from '../server/corpus/load.ts'
import { createEngine, type Engine } from '../server/engine.ts'
import { CONFIDENCE_FEATURES } from '../server/search/confidence.ts'
import type { LinearModel } from '../server/search/model.ts'
import { evaluate, type Outcome } from './run.ts'
import { loadLexicon } from '../server/analysis/lexicon.ts'

export interface Example {
  x: number[]
  /** 1 when a right passage is among the first five, 0 when not (or the corpus does not answer). */
  y: 0 | 1
  /** The corpus answers the question (whether or not the engine found the passage). */
  answerable: boolean
}

export interface FitOptions {
  /** L2 penalty on the weights (not the bias): few examples, so keep weights modest. Defaults to 0.01 (0.003–0.03 within a question of it on dev). */
  l2: number
  /** Gradient steps. Defaults to 2000. */
  steps: number
  /** Step size. Defaults to 0.5. */
  rate: number
  /** Folds of the cross-validation that picks the thresholds. Defaults to 10. */
  folds: number
  /**
   * Most confident wrong answers allowed, as a share of all dev questions, when the answered
   * threshold is chosen (on cross-validated predictions). Defaults to 0.045: under the 5 % target
   * with a little room, since held-out questions are ranked worse than dev.
   */
  maxConfidentWrong: number
  /** Most answerable questions refused (no_match), as a share, when the no_match threshold is chosen. Defaults to 0.04. */
  maxRefused: number
}

export const DEFAULT_FIT_OPTIONS: FitOptions = { l2: 0.01, steps: 2000, rate: 0.5, folds: 10, maxConfidentWrong: 0.045, maxRefused: 0.04 }

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

/**
 * L2-regularised logistic regression by gradient descent, each class weighted to half the total
 * so that the few negatives count as much as the many positives. Returns [bias, ...weights].
 */
export function fitLogistic(examples: Array<Pick<Example, 'x' | 'y'>>, options: Partial<FitOptions> = {}): number[] {
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
      e.x.forEach((v, j) => {
        grad[j + 1]! += g * v
      })
    }
    for (let j = 0; j <= d; j++) w[j]! -= rate * (grad[j]! + (j > 0 ? l2 * w[j]! : 0))
  }
  return w
}

export const predict = (w: number[], x: number[]) => sigmoid(w[0]! + x.reduce((s, v, j) => s + v * w[j + 1]!, 0))

/** What thresholds give on predictions: confident right / wrong, refused, unanswerable caught. */
export function trustAt(examples: Example[], p: number[], answered: number, uncertain: number) {
  const pick = (f: (e: Example, p: number) => boolean) => examples.filter((e, i) => f(e, p[i]!)).length
  return {
    confidentRight: pick((e, q) => q >= answered && e.y === 1),
    confidentWrong: pick((e, q) => q >= answered && e.y === 0),
    refused: pick((e, q) => q < uncertain && e.answerable),
    caught: pick((e, q) => q < uncertain && !e.answerable),
  }
}

/**
 * Thresholds from cross-validated predictions: `answered` gives the most confident right answers
 * with confident wrong ones within maxConfidentWrong of all questions; `uncertain` is the highest
 * that refuses at most maxRefused of the answerable ones (so most unanswerable get no_match).
 */
export function chooseThresholds(
  examples: Example[],
  p: number[],
  options: Partial<FitOptions> = {},
): { answered: number; uncertain: number } {
  const { maxConfidentWrong, maxRefused } = { ...DEFAULT_FIT_OPTIONS, ...options }
  const grid = Array.from({ length: 99 }, (_, k) => (k + 1) / 100)
  const answerable = examples.filter((e) => e.answerable).length
  let answered = 0.99
  let bestRight = -1
  for (const t of grid) {
    const { confidentRight, confidentWrong } = trustAt(examples, p, t, 0)
    if (confidentWrong <= maxConfidentWrong * examples.length && confidentRight > bestRight) [answered, bestRight] = [t, confidentRight]
  }
  let uncertain = 0.01
  for (const t of grid) if (t <= answered && trustAt(examples, p, answered, t).refused <= maxRefused * answerable) uncertain = t
  return { answered, uncertain }
}

/** The dev examples: confidence features of each question under the engine, and its label. */
export function confidenceExamples(engine: Engine, dev: Outcome[]): Example[] {
  return dev.map((o) => {
    const { features, hits } = engine.explain({ question: o.q.question, context: o.q.context })
    const answerable = o.q.kind !== 'unanswerable'
    const rank = hits.slice(0, 5).findIndex((h) => o.relevant.has(h.entry.paragraph.id)) + 1
    return { x: CONFIDENCE_FEATURES.map((n) => features[n]), y: answerable && rank >= 1 ? 1 : 0, answerable }
  })
}

/** Fits the confidence model on dev examples, with thresholds and scores from k-fold cross-validation. */
export function fitConfidenceModel(examples: Example[], corpus: string, options: Partial<FitOptions> = {}): LinearModel {
  const o = { ...DEFAULT_FIT_OPTIONS, ...options }
  const cv = new Array<number>(examples.length)
  for (let k = 0; k < o.folds; k++) {
    const w = fitLogistic(
      examples.filter((_, i) => i % o.folds !== k),
      o,
    )
    examples.forEach((e, i) => {
      if (i % o.folds === k) cv[i] = predict(w, e.x)
    })
  }
  const thresholds = chooseThresholds(examples, cv, o)
  const scores = trustAt(examples, cv, thresholds.answered, thresholds.uncertain)
  const w = fitLogistic(examples, o)
  const round = (v: number) => Math.round(v * 1000) / 1000
  const answerable = examples.filter((e) => e.answerable).length
  return {
    name: 'confidence',
    description:
      'P(a right passage is among the first five) = σ(bias + Σ weight × feature) over server/search/confidence.ts CONFIDENCE_FEATURES; answered from thresholds.answered, uncertain from thresholds.uncertain, else no_match.',
    features: [...CONFIDENCE_FEATURES],
    weights: Object.fromEntries(CONFIDENCE_FEATURES.map((f, j) => [f, round(w[j + 1]!)])),
    bias: round(w[0]!),
    thresholds,
    fitted: new Date().toISOString(),
    command: 'npm run eval:fit',
    trainingSet: { corpus, split: 'dev', questions: examples.length, answerable, positives: examples.filter((e) => e.y === 1).length },
    crossValidated: { folds: o.folds, questions: examples.length, answerable, ...scores },
    settings: { l2: o.l2, steps: o.steps, rate: o.rate, maxConfidentWrong: o.maxConfidentWrong, maxRefused: o.maxRefused },
  }
}

export function writeModel(model: LinearModel, file: string) {
  writeFileSync(file, `${JSON.stringify(model, null, 2)}\n`)
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main() {
  const corpusDir = arg('--corpus') ?? 'corpus'
  const engine = createEngine(await loadCorpus(corpusDir), { lexicon: loadLexicon() })
  const { outcomes } = await evaluate({ corpus: corpusDir, splits: ['dev'] })
  const examples = confidenceExamples(
    engine,
    outcomes.filter((o) => o.q.split === 'dev'),
  )
  const l2 = arg('--l2') === undefined ? {} : { l2: Number(arg('--l2')) }
  const model = fitConfidenceModel(examples, corpusDir, l2)
  console.log(JSON.stringify(model, null, 2))
  if (process.argv.includes('--write')) writeModel(model, 'data/models/confidence.json')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
