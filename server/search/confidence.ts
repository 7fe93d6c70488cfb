import type { ParsedQuery } from '../analysis/types.ts'
import type { AnswerStatus, Language } from '../protocol/types.ts'
import confidenceModel from '../../data/models/confidence.json' with { type: 'json' }
import { RANK_FEATURES, type RankedHit } from './rank.ts'
import { checkFeatures, parseModel, type LinearModel } from './model.ts'

/**
 * What the answer-status decision looks at, each scaled to about 0–1. No single one separates
 * the questions whose best passages answer from the others (an unanswerable question may use only
 * corpus words; an answerable paraphrase may share few words with its paragraph), so a small
 * logistic model (data/models/confidence.json, fitted on dev by `npm run eval:fit`) weighs them.
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
  /**
   * Share of the question's concepts (by rarity) the best paragraph's best sentence holds: words
   * scattered over a long paragraph (a participant list that names « Suisse ») rarely answer.
   */
  sentence: number
  /** How far the best score stands above the fifth's, relative to it: a flat top five means no passage stands out. */
  margin5: number
}

/** The features, in the order the model file lists them. */
export const CONFIDENCE_FEATURES = [
  'coverage',
  'matched',
  'missingKey',
  'offDomain',
  'margin',
  'sentence',
  'margin5',
] as const satisfies ReadonlyArray<keyof ConfidenceFeatures>

/** The committed confidence model, checked against CONFIDENCE_FEATURES. */
export const CONFIDENCE_MODEL: LinearModel = checkFeatures(parseModel(confidenceModel, 'data/models/confidence.json'), CONFIDENCE_FEATURES)

export interface ConfidenceOptions {
  /**
   * Logistic model P(a right passage is among the first five) = σ(bias + Σ weight × feature),
   * with `thresholds.answered` (from it up: answered) and `thresholds.uncertain` (from it up:
   * uncertain, below: no_match). Defaults to CONFIDENCE_MODEL (data/models/confidence.json).
   */
  model: LinearModel
}

export const DEFAULT_CONFIDENCE_OPTIONS: ConfidenceOptions = { model: CONFIDENCE_MODEL }

const SENTENCE = RANK_FEATURES.indexOf('sentence')

/** The features of a ranked question (its best hit against the runners-up). */
export function confidenceFeatures(query: ParsedQuery, hits: RankedHit[]): ConfidenceFeatures {
  const top = hits[0]
  const asked = query.concepts.filter((c) => !c.fromContext)
  if (!top || asked.length === 0) return { coverage: 0, matched: 0, missingKey: 1, offDomain: 1, margin: 0, sentence: 0, margin5: 0 }
  const lead = (other: RankedHit | undefined) =>
    other && top.score > 0 ? Math.min(1, Math.max(0, (top.score - other.score) / top.score)) : 1
  return {
    coverage: top.coverage,
    matched: Math.min(1, top.matched / 4),
    missingKey: top.missing.length > 0 ? 1 : 0,
    offDomain: asked.filter((c) => c.unknown).length / asked.length,
    margin: lead(hits[1]),
    sentence: top.features[SENTENCE] ?? 0,
    margin5: lead(hits[4]),
  }
}

/** Probability that a right passage is among the first five, by the logistic model. */
export function confidence(features: ConfidenceFeatures, options: Partial<ConfidenceOptions> = {}): number {
  const { model } = { ...DEFAULT_CONFIDENCE_OPTIONS, ...options }
  let z = model.bias ?? 0
  for (const name of CONFIDENCE_FEATURES) z += (model.weights[name] ?? 0) * features[name]
  return 1 / (1 + Math.exp(-z))
}

/** answered from thresholds.answered up, uncertain from thresholds.uncertain up, else no_match. */
export function statusOf(p: number, options: Partial<ConfidenceOptions> = {}): AnswerStatus {
  const { thresholds = {} } = options.model ?? DEFAULT_CONFIDENCE_OPTIONS.model
  if (p >= (thresholds.answered ?? 0.5)) return 'answered'
  return p >= (thresholds.uncertain ?? 0.5) ? 'uncertain' : 'no_match'
}

const REASONS: Record<'missing' | 'unknown' | 'partial' | 'scattered' | 'close', Record<Language, (word: string) => string>> = {
  missing: {
    fr: (w: string) => `Le passage trouvé ne mentionne pas « ${w} ».`,
    en: (w: string) => `The passage found does not mention “${w}”.`,
  },
  unknown: {
    fr: (w: string) => `Le corpus ne connaît pas « ${w} » : ces passages en sont peut-être éloignés.`,
    en: (w: string) => `The corpus does not know “${w}”: these passages may not be about it.`,
  },
  partial: {
    fr: () => 'Les passages trouvés ne reprennent qu’une partie de la question.',
    en: () => 'The passages found cover only part of the question.',
  },
  scattered: {
    fr: () => 'Les mots de la question sont dispersés dans le passage, sans phrase qui y réponde.',
    en: () => 'The question’s words are scattered over the passage, with no sentence that answers it.',
  },
  close: {
    fr: () => 'Plusieurs passages correspondent à peu près autant : vérifiez qu’ils répondent.',
    en: () => 'Several passages match about equally: check that they answer.',
  },
}

/** Feature values of a clearly answered question: a reason names the feature furthest below its. */
const CONFIDENT: Record<(typeof CONFIDENCE_FEATURES)[number], number> = {
  coverage: 1,
  matched: 1,
  missingKey: 0,
  offDomain: 0,
  margin: 0.5,
  sentence: 1,
  margin5: 0.5,
}

/** Which weakness each feature stands for, when it is the one that cost the most confidence. */
const REASON_OF: Record<(typeof CONFIDENCE_FEATURES)[number], keyof typeof REASONS> = {
  coverage: 'partial',
  matched: 'partial',
  missingKey: 'missing',
  offDomain: 'unknown',
  margin: 'close',
  sentence: 'scattered',
  margin5: 'close',
}

/**
 * The one-line reason shown with an `uncertain` answer, in the question's language: a name or
 * number of the question the best passage lacks when there is one (the most telling), else the
 * weakness that cost the most confidence under the model (weight × distance from a clearly
 * answered question): a word the corpus does not know, a partial match, the question's words
 * scattered with no sentence holding them (a participant list naming « Suisse » for « le salaire
 * minimum en Suisse »), or no passage standing out.
 */
export function uncertainReason(
  features: ConfidenceFeatures,
  query: ParsedQuery,
  top: RankedHit | undefined,
  options: Partial<ConfidenceOptions> = {},
): string {
  const { model } = { ...DEFAULT_CONFIDENCE_OPTIONS, ...options }
  const language = query.language
  if (top && top.missing.length > 0) return REASONS.missing[language](top.missing[0]!)
  const unknown = query.concepts.find((c) => c.unknown && !c.fromContext)
  let worst: (typeof CONFIDENCE_FEATURES)[number] = 'coverage'
  let cost = -Infinity
  for (const f of CONFIDENCE_FEATURES) {
    if (f === 'missingKey' || (f === 'offDomain' && !unknown)) continue
    const c = (model.weights[f] ?? 0) * (CONFIDENT[f] - features[f])
    if (c > cost) [worst, cost] = [f, c]
  }
  return REASONS[REASON_OF[worst]][language](worst === 'offDomain' ? unknown!.label : '')
}
