import type { ParsedQuery } from '../analysis/types.ts'
import { fold } from '../analysis/analyze.ts'
import { editDistance, totalWords } from '../analysis/speller.ts'
import { wholeWord } from '../analysis/regexp.ts'

export interface SuggestionOptions {
  /**
   * "Did you mean" is offered with every answered question, but with a no_match only when each
   * corrected word is at least this frequent in the corpus, as a share of all its words, and
   * within maxDistance of the typed word: the speller's nearest word for a word the corpus lacks
   * is often nonsense (« recette » → « récente », 3 occurrences), and a suggestion that does not
   * answer either only misleads. A share, so that the bar follows the corpus as documents are
   * added. Defaults to 0.00027 (2.7 in 10,000 words: 10 occurrences of the shipped corpus's
   * 36,041 words, its 14 % most frequent distinct words, the same as the former count of 10).
   */
  minShare: number
  /** Edits between a typed word and its correction for a no_match's suggestion. Defaults to 1. */
  maxDistance: number
}

export const DEFAULT_SUGGESTION_OPTIONS: SuggestionOptions = { minShare: 0.00027, maxDistance: 1 }

/** A correction likely enough to offer with a no_match (see SuggestionOptions.minShare). `words`: the corpus's folded words with their counts. */
export function plausibleCorrection(
  words: ReadonlyMap<string, number>,
  { typed, corrected }: { typed: string; corrected: string },
  options: Partial<SuggestionOptions> = {},
): boolean {
  const { minShare, maxDistance } = { ...DEFAULT_SUGGESTION_OPTIONS, ...options }
  const word = fold(corrected.toLowerCase())
  const frequent = (words.get(word) ?? 0) >= minShare * totalWords(words)
  return frequent && editDistance(fold(typed.toLowerCase()), word, maxDistance) <= maxDistance
}

/** Elisions typed without their apostrophe: repaired, not dropped (« Quest ce que » → « Qu’est-ce que »). */
const ELISIONS: Record<string, string> = {
  quest: 'qu’est',
  questce: 'qu’est-ce',
  cest: 'c’est',
  quil: 'qu’il',
  quils: 'qu’ils',
  jai: 'j’ai',
  lue: 'l’UE',
  loim: 'l’OIM',
}

export interface CorrectedQuestion {
  /** The question with the speller's corrections applied and an unknown first word left out. */
  text: string
  /**
   * It still holds a word the corpus does not know: searched, but never offered as a suggestion,
   * since clicking it would lead to the same dead end.
   */
  keepsUnknown: boolean
}

/**
 * The question as the corpus would spell it, or undefined when no word was corrected or left
 * out. `accented` gives the corpus's accented spelling of a lowercase unaccented word, if any. An unknown
 * first word is left out (« Quest ce que la migraton circulaire » → « Ce que la migration
 * circulaire »): capitalised only by its position, it is taken for a name and sinks the question.
 * Other unknown words stay, so that a question about something the corpus lacks (« la recette de
 * la ratatouille ») is not turned into another one by dropping its subject.
 */
export function correctedQuestion(
  question: string,
  query: ParsedQuery,
  accented: (word: string) => string | undefined = () => undefined,
): CorrectedQuestion | undefined {
  let text = question
  for (const { typed, corrected } of query.corrections ?? []) text = text.replace(wholeWord(typed), corrected)
  const first = question.match(/\p{L}[\p{L}\p{N}'’-]*/u)?.[0]
  let keepsUnknown = false
  let dropped = false
  for (const c of query.concepts) {
    if (!c.unknown || c.fromContext) continue
    const elided = ELISIONS[c.label.toLowerCase()]
    if (elided)
      text = text.replace(
        wholeWord(c.label),
        c.label[0] === c.label[0]!.toLowerCase() ? elided : elided[0]!.toUpperCase() + elided.slice(1),
      )
    else if (c.label === first && first !== first.toLowerCase()) {
      text = text.replace(wholeWord(c.label), '')
      dropped = true
    } else keepsUnknown = true
  }
  text = text
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s,;:-]+/, '')
    .trim()
  if (text === question.trim() || !/\p{L}/u.test(text)) return undefined
  // Shown as « Résultats pour : … »: words typed without their accents get them back
  // (« resultat » → « résultat »), as the corpus writes them.
  text = text.replace(/\p{L}+/gu, (w) => (w === w.toLowerCase() && /^[a-z]+$/.test(w) ? (accented(w) ?? w) : w))
  return { text: dropped ? text[0]!.toUpperCase() + text.slice(1) : text, keepsUnknown }
}
