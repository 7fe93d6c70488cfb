import MiniSearch from 'minisearch'
import type { Corpus, CorpusDocument, Paragraph } from '../corpus/types.ts'
import type { Analyzer, AnswerType, Token } from '../analysis/types.ts'
import { analyze, fold } from '../analysis/analyze.ts'
import { splitSentences, type Span } from '../analysis/sentences.ts'
import { createPostings, postingsFromMiniSearch, type Postings, type PostingsData } from './postings.ts'
import {
  CompactParagraph,
  createParagraphArraysBuilder,
  createParagraphCache,
  DEFAULT_PARAGRAPH_CACHE_OPTIONS,
  type ParagraphArrays,
} from './paragraphs.ts'
import { answerTypesHeld } from '../analysis/answer-types.ts'

/**
 * A paragraph with what ranking needs precomputed, so that a question does no re-analysis. The
 * analysis (`tokens`, `positions`, `sentenceOf`, `sentences`) lives in flat arrays shared by every
 * paragraph (search/paragraphs.ts) and is derived when read, for the few paragraphs a question
 * reads: read each once per use, not in a loop.
 */
export interface IndexedParagraph {
  /** Position in `SearchIndex.entries`, also the MiniSearch id. */
  readonly id: number
  readonly paragraph: Paragraph
  readonly document: CorpusDocument
  /** Number of analyzer tokens of the text (length normalisation), without deriving them. */
  readonly tokenCount: number
  /** Analyzer tokens of the text, in reading order (positions for proximity). Derived on read. */
  readonly tokens: Token[]
  /** term → positions in `tokens`. Derived on read. */
  readonly positions: Map<string, number[]>
  /** Terms of the section path and document title (one Set shared by the paragraphs of a section). */
  readonly headingTerms: Set<string>
  /** Terms of the document's title, short title and year: the question may name the document. */
  readonly titleTerms: Set<string>
  /** Kinds of answer the text holds (a year, a number, a named person, a definition …). */
  readonly holds: Set<AnswerType>
  /** Sentence (index in `sentences`) of each token, for the best sentence's share of the question. Derived on read. */
  readonly sentenceOf: Uint16Array
  /** Sentence spans of the text, for the answer composer: they do not depend on the question. Derived on read. */
  readonly sentences: Span[]
}

/** The flat data behind a `SearchIndex`'s entries and postings: what its snapshot saves. */
export interface IndexArrays {
  paragraphs: ParagraphArrays
  postings: PostingsData
  /** Distinct heading-term sets, and each paragraph's (an index into them); likewise titles and kinds of answer. */
  headingSets: string[][]
  headingOf: Int32Array
  titleSets: string[][]
  titleOf: Int32Array
  holdsSets: AnswerType[][]
  holdsOf: Int32Array
}

