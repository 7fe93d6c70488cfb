import type { ParsedQuery } from '../analysis/types.ts'
import type { RankedHit } from './rank.ts'

/**
 * What the answered / no_match decision looks at, each scaled to about 0–1. No single one
 * separates the questions the corpus answers from the others (an unanswerable question may use
 * only corpus words; an answerable paraphrase may share few words with its paragraph), so a
 * small logistic model weighs them.
 */
export interface ConfidenceFeatures {
  /** Share of the question's concepts, by rarity, the best paragraph holds (RankedHit.coverage). */
  coverage: number
  /** Concepts of the question the best paragraph holds, over 4 and capped at 1: an absolute count, since long questions cover a small share. */
  matched: number
  /** 1 when the best paragraph lacks a name or number of the question (« 2022 », « Allemagne »), else 0. */
  missingKey: number
  /** Share of the question's concepts that no corpus word matches, even after spelling correction: off-domain vocabulary. */
  offDomain: number
  /** How far the best paragraph's score stands above the second's, relative to it, capped at 1. */
  margin: number
}

export const FEATURE_NAMES = ['coverage', 'matched', 'missingKey', 'offDomain', 'margin'] as const satisfies ReadonlyArray<keyof ConfidenceFeatures>

export const DEFAULT_CONFIDENCE_OPTIONS = {
  /**
   * Logistic model: P(answerable) = σ(bias + Σ weight × feature). Defaults to the fit printed by
   * `npm run eval:fit-confidence` (eval/fit.ts) on the dev questions, refitted after the learned re-ranker (see eval/README.md), rounded.
   */
  model: { bias: -2.17, coverage: 2.33, matched: 2.02, missingKey: -2.35, offDomain: -0.69, margin: 0.62 } as Record<
    'bias' | (typeof FEATURE_NAMES)[number],
    number
  >,
  /**
   * The question counts as answered from this probability up. Defaults to 0.5, the threshold the
   * fit chose on dev (refusing an answerable question is a full miss, so it is not raised to
   * catch every unanswerable one of dev).
   */
  threshold: 0.5,
}

export type ConfidenceOptions = Partial<typeof DEFAULT_CONFIDENCE_OPTIONS>

/** The features of a ranked question (its best hit against the runner-up). */
export function confidenceFeatures(query: ParsedQuery, hits: RankedHit[]): ConfidenceFeatures {
  const top = hits[0]
  const asked = query.concepts.filter((c) => !c.fromContext)
  if (!top || asked.length === 0) return { coverage: 0, matched: 0, missingKey: 1, offDomain: 1, margin: 0 }
  const second = hits[1]
  const margin = second && top.score > 0 ? Math.min(1, Math.max(0, (top.score - second.score) / top.score)) : 1
  return {
    coverage: top.coverage,
    matched: Math.min(1, top.matched / 4),
    missingKey: top.missing.length > 0 ? 1 : 0,
    offDomain: asked.filter((c) => c.unknown).length / asked.length,
    margin,
  }
}

/** Probability that the best paragraph answers the question, by the logistic model. */
export function confidence(features: ConfidenceFeatures, options: ConfidenceOptions = {}): number {
  const { model } = { ...DEFAULT_CONFIDENCE_OPTIONS, ...options }
  let z = model.bias
  for (const name of FEATURE_NAMES) z += model[name] * features[name]
  return 1 / (1 + Math.exp(-z))
}
