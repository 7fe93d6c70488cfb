import type { AnswerType, Concept, ParsedQuery } from '../analysis/types.ts'
import type { IndexedParagraph, SearchIndex } from './index.ts'
import { RANK_MODEL } from './rank-model.ts'
import { queryTermsOf } from '../analysis/terms.ts'

/**
 * What the re-ranker knows of a candidate paragraph, each about 0–1 (shares are weighted by the
 * rarity of the question's concepts, so that « migration » counts less than « Schengen »).
 */
export const RANK_FEATURES = [
  /** MiniSearch's BM25 over every alternative, over the best candidate's. */
  'bm25',
  /** Share of the question's concepts the paragraph holds (an expansion counts at its weight). */
  'coverage',
  /** Concept-level BM25: each concept's occurrences saturated and length-normalised, synonyms pooled. */
  'concepts',
  /** How close together the concepts stand: (concepts − 1) / the smallest span holding them all. */
  'proximity',
  /** Share of the question's multi-word concepts found as a phrase. */
  'phrase',
  /** Number of key concepts (names, numbers) of the question the paragraph lacks. */
  'missing',
  /** Share of the concepts in its document's title. */
  'title',
  /** Share of the concepts its best sentence holds: an answer is usually one sentence. */
  'sentence',
  /** Share of the concepts matched by the question's own words, not by an expansion. */
  'exact',
  /** The higher coverage of the paragraphs before and after it, when they are candidates: the passage's topic. */
  'neighbour',
  /** Share of the kinds of answer the question words ask for (a date for « quand » …) the paragraph holds. */
  'answerType',
] as const

export type RankFeature = (typeof RANK_FEATURES)[number]

export interface RankOptions {
  /** BM25+ parameters given to MiniSearch. Defaults to {k: 1.2, b: 0.7, d: 0.5}. */
  bm25: { k: number; b: number; d: number }
  /**
   * Field boosts: the section path and the title name what a paragraph is about. Defaults to
   * text 1, section 1.5, title 0.3 (other values within one dev question of these).
   */
  boost: Record<string, number>
  /**
   * How many BM25 candidates are re-ranked. Defaults to 30: 45 ranks two more dev questions first
   * (cross-validated, 77.9 against 76.4 %) but costs about 0.1 ms a question, which takes the
   * bench's p50 over its 1 ms budget; 60 and 100 add nothing over 45.
   */
  candidates: number
  /** Terms found in more than this share of paragraphs do not select candidates. Defaults to 0.25. */
  maxCandidateDf: number
  /** Weight of concepts carried over from the previous question. Defaults to 0.5. */
  contextWeight: number
  /**
   * Weight of an unknown lowercase word when the question has at least `minKnown` known concepts.
   * Defaults to {minKnown: 3, factor: 0.4}.
   */
  unknownDiscount: { minKnown: number; factor: number }
  /** A concept found only in the section path or title counts this much. Defaults to 0.5. */
  headingCredit: number
  /**
   * The re-ranker: a candidate's score is Σ weight × feature (RANK_FEATURES). Defaults to
   * RANK_MODEL, fitted on the dev questions by `npm run eval:fit` (eval/fit-rank.ts).
   */
  model: Readonly<Partial<Record<RankFeature, number>>>
  /** Saturation and length normalisation of the concept BM25. Defaults to {k: 1.5, b: 0.9}. */
  conceptBm25: { k: number; b: number }
  /** Terms more than this many tokens apart do not count as a phrase. Defaults to 3. */
  phraseGap: number
}

export const DEFAULT_RANK_OPTIONS: RankOptions = {
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  boost: { text: 1, section: 1.5, title: 0.3 },
  candidates: 30,
  maxCandidateDf: 0.25,
  contextWeight: 0.5,
  unknownDiscount: { minKnown: 3, factor: 0.4 },
  headingCredit: 0.5,
  model: RANK_MODEL,
  conceptBm25: { k: 1.5, b: 0.9 },
  phraseGap: 3,
}

export interface RankedHit {
  entry: IndexedParagraph
  score: number
  /**
   * Share of the question's distinct concepts (weighted by rarity, unknown everyday words
   * discounted) the paragraph contains, 0–1: what decides answered or no_match.
   */
  coverage: number
  /** MiniSearch's raw BM25 score. */
  bm25: number
  /** The re-ranker's features, in RANK_FEATURES order (what `score` weighs; the fit reads them). */
  features: number[]
  /** Labels of the question's key concepts (numbers, names, unknown words) the paragraph lacks. */
  missing: string[]
  /**
   * How many of the question's concepts the paragraph holds, those carried over from the
   * conversation counting `contextWeight` each: a follow-up's own words are few.
   */
  matched: number
}