export interface SearchIndex {
  /** Top-k BM25 candidates over compact postings copied from MiniSearch's build (same scores, pruned). */
  postings: Postings
  /** Indexed paragraphs; a MiniSearch id is the position in this array. */
  entries: IndexedParagraph[]
  /** What `entries` and `postings` read, as flat arrays (search/snapshot.ts saves them). */
  arrays: IndexArrays
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
  /** Paragraphs whose derived analysis is kept (search/paragraphs.ts). Defaults to 1024. */
  derivedCacheSize: number
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = { analyzer: analyze, derivedCacheSize: DEFAULT_PARAGRAPH_CACHE_OPTIONS.size }

/**
 * MiniSearch's configuration for the build (and for tests, which keep MiniSearch's own search as
 * the oracle of the postings): documents are paragraph ids, `place` gives each its paragraph.
 */
export function miniSearchOptions(
  tokenize: (text: string) => string[],
  place: (id: number) => { paragraph: Paragraph; document: CorpusDocument },
) {
  return {
    fields: [...FIELDS],
    extractField: (entry: { id: number }, field: string) => {
      if (field === 'id') return entry.id
      const { paragraph, document } = place(entry.id)
      if (field === 'text') return paragraph.text
      if (field === 'section') return paragraph.section.join(' ')
      return document.title
    },
    // The analyzer is the tokenizer (at query time too, see rank.ts: the question arrives analysed).
    tokenize,
    processTerm: (term: string) => term,
  }
}

/** Vocabulary of the corpus's words, for spelling and language detection (gathered while analysing). */
function createVocabulary() {
  const words = new Map<string, number>()
  const termOfWord = new Map<string, string>()
  const lowercase = new Set<string>()
  const spelling = new Map<string, string>()
  return {
    words,
    termOfWord,
    lowercase,
    spelling,
    add(t: Token): void {
      const w = fold(t.surface.toLowerCase())
      words.set(w, (words.get(w) ?? 0) + 1)
      termOfWord.set(w, t.term)
      if (t.surface === t.surface.toLowerCase()) {
        lowercase.add(w)
        if (!spelling.has(w)) spelling.set(w, t.surface)
      }
    },
  }
}

/** Equal sets shared: one per distinct content (a section's paragraphs share their heading terms), indexed. */
function createSetTable<T>() {
  const byKey = new Map<string, number>()
  const sets: T[][] = []
  const of: number[] = []
  return {
    sets,
    add(items: Iterable<T>): void {
      const list = [...items]
      const key = list.join('\u0000')
      let at = byKey.get(key)
      if (at === undefined) byKey.set(key, (at = sets.push(list) - 1))
      of.push(at)
    },
    of: () => Int32Array.from(of),
  }
}

/** Token i's sentence among `sentences`, for every token (both in reading order). */
function sentencesOfTokens(tokens: Token[], sentences: Span[]): Uint16Array {
  const sentenceOf = new Uint16Array(tokens.length)
  let s = 0
  tokens.forEach((t, i) => {
    while (s < sentences.length - 1 && t.start >= sentences[s]!.end) s++
    sentenceOf[i] = s
  })
  return sentenceOf
}

/** Indexed paragraphs over the arrays, with the corpus's paragraph and document of each. */
export function compactEntries(
  arrays: IndexArrays,
  place: (i: number) => { paragraph: Paragraph; document: CorpusDocument },
  options: Partial<IndexOptions> = {},
): IndexedParagraph[] {
  const { derivedCacheSize } = { ...DEFAULT_INDEX_OPTIONS, ...options }
  const cache = createParagraphCache(arrays.paragraphs, { size: derivedCacheSize })
  const headings = arrays.headingSets.map((s) => new Set(s))
  const titles = arrays.titleSets.map((s) => new Set(s))
  const holds = arrays.holdsSets.map((s) => new Set(s))
  return Array.from(
    { length: arrays.headingOf.length },
    (_, id) =>
      new CompactParagraph(
        {
          id,
          ...place(id),
          headingTerms: headings[arrays.headingOf[id]!]!,
          titleTerms: titles[arrays.titleOf[id]!]!,
          holds: holds[arrays.holdsOf[id]!]!,
        },
        cache,
      ),
  )
}

/** Paragraphs whose text holds each term: the length of the term's `text` postings. */
function documentFrequencies({ fields, terms, start }: IndexArrays['postings']): Map<string, number> {
  const text = start[fields.indexOf('text')]!
  const df = new Map<string, number>()
  terms.forEach((term, t) => {
    if (text[t + 1]! > text[t]!) df.set(term, text[t + 1]! - text[t]!)
  })
  return df
}

/**
 * The index over `entries` and the corpus-wide tables: shared by the build and the restore from a
 * snapshot. `df` and `headingVocabulary` are derived from the arrays, not stored beside them.
 */
export function assembleIndex(
  entries: IndexedParagraph[],
  arrays: IndexArrays,
  tables: Omit<SearchIndex, 'entries' | 'arrays' | 'postings' | 'averageLength' | 'df' | 'headingVocabulary'>,
): SearchIndex {
  const n = arrays.headingOf.length
  return {
    ...tables,
    df: documentFrequencies(arrays.postings),
    headingVocabulary: new Set(arrays.headingSets.flat()),
    postings: createPostings(arrays.postings),
    entries,
    arrays,
    averageLength: arrays.paragraphs.tokenStart[n]! / Math.max(1, n),
  }
}

/**
 * Builds the index over the corpus's paragraphs: MiniSearch indexes them, its postings are copied
 * into flat arrays and the MiniSearch instance let go. Headings are not answers (they are
 * indexed through the `section` field of the paragraphs under them), nor are captions (photo and
 * figure captions, mostly lists of names).
 */
export function buildIndex(corpus: Corpus, options: Partial<IndexOptions> = {}): SearchIndex {
  const { analyzer } = { ...DEFAULT_INDEX_OPTIONS, ...options }
  const places: Array<{ paragraph: Paragraph; document: CorpusDocument }> = []
  const vocabulary = createVocabulary()
  const builder = createParagraphArraysBuilder()
  const headingTable = createSetTable<string>()
  const titleTable = createSetTable<string>()
  const holdsTable = createSetTable<AnswerType>()
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
      for (const t of tokens) vocabulary.add(t)
      // The year and short title count as headings: « l’IDM 2018 » names the document, not a paragraph.
      const titleTerms = new Set([...termsOnce(document.title), ...termsOnce(`${document.shortTitle} ${document.year}`)])
      const headingTerms = new Set([...termsOnce(paragraph.section.join(' ')), ...titleTerms])
      analysed.set(
        paragraph.text,
        tokens.map((t) => t.term),
      )
      const sentences = splitSentences(paragraph.text)
      builder.add({ tokens, sentenceOf: sentencesOfTokens(tokens, sentences), sentences })
      headingTable.add(headingTerms)
      titleTable.add(titleTerms)
      holdsTable.add(answerTypesHeld(paragraph.text))
      places.push({ paragraph, document })
    }
  const minisearch = new MiniSearch<{ id: number }>(miniSearchOptions(termsOnce, (id) => places[id]!))
  minisearch.addAll(places.map((_, id) => ({ id })))
  const arrays: IndexArrays = {
    paragraphs: builder.finish(),
    postings: postingsFromMiniSearch(minisearch as MiniSearch<unknown>, FIELDS),
    headingSets: headingTable.sets,
    headingOf: headingTable.of(),
    titleSets: titleTable.sets,
    titleOf: titleTable.of(),
    holdsSets: holdsTable.sets,
    holdsOf: holdsTable.of(),
  }
  const entries = compactEntries(arrays, (id) => places[id]!, options)
  const { words, termOfWord, lowercase, spelling } = vocabulary
  return assembleIndex(entries, arrays, { words, termOfWord, lowercase, spelling })
}
