import type { Analyzer, Token } from './types.ts'
import { fold } from './analyze.ts'
import type { ParaphraseEntry } from './lexicon.ts'
import { createPhraseDictionary } from './phrases.ts'

/** An everyday phrase matched in a question, with the corpus's phrases for the same idea. */
export interface ParaphraseMatch {
  start: number
  end: number
  corpus: string[]
}

/**
 * Phrase-level paraphrases (data/paraphrases.json): everyday wording found in a question's content
 * tokens brings the corpus's administrative phrase. Keys are analyzer stems of the words the parser
 * keeps (boilerplate such as « faire » is dropped on both sides), so « renvoyer », « renvoyé » meet.
 * Snowball keeps the third person plural whole (« trouvent », « renvoient »): a word ending in -ent
 * is keyed by the stem of its singular (« trouve » → « trouv »), on both sides, which is harmless for
 * nouns (« parent » is keyed « par » both in the data and in the question).
 */
export function createParaphraseMatcher(
  entries: readonly ParaphraseEntry[],
  analyzer: Analyzer,
  isBoilerplate: (surface: string) => boolean,
): (tokens: readonly Token[]) => ParaphraseMatch[] {
  const keyOf = (t: Token): string => {
    const w = fold(t.surface.toLowerCase())
    if (w.length <= 5 || !w.endsWith('ent')) return t.term
    return analyzer(t.surface.slice(0, -2))[0]?.term ?? t.term
  }
  const keysOf = (phrase: string) =>
    analyzer(phrase)
      .filter((t) => !isBoilerplate(t.surface))
      .map(keyOf)
  const dictionary = createPhraseDictionary<string[]>()
  for (const e of entries)
    for (const phrase of e.everyday) {
      const keys = keysOf(phrase)
      // One content word left is no phrase: it would fire on every question using the word.
      if (keys.length >= 2) dictionary.add(keys, e.corpus)
    }
  return (tokens) => dictionary.match(tokens.map(keyOf)).map((m) => ({ start: m.start, end: m.end, corpus: m.value }))
}
