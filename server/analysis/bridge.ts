import type { Bridge } from './lexicon.ts'
import type { Alternative } from './types.ts'

export interface BridgeOptions {
  /** Weight of a bridge rendering against the user's own word. Defaults to 0.5. */
  weight: number
  /** Sources that must agree on an English word's rendering. Defaults to 1. */
  minVotes: number
  /**
   * Kinds of evidence that must agree on a French word's synonym: mythes-fr lumps senses, and one
   * kind alone lets « gagné » (a football final) through as « arrivant ». Defaults to 2.
   */
  frenchMinVotes: number
  /** Renderings used per word, best first. Defaults to 3. */
  maxRenderings: number
  /**
   * French words bridged: 'unknown' (words the corpus never writes: the user's own vocabulary) or
   * 'off'. Defaults to 'unknown'. (Bridging corpus words too was measured and dropped: docs/retrieval.md.)
   */
  french: 'unknown' | 'off'
  /** English words bridged: 'unknown' (no glossary key, cognate or corpus word) or 'off'. Defaults to 'unknown'. */
  english: 'unknown' | 'off'
}

export const DEFAULT_BRIDGE_OPTIONS: BridgeOptions = {
  weight: 0.5,
  minVotes: 1,
  frenchMinVotes: 2,
  maxRenderings: 3,
  french: 'unknown',
  english: 'unknown',
}

export interface BridgeLookup {
  /** Corpus renderings of a French word, by its analysed term. */
  french(term: string): Alternative[]
  /** Corpus renderings of an English word, by its glossary key. */
  english(key: string): Alternative[]
  /** Whether the bridge knows the English key (evidence for language detection). */
  knowsEnglish(key: string): boolean
}

/**
 * The vocabulary bridge as alternatives: lower weight than the hand-written lexicon, never shown
 * to users (`displayable: false`), marked `via: 'bridge'` so that the re-ranker can weigh them.
 */
export function createBridgeLookup(
  bridge: Bridge | undefined,
  analyse: (text: string) => string[],
  termOf: (word: string) => string,
  options: Partial<BridgeOptions> = {},
): BridgeLookup {
  const o = { ...DEFAULT_BRIDGE_OPTIONS, ...options }
  const alternatives = (list: Array<[string, number]> | undefined, minVotes: number): Alternative[] =>
    (list ?? [])
      .filter(([, votes]) => votes >= minVotes)
      .slice(0, o.maxRenderings)
      .map(([display]) => ({ terms: analyse(display), display, weight: o.weight, displayable: false, via: 'bridge' as const }))
      .filter((a) => a.terms.length > 0)
  // French headwords are lemmas (« riche »): indexed by their analysed term, a question's
  // « riches » finds them. Built lazily: most questions never need the table.
  let byTerm: Map<string, Array<[string, number]>> | undefined
  const frenchTable = () => {
    if (byTerm) return byTerm
    byTerm = new Map()
    for (const [word, list] of Object.entries(bridge?.fr ?? {})) {
      if (word.includes(' ')) continue
      const t = termOf(word)
      if (!byTerm.has(t)) byTerm.set(t, list)
    }
    return byTerm
  }
  return {
    french: (term) => (o.french === 'off' || !bridge ? [] : alternatives(frenchTable().get(term), o.frenchMinVotes)),
    english: (key) => (o.english === 'off' || !bridge || !Object.hasOwn(bridge.en, key) ? [] : alternatives(bridge.en[key], o.minVotes)),
    knowsEnglish: (key) => o.english !== 'off' && bridge !== undefined && Object.hasOwn(bridge.en, key),
  }
}
