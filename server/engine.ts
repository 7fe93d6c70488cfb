import { randomUUID } from 'node:crypto'
import type { Corpus } from './corpus/types.ts'
import type { AnswerBody, AnswerStatus, AskRequest } from './protocol/types.ts'
import { SourcierError } from './errors.ts'
import { analyze } from './analysis/analyze.ts'
import { extractAcronyms } from './analysis/acronyms.ts'
import type { Lexicon } from './analysis/lexicon.ts'
import { createQueryParser, searchedTerms, type QueryOptions } from './analysis/query.ts'
import type { Analyzer, ParsedQuery } from './analysis/types.ts'
import { buildIndex, type SearchIndex } from './search/index.ts'
import { DEFAULT_RANK_OPTIONS, rank, RANK_FEATURES, type RankedHit, type RankOptions } from './search/rank.ts'
import { queryTermsOf } from './analysis/terms.ts'
import {
  confidence,
  confidenceFeatures,
  CONFIDENCE_FEATURES,
  CONFIDENCE_MODEL,
  statusOf,
  uncertainReason,
  type ConfidenceFeatures,
} from './search/confidence.ts'
import { RANK_MODEL_FILE } from './search/rank-model.ts'
import { checkFeatures, type LinearModel } from './search/model.ts'
import { correctedQuestion, plausibleCorrection, type SuggestionOptions } from './search/spelling.ts'
import { composeExtracts, noMatchMessage } from './answer/compose.ts'

export type { AskRequest } from './protocol/types.ts'

/** Statuses from worst to best, to tell whether a corrected question does better. */
const STATUS_ORDER: Record<AnswerStatus, number> = { no_match: 0, uncertain: 1, answered: 2 }

export interface Explanation {
  query: ParsedQuery
  hits: RankedHit[]
  /** What the confidence model saw, and its probability that the best paragraph answers. */
  features: ConfidenceFeatures
  confidence: number
  /** Extracts are returned: status answered or uncertain. */
  answered: boolean
  /** answered, uncertain (extracts flagged as possibly not answering) or no_match. */
  status: AnswerStatus
  /** The spelling-corrected question searched instead of the typed one (its results are these). */
  correctedQuestion?: string
  /** A corrected question worth offering (« Did you mean »): asked, it is not refused. */
  suggestion?: string
}

export interface Engine {
  /** Answers one question. Throws SourcierError('unknown_document') for a bad filter. */
  ask(request: AskRequest): AnswerBody
  readonly corpus: Corpus
  /** The parsed question and ranked paragraphs, for evaluation and debugging. */
  explain(request: AskRequest): Explanation
}

/** The engine's tunable parts and settings, each with a default (the components it must be given are EngineComponents). */
export interface EngineOptions {
  /**
   * The corpus language's analyzer, shared by the index, the query parser and the composer (they
   * must agree on terms). Defaults to the French `analyze` (server/analysis/analyze.ts).
   */
  analyzer: Analyzer
  /**
   * The re-ranker (weights over RANK_FEATURES, checked at creation). Defaults to RANK_MODEL_FILE,
   * data/models/rank.json; `rank.model`, when given, overrides its weights.
   */
  rankModel: LinearModel
  /**
   * The answer-status model: answered / uncertain / no_match by its thresholds (features
   * CONFIDENCE_FEATURES, checked at creation). Defaults to CONFIDENCE_MODEL, data/models/confidence.json.
   */
  confidenceModel: LinearModel
  /** Nearest passages shown with a no_match. Defaults to 3. */
  nearest: number
  /**
   * Nearest passages are shown with a no_match only when less than this share of the question's
   * concepts is foreign to the corpus. For a recipe or a football score they would be noise
   * (« recette » spelt into « récentes »); for a question in the corpus's own words that the engine
   * refuses, they often hold what the delegate wants. Defaults to 0.5.
   */
  nearestMaxOffDomain: number
  /** Extracts when the request gives no limit. Defaults to 5. */
  limit: number
  /** Query understanding. Defaults to DEFAULT_QUERY_OPTIONS. */
  query: Partial<QueryOptions>
  /** Ranking. Defaults to DEFAULT_RANK_OPTIONS. */
  rank: Partial<RankOptions>
  /** Which corrections may be offered as "did you mean" with a no_match. Defaults to DEFAULT_SUGGESTION_OPTIONS. */
  suggestion: Partial<SuggestionOptions>
  /**
   * How much more confident the spelling-corrected question must be, at the same status, to be
   * searched instead of the typed one. Defaults to 0.1.
   */
  correctionGain: number
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  analyzer: analyze,
  rankModel: RANK_MODEL_FILE,
  confidenceModel: CONFIDENCE_MODEL,
  nearest: 3,
  nearestMaxOffDomain: 0.5,
  limit: 5,
  query: {},
  rank: {},
  suggestion: {},
  correctionGain: 0.1,
}

/** What the engine must be given, or may be given ready-made; no defaults. */
export interface EngineComponents {
  /**
   * Glossary, thesaurus and acronym table. Required, with no default: the engine reads no file
   * itself, so index.ts loads it (`loadLexicon({ dir: config.lexiconDir })`) and passes it in, and
   * a test says what it gives (`EMPTY_LEXICON` for none).
   */
  lexicon: Lexicon
  /** The index over this corpus when already built (restored from a snapshot); built when absent. */
  index?: SearchIndex
}

/** What `createEngine` takes: the components, and any options to change from their defaults. */
export type EngineSetup = Partial<EngineOptions> & EngineComponents

