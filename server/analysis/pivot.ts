import type { GlossaryEntry } from './lexicon.ts'
import type { Alternative } from './types.ts'

export interface PivotOptions {
  /**
   * Weight of a pivot synonym against the user's own word: below the thesaurus's 0.6, since a
   * shared English key is a looser link than a hand-made group (0.3–0.45 rank dev the same; 0.5
   * answers one more unanswerable question). Defaults to 0.4.
   */
  weight: number
  /**
   * A glossary key with more French renderings than this is too general to link them: the 17
   * keys with four mix senses (`national`: « nationaux », « ressortissants »; `send`:
   * « envois », « transférer »). On dev, 3 and 4 rank the same, 2 loses the gain. Defaults to 3.
   */
  maxRenderings: number
  /**
   * Share of the indexed paragraphs a term may occur in and still be expanded or be an expansion,
   * so that the threshold follows the corpus as documents are added. The 13 stems in more than
   * 150 of the 541 paragraphs (« migration », « développement », « pays », « renforcer ») find
   * their paragraphs alone, and expanding them, or into them, drowns the question's other words.
   * Below 60 paragraphs (0.11), « locale » (60) loses « villes », « villages »; 150 and 200 rank dev
   * the same. Defaults to 0.28 (151 of 541: the same terms as the former count of 150).
   */
  maxDfShare: number
}

export const DEFAULT_PIVOT_OPTIONS: PivotOptions = { weight: 0.4, maxRenderings: 3, maxDfShare: 0.28 }

/**
 * French synonyms through the English glossary: renderings of one English key are near synonyms
 * in this field (« salaires » and « revenus » both render "wage"), which links a delegate's
 * word to the corpus's where the thesaurus has no group. Returns, for a single analysed French
 * term, the other renderings of every key one of whose renderings is that term alone, as
 * lower-weight alternatives of the same concept.
 */
export function createPivot(
  glossary: ReadonlyArray<GlossaryEntry>,
  df: ReadonlyMap<string, number>,
  paragraphs: number,
  analyse: (text: string) => string[],
  options: Partial<PivotOptions> = {},
): (term: string) => Alternative[] {
  const o = { ...DEFAULT_PIVOT_OPTIONS, ...options }
  const maxDf = o.maxDfShare * paragraphs
  const usable = (terms: string[]) => terms.length > 0 && terms.every((t) => (df.get(t) ?? 0) > 0 && (df.get(t) ?? 0) <= maxDf)
  const byTerm = new Map<string, Alternative[]>()
  for (const entry of glossary) {
    if (entry.fr.length > o.maxRenderings) continue
    const renderings = entry.fr.map((display) => ({ terms: analyse(display), display, weight: o.weight })).filter((r) => usable(r.terms))
    for (const r of renderings) {
      if (r.terms.length !== 1) continue
      const term = r.terms[0]!
      const list = byTerm.get(term) ?? []
      for (const other of renderings) {
        const key = other.terms.join(' ')
        if (key !== term && !list.some((s) => s.terms.join(' ') === key)) list.push(other)
      }
      if (list.length > 0) byTerm.set(term, list)
    }
  }
  // Fresh objects: a parser may adjust a concept's alternatives without touching the table.
  return (term) => (byTerm.get(term) ?? []).map((a) => ({ ...a, terms: [...a.terms] }))
}
