import { stemmer } from '@orama/stemmers/french'
import { LRUCache } from 'lru-cache'
import type { Analyzer, Token } from './types.ts'
import { ELISIONS, FRENCH_STOPWORDS } from './stopwords.ts'

/**
 * French analysis shared by the index and the query: the same function on both sides is what
 * makes a question's « transferts » meet the corpus's « transfert ».
 *
 * A word run is letters/digits joined by hyphens or apostrophes; numbers keep their inner
 * separators (« 61/208 », « 1,1 ») and a following « % ».
 */
const WORD = /\d+(?:[.,/]\d+)*(?:\s?%)?|[\p{L}\p{N}]+(?:[-‐‑'’][\p{L}\p{N}]+)*/gu
const APOSTROPHE = /['’]/
const HYPHEN = /[-‐‑]/

const ASCII = /^[\x00-\x7f]*$/

/** Removes accents and expands ligatures; applied after stemming, which expects real French. */
export function fold(s: string): string {
  // Most words of questions and of the corpus are plain ASCII, which NFD and the replacements
  // below leave as they are: skipping them took fold off the engine's CPU profile (3 % of it).
  if (ASCII.test(s)) return s
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/Œ/g, 'OE').replace(/Æ/g, 'AE')
}

// Stemming and folding dominate indexing time; the corpus has a few thousand distinct word forms,
// so each lowercase form is processed once: its term, or false for a function word. Questions bring
// words of their own, any number of them: the cache is an LRU bounded at TERM_CACHE_SIZE forms
// (a few MB), so random words cannot grow the heap without limit (issue 11).
const TERM_CACHE_SIZE = 50_000
const termCache = new LRUCache<string, string | false>({ max: TERM_CACHE_SIZE })

function cachedTerm(word: string): string | null {
  const lower = word.toLowerCase()
  let t = termCache.get(lower)
  if (t === undefined) {
    const f = fold(lower)
    if (FRENCH_STOPWORDS.has(f) || (f.length === 1 && !/\d/.test(f))) t = false
    else t = /\d/.test(lower) ? f.replace(/\s/g, '') : fold(stemmer(lower))
    termCache.set(lower, t)
  }
  return t === false ? null : t
}

/** Word forms held by the term cache, for tests and the attack script. */
export function termCacheSize(): number {
  return termCache.size
}

/** The index term of one word form (no stopword check): lowercase, Snowball stem, fold. */
export function termOf(word: string): string {
  const lower = word.toLowerCase()
  return cachedTerm(lower) ?? (/\d/.test(lower) ? fold(lower).replace(/\s/g, '') : fold(stemmer(lower)))
}

/** True for a function word or a lone letter (« l », « s » of "IOM's"), which are not indexed. */
export function isStopword(word: string): boolean {
  return cachedTerm(word) === null
}

/**
 * Tokens of one word without hyphens: strips a leading elision (« l’ », « qu’ »); any other
 * apostrophe (« IOM's ») splits the word unless the whole is a function word (« aujourd’hui »).
 */
function wordTokens(text: string, start: number, end: number): Token[] {
  let s = start
  const surface = text.slice(start, end)
  const m = APOSTROPHE.exec(surface)
  if (m && ELISIONS.has(fold(surface.slice(0, m.index).toLowerCase()))) s = start + m.index + 1
  const word = text.slice(s, end)
  if (!word || isStopword(word.replace(/’/g, "'"))) return []
  const inner = APOSTROPHE.exec(word)
  if (inner) {
    const cut = s + inner.index
    return [...wordTokens(text, s, cut), ...wordTokens(text, cut + 1, end)]
  }
  return [{ term: cachedTerm(word)!, surface: word, start: s, end }]
}

/**
 * Tokens of `text` in reading order. A hyphenated compound (« main-d’œuvre », « Etats-Unis »)
 * yields the whole compound first, then each part, so that a search on either finds it.
 */
export const analyze: Analyzer = (text) => {
  const tokens: Token[] = []
  for (const m of text.matchAll(WORD)) {
    const start = m.index
    const end = start + m[0].length
    if (!HYPHEN.test(m[0]) || /^\d/.test(m[0])) {
      tokens.push(...wordTokens(text, start, end))
      continue
    }
    const parts: Token[] = []
    let s = start
    for (const piece of m[0].split(HYPHEN)) {
      parts.push(...wordTokens(text, s, s + piece.length))
      s += piece.length + 1
    }
    const first = parts[0]
    if (first && parts.length > 1) {
      // The compound starts where its first kept word does, after any elision (« l’après-guerre »).
      tokens.push({ term: parts.map((p) => p.term).join('-'), surface: text.slice(first.start, end), start: first.start, end })
    }
    tokens.push(...parts)
  }
  return tokens
}
