import nlp from 'compromise'
import { fold } from './analyze.ts'

/**
 * The key under which an English word is looked up in the glossary: lowercase, folded, plural
 * and possessive removed. compromise has already put nouns in the singular and verbs in the
 * infinitive; this catches what it leaves inside noun phrases ("health workers").
 */
export function englishKey(word: string): string {
  const w = fold(word.toLowerCase()).replace(/['’]s$/, '')
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1)
  return w
}

/** Parts of speech that never carry the subject of a question; general verbs go too. */
const SKIPPED_TAGS = [
  'Preposition',
  'Determiner',
  'Conjunction',
  'Pronoun',
  'QuestionWord',
  'Auxiliary',
  'Copula',
  'Adverb',
  'Modal',
  'Verb',
]

export interface EnglishWord {
  /** Glossary lookup key of the root form (see `englishKey`). */
  key: string
  /** Lookup keys to try, root first, then the word as written ("smuggle", "smuggling"). */
  keys: string[]
  /** Function word, adverb or verb: searched only as part of a glossary phrase ("send money"). */
  minor: boolean
  /** A name or a number ("Germany", "2015"). */
  proper: boolean
  /** A noun ("weather"): unlike an adjective ("joint", "same"), it can be the subject of the question. */
  noun: boolean
}

const PROPER_TAGS = ['ProperNoun', 'Place', 'Organization', 'Person', 'Value', 'Acronym']

// compromise's own word list: its context tagger calls "covering" or "less" a noun in a short
// question, its lexicon knows better.
const LEXICON = (nlp.model() as { one: { lexicon: Record<string, string> } }).one.lexicon
const NOT_NOUNS = new Set(['Gerund', 'Adjective', 'Comparative', 'Superlative', 'Uncountable', 'Adverb', 'Preposition', 'Conjunction'])

// compromise's default pipeline without its last stages: the post-tagger's sentence-level
// corrections and the chunker cost two thirds of the time (≈0.5 → ≈0.16 ms a question) and change
// nothing the glossary lookup uses (measured on the eval set: the same English results).
const TAGGING = (nlp.world() as { hooks: string[] }).hooks
  .filter((h) => h !== 'postTagger' && h !== 'chunks' && h !== 'tokenize')
  .concat('root')

/**
 * An English question as glossary keys: compromise's root view gives singular nouns and
 * infinitive verbs ("sending remittances" → "send remittance") at a fraction of the cost of
 * nouns().toSingular() + verbs().toInfinitive() (≈0.3 ms against ≈4 ms), and its tags tell
 * content words from the rest.
 */
export function englishWords(question: string): EnglishWord[] {
  const doc = nlp.tokenize(question)
  doc.compute(TAGGING)
  const words: EnglishWord[] = []
  for (const sentence of doc.docs)
    for (const term of sentence as Array<(typeof sentence)[number] & { root?: string }>) {
      const split = (s: string) => s.match(/[\p{L}\p{N}]+(?:[.,'’-][\p{L}\p{N}]+)*/gu) ?? []
      const roots = split(term.root || term.normal || '')
      const normals = split(term.normal || '')
      const minor = SKIPPED_TAGS.some((t) => term.tags?.has(t))
      const proper = PROPER_TAGS.some((t) => term.tags?.has(t))
      const noun = (term.tags?.has('Noun') ?? false) && !NOT_NOUNS.has(LEXICON[term.normal ?? ''] ?? '')
      roots.forEach((piece, k) => {
        const key = englishKey(piece)
        const written = normals.length === roots.length ? englishKey(normals[k]!) : key
        words.push({ key, keys: written === key ? [key] : [key, written], minor, proper, noun })
      })
    }
  return words
}

/** English endings and the French endings they usually become in a cognate ("-ty" → « -té »). */
const COGNATE_ENDINGS: ReadonlyArray<readonly [string, string[]]> = [
  ['ical', ['ique']],
  ['ic', ['ique']],
  ['ive', ['if', 'ive']],
  ['ity', ['ite']],
  ['ty', ['te']],
  ['ize', ['iser']],
  ['ise', ['iser']],
  ['or', ['eur']],
  ['ous', ['eux']],
  ['al', ['el']],
  ['ist', ['iste']],
  ['ism', ['isme']],
  ['y', ['ie']],
]

/**
 * French forms an English word may have as a cognate, folded ("strategy" → « strategie »,
 * "economic" → « economique », "legislative" → « legislatif »), the word itself first
 * ("integration", "diaspora", "coherence"). Whether the corpus uses any is for the caller to check.
 */
export function frenchCognates(key: string): string[] {
  const forms = [key]
  for (const [en, frs] of COGNATE_ENDINGS)
    if (key.endsWith(en) && key.length - en.length >= 3) {
      for (const fr of frs) forms.push(key.slice(0, -en.length) + fr)
      break
    }
  return forms
}