export interface RankRequest {
  /** Only paragraphs of these documents. Defaults to all. */
  documents?: ReadonlySet<string>
}

/** Rarity of a concept: the idf of its rarest term under its best alternative; unknown words are rarest. */
function importance(concept: Concept, index: SearchIndex, n: number): number {
  let best = 0
  for (const a of concept.alternatives) {
    let idf = 0
    for (const t of a.terms) idf = Math.max(idf, Math.log(1 + n / ((index.df.get(t) ?? 0) + 0.5)))
    best = Math.max(best, idf * a.weight)
  }
  return best
}

function allIn(terms: readonly string[], set: { has(term: string): boolean }): boolean {
  for (const t of terms) if (!set.has(t)) return false
  return true
}

/** A paragraph's term → positions (IndexedParagraph.positions, read once per candidate). */
type Positions = Map<string, number[]>

const ABSENT = 0
const PRESENT = 1
const PHRASE = 2

/**
 * Whether all the terms of an alternative occur in the paragraph, and as a phrase (each within
 * `gap` tokens of the one before). Allocates nothing: it runs for every alternative of every
 * concept of every candidate.
 */
function occurrence(positionsOf: Positions, terms: string[], gap: number): typeof ABSENT | typeof PRESENT | typeof PHRASE {
  const first = positionsOf.get(terms[0]!)
  if (first === undefined) return ABSENT
  if (terms.length === 1) return PRESENT
  for (let k = 1; k < terms.length; k++) if (!positionsOf.has(terms[k]!)) return ABSENT
  for (const p of first) {
    let at = p
    let k = 1
    for (; k < terms.length; k++) {
      let next = -1
      for (const q of positionsOf.get(terms[k]!)!)
        if (q > at && q <= at + gap) {
          next = q
          break
        }
      if (next < 0) break
      at = next
    }
    if (k === terms.length) return PHRASE
  }
  return PRESENT
}

/**
 * Smallest span of token positions holding at least one position from each list (each sorted):
 * a sweep that always advances the list whose current position is lowest, allocating one
 * small array rather than a sorted copy of every position.
 */
export function minimalSpan(lists: number[][]): number {
  const at = new Array<number>(lists.length).fill(0)
  let best = Infinity
  for (;;) {
    let lo = Infinity
    let hi = -Infinity
    let lowest = 0
    for (let k = 0; k < lists.length; k++) {
      const p = lists[k]![at[k]!]!
      if (p < lo) {
        lo = p
        lowest = k
      }
      if (p > hi) hi = p
    }
    if (hi - lo < best) best = hi - lo
    if (++at[lowest]! >= lists[lowest]!.length) return best
  }
}

/** What every candidate is measured against: the question's concepts, their rarity and where they can match. */
interface QueryContext {
  concepts: Concept[]
  /** Rarity of each concept (context concepts discounted), and their sum. */
  imp: number[]
  total: number
  /** The same with unknown everyday words discounted: the answered / no_match share. */
  decisive: number[]
  decisiveTotal: number
  /** Per concept, per alternative: all its terms are in some paragraph / in some heading. */
  inCorpus: boolean[][]
  inHeadings: boolean[][]
  /** Concepts with a multi-word alternative. */
  multi: number
  asks: AnswerType[]
  /** A document title's share of the question, computed once per document. */
  titleShare(document: IndexedParagraph['document'], terms: ReadonlySet<string>): number
}

