import MiniSearch from 'minisearch'
import type { Corpus, CorpusDocument, Paragraph } from '../corpus/types.ts'
import type { Analyzer, AnswerType, Token } from '../analysis/types.ts'
import { analyze, fold } from '../analysis/analyze.ts'
import { splitSentences, type Span } from '../analysis/sentences.ts'
import { createPostings, type Postings } from './postings.ts'
import { answerTypesHeld } from '../analysis/answer-types.ts'

/** A paragraph with what ranking needs precomputed, so that a question does no re-analysis. */
export interface IndexedParagraph {
  /** Position in `SearchIndex.entries`, also the MiniSearch id. */
  id: number
  paragraph: Paragraph
  document: CorpusDocument
  /** Analyzer tokens of the text, in reading order (positions for proximity). */
  tokens: Token[]
  /** term → positions in `tokens`. */
  positions: Map<string, number[]>
  /** Terms of the section path and document title. */
  headingTerms: Set<string>
  /** Terms of the document's title, short title and year: the question may name the document. */
  titleTerms: Set<string>
  /** Kinds of answer the text holds (a year, a number, a named person, a definition …). */
  holds: Set<AnswerType>
  /** Sentence (index in `sentences`) of each token, for the best sentence's share of the question. */
  sentenceOf: Uint16Array
  /** Sentence spans of the text, for the answer composer: they do not depend on the question. */
  sentences: Span[]
}

export interface SearchIndex {
  minisearch: MiniSearch<IndexedParagraph>
  /** Top-k BM25 candidates over compact postings derived from `minisearch` (same scores, pruned). */
  postings: Postings
  /** Indexed paragraphs; a MiniSearch id is the position in this array. */
  entries: IndexedParagraph[]
  /** term → number of paragraphs whose text contains it. */
  df: Map<string, number>
  /** Folded lowercase surface word → occurrences, for spelling and language detection. */
  words: Map<string, number>
  /** Folded lowercase surface word → its index term. */
  termOfWord: Map<string, string>
  /** Folded word → how the corpus writes it in lowercase, accents included (« developpement » → « développement »). */
  spelling: Map<string, string>
  /** Every term of any section path or title: an alternative with a term outside it is in no heading. */
  headingVocabulary: Set<string>
  /** Mean number of tokens per paragraph, for length normalisation. */
  averageLength: number
  /** Folded words written in lowercase somewhere in the corpus (tells « eu » from « UE »). */
  lowercase: Set<string>
}

export const FIELDS = ['text', 'section', 'title'] as const

export interface IndexOptions {
  /** The analyzer of every indexed field, which the question must share. Defaults to the French `analyze`. */
  analyzer: Analyzer
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = { analyzer: analyze }

/** MiniSearch's configuration, shared by the build and the restore from a snapshot. */
export function miniSearchOptions(tokenize: (text: string) => string[]) {
  return {
    fields: [...FIELDS],
    extractField: (entry: IndexedParagraph, field: string) => {
      if (field === 'id') return entry.id
      if (field === 'text') return entry.paragraph.text
      if (field === 'section') return entry.paragraph.section.join(' ')
      return entry.document.title
    },
    // The analyzer is the tokenizer (at query time too, see rank.ts: the question arrives analysed).
    tokenize,
    processTerm: (term: string) => term,
  }
}

/**
 * Builds the MiniSearch index over the corpus's paragraphs. Headings are not answers (they are
 * indexed through the `section` field of the paragraphs under them), nor are captions (photo and
 * figure captions, mostly lists of names).
 */
export function buildIndex(corpus: Corpus, options: Partial<IndexOptions> = {}): SearchIndex {
  const { analyzer } = { ...DEFAULT_INDEX_OPTIONS, ...options }
  const entries: IndexedParagraph[] = []
  const df = new Map<string, number>()
  const words = new Map<string, number>()
  const termOfWord = new Map<string, string>()
  const lowercase = new Set<string>()
  const spelling = new Map<string, string>()
  // Field text → terms: paragraphs are analysed once, and section paths and titles, shared by
  // many paragraphs, once each.
  const analysed = new Map<string, string[]>()
  const termsOnce = (text: string) => {
    let terms = analysed.get(text)
    if (!terms) analysed.set(text, (terms = analyzer(text).map((t) => t.term)))
    return terms
  }
  for (const document of corpus.documents)
    for (const paragraph of document.paragraphs) {
      if (paragraph.kind === 'heading' || paragraph.kind === 'caption') continue
      const tokens = analyzer(paragraph.text)
      const positions = new Map<string, number[]>()
      tokens.forEach((t, i) => {
        const list = positions.get(t.term)
        if (list) list.push(i)
        else positions.set(t.term, [i])
        const w = fold(t.surface.toLowerCase())
        words.set(w, (words.get(w) ?? 0) + 1)
        termOfWord.set(w, t.term)
        if (t.surface === t.surface.toLowerCase()) {
          lowercase.add(w)
          if (!spelling.has(w)) spelling.set(w, t.surface)
        }
      })
      for (const t of positions.keys()) df.set(t, (df.get(t) ?? 0) + 1)
      // The year and short title count as headings: « l’IDM 2018 » names the document, not a paragraph.
      const titleTerms = new Set([...termsOnce(document.title), ...termsOnce(`${document.shortTitle} ${document.year}`)])
      const headingTerms = new Set([...termsOnce(paragraph.section.join(' ')), ...titleTerms])
      analysed.set(
        paragraph.text,
        tokens.map((t) => t.term),
      )
      const sentences = splitSentences(paragraph.text)
      const sentenceOf = new Uint16Array(tokens.length)
      let s = 0
      tokens.forEach((t, i) => {
        while (s < sentences.length - 1 && t.start >= sentences[s]!.end) s++
        sentenceOf[i] = s
      })
      const holds = answerTypesHeld(paragraph.text)
      entries.push({ id: entries.length, paragraph, document, tokens, positions, headingTerms, titleTerms, holds, sentenceOf, sentences })
    }
  const minisearch = new MiniSearch<IndexedParagraph>(miniSearchOptions(termsOnce))
  minisearch.addAll(entries)
  const averageLength = entries.reduce((n, e) => n + e.tokens.length, 0) / Math.max(1, entries.length)
  const headingVocabulary = new Set(entries.flatMap((e) => [...e.headingTerms]))
  return {
    minisearch,
    postings: createPostings(minisearch as MiniSearch<unknown>, FIELDS),
    entries,
    df,
    words,
    termOfWord,
    lowercase,
    spelling,
    averageLength,
    headingVocabulary,
  }
}
