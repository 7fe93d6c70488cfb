/**
 * Top-k BM25 candidates over compact postings derived from the MiniSearch index, with the same
 * scores and the same order as `MiniSearch.search` (OR of the terms, field boosts, term boosts,
 * BM25+, score × number of matched terms), but pruned MaxScore-style: terms are visited from the
 * highest possible contribution down; once no paragraph outside the accumulator can reach the k-th
 * best score, the remaining terms' postings are only probed for the surviving candidates
 * (galloping forward in id order) instead of walked. A question's cost then follows its rare terms, not the corpus size.
 */
import type MiniSearch from 'minisearch'

/** One field's postings of one term: ascending paragraph ids and their BM25+ score. */
interface FieldPostings {
  docs: Int32Array
  raw: Float64Array
  max: number
}

/** What the build reads of MiniSearch's internals (stable since MiniSearch 3, serialised by toJSON). */
interface MiniSearchInternals {
  _index: Iterable<[string, Map<number, Map<number, number>>]>
  _fieldIds: Record<string, number>
  _fieldLength: Map<number, number[]>
  _avgFieldLength: number[]
  _documentCount: number
  _documentIds: Map<number, unknown>
}

/**
 * MiniSearch's index as flat arrays (plain data: the snapshot saves it as is): per field, per
 * term, ascending paragraph ids and term frequencies, and the field lengths BM25 reads. Copied
 * once after MiniSearch's build, so that the MiniSearch instance (a radix tree of nested Maps,
 * most of the heap at 100× the corpus) can be let go; scores computed from these are the same
 * floats as MiniSearch's.
 */
export interface PostingsData {
  /** Field names, in the order of the arrays below. */
  fields: string[]
  documentCount: number
  /** Term table of the postings. */
  terms: string[]
  /** Per field: term t's postings are j in [start[f][t], start[f][t + 1]). Length: terms + 1. */
  start: Int32Array[]
  /** Per field: paragraph ids, ascending within a term. */
  docs: Int32Array[]
  /** Per field: the term's frequency in that paragraph's field. */
  freqs: Int32Array[]
  /** MiniSearch's field length (distinct terms) of paragraph id's field f at id × fields + f. */
  fieldLength: Int32Array
  /** MiniSearch's running average of each field's length, as it computed it (same floats). */
  avgFieldLength: Float64Array
}

/** Copies MiniSearch's postings and field lengths into `PostingsData`; ids must be the paragraph positions. */
export function postingsFromMiniSearch(minisearch: MiniSearch<unknown>, fields: readonly string[]): PostingsData {
  const ms = minisearch as unknown as MiniSearchInternals
  const n = ms._documentCount
  for (const [shortId, id] of ms._documentIds)
    if (shortId !== id) throw new Error('postings: MiniSearch ids must be the paragraph positions')
  const fieldIds = fields.map((f) => ms._fieldIds[f]!)
  const terms: string[] = []
  const start = fields.map(() => [0])
  const docs = fields.map((): number[] => [])
  const freqs = fields.map((): number[] => [])
  for (const [term, data] of ms._index) {
    terms.push(term)
    fieldIds.forEach((fieldId, f) => {
      const byDoc = data.get(fieldId)
      const ids = byDoc ? Int32Array.from(byDoc.keys()).sort() : []
      for (const id of ids) {
        docs[f]!.push(id)
        freqs[f]!.push(byDoc!.get(id)!)
      }
      start[f]!.push(docs[f]!.length)
    })
  }
  const fieldLength = new Int32Array(n * fields.length)
  for (const [id, lengths] of ms._fieldLength)
    for (const [f, fieldId] of fieldIds.entries()) fieldLength[id * fields.length + f] = lengths[fieldId] ?? 0
  return {
    fields: [...fields],
    documentCount: n,
    terms,
    start: start.map((s) => Int32Array.from(s)),
    docs: docs.map((d) => Int32Array.from(d)),
    freqs: freqs.map((d) => Int32Array.from(d)),
    fieldLength,
    avgFieldLength: Float64Array.from(fieldIds.map((fieldId) => ms._avgFieldLength[fieldId]!)),
  }
}

export interface Bm25Params {
  k: number
  b: number
  d: number
}

export interface TopKRequest {
  /** Distinct terms, in the order MiniSearch would have received them. */
  terms: readonly string[]
  /** Boost of each term (same order). */
  termBoosts: readonly number[]
  /** Field boosts by field name; fields absent count 1 (as in MiniSearch). */
  fieldBoosts: Readonly<Record<string, number>>
  bm25: Bm25Params
  k: number
  /** Paragraph ids allowed (document filter); all when absent. */
  allowed?: (id: number) => boolean
}

export interface Candidate {
  id: number
  score: number
}

/** Relative slack on pruning tests, so that float rounding never prunes a tie. */
const SLACK = 1e-9

export interface Postings {
  topK(request: TopKRequest): Candidate[]
  /** Terms whose scores are cached: at most the vocabulary per BM25 setting, never a word the corpus lacks. */
  cachedTerms(): number
}