function queryContext(index: SearchIndex, query: ParsedQuery, o: RankOptions): QueryContext {
  const concepts = query.concepts
  const n = index.entries.length
  // An unknown lowercase word in a question that is otherwise well understood is more likely the
  // user's own vocabulary (« muscler ») than the subject (« la recette de la ratatouille »).
  const known = concepts.filter((c) => !c.unknown && !c.fromContext).length
  const unknownFactor = known >= o.unknownDiscount.minKnown ? o.unknownDiscount.factor : 1
  const imp = concepts.map((c) => importance(c, index, n) * (c.fromContext ? o.contextWeight : 1))
  // The discount serves the answered/no_match decision only; unknown words match no paragraph,
  // so for ranking they would merely rescale every candidate's coverage alike.
  const decisive = concepts.map((c, k) => imp[k]! * (c.unknown && !c.key ? unknownFactor : 1))
  const titleShares = new Map<IndexedParagraph['document'], number>()
  return {
    concepts,
    imp,
    total: imp.reduce((a, b) => a + b, 0) || 1,
    decisive,
    decisiveTotal: decisive.reduce((a, b) => a + b, 0) || 1,
    // Alternatives with a term no paragraph (or no heading) holds — unknown words, expansions the
    // corpus never uses — are not looked up in each candidate.
    inCorpus: concepts.map((c) => c.alternatives.map((a) => allIn(a.terms, index.df))),
    inHeadings: concepts.map((c) => c.alternatives.map((a) => allIn(a.terms, index.headingVocabulary))),
    multi: concepts.filter((c) => c.alternatives.some((a) => a.terms.length > 1)).length,
    asks: query.asks ?? [],
    titleShare(document, terms) {
      let share = titleShares.get(document)
      if (share === undefined) {
        share = 0
        for (const [k, c] of concepts.entries()) {
          let best = 0
          for (const a of c.alternatives) if (a.weight > best && allIn(a.terms, terms)) best = a.weight
          share += imp[k]! * best
        }
        titleShares.set(document, share)
      }
      return share
    },
  }
}

/** How one concept is found in one paragraph: its best alternative's weight and positions, as a phrase, in the question's own words. */
function conceptIn(entry: IndexedParagraph, positionsOf: Positions, q: QueryContext, k: number, o: RankOptions) {
  const c = q.concepts[k]!
  const searchable = q.inCorpus[k]!
  const headed = q.inHeadings[k]!
  let credit = 0
  let positions: number[] | undefined
  let phrase = false
  let own = false
  for (let j = 0; j < c.alternatives.length; j++) {
    const a = c.alternatives[j]!
    const found = searchable[j] ? occurrence(positionsOf, a.terms, o.phraseGap) : ABSENT
    if (found !== ABSENT && a.weight > credit) {
      credit = a.weight
      positions = positionsOf.get(a.terms[0]!)
    }
    if (found === PHRASE) phrase = true
    if (found !== ABSENT && a.weight >= 1) own = true
    if (found === ABSENT && headed[j] && a.weight * o.headingCredit > credit && allIn(a.terms, entry.headingTerms))
      credit = a.weight * o.headingCredit
  }
  return { credit, positions, phrase, own }
}

/** A candidate's features (all but `neighbour`, which needs the other candidates) and its decisive coverage. */
function candidateFeatures(entry: IndexedParagraph, bm25: number, top: number, q: QueryContext, averageLength: number, o: RankOptions) {
  const { imp, total } = q
  let covered = 0
  let coveredDecisive = 0
  let soft = 0
  const { k: k1, b } = o.conceptBm25
  const norm = k1 * (1 - b + (b * entry.tokenCount) / averageLength)
  // Derived on read (search/paragraphs.ts): read once for the candidate, not per alternative.
  const positionsOf = entry.positions
  const sentenceOf = entry.sentenceOf
  let phrases = 0
  const missing: string[] = []
  let matched = 0
  const spans: number[][] = []
  let exact = 0
  const bySentence = new Float64Array(entry.sentences.length)
  q.concepts.forEach((c, k) => {
    const { credit, positions, phrase, own } = conceptIn(entry, positionsOf, q, k, o)
    if (own) exact += imp[k]!
    if (positions) {
      // Positions are in reading order, so a sentence's credit is added once per concept.
      let last = -1
      for (const p of positions) {
        const sentence = sentenceOf[p]!
        if (sentence !== last) bySentence[sentence]! += imp[k]! * credit
        last = sentence
      }
    }
    if (credit === 0 && c.key && !c.fromContext) missing.push(c.label)
    if (credit > 0) matched += c.fromContext ? o.contextWeight : 1
    covered += imp[k]! * credit
    coveredDecisive += q.decisive[k]! * credit
    if (positions) soft += (imp[k]! * credit * (positions.length * (k1 + 1))) / (positions.length + norm) / (k1 + 1)
    if (phrase) phrases++
    if (positions && !c.fromContext) spans.push(positions)
  })
  const span = spans.length > 1 ? minimalSpan(spans) : Infinity
  const values: Record<RankFeature, number> = {
    bm25: bm25 / top,
    coverage: covered / total,
    concepts: soft / total,
    proximity: spans.length > 1 ? (spans.length - 1) / Math.max(spans.length - 1, span) : 0,
    phrase: q.multi ? phrases / q.multi : 0,
    missing: missing.length,
    title: q.titleShare(entry.document, entry.titleTerms) / total,
    sentence: bySentence.reduce((a, b) => Math.max(a, b), 0) / total,
    exact: exact / total,
    neighbour: 0, // needs every candidate's coverage: set by rank
    answerType: q.asks.length > 0 ? q.asks.filter((t) => entry.holds.has(t)).length / q.asks.length : 0,
  }
  return { entry, values, coverage: coveredDecisive / q.decisiveTotal, bm25, missing, matched }
}

