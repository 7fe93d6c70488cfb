import { fold } from './analyze.ts'

export interface SpellerOptions {
  /** Words shorter than this are never corrected: short words have too many neighbours (« vient » → « visent »). Defaults to 6. */
  minLength: number
  /** Edit distance allowed for words of up to 7 letters; longer words allow one more. Defaults to 1. */
  maxDistance: number
}

export const DEFAULT_SPELLER_OPTIONS: SpellerOptions = { minLength: 6, maxDistance: 1 }

// Occurrences of all words, per vocabulary: summed once, since thresholds that are shares of the
// corpus (language evidence, "did you mean") read it for every question.
const totals = new WeakMap<ReadonlyMap<string, number>, number>()

/** How many words the corpus has in all, from its folded words' counts. */
export function totalWords(words: ReadonlyMap<string, number>): number {
  let total = totals.get(words)
  if (total === undefined) {
    total = 0
    for (const count of words.values()) total += count
    totals.set(words, total)
  }
  return total
}

export interface Speller {
  /** The closest known word (folded, lowercase) within the allowed distance, else undefined. */
  suggest(word: string): string | undefined
}

// Three rows of the distance table, reused across calls: a question may compare a word with
// hundreds of candidates, and fresh arrays for each made the garbage collector the latency tail.
let rows = [new Int32Array(32), new Int32Array(32), new Int32Array(32)]

/** Optimal string alignment distance (a transposition counts as one edit), abandoned past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  if (rows[0]!.length <= b.length) rows = rows.map(() => new Int32Array(2 * (b.length + 1)))
  let [prev2, prev, cur] = rows as [Int32Array, Int32Array, Int32Array]
  for (let j = 0; j <= b.length; j++) prev[j] = j
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1)
      cur[j] = d
      if (d < rowMin) rowMin = d
    }
    if (rowMin > max) return max + 1
    const free = prev2
    prev2 = prev
    prev = cur
    cur = free
  }
  return prev[b.length]!
}

/**
 * Spelling correction against a vocabulary of folded words with their frequencies. Candidates
 * share the first letter (or the first two letters swapped): typos rarely hit the first letter,
 * and the restriction keeps a lookup far below a millisecond.
 */
export function createSpeller(frequencies: ReadonlyMap<string, number>, options: Partial<SpellerOptions> = {}): Speller {
  const { minLength, maxDistance } = { ...DEFAULT_SPELLER_OPTIONS, ...options }
  // Candidates by first letter and length: a lookup visits only words that could be within
  // reach, not the whole vocabulary.
  const byFirstAndLength = new Map<string, string[]>()
  for (const w of frequencies.keys()) {
    const key = w[0]! + w.length
    const list = byFirstAndLength.get(key)
    if (list) list.push(w)
    else byFirstAndLength.set(key, [w])
  }
  return {
    suggest(word) {
      const w = fold(word.toLowerCase())
      if (w.length < minLength || /\d/.test(w)) return undefined
      const max = w.length > 7 ? maxDistance + 1 : maxDistance
      let best: string | undefined
      let bestDistance = Infinity
      let bestFrequency = 0
      const firsts = w[1] && w[1] !== w[0] ? [w[0]!, w[1]] : [w[0]!]
      for (const first of firsts)
        for (let length = w.length - max; length <= w.length + max; length++)
          for (const c of byFirstAndLength.get(first + length) ?? []) {
            // Abandoned past the best distance found so far: a farther word cannot win. Most
            // candidates are out of reach, and their frequency is not looked up.
            const d = editDistance(w, c, Math.min(max, bestDistance))
            if (d > max || d > bestDistance) continue
            const f = frequencies.get(c) ?? 0
            if (d < bestDistance || f > bestFrequency) {
              best = c
              bestDistance = d
              bestFrequency = f
            }
          }
      return best
    },
  }
}
