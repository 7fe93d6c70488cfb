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
