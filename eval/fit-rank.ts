// Fits the re-ranker (server/search/rank.ts, RANK_FEATURES) on the dev questions:
// `npm run eval:fit-rank [-- --corpus dir] [-- --l2 0.1] [-- --drop feature,feature]` prints the
// diagnostics below; `npm run eval:fit` (eval/fit-all.ts) refits it and then the confidence model,
// and writes both to data/models/.
// A linear scorer with a listwise softmax loss over each answerable dev question's re-ranked
// candidates (see fitRanker). Prints how often the relevant paragraph is a candidate at all, the
// model in use on dev, the cross-validated R@1, R@5 and MRR@10 (folds by question, so a question
// never helps rank itself) for a range of penalties. Nothing from the test split or the fresh
// batch is used.
import { pathToFileURL } from 'node:url'
import { loadCorpus } from '../server/corpus/load.ts'
import { createEngine, type Engine } from '../server/engine.ts'
import { RANK_FEATURES } from '../server/search/rank.ts'
import { RANK_MODEL } from '../server/search/rank-model.ts'
import type { LinearModel } from '../server/search/model.ts'
import { evaluate, type Outcome } from './run.ts'
import { loadLexicon } from '../server/analysis/lexicon.ts'

/** One question's candidates: their features and whether each answers. */
export interface RankingGroup {
  id: string
  candidates: Array<{ x: number[]; relevant: boolean }>
}

export interface RankFitOptions {
  /**
   * L2 penalty on the standardised weights. Defaults to 0.1: strong, since the features are
   * correlated (coverage and concept BM25 move together) and dev has 140 questions.
   */
  l2: number
  /** Folds of the cross-validation, by question. Defaults to 10 (5 moved R@1 by a question or two between settings). */
  folds: number
  /** Gradient steps. Defaults to 1500 (the fit has converged to three decimals by then). */
  steps: number
  /** Step size. Defaults to 0.5. */
  rate: number
}

export const DEFAULT_RANK_FIT_OPTIONS: RankFitOptions = { l2: 0.1, folds: 10, steps: 1500, rate: 0.5 }

/** Standard deviation of each feature over every candidate, so one L2 penalty suits them all. */
function scales(groups: RankingGroup[], d: number): number[] {
  const all = groups.flatMap((g) => g.candidates.map((c) => c.x))
  return Array.from({ length: d }, (_, j) => {
    const mean = all.reduce((s, x) => s + x[j]!, 0) / Math.max(1, all.length)
    const variance = all.reduce((s, x) => s + (x[j]! - mean) ** 2, 0) / Math.max(1, all.length)
    return Math.sqrt(variance) || 1
  })
}

/**
 * Weights (raw feature units, no bias: only the order matters) of a linear scorer fitted by a
 * listwise softmax loss (ListNet, top one): for each question, −log of the softmax probability
 * of its relevant candidates among all its candidates. Every question weighs the same, and the
 * loss is dominated by the candidates scoring near the top, which is where R@1 is decided.
 */
export function fitRanker(groups: RankingGroup[], options: Partial<RankFitOptions> = {}): number[] {
  const { l2, steps, rate } = { ...DEFAULT_RANK_FIT_OPTIONS, ...options }
  const usable = groups.filter((g) => g.candidates.some((c) => c.relevant) && g.candidates.some((c) => !c.relevant))
  const d = usable[0]?.candidates[0]?.x.length ?? groups.find((g) => g.candidates.length > 0)?.candidates[0]?.x.length ?? 0
  const scale = scales(usable, d)
  const xs = usable.map((g) => g.candidates.map((c) => c.x.map((v, j) => v / scale[j]!)))
  const w = new Array<number>(d).fill(0)
  for (let step = 0; step < steps; step++) {
    const grad = w.map((v) => l2 * v)
    usable.forEach((g, i) => {
      const scores = xs[i]!.map((x) => x.reduce((s, v, j) => s + v * w[j]!, 0))
      const top = Math.max(...scores)
      const e = scores.map((s) => Math.exp(s - top))
      const all = e.reduce((a, b) => a + b, 0)
      const rel = e.reduce((a, v, k) => a + (g.candidates[k]!.relevant ? v : 0), 0)
      // d(−log(rel/all))/ds_k = p_k − (relevant ? e_k / rel : 0)
      xs[i]!.forEach((x, k) => {
        const coef = (e[k]! / all - (g.candidates[k]!.relevant ? e[k]! / rel : 0)) / usable.length
        x.forEach((v, j) => {
          grad[j]! += coef * v
        })
      })
    })
    for (let j = 0; j < d; j++) w[j]! -= rate * grad[j]!
  }
  return w.map((v, j) => v / scale[j]!)
}

/** 1-based rank of the first relevant candidate under the weights, 0 when none is a candidate. */
export function rankOfRelevant(group: RankingGroup, weights: readonly number[]): number {
  const scored = group.candidates.map((c) => ({ relevant: c.relevant, score: c.x.reduce((s, v, j) => s + v * (weights[j] ?? 0), 0) }))
  const relevant = scored.filter((c) => c.relevant)
  if (relevant.length === 0) return 0
  const best = Math.max(...relevant.map((c) => c.score))
  // Ties count against the model: a relevant paragraph must stand strictly above the others.
  return scored.filter((c) => !c.relevant && c.score >= best).length + 1
}

/** R@1 and MRR@10 of weights over groups. */
export function rankingMetrics(
  groups: RankingGroup[],
  weightsOf: (g: RankingGroup, i: number) => readonly number[],
): { r1: number; r5: number; mrr: number } {
  const ranks = groups.map((g, i) => rankOfRelevant(g, weightsOf(g, i)))
  const n = Math.max(1, groups.length)
  return {
    r1: ranks.filter((r) => r === 1).length / n,
    r5: ranks.filter((r) => r >= 1 && r <= 5).length / n,
    mrr: ranks.reduce((s, r) => s + (r >= 1 && r <= 10 ? 1 / r : 0), 0) / n,
  }
}

