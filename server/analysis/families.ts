/**
 * Derivational families: « réduire » / « réduction », « coûteux » / « coût », « migrer » /
 * « migration » / « migrant ». Snowball stems inflections, not derivations, so a question in
 * everyday words (« réduire les frais ») misses the corpus's nominal style (« la réduction des
 * frais »). Two words belong to one family when, once a known French suffix is cut from each,
 * they leave the same long root.
 */

export interface FamilyOptions {
  /**
   * Shortest root two words must share: the field's families have short roots (« redu- » of
   * réduire / réduction, « migr- »), and three letters join unrelated words (« aid- » / « aide »
   * / « aider » is fine, but « pay- » / « paye » / « paysan » is not). Defaults to 4 (5 is the
   * same on the dev questions).
   */
  minRoot: number
  /** Most family members offered for one word, most frequent first. Defaults to 4. */
  maxMembers: number
}

export const DEFAULT_FAMILY_OPTIONS: FamilyOptions = { minRoot: 4, maxMembers: 4 }

/**
 * Derivational and inflectional suffixes of French, folded (no accents), longest tried first.
 * Each one cut from a word is an alternation the family admits: « -ction » against « -ire »
 * (réduction / réduire), « -eux » against nothing (coûteux / coût), « -ation » against « -er ».
 */
const SUFFIXES = `issements issement ications ication atrices atrice ateurs ateur ations ation ctions ction
  ements ement ments ment itions ition tions tion sions sion ions ion ances ance ences ence antes ante
  ants ant entes ente ents ent euses euse eurs eur eux ives ive ifs if iques ique ismes isme istes
  iste ites ite elles elle els el ales ale aux al ees ee es er ir ire re e s`
  .split(/\s+/)
  .filter(Boolean)
  .sort((a, b) => b.length - a.length)

/**
 * The word with its longest known suffix cut, if what remains is at least `minRoot` letters; the
 * word itself when no suffix can be cut; undefined for a word shorter than `minRoot`.
 */
export function derivationalRoot(folded: string, minRoot = DEFAULT_FAMILY_OPTIONS.minRoot): string | undefined {
  for (const s of SUFFIXES) if (folded.endsWith(s) && folded.length - s.length >= minRoot) return folded.slice(0, -s.length)
  return folded.length >= minRoot ? folded : undefined
}

/** A corpus word of a family: its index term, and its most frequent folded form to show. */
export interface Relative {
  term: string
  word: string
}

export interface Families {
  /** The corpus words of the same family as this folded word, one per index term, its own term excluded. */
  relatives(folded: string, ownTerm: string): Relative[]
}

/**
 * Groups the corpus vocabulary (folded word → occurrences, folded word → index term) by
 * derivational root, once: a lookup is then one suffix cut and one map access.
 */
export function createFamilies(
  words: ReadonlyMap<string, number>,
  termOfWord: ReadonlyMap<string, string>,
  options: Partial<FamilyOptions> = {},
): Families {
  const { minRoot, maxMembers } = { ...DEFAULT_FAMILY_OPTIONS, ...options }
  // root → term → its occurrences and most frequent word.
  const byRoot = new Map<string, Map<string, { count: number; word: string; wordCount: number }>>()
  for (const [word, count] of words) {
    const term = termOfWord.get(word)
    const root = derivationalRoot(word, minRoot)
    if (term === undefined || root === undefined || /\d/.test(word)) continue
    const members = byRoot.get(root) ?? new Map<string, { count: number; word: string; wordCount: number }>()
    const member = members.get(term)
    if (!member) members.set(term, { count, word, wordCount: count })
    else {
      member.count += count
      if (count > member.wordCount) Object.assign(member, { word, wordCount: count })
    }
    byRoot.set(root, members)
  }
  const ranked = new Map<string, Relative[]>()
  for (const [root, members] of byRoot)
    ranked.set(
      root,
      [...members].sort((a, b) => b[1].count - a[1].count).map(([term, m]) => ({ term, word: m.word })),
    )
  return {
    relatives(folded, ownTerm) {
      const root = derivationalRoot(folded, minRoot)
      if (root === undefined) return []
      return (ranked.get(root) ?? []).filter((r) => r.term !== ownTerm).slice(0, maxMembers)
    },
  }
}
