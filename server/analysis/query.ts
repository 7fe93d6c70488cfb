import type { AskContextTurn } from '../protocol/types.ts'
import type { Alternative, Analyzer, Concept, ParsedQuery } from './types.ts'
import { analyze } from './analyze.ts'
import type { AcronymDefinition } from './acronyms.ts'
import { englishKey } from './english.ts'
import { detectLanguage } from './language.ts'
import { totalWords } from './speller.ts'
import type { Lexicon } from './lexicon.ts'
import type { FamilyOptions } from './families.ts'
import type { PivotOptions } from './pivot.ts'
import type { BridgeOptions } from './bridge.ts'
import { createParserContext } from './query-words.ts'
import { createFrenchParser } from './query-french.ts'
import { createEnglishParser } from './query-english.ts'
import { carriedOver, isFollowUp } from './query-followup.ts'
import { answerTypesAsked } from './answer-types.ts'
import { wholeWord } from './regexp.ts'

export { FRENCH_BOILERPLATE } from './query-french.ts'
export { ENGLISH_BOILERPLATE } from './query-english.ts'

export interface QueryOptions {
  /**
   * The corpus language's analyzer: the question's terms must be the index's. Defaults to the
   * French `analyze` (the engine passes its own `analyzer` option here and to the index).
   */
  analyzer: Analyzer
  /** Weight of a thesaurus synonym against the user's own word. Defaults to 0.6. */
  synonymWeight: number
  /** Weight of another name of the same organisation (« OIM » for « IOM »). Defaults to 0.9. */
  acronymWeight: number
  /**
   * Weight of the corpus's administrative phrase when the question says it in everyday words
   * (data/paraphrases.json: « faire venir sa famille » → « regroupement familial »). Defaults to 0.7.
   */
  paraphraseWeight: number
  /** Weight of a spelling correction. Defaults to 0.8. */
  correctionWeight: number
  /**
   * Weight of another word of the same derivational family (« réduction » for « réduire »).
   * Defaults to 0.6.
   */
  familyWeight: number
  /** Weight of the French word an English word is a cognate of ("coherence" → « cohérence »). Defaults to 0.9. */
  cognateWeight: number
  /** Weight lost by each further French rendering of a glossary entry. Defaults to 0.05. */
  renderingDecay: number
  /**
   * How frequent a corpus word must be, as a share of all the corpus's words, to count as French
   * evidence for language detection: English names occur once or twice in the shipped corpus
   * (« Capacity Building Centre »). A share, so that a larger corpus, where such names recur, does
   * not take them for French. Defaults to 0.00008 (3 of the shipped corpus's 36,041 words, the
   * same as the former count of 3).
   */
  frenchMinShare: number
  /** How many previous questions a chain of follow-ups may reach back. Defaults to 3. */
  maxContextDepth: number
  /**
   * Alternatives searched for one question at most, follow-up included: the per-question budget
   * that keeps a long, synonym-rich question's cost bounded (each alternative walks posting lists).
   * Past it, each concept keeps its best alternative and the rest go by weight. The evaluation's
   * questions use at most 40; a 40-word list of domain words would use about 190. Defaults to 120.
   */
  maxAlternatives: number
  /** Derivational families. Defaults to DEFAULT_FAMILY_OPTIONS. */
  families: Partial<FamilyOptions>
  /** French synonyms through the English glossary. Defaults to DEFAULT_PIVOT_OPTIONS. */
  pivot: Partial<PivotOptions>
  /** The vocabulary bridge from open resources. Defaults to DEFAULT_BRIDGE_OPTIONS. */
  bridge: Partial<BridgeOptions>
}

export const DEFAULT_QUERY_OPTIONS: QueryOptions = {
  analyzer: analyze,
  synonymWeight: 0.6,
  acronymWeight: 0.9,
  paraphraseWeight: 0.7,
  correctionWeight: 0.8,
  familyWeight: 0.6,
  cognateWeight: 0.9,
  renderingDecay: 0.05,
  frenchMinShare: 0.00008,
  maxContextDepth: 3,
  maxAlternatives: 120,
  families: {},
  pivot: {},
  bridge: {},
}