/**
 * Ranks paragraphs for a parsed question: MiniSearch BM25 over every alternative (weighted) picks
 * candidates; the re-ranker scores each from RANK_FEATURES (the share of the question's distinct
 * concepts it holds, their proximity, whole phrases, its best sentence, its neighbours …, which
 * BM25 cannot see) with the fitted linear model.
 */
export function rank(index: SearchIndex, query: ParsedQuery, request: RankRequest = {}, options: Partial<RankOptions> = {}): RankedHit[] {
  const o = { ...DEFAULT_RANK_OPTIONS, ...options }
  if (query.concepts.length === 0) return []
  const n = index.entries.length
  const { weights } = queryTermsOf(query, o.contextWeight)
  const { documents } = request
  // Terms in most paragraphs (« migration ») barely move BM25 but cost the most to score: they
  // pick no candidates; coverage, computed from the paragraphs' own positions, still counts them.
  const selective = [...weights.keys()].filter((t) => (index.df.get(t) ?? 0) <= o.maxCandidateDf * n)
  const queryTerms = (selective.length > 0 ? selective : [...weights.keys()]).filter((t) => t !== '')
  // The top candidates of MiniSearch's BM25 over these terms, as MiniSearch ranks them, without
  // scoring every paragraph that holds one of them (search/postings.ts).
  const results = index.postings.topK({
    terms: queryTerms,
    termBoosts: queryTerms.map((t) => weights.get(t) ?? 1),
    fieldBoosts: o.boost,
    bm25: o.bm25,
    k: o.candidates,
    allowed: documents ? (id) => documents.has(index.entries[id]!.document.id) : undefined,
  })
  if (results.length === 0) return []
  const top = results[0]!.score
  const q = queryContext(index, query, o)
  const scored = results.map((r) => candidateFeatures(index.entries[r.id]!, r.score, top, q, index.averageLength, o))
  // Entries are in reading order: the previous and next ids are the neighbouring paragraphs.
  const coverageOf = new Map(scored.map((h) => [h.entry.id, h.values.coverage]))
  const modelWeights = RANK_FEATURES.map((f) => o.model[f] ?? 0)
  // Plain loops, no object rest/spread: this runs for every candidate of every question and
  // was the re-ranker's largest self time. The sum is taken in RANK_FEATURES order, as before.
  const hits: RankedHit[] = new Array(scored.length)
  for (let i = 0; i < scored.length; i++) {
    const { entry, values, coverage, bm25, missing, matched } = scored[i]!
    values.neighbour = Math.max(0, neighbourCoverage(index, entry, -1, coverageOf), neighbourCoverage(index, entry, 1, coverageOf))
    const features = new Array<number>(RANK_FEATURES.length)
    let score = 0
    for (let f = 0; f < RANK_FEATURES.length; f++) {
      features[f] = values[RANK_FEATURES[f]!]
      score += modelWeights[f]! * features[f]!
    }
    hits[i] = { entry, coverage, bm25, missing, matched, score, features }
  }
  return hits.sort((a, b) => b.score - a.score)
}

/** The coverage of the paragraph `step` before or after `entry` when it is a candidate of the same document, else 0. */
function neighbourCoverage(index: SearchIndex, entry: IndexedParagraph, step: number, coverageOf: ReadonlyMap<number, number>): number {
  return index.entries[entry.id + step]?.document === entry.document ? (coverageOf.get(entry.id + step) ?? 0) : 0
}
