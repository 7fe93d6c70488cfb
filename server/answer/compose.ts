/**
 * Answer composition: turns ranked paragraphs into the extracts a client shows — best
 * sentence(s), highlights, citation, near-duplicates folded. Pure: the engine decides what was
 * found and whether it answers; this module only decides how to present it.
 */
import type { Analyzer, Token } from '../analysis/types.ts'
import type { CorpusDocument, DocumentMeta, Paragraph } from '../corpus/types.ts'
import type { Extract, Language, ParagraphRef } from '../protocol/types.ts'
import { DEFAULT_BEST_OPTIONS, bestSpan, type QueryTerms } from './best.ts'
import { DEFAULT_CITATION_OPTIONS, citeExtract } from './citation.ts'
import { DEFAULT_GROUP_OPTIONS, groupNearDuplicates, type GroupOptions } from './group.ts'
import { DEFAULT_HIGHLIGHT_OPTIONS, highlightOffsets, phraseHighlights } from './highlights.ts'
import { splitSentences, type Span } from '../analysis/sentences.ts'

/** One ranked retrieval result. */
export interface Hit {
  paragraph: Paragraph
  document: CorpusDocument | DocumentMeta
  score: number
  /**
   * The paragraph's tokens under the query's analyzer, when the engine keeps them: analysis is
   * most of the composer's cost. Defaults to `query.analyze(paragraph.text)`.
   */
  tokens?: readonly Token[]
  /** The paragraph's sentences, when the engine keeps them (they do not depend on the question). Defaults to splitSentences(paragraph.text). */
  sentences?: readonly Span[]
}

/** The question as analysed by the engine. */
export interface ComposeQuery extends QueryTerms {
  /** The same analyzer the index used, so that paragraph tokens meet the query terms. */
  analyze: Analyzer
  /**
   * The alternatives a user may see, as analyzer-term sequences: highlights mark a phrase only
   * where it stands as a phrase and a word only where it is the word (phraseHighlights). Defaults
   * to marking every token whose term is in `terms`.
   */
  phrases?: ReadonlyArray<readonly string[]>
}

export interface ComposeOptions {
  /**
   * Most extracts returned; hits beyond it can still be folded into a shown extract, so pass a
   * few more hits than the limit. Defaults to Infinity (every hit not folded becomes an extract).
   */
  limit: number
  /** Longest best span, in characters. Defaults to DEFAULT_BEST_OPTIONS.maxLength (350). */
  maxBestLength: number
  /** Longest quote in a citation. Defaults to DEFAULT_CITATION_OPTIONS.maxQuoteLength (400). */
  maxQuoteLength: number
  /** Merge highlights across a single space. Defaults to DEFAULT_HIGHLIGHT_OPTIONS.mergeAcrossSpace (true). */
  mergeHighlights: boolean
  /**
   * Tokens a highlighted phrase's next word may be after the previous one. The engine passes the
   * ranker's phraseGap, so that what counts as a phrase in ranking is what is marked. Defaults to
   * DEFAULT_HIGHLIGHT_OPTIONS.phraseGap (3).
   */
  phraseGap: number
  /** Near-duplicate grouping; `limit` above overrides its own. Defaults to DEFAULT_GROUP_OPTIONS. */
  group: Partial<Omit<GroupOptions, 'limit'>>
}

export const DEFAULT_COMPOSE_OPTIONS: ComposeOptions = {
  limit: Infinity,
  maxBestLength: DEFAULT_BEST_OPTIONS.maxLength,
  maxQuoteLength: DEFAULT_CITATION_OPTIONS.maxQuoteLength,
  mergeHighlights: DEFAULT_HIGHLIGHT_OPTIONS.mergeAcrossSpace,
  phraseGap: DEFAULT_HIGHLIGHT_OPTIONS.phraseGap,
  group: {},
}

/**
 * Extracts for ranked hits (best first), ranked 1…k. A hit that repeats a higher-ranked
 * neighbour appears in that extract's `related` list, not as an extract of its own; the same
 * paragraph twice, or its identical copy in another document, is not shown again at all.
 */
export function composeExtracts(hits: readonly Hit[], query: ComposeQuery, options: Partial<ComposeOptions> = {}): Extract[] {
  const o = { ...DEFAULT_COMPOSE_OPTIONS, ...options }
  const tokens = hits.map((h) => h.tokens ?? query.analyze(h.paragraph.text))
  const groups = groupNearDuplicates(
    hits.map((h, i) => ({
      documentId: h.paragraph.documentId,
      n: h.paragraph.n,
      text: h.paragraph.text,
      terms: tokens[i]!.map((t) => t.term),
    })),
    { ...DEFAULT_GROUP_OPTIONS, ...o.group, limit: o.limit },
  )
  return groups.map((g, k): Extract => {
    const { paragraph: p, document: d, score, sentences: kept } = hits[g.lead]!
    const toks = tokens[g.lead]!
    const sentences = kept ?? splitSentences(p.text)
    const best = bestSpan(p.text, toks, query, { maxLength: o.maxBestLength, sentences })
    const extract: Extract = {
      rank: k + 1,
      score: Math.round(score * 1000) / 1000,
      document: { id: d.id, title: d.title, shortTitle: d.shortTitle, publisher: d.publisher, year: d.year },
      paragraph: paragraphRef(p),
      text: p.text,
      best,
      highlights: query.phrases
        ? phraseHighlights(p.text, toks, query.phrases, { mergeAcrossSpace: o.mergeHighlights, phraseGap: o.phraseGap })
        : highlightOffsets(p.text, toks, query.terms, { mergeAcrossSpace: o.mergeHighlights }),
      citation: citeExtract(p.text.slice(best.start, best.end), d, p, { offset: best.start, maxQuoteLength: o.maxQuoteLength, sentences }),
    }
    const related = relatedRefs(
      p,
      g.related.map((i) => hits[i]!.paragraph),
    )
    if (related.length) extract.related = related
    return extract
  })
}

const NO_MATCH: Record<Language, string> = {
  fr: 'Le corpus ne répond pas à cette question.',
  en: 'The corpus does not answer this question.',
}

/** The plain sentence shown when the corpus does not answer, in the question's language. */
export function noMatchMessage(language: Language): string {
  return NO_MATCH[language]
}

/**
 * The folded paragraphs a client can show as « see also » next to the extract: those of the same
 * document, once each. A `ParagraphRef` does not name its document, so an identical copy in
 * another document is folded away without being listed rather than shown under the wrong title.
 */
function relatedRefs(lead: Paragraph, folded: readonly Paragraph[]): ParagraphRef[] {
  const seen = new Set([lead.id])
  const refs: ParagraphRef[] = []
  for (const p of folded) {
    if (p.documentId !== lead.documentId || seen.has(p.id)) continue
    seen.add(p.id)
    refs.push(paragraphRef(p))
  }
  return refs
}

function paragraphRef(p: Paragraph): ParagraphRef {
  return { id: p.id, n: p.n, number: p.number, label: p.label, section: [...p.section], ...(p.pages ? { pages: { ...p.pages } } : {}) }
}