/** MiniSearch's calcBM25Score, written identically so that scores are bit for bit the same. */
function bm25Score(
  termFreq: number,
  matchingCount: number,
  totalCount: number,
  fieldLength: number,
  avgFieldLength: number,
  p: Bm25Params,
): number {
  const { k, b, d } = p
  const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5))
  return invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)))
}

/** A term's contribution to one paragraph and its bound, per field (in MiniSearch's field order). */
interface TermLists {
  lists: Array<{ field: number; boost: number; postings: FieldPostings }>
  /** Largest contribution of the term to any one paragraph. */
  bound: number
}

/** First index at or after `from` whose id is ≥ `id` (docs ascending): gallops, then a binary search. */
function seek(docs: Int32Array, from: number, id: number): number {
  let lo = from
  let hi = from
  let step = 1
  while (hi < docs.length && docs[hi]! < id) {
    lo = hi + 1
    hi += step
    step *= 2
  }
  hi = Math.min(hi, docs.length)
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (docs[mid]! < id) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The term's weighted contribution to one paragraph, fields in order (0 when absent), for
 * paragraphs asked in ascending id order: `cursors` (one per field list, from
 * 0) keep where the previous id was found. Same additions in the same order, so the same float.
 */
function contributionFrom(t: TermLists, termBoost: number, id: number, cursors: number[]): number {
  let score = 0
  for (let f = 0; f < t.lists.length; f++) {
    const { boost, postings } = t.lists[f]!
    const at = seek(postings.docs, cursors[f]!, id)
    cursors[f] = at
    if (at < postings.docs.length && postings.docs[at] === id) score += 1 * termBoost * boost * 1 * postings.raw[at]!
  }
  return score
}

const NO_POSTINGS: ReadonlyArray<FieldPostings | undefined> = []

export function createPostings(data: PostingsData): Postings {
  const { fields, documentCount: n, start, docs, freqs, fieldLength, avgFieldLength } = data
  const termId = new Map(data.terms.map((t, i) => [t, i]))
  // Scores derived lazily per term and BM25 parameters: a question reads a handful of terms.
  const cache = new Map<string, Map<string, ReadonlyArray<FieldPostings | undefined>>>()

  function fieldPostings(term: string, p: Bm25Params): ReadonlyArray<FieldPostings | undefined> {
    const key = `${p.k} ${p.b} ${p.d}`
    let byTerm = cache.get(key)
    if (!byTerm) cache.set(key, (byTerm = new Map()))
    let out = byTerm.get(term)
    if (out) return out
    const t = termId.get(term)
    // Not cached: every word a question brings that the corpus lacks would stay until the next
    // reload, and a client sending random words could grow the heap without bound.
    if (t === undefined) return NO_POSTINGS
    out = fields.map((_, f) => {
      const from = start[f]![t]!
      const to = start[f]![t + 1]!
      if (from === to) return undefined
      const ids = docs[f]!.subarray(from, to)
      const raw = new Float64Array(ids.length)
      let max = 0
      ids.forEach((id, i) => {
        raw[i] = bm25Score(freqs[f]![from + i]!, to - from, n, fieldLength[id * fields.length + f]!, avgFieldLength[f]!, p)
        if (raw[i]! > max) max = raw[i]!
      })
      return { docs: ids, raw, max }
    })
    byTerm.set(term, out)
    return out
  }

  function termLists(r: TopKRequest): TermLists[] {
    return r.terms.map((term, i) => {
      const lists = fieldPostings(term, r.bm25).flatMap((postings, field) =>
        postings ? [{ field, boost: r.fieldBoosts[fields[field]!] || 1, postings }] : [],
      )
      const bound = lists.reduce((s, l) => s + 1 * r.termBoosts[i]! * l.boost * 1 * l.postings.max, 0) * (1 + SLACK)
      return { lists, bound }
    })
  }

  const scratch: Scratch = { acc: new Float64Array(n), count: new Uint8Array(n), mark: new Int32Array(n) }
  return {
    cachedTerms: () => [...cache.values()].reduce((sum, byTerm) => sum + byTerm.size, 0),
    topK(r) {
      const terms = termLists(r)
      const order = terms.map((_, i) => i).sort((a, b) => terms[b]!.bound - terms[a]!.bound || a - b)
      const { touched, next } = accumulate(terms, order, r, scratch)
      try {
        const survivors = probeRest(terms, order, next, r, touched, scratch)
        return exactTop(terms, r, survivors)
      } finally {
        for (const id of touched) {
          scratch.acc[id] = 0
          scratch.count[id] = 0
          scratch.mark[id] = 0
        }
      }
    },
  }
}

/** Per-paragraph accumulators, reused across questions (a question resets what it touched). */
interface Scratch {
  acc: Float64Array
  count: Uint8Array
  mark: Int32Array
}

/** The k-th largest value of `values` (0 when fewer), by a bounded min-heap. */
function kthLargest(values: Iterable<number>, k: number): number {
  const heap: number[] = []
  for (const v of values) {
    if (heap.length < k) {
      heap.push(v)
      let i = heap.length - 1
      while (i > 0 && heap[(i - 1) >> 1]! > heap[i]!) {
        const p = (i - 1) >> 1
        ;[heap[p], heap[i]] = [heap[i]!, heap[p]!]
        i = p
      }
    } else if (v > heap[0]!) {
      heap[0] = v
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const rr = l + 1
        let m = i
        if (l < heap.length && heap[l]! < heap[m]!) m = l
        if (rr < heap.length && heap[rr]! < heap[m]!) m = rr
        if (m === i) break
        ;[heap[m], heap[i]] = [heap[i]!, heap[m]!]
        i = m
      }
    }
  }
  return heap.length < k ? 0 : heap[0]!
}

