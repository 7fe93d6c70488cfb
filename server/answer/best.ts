/**
 * The best sentence(s) of a paragraph for a question: what the citation quotes and the client
 * shows first, so a delegate reads the answer without reading the whole paragraph.
 */
import type { AnswerType, Token } from '../analysis/types.ts'
import { splitSentences, type Span } from '../analysis/sentences.ts'
import { NUMBER_MARK, YEAR_MARK } from '../analysis/answer-types.ts'

/** The query as the composer sees it: analyzer terms and, optionally, their weights. */
export interface QueryTerms {
  terms: ReadonlySet<string>
  /** Weight of each term (e.g. lower for thesaurus expansions). Terms absent here weigh 1. */
  weights?: ReadonlyMap<string, number>
  /**
   * The question's concept each term stands for (« transfert » and « envoi » both for
   * remittances), so that synonyms count once. Terms absent here are concepts of their own.
   */
  concepts?: ReadonlyMap<string, number>
  /**
   * The kinds of answer the question words ask for (« quand » a date, « combien » a number): a
   * span that holds one counts as one more concept, so « en octobre 2005 » beats a sentence that
   * only repeats the question's words. Defaults to none.
   */
  asks?: ReadonlyArray<AnswerType>
}

/** How a span shows it holds the kind of answer asked for: a date must carry its year (a month alone does not). */
const HOLDS: Partial<Record<AnswerType, RegExp>> = { date: YEAR_MARK, number: NUMBER_MARK }

export interface BestOptions {
  /**
   * Longest span returned, in characters. Two adjacent sentences are taken together only when
   * they fit; a single longer sentence is cut to a window of this size around its matched words.
   * Defaults to 350 (three or four lines of the chat, a quote that fits an email sentence).
   */
  maxLength: number
  /**
   * How far a cut sentence's window may shrink, as a share of maxLength, to start and end at a
   * clause boundary (after « , », « ; » or « : », or before a conjunction such as « et », « mais »,
   * « afin ») rather than at any word: « … de plus amples … » is no phrase to quote. Without such a
   * boundary that near, or when it would drop a matched word, the cut stays at the word. Defaults
   * to 0.3 (at most about 105 of 350 characters given up at each end).
   */
  clauseReach: number
  /** The paragraph's sentences, when the caller already has them. Defaults to splitSentences(text). */
  sentences?: readonly Span[]
}

export const DEFAULT_BEST_OPTIONS: BestOptions = { maxLength: 350, clauseReach: 0.3 }

interface Score {
  /** The number of the question's concepts the span covers. */
  distinct: number
  /** 1 when the span holds a kind of answer the question asks for (see QueryTerms.asks), else 0. */
  kind: number
  /** Sum over covered concepts of the best weight matched for each. */
  weight: number
}

/**
 * The span of `text` that best answers the query: the sentence covering the most distinct
 * concepts of the question, then the most weight; two adjacent sentences when together they cover
 * more concepts than either alone and fit `maxLength`. Ties go to the shorter, then the earlier span.
 * With no matched term at all, the paragraph's opening. Never longer than `maxLength` and never
 * starting or ending on a space.
 */
export function bestSpan(text: string, tokens: readonly Token[], query: QueryTerms, options: Partial<BestOptions> = {}): Span {
  const maxLength = options.maxLength ?? DEFAULT_BEST_OPTIONS.maxLength
  const sentences = options.sentences ?? splitSentences(text)
  if (sentences.length === 0) return { start: 0, end: 0 }
  const matched = tokens.filter((t) => query.terms.has(t.term))

  const candidates: Span[] = [...sentences]
  for (let k = 0; k + 1 < sentences.length; k++) {
    const pair = { start: sentences[k]!.start, end: sentences[k + 1]!.end }
    if (pair.end - pair.start <= maxLength) candidates.push(pair)
  }
  let best = sentences[0]!
  let bestScore = scoreSpan(text, best, matched, query)
  for (const c of candidates) {
    const s = scoreSpan(text, c, matched, query)
    if (better(s, c, bestScore, best)) {
      best = c
      bestScore = s
    }
  }
  const reach = Math.floor(maxLength * (options.clauseReach ?? DEFAULT_BEST_OPTIONS.clauseReach))
  return best.end - best.start <= maxLength ? best : window(text, best, matched, query, maxLength, reach)
}

function scoreSpan(text: string, span: Span, matched: readonly Token[], query: QueryTerms): Score {
  const best = new Map<string | number, number>()
  for (const t of matched) {
    if (t.start < span.start || t.end > span.end) continue
    const concept = query.concepts?.get(t.term) ?? t.term
    const w = query.weights?.get(t.term) ?? 1
    if (w > (best.get(concept) ?? -Infinity)) best.set(concept, w)
  }
  let weight = 0
  for (const w of best.values()) weight += w
  let kind = 0
  for (const type of query.asks ?? []) {
    const holds = HOLDS[type]
    if (holds?.test(text.slice(span.start, span.end))) kind = 1
  }
  return { distinct: best.size, kind, weight }
}

