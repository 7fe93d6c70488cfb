import { fold, isStopword } from './analyze.ts'
import type { AcronymEntry } from './lexicon.ts'
import { ELISIONS } from './stopwords.ts'

/** An acronym and the long form it stands for, as the corpus defines it. */
export interface AcronymDefinition {
  short: string
  long: string
}

export interface AcronymOptions {
  /** How many words before « (XYZ) » may hold the long form. Defaults to 14. */
  maxWords: number
}

export const DEFAULT_ACRONYM_OPTIONS: AcronymOptions = { maxWords: 14 }

// « … (CMMI) »: 2–8 letters, mostly capitals (« PNUD », « ONUDC »; not « (Mexique) »).
const DEFINITION = /\(([A-Z][A-Za-z]{1,7})\)/g
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)?/gu

/**
 * Finds « Long form (ACRONYM) » definitions: walking back from the parenthesis, the nearest
 * run of words whose first word starts with the acronym's first letter and whose content-word
 * initials contain the acronym's letters in order. Acronyms whose letters do not follow the
 * French words (« DESA », « BIRD ») are left to the acronym table.
 */
export function extractAcronyms(text: string, options: Partial<AcronymOptions> = {}): AcronymDefinition[] {
  const { maxWords } = { ...DEFAULT_ACRONYM_OPTIONS, ...options }
  const found: AcronymDefinition[] = []
  for (const m of text.matchAll(DEFINITION)) {
    const short = m[1]!
    if ((short.match(/[A-Z]/g)?.length ?? 0) < Math.max(2, short.length - 1)) continue
    // The long form lies within the same clause: never reach back past punctuation.
    const window = text.slice(Math.max(0, m.index - 200), m.index)
    const before = window.slice(Math.max(...[...'.;:()[]'].map((c) => window.lastIndexOf(c))) + 1)
    const words = [...before.matchAll(WORD)]
      .map((w) => {
        const prefix = /^(\p{L}{1,6})['’]/u.exec(w[0])
        const elided = prefix && ELISIONS.has(prefix[1]!.toLowerCase()) ? prefix[0].length : 0
        return { word: w[0].slice(elided), at: w.index + elided }
      })
      .slice(-maxWords)
    const letters = fold(short.toLowerCase())
    for (let i = words.length - 1; i >= 0; i--) {
      const first = words[i]!
      // A word in capitals is a heading run into the text (« INTRODUCTION Le Dialogue … »).
      if (/^\p{Lu}{4,}$/u.test(first.word)) break
      if (fold(first.word[0]!.toLowerCase()) !== letters[0] || isStopword(first.word)) continue
      const initials = words
        .slice(i)
        .filter((w) => !isStopword(w.word))
        .map((w) => fold(w.word[0]!.toLowerCase()))
      let k = 0
      for (const c of initials) if (c === letters[k]) k++
      if (k === letters.length && initials.length <= letters.length + 2) {
        found.push({ short, long: before.slice(first.at).replace(/\s+/g, ' ').trim() })
        break
      }
    }
  }
  return found
}

/**
 * Equivalence classes of names: each class lists every way to write one organisation or
 * process (« OIM », « IOM », « Organisation internationale pour les migrations »), merging the
 * corpus's own definitions with the hand-written table.
 */
export function acronymClasses(definitions: AcronymDefinition[], table: AcronymEntry[]): string[][] {
  const classes: Array<Set<string>> = []
  const classOf = new Map<string, Set<string>>()
  const key = (s: string) => fold(s.toLowerCase()).replace(/['’]/g, "'").replace(/\s+/g, ' ').trim()
  const add = (names: string[]) => {
    const existing = names.map((n) => classOf.get(key(n))).find((c) => c !== undefined)
    const target = existing ?? new Set<string>()
    if (!existing) classes.push(target)
    for (const n of names) {
      target.add(n)
      classOf.set(key(n), target)
    }
  }
  for (const e of table) add([...e.forms, ...(e.fr ? [e.fr] : []), ...(e.en ? [e.en] : [])])
  for (const d of definitions) add([d.short, d.long])
  return classes.map((c) => [...c])
}
