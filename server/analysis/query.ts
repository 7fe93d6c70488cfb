import type { AskContextTurn } from '../protocol/types.ts'
import type { Alternative, AnswerType, Concept, ParsedQuery, Token } from './types.ts'
import { analyze, fold, termOf } from './analyze.ts'
import { acronymClasses, type AcronymDefinition } from './acronyms.ts'
import { englishKey, englishWords, frenchCognates } from './english.ts'
import { detectLanguage, ENGLISH_FUNCTION_WORDS } from './language.ts'
import type { Lexicon } from './lexicon.ts'
import { createPhraseDictionary, type PhraseDictionary } from './phrases.ts'
import { createSpeller } from './speller.ts'
import { createFamilies, type FamilyOptions } from './families.ts'
import { createPivot, type PivotOptions } from './pivot.ts'

export const DEFAULT_QUERY_OPTIONS = {
  /** Weight of a thesaurus synonym against the user's own word. Defaults to 0.6. */
  synonymWeight: 0.6,
  /** Weight of another name of the same organisation (« OIM » for « IOM »). Defaults to 0.9. */
  acronymWeight: 0.9,
  /** Weight of a spelling correction. Defaults to 0.8. */
  correctionWeight: 0.8,
  /**
   * Weight of another word of the same derivational family (« réduction » for « réduire »).
   * Defaults to 0.6.
   */
  familyWeight: 0.6,
  /** Weight of the French word an English word is a cognate of ("coherence" → « cohérence »). Defaults to 0.9. */
  cognateWeight: 0.9,
  /** Weight lost by each further French rendering of a glossary entry. Defaults to 0.05. */
  renderingDecay: 0.05,
  /** Occurrences that make a corpus word French evidence for language detection. Defaults to 3. */
  frenchMinCount: 3,
  /** How many previous questions a chain of follow-ups may reach back. Defaults to 3. */
  maxContextDepth: 3,
  /** Derivational families. Defaults to DEFAULT_FAMILY_OPTIONS. */
  families: {} as FamilyOptions,
  /** French synonyms through the English glossary. Defaults to DEFAULT_PIVOT_OPTIONS. */
  pivot: {} as PivotOptions,
}

export type QueryOptions = Partial<typeof DEFAULT_QUERY_OPTIONS>

/** Question boilerplate (folded): words about asking, not about the subject. */
export const FRENCH_BOILERPLATE: ReadonlySet<string> = new Set(
  `selon document documents texte textes corpus dit dire disent explique expliquer mentionne
  mentionnent evoque evoquent parle parlent parler indique indiquent comment pourquoi combien
  quoi quel quelle quels quelles est-ce qu'est-ce existe existe-t-il y-a-t-il peut-on sait-on
  consiste entend entend-on savoir cite citer donne donner dites est sont peut peuvent faut
  doit doivent fait font faire depuis quand notamment mieux bien aussi eux apres eu`.split(/\s+/).filter(Boolean),
)

/**
 * The same for English, as glossary keys: "doe" is "does" once `englishKey` drops the -s; "us"
 * is left out, it may be the US.
 */
export const ENGLISH_BOILERPLATE: ReadonlySet<string> = new Set(
  `what which how why who when where do doe say said tell me document text corpus according
  explain describe mention give list there mean the is are be`.split(/\s+/).filter(Boolean),
)

