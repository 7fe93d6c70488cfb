import type { Alternative, Concept } from './types.ts'
import { fold, termOf } from './analyze.ts'
import { acronymClasses, type AcronymDefinition } from './acronyms.ts'
import { englishKey } from './english.ts'
import type { Lexicon, ParaphraseEntry } from './lexicon.ts'
import { createPhraseDictionary, type PhraseDictionary } from './phrases.ts'
import { createSpeller, type Speller } from './speller.ts'
import { createFamilies } from './families.ts'
import { createPivot } from './pivot.ts'
import { type BridgeLookup, createBridgeLookup } from './bridge.ts'
import type { QueryOptions, QueryVocabulary } from './query.ts'

/** A thesaurus group or an acronym class: every way to say one idea. */
export type Group = Array<{ terms: string[]; display: string; kind: 'synonym' | 'acronym' }>

/** What the French, English and follow-up parts of the parser share. */
export interface ParserContext {
  vocabulary: QueryVocabulary
  o: QueryOptions
  /** Thesaurus groups and acronym classes, by the analysed terms of each of their forms. */
  french: PhraseDictionary<Group>
  /** Glossary entries and acronym classes, by English keys. */
  english: PhraseDictionary<{ en: string; fr: string[] } | Group>
  /** English keys of the glossary, with how many entries use each. */
  englishVocabulary: Map<string, number>
  englishSpeller: Speller
  termsOf(text: string): string[]
  /** Whether the corpus has the index term. */
  known(term: string): boolean
  /** A folded corpus word as the corpus writes it (« reduction » → « réduction »). */
  shown(word: string): string
  /** Whether every word of a phrase is a word the corpus writes: only those are shown to users. */
  corpusWording(display: string): boolean
  /** French synonyms of a single term through the English glossary. */
  pivot(term: string): Alternative[]
  /** Renderings from the vocabulary bridge (data/bridge.json). */
  bridge: BridgeLookup
  /** Phrase-level paraphrases (data/paraphrases.json), matched by the French parser. */
  paraphrases: readonly ParaphraseEntry[]
  groupConcept(label: string, group: Group, matched: string): Concept
  /** A single word: itself if the corpus knows it, else its closest corpus word, else unknown. */
  wordConcept(surface: string, term: string, corrections: Map<string, string>, key?: boolean): Concept
}

/** Builds the dictionaries and the word-level concept makers from the vocabulary and the lexicon. */
export function createParserContext(
  vocabulary: QueryVocabulary,
  lexicon: Lexicon,
  definitions: AcronymDefinition[],
  o: QueryOptions,
): ParserContext {
  const termsOf = (s: string) => o.analyzer(s).map((t) => t.term)
  const french: PhraseDictionary<Group> = createPhraseDictionary()
  const english: PhraseDictionary<{ en: string; fr: string[] } | Group> = createPhraseDictionary()
  const addGroup = (names: string[], kind: 'synonym' | 'acronym') => {
    const group: Group = names.map((n) => ({ terms: termsOf(n), display: n, kind })).filter((g) => g.terms.length > 0)
    for (const g of group) french.add(g.terms, group)
    // French synonyms are no English: « pays » must not answer "pay".
    if (kind === 'acronym') for (const n of names) english.add(n.split(/[\s-]+/).map(englishKey), group)
  }
  for (const g of lexicon.thesaurus) addGroup(g.terms, 'synonym')
  for (const c of acronymClasses(definitions, lexicon.acronyms)) addGroup(c, 'acronym')
  const englishVocabulary = new Map<string, number>()
  for (const e of lexicon.glossary) {
    const keys = e.en.split(/\s+/).map(englishKey)
    english.add(keys, e)
    for (const k of keys) englishVocabulary.set(k, (englishVocabulary.get(k) ?? 0) + 1)
  }
  const corpusWording = (display: string) =>
    display
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean)
      .every((w) => vocabulary.words.has(fold(w)))
  const base = {
    vocabulary,
    o,
    french,
    english,
    englishVocabulary,
    englishSpeller: createSpeller(englishVocabulary),
    termsOf,
    known: (term: string) => vocabulary.df.has(term),
    shown: (word: string) => vocabulary.spelling.get(word) ?? word,
    corpusWording,
    pivot: createPivot(lexicon.glossary, vocabulary.df, vocabulary.entries.length, termsOf, o.pivot),
    bridge: createBridgeLookup(lexicon.bridge, termsOf, termOf, o.bridge),
    paraphrases: lexicon.paraphrases ?? [],
  }
  return { ...base, ...createConceptMakers(base) }
}

