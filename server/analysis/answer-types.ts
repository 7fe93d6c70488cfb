/**
 * The « kind of answer » rules in one place: which question words ask for a date, a number, a
 * person, a place or a definition, and how a paragraph shows it holds one. The parser reads the
 * first (ParsedQuery.asks), the index the second (IndexedParagraph.holds); the re-ranker's
 * answerType feature compares them. French and English cues, French marks (the corpus's language).
 */
import type { AnswerType } from './types.ts'

/** Question words that say what kind of answer is wanted; the words themselves are boilerplate. */
const ANSWER_TYPE_CUES: ReadonlyArray<[AnswerType, RegExp]> = [
  ['date', /(?<![\p{L}])(?:quand|en quelle année|à quelle date|when|what year|which year)(?![\p{L}])/iu],
  [
    'number',
    /(?<![\p{L}])(?:combien|quel nombre|quelle proportion|quel pourcentage|how many|how much|what share|what proportion|what percentage)(?![\p{L}])/iu,
  ],
  // « qui » is also a relative pronoun (« les règles qui freinent »): only as the question word.
  ['person', /^\s*(?:qui|who|whom)(?![\p{L}])|(?<![\p{L}])(?:par qui|à qui|by whom)(?![\p{L}])/iu],
  ['place', /^\s*(?:où|where)(?![\p{L}])|(?<![\p{L}])(?:où et quand|quand et où|where and when|when and where)(?![\p{L}])/iu],
  ['definition', /(?<![\p{L}])(?:définition|définit|définir|qu['’]entend-on|que signifie|define|definition|what is meant)(?![\p{L}])/iu],
]

/** A year (1800–2099), what a date must carry to answer « quand ». */
export const YEAR_MARK = /(?<!\d)(?:1[89]|20)\d\d(?!\d)/
/** A figure, in digits or in words. */
export const NUMBER_MARK =
  /\d|(?<![\p{L}])(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|vingt|trente|cent|mille|millions?|milliards?|moitié|tiers|quart)(?![\p{L}])/iu

/** How a paragraph shows it holds each kind of answer a question word may ask for. */
const ANSWER_TYPE_MARKS: ReadonlyArray<[AnswerType, RegExp]> = [
  [
    'date',
    new RegExp(
      `${YEAR_MARK.source}|(?<![\\p{L}])(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)(?![\\p{L}])`,
      'iu',
    ),
  ],
  ['number', NUMBER_MARK],
  [
    'person',
    /(?<![\p{L}])(?:M\.|Mme|MM\.|Dr|S\. ?E\.)\s*\p{Lu}|(?<![\p{L}])(?:Directeur|Directrice|Ministre|Président|Présidente|Ambassadeur|Secrétaire)(?![\p{L}])/u,
  ],
  ['place', /(?<![\p{L}])(?:à|au|en) \p{Lu}\p{Ll}+/u],
  ['definition', /(?<![\p{L}])(?:on entend|s['’]entend|désigne|se définit|défini(?:e|s|es)? comme|définition)(?![\p{L}])/iu],
]

/** The kinds of answer a question's words ask for (none for most questions). */
export function answerTypesAsked(question: string): AnswerType[] {
  return ANSWER_TYPE_CUES.filter(([, cue]) => cue.test(question)).map(([type]) => type)
}

/** The kinds of answer a paragraph's text holds. */
export function answerTypesHeld(text: string): Set<AnswerType> {
  return new Set(ANSWER_TYPE_MARKS.filter(([, mark]) => mark.test(text)).map(([type]) => type))
}