const FOLLOW_UP = /^\s*(?:et\b|and\b|what about\b|how about\b|qu['’]en est-il\b|same\b|idem\b)/i
// A pronoun or demonstrative that points back (« ces visas », "did it look at") marks a follow-up
// only in a short question: a question with its own topic stands alone even if it says "this".
const ANAPHORA = /(?<![\p{L}-])(?:it|its|they|them|their|those|these|the latter|ces|cette|cet|ceux-ci|celles-ci|celui-ci|celle-ci|ce dernier|ces derniers|ils|elles)(?![\p{L}-])/iu

/** Question words that say what kind of answer is wanted; the words themselves are boilerplate. */
export const ANSWER_TYPE_CUES: ReadonlyArray<[AnswerType, RegExp]> = [
  ['date', /(?<![\p{L}])(?:quand|en quelle année|à quelle date|when|what year|which year)(?![\p{L}])/iu],
  ['number', /(?<![\p{L}])(?:combien|quel nombre|quelle proportion|quel pourcentage|how many|how much|what share|what proportion|what percentage)(?![\p{L}])/iu],
  // « qui » is also a relative pronoun (« les règles qui freinent »): only as the question word.
  ['person', /^\s*(?:qui|who|whom)(?![\p{L}])|(?<![\p{L}])(?:par qui|à qui|by whom)(?![\p{L}])/iu],
  ['place', /^\s*(?:où|where)(?![\p{L}])|(?<![\p{L}])(?:où et quand|quand et où|where and when|when and where)(?![\p{L}])/iu],
  ['definition', /(?<![\p{L}])(?:définition|définit|définir|qu['’]entend-on|que signifie|define|definition|what is meant)(?![\p{L}])/iu],
]

/** What the parser needs to know about the corpus (built by the index). */
export interface QueryVocabulary {
  /** term → number of paragraphs containing it. */
  df: ReadonlyMap<string, number>
  /** Folded lowercase word → occurrences in the corpus. */
  words: ReadonlyMap<string, number>
  /** Folded lowercase word → its index term. */
  termOfWord: ReadonlyMap<string, string>
  /** Folded words the corpus writes in lowercase somewhere (« eu », unlike « UE »). */
  lowercase: ReadonlySet<string>
  /** Folded word → the corpus's own spelling, for "did you mean". */
  spelling: ReadonlyMap<string, string>
}

type Group = Array<{ terms: string[]; display: string; kind: 'synonym' | 'acronym' }>

export interface QueryParser {
  parse(question: string, context?: AskContextTurn[]): ParsedQuery
}

/**
 * Query understanding: language detection, boilerplate removal, acronyms in both directions,
 * thesaurus synonyms (French) or glossary translation (English), spelling correction for words
 * the corpus does not know, and elliptical follow-ups resolved against the conversation.
 */
export function createQueryParser(
  vocabulary: QueryVocabulary,
  lexicon: Lexicon,
  definitions: AcronymDefinition[],
  options: QueryOptions = {},
): QueryParser {
  const o = { ...DEFAULT_QUERY_OPTIONS, ...options }
  const speller = createSpeller(vocabulary.words)
  const families = createFamilies(vocabulary.words, vocabulary.termOfWord, o.families)
  const termsOf = (s: string) => analyze(s).map((t) => t.term)
  const alt = (display: string, weight: number): Alternative => ({ terms: termsOf(display), display, weight })
  const pivot = createPivot(lexicon.glossary, vocabulary.df, termsOf, o.pivot)

  // French side: each thesaurus group and acronym class is reachable from any of its forms.
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
  const englishSpeller = createSpeller(englishVocabulary)
  const known = (term: string) => vocabulary.df.has(term)
  /** A folded corpus word as the corpus writes it (« reduction » → « réduction »). */
  const shown = (word: string) => vocabulary.spelling.get(word) ?? word

  function groupConcept(label: string, group: Group, matched: string): Concept {
    return {
      label,
      alternatives: distinct(
        group.map((g) => ({
          terms: g.terms,
          display: g.display,
          weight: g.terms.join(' ') === matched ? 1 : g.kind === 'acronym' ? o.acronymWeight : o.synonymWeight,
        })),
      ),
    }
  }

  /** A number, or a capitalised word the corpus never writes in lowercase (a name). */
  const isKey = (surface: string) =>
    /\d/.test(surface) || (surface[0] !== surface[0]?.toLowerCase() && !vocabulary.lowercase.has(fold(surface.toLowerCase())))

  /** A single word: itself if the corpus knows it, else its closest corpus word, else unknown. */
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
      return { label: surface, alternatives: relatives.map((r) => ({ terms: [r.term], display: shown(r.word), weight: o.familyWeight })), key }
    // An unknown name or number is decisive (« Schengen », « 2024 »); an unknown lowercase French
    // word may just be the user's own vocabulary (« muscler »), so it only lowers coverage.
    return { label: surface, alternatives: [{ terms: [term], display: surface, weight: 1 }], unknown: true, key }
  }

  /**
   * An English word the glossary lacks but French shares ("coherence", "strategy" → « stratégie »):
   * the corpus word it is a cognate of, if the corpus does not know the English form itself.
   */
  function cognateConcept(key: string, proper: boolean): Concept | undefined {
    if (known(termOf(key))) return undefined
    for (const form of frenchCognates(key)) {
      const term = vocabulary.termOfWord.get(form)
      if (term !== undefined)
        return { label: key, alternatives: [{ terms: [term], display: shown(form), weight: o.cognateWeight }], key: proper }
    }
    return undefined
  }

  function parseFrench(question: string, corrections: Map<string, string>): Concept[] {
    const all = analyze(question)
    const content = all.filter((t) => !FRENCH_BOILERPLATE.has(fold(t.surface.toLowerCase())))
    const tokens = content.length > 0 ? content : all
    const concepts: Concept[] = []
    // « eu » in « ont eu lieu » is not the EU: a lowercase word the corpus writes in lowercase
    // is taken as a word, not as an acronym.
    const matches = french
      .match(tokens.map((t) => t.term))
      .filter((m) => {
        const t = tokens[m.start]!
        const acronymOnly = m.end - m.start === 1 && m.value.every((g) => g.kind === 'acronym')
        return !acronymOnly || t.surface !== t.surface.toLowerCase() || !vocabulary.lowercase.has(fold(t.surface))
      })
    let i = 0
    const flushWords = (until: number) => {
      while (i < until) {
        const t = tokens[i]!
        // A compound (« main-d’œuvre ») is followed by its parts: one concept, two ways to match.
        const parts: Token[] = []
        while (t.term.includes('-') && i + 1 + parts.length < until && tokens[i + 1 + parts.length]!.end <= t.end)
          parts.push(tokens[i + 1 + parts.length]!)
        const c = wordConcept(t.surface, t.term, corrections)
        // Only a word the thesaurus left alone gets here; the user's word itself is searched as typed.
        const own = c.alternatives[0]
        if (!c.unknown && own?.weight === 1 && own.terms.length === 1)
          c.alternatives = distinct([...c.alternatives, ...pivot(own.terms[0]!)])
        if (parts.length > 0) {
          // An unseen compound of known words (« co-développement ») is known by its parts.
          c.alternatives.push({ terms: parts.map((p) => p.term), display: t.surface, weight: 1 })
          c.unknown = undefined
        }
        concepts.push(c)
        i += 1 + parts.length
      }
    }
    for (const m of matches) {
      flushWords(m.start)
      const first = tokens[m.start]!
      const last = tokens[m.end - 1]!
      concepts.push(groupConcept(question.slice(first.start, last.end), m.value, tokens.slice(m.start, m.end).map((t) => t.term).join(' ')))
      i = m.end
    }
    flushWords(tokens.length)
    return concepts
  }

  function parseEnglish(question: string, corrections: Map<string, string>): Concept[] {
    const words = englishWords(question).filter((w) => !ENGLISH_BOILERPLATE.has(w.key))
    const concepts: Concept[] = []
    const matches = english.match(words.map((w) => w.keys))
    const translated = (label: string, value: { en: string; fr: string[] } | Group, scale = 1): Concept => {
      if (Array.isArray(value)) {
        const c = groupConcept(label, value, '')
        for (const a of c.alternatives) a.weight = (a.weight === 1 ? 1 : o.acronymWeight) * scale
        return c
      }
      return { label, alternatives: distinct(value.fr.map((f, k) => alt(f, (1 - k * o.renderingDecay) * scale))) }
    }
    let i = 0
    const flush = (until: number) => {
      for (; i < until; i++) {
        const { key, minor, proper, noun } = words[i]!
        if (minor || ENGLISH_FUNCTION_WORDS.has(key)) continue
        // A word the glossary lacks may be French as well (« migration », « diaspora », « 2006 »).
        const fixed = vocabulary.words.has(key) ? undefined : englishSpeller.suggest(key)
        const entry = fixed === undefined ? undefined : english.match([fixed])[0]?.value
        if (fixed !== undefined && entry) {
          corrections.set(key, fixed)
          concepts.push(translated(fixed, entry, o.correctionWeight))
        } else {
          const c = cognateConcept(key, proper) ?? wordConcept(key, termOf(key), corrections, proper)
          // The glossary covers the field: an English noun neither it nor the corpus knows names
          // something off-topic ("weather"); an unknown adjective ("joint") only lowers coverage.
          if (c.unknown && noun) c.key = true
          concepts.push(c)
        }
      }
    }
    for (const m of matches) {
      flush(m.start)
      const c = translated(words.slice(m.start, m.end).map((w) => w.key).join(' '), m.value)
      // "Asia", "Brazil": a name stays a name once translated.
      if (m.end - m.start === 1 && words[m.start]!.proper && !Array.isArray(m.value)) c.key = true
      concepts.push(c)
      i = m.end
    }
    flush(words.length)
    return concepts
  }

  // Every ask from the chat carries the conversation, so merging it must be the exception: a
  // complete question ("What is brain drain?" after a question on remittances) stands alone.
  function isFollowUp(question: string, knownConcepts: number): boolean {
    return FOLLOW_UP.test(question) || knownConcepts === 0 || (knownConcepts <= 2 && ANAPHORA.test(question))
  }

  function parse(question: string, context: AskContextTurn[] = [], depth = 0): ParsedQuery {
    const corrections = new Map<string, string>()
    const language = detectLanguage(question, {
      isEnglish: (w) => englishVocabulary.has(englishKey(w)),
      // English names occur in the corpus once or twice (« Capacity Building Centre »).
      isFrench: (w) => (vocabulary.words.get(w) ?? 0) >= o.frenchMinCount,
    })
    const concepts = language === 'en' ? parseEnglish(question, corrections) : parseFrench(question, corrections)
    const parsed: ParsedQuery = { language, concepts }
    const asks = ANSWER_TYPE_CUES.filter(([, cue]) => cue.test(question)).map(([type]) => type)
    if (asks.length > 0) parsed.asks = asks
    if (corrections.size > 0) {
      let fixed = question
      for (const [from, to] of corrections) fixed = fixed.replace(new RegExp(`(?<![\\p{L}])${escape(from)}(?![\\p{L}])`, 'iu'), to)
      if (fixed !== question) {
        parsed.didYouMean = fixed
        parsed.corrections = [...corrections].map(([typed, corrected]) => ({ typed, corrected }))
      }
    }
    const previous = context[context.length - 1]
    const known = concepts.filter((c) => !c.unknown)
    if (previous && depth < o.maxContextDepth && isFollowUp(question, known.length)) {
      const before = parse(previous.question, context.slice(0, -1), depth + 1)
      // The follow-up replaces what it parallels: « et pour les pays d’origine ? » after « pays de
      // destination » (a shared word), "what about Asia?" after "Africa" (both names).
      const termsNow = new Set(concepts.flatMap((c) => c.alternatives.flatMap((a) => a.terms)))
      const keyNow = concepts.some((c) => c.key)
      const replaced = (c: Concept) => (keyNow && c.key) || c.alternatives.some((a) => a.terms.some((t) => termsNow.has(t)))
      for (const c of before.concepts) if (!c.unknown && !replaced(c)) concepts.push({ ...c, fromContext: true })
      parsed.understood = `${(before.understood ?? previous.question).trim()} — ${question.trim()}`
    }
    return parsed
  }

  return { parse: (question, context) => parse(question, context) }
}

/** One alternative per distinct term sequence, at its highest weight. */
function distinct(alternatives: Alternative[]): Alternative[] {
  const byTerms = new Map<string, Alternative>()
  for (const a of alternatives) {
    const key = a.terms.join(' ')
    const seen = byTerms.get(key)
    if (a.terms.length > 0 && (!seen || a.weight > seen.weight)) byTerms.set(key, a)
  }
  return [...byTerms.values()]
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The French terms shown as "searched": every alternative of every concept, once. */
export function searchedTerms(query: ParsedQuery): string[] {
  return [...new Set(query.concepts.flatMap((c) => c.alternatives.map((a) => a.display)))]
}