/** k-fold cross-validation by question: each question ranked by weights fitted without its fold. */
export function crossValidate(groups: RankingGroup[], options: Partial<RankFitOptions> = {}): { r1: number; r5: number; mrr: number } {
  const { folds } = { ...DEFAULT_RANK_FIT_OPTIONS, ...options }
  const models = Array.from({ length: folds }, (_, k) =>
    fitRanker(
      groups.filter((_, i) => i % folds !== k),
      options,
    ),
  )
  return rankingMetrics(groups, (_, i) => models[i % folds]!)
}

/** Each answerable dev question's re-ranked candidates, with the features kept (all by default). */
export function rankingGroups(
  engine: Engine,
  dev: Outcome[],
  kept: ReadonlyArray<readonly [string, number]> = RANK_FEATURES.map((f, j) => [f, j] as const),
): RankingGroup[] {
  return dev
    .filter((o) => o.q.kind !== 'unanswerable')
    .map((o) => ({
      id: o.q.id,
      candidates: engine.explain({ question: o.q.question, context: o.q.context }).hits.map((h) => ({
        x: kept.map(([, j]) => h.features[j]!),
        relevant: o.relevant.has(h.entry.paragraph.id),
      })),
    }))
}

/** The re-ranker fitted on every group, with its cross-validated scores and provenance. */
export function fitRankModel(groups: RankingGroup[], corpus: string, options: Partial<RankFitOptions> = {}): LinearModel {
  const o = { ...DEFAULT_RANK_FIT_OPTIONS, ...options }
  const cv = crossValidate(groups, o)
  const weights = fitRanker(groups, o)
  const round = (v: number) => Math.round(v * 1000) / 1000
  return {
    name: 'rank',
    description:
      "Re-ranker: a candidate paragraph's score is Σ weight × feature over server/search/rank.ts RANK_FEATURES (listwise softmax fit); only the order matters.",
    features: [...RANK_FEATURES],
    weights: Object.fromEntries(RANK_FEATURES.map((f, j) => [f, round(weights[j]!)])),
    fitted: new Date().toISOString(),
    command: 'npm run eval:fit',
    trainingSet: {
      corpus,
      split: 'dev',
      questions: groups.length,
      usable: groups.filter((g) => g.candidates.some((c) => c.relevant)).length,
    },
    crossValidated: { folds: o.folds, r1: round(cv.r1), r5: round(cv.r5), mrr: round(cv.mrr) },
    settings: { l2: o.l2, steps: o.steps, rate: o.rate },
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`

async function main() {
  const corpusDir = arg('--corpus') ?? 'corpus'
  const corpus = await loadCorpus(corpusDir)
  const lexicon = loadLexicon()
  const engine = createEngine(corpus, { lexicon })
  const wide = createEngine(corpus, { lexicon, rank: { candidates: 1000 } })
  const { outcomes } = await evaluate({ corpus: corpusDir, splits: ['dev'] })
  const dev = outcomes.filter((o) => o.q.split === 'dev' && o.q.kind !== 'unanswerable')
  const dropped = new Set((arg('--drop') ?? '').split(',').filter(Boolean))
  const kept = RANK_FEATURES.map((f, j) => [f, j] as const).filter(([f]) => !dropped.has(f))
  const groups = rankingGroups(engine, dev, kept)

  // Candidate recall bounds R@5: a paragraph BM25 does not select can never be ranked.
  const depth = dev.map((o) => {
    const hits = wide.explain({ question: o.q.question, context: o.q.context }).hits
    const bm25Order = [...hits].sort((a, b) => b.bm25 - a.bm25)
    return bm25Order.findIndex((h) => o.relevant.has(h.entry.paragraph.id)) + 1
  })
  const within = (k: number) => depth.filter((r) => r >= 1 && r <= k).length
  console.log(`dev: ${dev.length} answerable questions; relevant paragraph among the BM25 candidates:`)
  for (const k of [10, 30, 60, 100]) console.log(`  top ${k}: ${within(k)}/${dev.length}`)
  console.log(
    `  never selected: ${depth.filter((r) => r === 0).length} (${dev
      .filter((_, i) => depth[i] === 0)
      .map((o) => o.q.id)
      .join(', ')})`,
  )

  const current = kept.map(([f]) => RANK_MODEL[f] ?? 0)
  const inUse = rankingMetrics(groups, () => current)
  console.log(
    `model in use, on dev (fitted on it, so optimistic): R@1 ${pct(inUse.r1)}, R@5 ${pct(inUse.r5)}, MRR@10 ${inUse.mrr.toFixed(3)}`,
  )
  const l2 = arg('--l2') === undefined ? undefined : Number(arg('--l2'))
  for (const penalty of l2 === undefined ? [0.003, 0.01, 0.03, 0.1, 0.3] : [l2]) {
    const cv = crossValidate(groups, { l2: penalty })
    console.log(
      `${DEFAULT_RANK_FIT_OPTIONS.folds}-fold CV, l2 ${penalty}: R@1 ${pct(cv.r1)}, R@5 ${pct(cv.r5)}, MRR@10 ${cv.mrr.toFixed(3)}`,
    )
  }
  const weights = fitRanker(groups, l2 === undefined ? {} : { l2 })
  console.log('fitted on all of dev:', JSON.stringify(Object.fromEntries(kept.map(([f], j) => [f, Math.round(weights[j]! * 1000) / 1000]))))
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