/**
 * The retrieval pipeline over one corpus: analysis → index → query understanding → ranking →
 * confidence (answered, uncertain or no_match) → answer composition (server/answer).
 */
export function createEngine(corpus: Corpus, options: EngineSetup): Engine {
  const o = { ...DEFAULT_ENGINE_OPTIONS, ...options }
  const confidenceModel = checkFeatures(o.confidenceModel, CONFIDENCE_FEATURES)
  const rankOptions = { model: checkFeatures(o.rankModel, RANK_FEATURES).weights, ...o.rank }
  const index: SearchIndex = options.index ?? buildIndex(corpus, { analyzer: o.analyzer })
  const definitions = index.entries.flatMap((e) => extractAcronyms(e.paragraph.text))
  const parser = createQueryParser(index, o.lexicon, definitions, { analyzer: o.analyzer, ...o.query })
  const documentIds = new Set(corpus.documents.map((d) => d.id))

  /** One question through parsing, ranking and the status decision. */
  function examine({ question, documents, context }: AskRequest): Explanation {
    for (const id of documents ?? [])
      if (!documentIds.has(id)) throw new SourcierError('unknown_document', `Unknown document id in the filter: ${id}`)
    const query = parser.parse(question, context)
    const hits = rank(index, query, { documents: documents?.length ? new Set(documents) : undefined }, rankOptions)
    const features = confidenceFeatures(query, hits)
    const p = confidence(features, { model: confidenceModel })
    const status = hits.length > 0 ? statusOf(p, { model: confidenceModel }) : 'no_match'
    return { query, hits, features, confidence: p, answered: status !== 'no_match', status }
  }

  /**
   * No dead ends on typos: the question with its corrections applied and its unknown words left
   * out is searched too. When it is clearly better (a better status, or correctionGain more
   * confidence) its results are returned with `correctedQuestion`; otherwise it is offered as a
   * suggestion, but only when asking it would not be refused.
   */
  function explain(request: AskRequest): Explanation {
    const typed = examine(request)
    // Accents are given back to French questions only (« role » is an English word).
    // index.spelling holds only lowercase corpus spellings that fold to their key.
    const fixed = correctedQuestion(request.question, typed.query, (w) =>
      typed.query.language === 'fr' ? index.spelling.get(w) : undefined,
    )
    if (fixed === undefined) return typed
    // Answered already and nothing to offer: no second search.
    if (typed.status === 'answered' && fixed.keepsUnknown) return typed
    const corrected = examine({ ...request, question: fixed.text })
    const gain = STATUS_ORDER[corrected.status] - STATUS_ORDER[typed.status]
    if (gain > 0 || (gain === 0 && corrected.confidence >= typed.confidence + o.correctionGain))
      return { ...corrected, correctedQuestion: fixed.text }
    return corrected.status === 'no_match' || fixed.keepsUnknown ? typed : { ...typed, suggestion: fixed.text }
  }

  return {
    corpus,
    explain,
    ask(request) {
      const t0 = performance.now()
      const body = answerOf(explain(request), request, index, o)
      body.tookMs = Math.round((performance.now() - t0) * 1000) / 1000
      return body
    },
  }
}

/** The answer to one request from its explanation: the extracts composed, or a no_match with the nearest passages. */
function answerOf(x: Explanation, request: AskRequest, index: SearchIndex, o: EngineOptions): AnswerBody {
  const { query, hits, answered, features, status, correctedQuestion, suggestion } = x
  const limit = Math.max(1, request.limit ?? o.limit)
  // The ranker's weights (context concepts scaled down) and concepts, so that synonyms count once in the best sentence.
  const terms = queryTermsOf(query, o.rank.contextWeight ?? DEFAULT_RANK_OPTIONS.contextWeight)
  // Slang and other internal alternatives are searched but never shown, highlights included.
  const phrases = query.concepts.flatMap((c) => c.alternatives.filter((a) => a.displayable !== false).map((a) => a.terms))
  const compose = (k: number) =>
    composeExtracts(
      // A few more hits than shown, so that folded near-duplicates do not shorten the list.
      // The index's tokens and sentences go along: the composer need not analyse or split the
      // paragraphs again.
      hits.slice(0, k + 5).map((h) => ({
        paragraph: h.entry.paragraph,
        document: h.entry.document,
        score: h.score,
        tokens: h.entry.tokens,
        sentences: h.entry.sentences,
      })),
      { ...terms, analyze: o.analyzer, phrases, asks: query.asks },
      { limit: k, phraseGap: o.rank.phraseGap ?? DEFAULT_RANK_OPTIONS.phraseGap },
    )
  const body: AnswerBody = answered
    ? { status, answerId: randomUUID(), language: query.language, extracts: compose(limit), searched: searchedTerms(query), tookMs: 0 }
    : {
        status: 'no_match',
        answerId: randomUUID(),
        language: query.language,
        extracts: [],
        searched: searchedTerms(query),
        message: noMatchMessage(query.language),
        nearest: features.offDomain < o.nearestMaxOffDomain ? compose(Math.min(limit, o.nearest)) : [],
        tookMs: 0,
      }
  if (status === 'uncertain') body.reason = uncertainReason(features, query, hits[0], { model: o.confidenceModel })
  if (correctedQuestion) body.correctedQuestion = correctedQuestion
  if (suggestion && (answered || (query.corrections ?? []).every((c) => plausibleCorrection(index.words, c, o.suggestion))))
    body.didYouMean = suggestion
  if (query.understood) body.understood = query.understood
  return body
}