function better(s: Score, span: Span, bestScore: Score, best: Span): boolean {
  // Nothing matched: keep the opening sentence rather than the shortest one.
  if (s.distinct === 0) return false
  if (s.distinct + s.kind !== bestScore.distinct + bestScore.kind) return s.distinct + s.kind > bestScore.distinct + bestScore.kind
  // At equal coverage, the span that holds what was asked (a year for « quand ») answers it.
  if (s.kind !== bestScore.kind) return s.kind > bestScore.kind
  if (s.weight !== bestScore.weight) return s.weight > bestScore.weight
  const len = span.end - span.start
  const bestLen = best.end - best.start
  if (len !== bestLen) return len < bestLen
  return span.start < best.start
}

/**
 * Cuts an over-long sentence to the `maxLength` window that covers the most query terms: windows
 * start at the sentence start or at a matched word, moved back to a clause boundary within `reach`
 * when that keeps what they cover, and end at the last clause boundary within `reach` of the cap
 * after their last matched word, else at a word boundary.
 */
function window(text: string, span: Span, matched: readonly Token[], query: QueryTerms, maxLength: number, reach: number): Span {
  const inside = matched.filter((t) => t.start >= span.start && t.end <= span.end)
  const cut = (start: number): Span => {
    const limit = start + maxLength
    if (limit >= span.end) return { start, end: span.end }
    const end = cutAtWord(text, start, limit)
    const lastMatch = Math.max(start, ...inside.filter((t) => t.start >= start && t.end <= end).map((t) => t.end))
    return { start, end: clauseEnd(text, start, Math.max(lastMatch, end - reach), end) ?? end }
  }
  const starts = [span.start, ...inside.map((t) => t.start)]
  let best: Span | undefined
  let bestScore: Score = { distinct: -1, kind: 0, weight: -1 }
  for (const at of starts) {
    let w = cut(at)
    let s = scoreSpan(text, w, matched, query)
    // A window that reaches the sentence's end keeps it: moving back is only worth a clean start.
    const floor = Math.max(span.start, at - reach, w.end === span.end ? span.end - maxLength : span.start)
    const back = at === span.start ? undefined : clauseStart(text, floor, at)
    if (back !== undefined) {
      const wider = cut(back)
      const ws = scoreSpan(text, wider, matched, query)
      if (ws.distinct >= s.distinct && ws.weight >= s.weight) {
        w = wider
        s = ws
      }
    }
    if (best === undefined || s.distinct > bestScore.distinct || (s.distinct === bestScore.distinct && s.weight > bestScore.weight)) {
      best = w
      bestScore = s
    }
  }
  return best!
}

// Where a clause begins: after a comma, semicolon or colon, or at a conjunction that opens one.
const CLAUSE =
  /[,;:]\s+|(?<![\p{L}\p{N}’'-])(?=(?:et|ou|mais|donc|car|ni|or|puis|tandis|alors que|afin|lorsque|parce|puisque|ainsi que)(?![\p{L}\p{N}’'-]))/giu

/**
 * Paragraph texts whose clause boundaries are kept. The boundaries do not depend on the question,
 * and the same few hundred paragraphs come back in answer after answer: scanning them again with
 * CLAUSE for every window of every extract was about 4 % of a question's CPU. Past this many
 * texts the memo is emptied (an uploaded corpus may be larger).
 */
const CLAUSE_MEMO_SIZE = 4096
const clauseMemo = new Map<string, Int32Array>()

/**
 * Every clause boundary of `text`, in order, as (index, end) pairs: matched on the whole text so
 * that the look-behind sees the word before. A scan started at `from` (what this replaced) finds
 * exactly those of them whose index is at least `from`.
 */
function clauseBoundaries(text: string): Int32Array {
  let found = clauseMemo.get(text)
  if (found) return found
  const pairs: number[] = []
  const re = new RegExp(CLAUSE)
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    pairs.push(m.index, m.index + m[0].length)
    // The conjunction alternative matches nothing: step past it.
    if (m[0] === '') re.lastIndex++
  }
  found = Int32Array.from(pairs)
  if (clauseMemo.size >= CLAUSE_MEMO_SIZE) clauseMemo.clear()
  clauseMemo.set(text, found)
  return found
}

/** The latest clause start in (from, to), or undefined. */
function clauseStart(text: string, from: number, to: number): number | undefined {
  let found: number | undefined
  const b = clauseBoundaries(text)
  for (let i = 0; i < b.length; i += 2) {
    if (b[i]! < from) continue
    const at = b[i + 1]!
    if (b[i]! >= to || at >= to) break
    if (at > from) found = at
  }
  return found
}

/**
 * The latest end in [from, to] right before a clause starts, without the punctuation or dash
 * closing the clause before, or undefined; never `start`, which would leave nothing.
 */
function clauseEnd(text: string, start: number, from: number, to: number): number | undefined {
  let found: number | undefined
  const b = clauseBoundaries(text)
  for (let i = 0; i < b.length; i += 2) {
    if (b[i]! < from) continue
    let end = b[i]!
    while (end > start && /[\s,;:–—]/.test(text[end - 1]!)) end--
    if (end > to) break
    if (end >= from && end > start) found = end
  }
  return found
}

/** The largest end ≤ `limit` that does not split a word and does not end on a space. */
function cutAtWord(text: string, start: number, limit: number): number {
  let end = limit
  if (end < text.length && !/\s/.test(text[end]!)) {
    while (end > start && !/\s/.test(text[end - 1]!)) end--
    // One word longer than the window: cut inside it rather than return nothing.
    if (end === start) end = limit
  }
  while (end > start + 1 && /\s/.test(text[end - 1]!)) end--
  return end
}
