/** A term as indexed, with where it stands in the original text (for highlights). */
export interface Token {
  /** The processed term: lowercased, stemmed, accents and ligatures folded (e.g. "migrat"). */
  term: string
  /** The surface form as written (e.g. "migrations"). */
  surface: string
  /** Character offsets of the surface form in the analysed text: text.slice(start, end) === surface. */
  start: number
  end: number
}

/** Text analysis: the same pure function at index time and at query time. */
export type Analyzer = (text: string) => Token[]

/** One way to say a concept: a single term or a phrase of terms, with how much it counts. */
export interface Alternative {
  /** Analyzer terms, in order (a phrase when more than one). */
  terms: string[]
  /** As shown to the user among the searched terms (« transferts de fonds »). */
  display: string
  /** 1 for the user's own words; less for synonyms and translations. */
  weight: number
  /**
   * false: an internal alternative (slang such as « pognon », a register variant, a bridge
   * expansion) that is searched but never shown to users among the searched terms. Absent or
   * true: it may be shown.
   */
  displayable?: boolean
  /** 'bridge': a rendering from the vocabulary bridge (data/bridge.json), which the re-ranker weighs apart. */
  via?: 'bridge'
}

/** A distinct idea of the question (« envois d’argent »), satisfied by any of its alternatives. */
export interface Concept {
  /** The question's words for it. */
  label: string
  alternatives: Alternative[]
  /** Carried over from a previous question of the conversation: counts less. */
  fromContext?: boolean
  /** No word of the corpus matches it, even with spelling correction (« football »). */
  unknown?: boolean
  /**
   * A number, a name or an unknown word (« 2015 », « Allemagne »): a passage without it does not
   * answer, however much else it shares with the question.
   */
  key?: boolean
}

/**
 * What kind of answer a question asks for, when its question word says so: a date (« quand »,
 * "when"), a number (« combien », "how many"), a person (« qui », "who"), a place (« où »,
 * "where"), a definition (« définition », "define").
 */
export type AnswerType = 'date' | 'number' | 'person' | 'place' | 'definition'

/** A question after query understanding, ready for ranking. */
export interface ParsedQuery {
  language: 'fr' | 'en'
  concepts: Concept[]
  /** The kinds of answer its question words ask for (none for most questions). */
  asks?: AnswerType[]
  /** Spelling suggestion: the question with unknown words replaced by corpus words. */
  didYouMean?: string
  /** Each word of didYouMean's replacement: as typed, and the corpus word offered for it. */
  corrections?: Array<{ typed: string; corrected: string }>
  /** The question as understood with its conversation context, when that changed it. */
  understood?: string
}
