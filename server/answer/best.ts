/**
 * The best sentence(s) of a paragraph for a question: what the citation quotes and the client
 * shows first, so a delegate reads the answer without reading the whole paragraph.
 */
import type { Token } from '../analysis/types.ts'
import { splitSentences, type Span } from './sentences.ts'

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
}

export interface BestOptions {
  /**
   * Longest span returned, in characters. Two adjacent sentences are taken together only when
   * they fit; a single longer sentence is cut to a window of this size around its matched words.
   * Defaults to 350 (three or four lines of the chat, a quote that fits an email sentence).
   */
  maxLength: number
  /** The paragraph's sentences, when the caller already has them. Defaults to splitSentences(text). */
  sentences?: readonly Span[]
}

export const BEST_DEFAULTS: BestOptions = { maxLength: 350 }

interface Score {
  /** The number of the question's concepts the span covers. */
  distinct: number
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
  const maxLength = options.maxLength ?? BEST_DEFAULTS.maxLength
  const sentences = options.sentences ?? splitSentences(text)
  if (sentences.length === 0) return { start: 0, end: 0 }
  const matched = tokens.filter((t) => query.terms.has(t.term))

  const candidates: Span[] = [...sentences]
  for (let k = 0; k + 1 < sentences.length; k++) {
    const pair = { start: sentences[k]!.start, end: sentences[k + 1]!.end }
    if (pair.end - pair.start <= maxLength) candidates.push(pair)
  }
  let best = sentences[0]!
  let bestScore = scoreSpan(best, matched, query)
  for (const c of candidates) {
    const s = scoreSpan(c, matched, query)
    if (better(s, c, bestScore, best)) {
      best = c
      bestScore = s
    }
  }
  return best.end - best.start <= maxLength ? best : window(text, best, matched, query, maxLength)
}

function scoreSpan(span: Span, matched: readonly Token[], query: QueryTerms): Score {
  const best = new Map<string | number, number>()
  for (const t of matched) {
    if (t.start < span.start || t.end > span.end) continue
    const concept = query.concepts?.get(t.term) ?? t.term
    const w = query.weights?.get(t.term) ?? 1
    if (w > (best.get(concept) ?? -Infinity)) best.set(concept, w)
  }
  let weight = 0
  for (const w of best.values()) weight += w
  return { distinct: best.size, weight }
}

function better(s: Score, span: Span, bestScore: Score, best: Span): boolean {
  // Nothing matched: keep the opening sentence rather than the shortest one.
  if (s.distinct === 0) return false
  if (s.distinct !== bestScore.distinct) return s.distinct > bestScore.distinct
  if (s.weight !== bestScore.weight) return s.weight > bestScore.weight
  const len = span.end - span.start
  const bestLen = best.end - best.start
  if (len !== bestLen) return len < bestLen
  return span.start < best.start
}

/**
 * Cuts an over-long sentence to the `maxLength` window, on word boundaries, that covers the
 * most query terms: windows start at the sentence start or at a matched word.
 */
function window(text: string, span: Span, matched: readonly Token[], query: QueryTerms, maxLength: number): Span {
  const starts = [span.start, ...matched.filter((t) => t.start >= span.start && t.end <= span.end).map((t) => t.start)]
  let best: Span | undefined
  let bestScore: Score = { distinct: -1, weight: -1 }
  for (const start of starts) {
    const w = { start, end: cutAtWord(text, start, Math.min(span.end, start + maxLength)) }
    const s = scoreSpan(w, matched, query)
    if (best === undefined || s.distinct > bestScore.distinct || (s.distinct === bestScore.distinct && s.weight > bestScore.weight)) {
      best = w
      bestScore = s
    }
  }
  return best!
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