/** What the parser needs to know about the corpus (built by the index). */
export interface QueryVocabulary {
  /** term → number of paragraphs containing it. */
  df: ReadonlyMap<string, number>
  /** The indexed paragraphs: only their count is read, as df's denominator (thresholds are shares of the corpus). */
  entries: ReadonlyArray<unknown>
  /** Folded lowercase word → occurrences in the corpus. */
  words: ReadonlyMap<string, number>
  /** Folded lowercase word → its index term. */
  termOfWord: ReadonlyMap<string, string>
  /** Folded words the corpus writes in lowercase somewhere (« eu », unlike « UE »). */
  lowercase: ReadonlySet<string>
  /** Folded word → the corpus's own spelling, for "did you mean". */
  spelling: ReadonlyMap<string, string>
}

export interface QueryParser {
  parse(question: string, context?: AskContextTurn[]): ParsedQuery
}

/**
 * Query understanding: language detection, then the French part (thesaurus synonyms, acronyms,
 * spelling correction, families) or the English part (glossary translation, cognates), then
 * elliptical follow-ups resolved against the conversation.
 */
export function createQueryParser(
  vocabulary: QueryVocabulary,
  lexicon: Lexicon,
  definitions: AcronymDefinition[],
  options: Partial<QueryOptions> = {},
): QueryParser {
  const o = { ...DEFAULT_QUERY_OPTIONS, ...options }
  const frenchMinCount = o.frenchMinShare * totalWords(vocabulary.words)
  const ctx = createParserContext(vocabulary, lexicon, definitions, o)
  const parseFrench = createFrenchParser(ctx)
  const parseEnglish = createEnglishParser(ctx)

  function parse(question: string, context: AskContextTurn[] = [], depth = 0): ParsedQuery {
    const corrections = new Map<string, string>()
    const language = detectLanguage(question, {
      isEnglish: (w) => ctx.englishVocabulary.has(englishKey(w)) || ctx.bridge.knowsEnglish(englishKey(w)),
      // English names occur in the corpus once or twice (« Capacity Building Centre »).
      isFrench: (w) => (vocabulary.words.get(w) ?? 0) >= frenchMinCount,
    })
    const concepts = language === 'en' ? parseEnglish(question, corrections) : parseFrench(question, corrections)
    const parsed: ParsedQuery = { language, concepts }
    const asks = answerTypesAsked(question)
    if (asks.length > 0) parsed.asks = asks
    if (corrections.size > 0) {
      let fixed = question
      for (const [from, to] of corrections) fixed = fixed.replace(wholeWord(from), to)
      if (fixed !== question) {
        parsed.didYouMean = fixed
        parsed.corrections = [...corrections].map(([typed, corrected]) => ({ typed, corrected }))
      }
    }
    const previous = context[context.length - 1]
    if (previous && depth < o.maxContextDepth && isFollowUp(question, concepts)) {
      const before = parse(previous.question, context.slice(0, -1), depth + 1)
      concepts.push(...carriedOver(concepts, before.concepts))
      parsed.understood = `${(before.understood ?? previous.question).trim()} — ${question.trim()}`
    }
    return parsed
  }

  return {
    parse(question, context) {
      const parsed = parse(question, context)
      parsed.concepts = capAlternatives(parsed.concepts, o.maxAlternatives)
      return parsed
    },
  }
}

/** At most `max` alternatives in all: each concept keeps its best one, the rest go by weight. */
export function capAlternatives(concepts: Concept[], max: number): Concept[] {
  const total = concepts.reduce((n, c) => n + c.alternatives.length, 0)
  if (total <= max) return concepts
  const byWeight = (a: Alternative, b: Alternative) => b.weight - a.weight
  const sorted = concepts.map((c) => [...c.alternatives].sort(byWeight))
  const rest = sorted.flatMap((alts, i) => alts.slice(1).map((alt) => ({ i, alt }))).sort((a, b) => byWeight(a.alt, b.alt))
  const kept = new Set<Alternative>([
    ...sorted.flatMap((alts) => alts.slice(0, 1)),
    ...rest.slice(0, Math.max(0, max - concepts.length)).map((r) => r.alt),
  ])
  return concepts.map((c) => ({ ...c, alternatives: c.alternatives.filter((a) => kept.has(a)) }))
}

/**
 * The French terms shown as "searched": every alternative of every concept that may be shown
 * (not slang or other internal alternatives), once.
 */
export function searchedTerms(query: ParsedQuery): string[] {
  return [...new Set(query.concepts.flatMap((c) => c.alternatives.filter((a) => a.displayable !== false).map((a) => a.display)))]
}