const lowerBounds = (ids: number[], s: Scratch) => ids.map((id) => s.acc[id]! * s.count[id]!)

/**
 * Walks whole postings, most contributing terms first, while a paragraph outside the accumulator
 * could still make the top k. Returns the paragraphs touched and the first term not walked.
 */
function accumulate(terms: TermLists[], order: number[], r: TopKRequest, s: Scratch): { touched: number[]; next: number } {
  let rest = terms.reduce((sum, t) => sum + t.bound, 0)
  const touched: number[] = []
  // The best lower bound so far caps the k-th: while the remaining terms could beat it, the
  // k-th need not be computed.
  let best = 0
  for (let step = 0; step < order.length; step++) {
    const i = order[step]!
    const t = terms[i]!
    for (const { boost, postings } of t.lists) {
      const { docs, raw } = postings
      const weight = 1 * r.termBoosts[i]! * boost
      for (let j = 0; j < docs.length; j++) {
        const id = docs[j]!
        if (r.allowed && !r.allowed(id)) continue
        if (s.mark[id] !== step + 1) {
          if (s.count[id] === 0) touched.push(id)
          s.mark[id] = step + 1
          s.count[id]!++
        }
        const score = (s.acc[id]! += weight * 1 * raw[j]!)
        if (score * s.count[id]! > best) best = score * s.count[id]!
      }
    }
    rest -= t.bound
    const remaining = order.length - step - 1
    // A paragraph matching only the remaining terms scores at most their bounds × their number.
    const cap = rest * remaining
    if (remaining > 0 && touched.length >= r.k && cap < best * (1 - SLACK) && cap < kthLargest(lowerBounds(touched, s), r.k) * (1 - SLACK))
      return { touched, next: step + 1 }
  }
  return { touched, next: order.length }
}

/**
 * Adds the terms not walked to the paragraphs that can still make the top k, by binary search in
 * their postings, dropping those whose bound falls below the k-th best as terms are added.
 */
function probeRest(terms: TermLists[], order: number[], next: number, r: TopKRequest, touched: number[], s: Scratch): number[] {
  let rest = 0
  for (let step = next; step < order.length; step++) rest += terms[order[step]!]!.bound
  let remaining = order.length - next
  let survivors = touched
  for (let step = next; step <= order.length; step++) {
    const theta = kthLargest(lowerBounds(survivors, s), r.k) * (1 - SLACK)
    survivors = survivors.filter((id) => (s.acc[id]! + rest) * (s.count[id]! + remaining) >= theta)
    if (step === order.length) break
    // In id order (sorted once, after the first cut: fewer to sort), so that each term's postings
    // are searched forward from the last survivor's place (galloping) instead of from the start
    // for every survivor. A typed array sorts numerically.
    if (step === next) survivors = Array.from(Int32Array.from(survivors).sort())
    const i = order[step]!
    const cursors = terms[i]!.lists.map(() => 0)
    for (const id of survivors) {
      const c = contributionFrom(terms[i]!, r.termBoosts[i]!, id, cursors)
      if (c > 0) {
        s.acc[id]! += c
        s.count[id]!++
      }
    }
    rest -= terms[i]!.bound
    remaining--
  }
  return survivors
}

/**
 * The survivors' scores recomputed in MiniSearch's order of additions (query terms, then fields),
 * so that they are the same floats, sorted as MiniSearch sorts: by score, ties in the order it
 * first met each paragraph (its first term, then that term's first field, then id).
 */
function exactTop(terms: TermLists[], r: TopKRequest, survivors: number[]): Candidate[] {
  const scored = survivors.map((id) => {
    let score = 0
    let matched = 0
    let key = Infinity
    terms.forEach((t, i) => {
      let termScore = 0
      let found = false
      for (const { field, boost, postings } of t.lists) {
        const at = seek(postings.docs, 0, id)
        if (at < postings.docs.length && postings.docs[at] === id) {
          termScore += 1 * r.termBoosts[i]! * boost * 1 * postings.raw[at]!
          if (!found) key = Math.min(key, i * 4 + field)
          found = true
        }
      }
      if (found) {
        score += termScore
        matched++
      }
    })
    return { id, score: score * matched, key }
  })
  return scored
    .sort((a, b) => b.score - a.score || a.key - b.key || a.id - b.id)
    .slice(0, r.k)
    .map(({ id, score }) => ({ id, score }))
}