function createConceptMakers(
  ctx: Omit<ParserContext, 'groupConcept' | 'wordConcept'>,
): Pick<ParserContext, 'groupConcept' | 'wordConcept'> {
  const { vocabulary, o, shown, known } = ctx
  const speller = createSpeller(vocabulary.words)
  const families = createFamilies(vocabulary.words, vocabulary.termOfWord, o.families)

  function groupConcept(label: string, group: Group, matched: string): Concept {
    const alternatives = group.map((g): Alternative => {
      const own = g.terms.join(' ') === matched
      const weight = own ? 1 : g.kind === 'acronym' ? o.acronymWeight : o.synonymWeight
      // « pognon », « boulot »: searched for the user, never shown as a term the corpus uses.
      return own || ctx.corpusWording(g.display)
        ? { terms: g.terms, display: g.display, weight }
        : { terms: g.terms, display: g.display, weight, displayable: false }
    })
    return { label, alternatives: distinct(alternatives) }
  }

  /** A number, or a capitalised word the corpus never writes in lowercase (a name). */
  const isKey = (surface: string) =>
    /\d/.test(surface) || (surface[0] !== surface[0]?.toLowerCase() && !vocabulary.lowercase.has(fold(surface.toLowerCase())))

  function wordConcept(surface: string, term: string, corrections: Map<string, string>, key = isKey(surface)): Concept {
    const folded = fold(surface.toLowerCase())
    // The same idea said with another word of its family (« réduire » for « la réduction »).
    const withFamily = (own: string, display: string, weight: number): Alternative[] => [
      { terms: [own], display, weight },
      ...families.relatives(folded, own).map((r) => ({ terms: [r.term], display: shown(r.word), weight: weight * o.familyWeight })),
    ]
    if (known(term)) return { label: surface, alternatives: withFamily(term, surface, 1), key }
    // Typed without accents (« duree »): the stem differs, but the corpus knows the word.
    const unaccented = vocabulary.termOfWord.get(folded)
    if (unaccented !== undefined) return { label: surface, alternatives: withFamily(unaccented, surface, 1), key }
    const suggestion = speller.suggest(surface)
    const corrected = suggestion === undefined ? undefined : vocabulary.termOfWord.get(suggestion)
    if (suggestion !== undefined && corrected !== undefined) {
      corrections.set(surface, vocabulary.spelling.get(suggestion) ?? suggestion)
      return { label: surface, alternatives: [{ terms: [corrected], display: suggestion, weight: o.correctionWeight }], key }
    }
    // An unseen form of a corpus family (« freinent » where the corpus says « freiner »); after the
    // speller, since a near-miss spelling (« developement ») is a typo more often than a new word.
    const relatives = families.relatives(folded, term)
    if (relatives.length > 0)
      return {
        label: surface,
        alternatives: relatives.map((r) => ({ terms: [r.term], display: shown(r.word), weight: o.familyWeight })),
        key,
      }
    // An unknown name or number is decisive (« Schengen », « 2024 »); an unknown lowercase French
    // word may just be the user's own vocabulary (« muscler »), so it only lowers coverage.
    return { label: surface, alternatives: [{ terms: [term], display: surface, weight: 1 }], unknown: true, key }
  }

  return { groupConcept, wordConcept }
}

/** One alternative per distinct term sequence, at its highest weight. */
export function distinct(alternatives: Alternative[]): Alternative[] {
  const byTerms = new Map<string, Alternative>()
  for (const a of alternatives) {
    const key = a.terms.join(' ')
    const seen = byTerms.get(key)
    if (a.terms.length > 0 && (!seen || a.weight > seen.weight)) byTerms.set(key, a)
  }
  return [...byTerms.values()]
}
