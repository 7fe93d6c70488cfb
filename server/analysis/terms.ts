/**
 * A parsed question flattened to analyzer terms: what ranking boosts and what the answer composer
 * matches (best sentence, highlights). Built in one place so that both see the same weights.
 */
import type { ParsedQuery } from './types.ts'

export interface WeightedTerms {
  terms: Set<string>
  /** Each term's best weight over the alternatives that use it, a carried-over concept's scaled by contextWeight. */
  weights: Map<string, number>
  /** The index in `query.concepts` of the first concept each term stands for: synonyms share one. */
  concepts: Map<string, number>
}

/**
 * `contextWeight` is how much a concept carried over from an earlier question counts (the
 * ranker's option of that name, so there is one setting for both).
 */
export function queryTermsOf(query: Pick<ParsedQuery, 'concepts'>, contextWeight: number): WeightedTerms {
  const weights = new Map<string, number>()
  const concepts = new Map<string, number>()
  query.concepts.forEach((c, i) => {
    for (const a of c.alternatives)
      for (const t of a.terms) {
        const w = a.weight * (c.fromContext ? contextWeight : 1)
        weights.set(t, Math.max(weights.get(t) ?? 0, w))
        if (!concepts.has(t)) concepts.set(t, i)
      }
  })
  return { terms: new Set(weights.keys()), weights, concepts }
}
