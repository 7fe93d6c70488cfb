// What the bridge's filters ask of the corpus: which terms and phrases it uses, how often, together.
import { analyze, fold } from '../../server/analysis/analyze.ts'
import type { Corpus } from '../../server/corpus/types.ts'

export interface CorpusStats {
  paragraphs: number
  /** Analysed term → ids of the paragraphs holding it. */
  postings: Map<string, Set<number>>
  /** Analysed term sequences of 2–5 terms (joined by spaces) → occurrences. */
  phrases: Map<string, number>
  /** Folded word → occurrences. */
  words: Map<string, number>
}

const MAX_PHRASE = 5

export function corpusStats(corpus: Corpus): CorpusStats {
  const postings = new Map<string, Set<number>>()
  const phrases = new Map<string, number>()
  const words = new Map<string, number>()
  let id = 0
  for (const d of corpus.documents)
    for (const p of d.paragraphs) {
      // What the index searches: headings and captions are not paragraphs of their own.
      if (p.kind === 'heading' || p.kind === 'caption') continue
      const tokens = analyze(p.text).filter((t) => !t.term.includes('-'))
      for (const t of tokens) {
        const set = postings.get(t.term) ?? new Set<number>()
        set.add(id)
        postings.set(t.term, set)
        const w = fold(t.surface.toLowerCase())
        words.set(w, (words.get(w) ?? 0) + 1)
      }
      for (let i = 0; i < tokens.length; i++)
        for (let n = 2; n <= MAX_PHRASE && i + n <= tokens.length; n++) {
          const key = tokens
            .slice(i, i + n)
            .map((t) => t.term)
            .join(' ')
          phrases.set(key, (phrases.get(key) ?? 0) + 1)
        }
      id++
    }
  return { paragraphs: id, postings, phrases, words }
}

/** How often the corpus says the analysed phrase (a single term: in how many paragraphs). */
export function phraseCount(stats: CorpusStats, terms: string[]): number {
  if (terms.length === 0) return 0
  if (terms.length === 1) return stats.postings.get(terms[0]!)?.size ?? 0
  return stats.phrases.get(terms.join(' ')) ?? 0
}

/** Paragraphs holding every term (a phrase's terms need not be adjacent). */
export function paragraphsWith(stats: CorpusStats, terms: string[]): Set<number> {
  let out: Set<number> | undefined
  for (const t of terms) {
    const ps = stats.postings.get(t) ?? new Set<number>()
    out = out ? new Set([...out].filter((p) => ps.has(p))) : new Set(ps)
  }
  return out ?? new Set()
}
