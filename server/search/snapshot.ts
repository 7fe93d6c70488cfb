/**
 * The search index as plain data, and back: what a restart loads instead of analysing every
 * paragraph again (server/runtime/snapshot.ts writes and reads it next to the runtime data).
 * Tokens travel as flat typed arrays over one term table (a token's surface is its text slice);
 * MiniSearch travels as its own serialisation (toJSON / loadJS).
 */
import MiniSearch from 'minisearch'
import type { Corpus } from '../corpus/types.ts'
import type { AnswerType, Token } from '../analysis/types.ts'
import type { Span } from '../analysis/sentences.ts'
import { createPostings } from './postings.ts'
import { DEFAULT_INDEX_OPTIONS, FIELDS, miniSearchOptions, type IndexedParagraph, type IndexOptions, type SearchIndex } from './index.ts'

/** Bumped whenever the shape below changes: an older snapshot is then rebuilt, not misread. */
export const INDEX_SNAPSHOT_VERSION = 1

export interface IndexSnapshot {
  version: typeof INDEX_SNAPSHOT_VERSION
  terms: string[]
  /** Per entry: its document and paragraph position in the corpus, and where its tokens and sentences start. */
  place: Int32Array
  tokenStart: Int32Array
  sentenceStart: Int32Array
  termIds: Int32Array
  offsets: Uint32Array
  sentenceOf: Uint16Array
  sentences: Uint32Array
  headingTerms: number[][]
  titleTerms: number[][]
  holds: AnswerType[][]
  minisearch: unknown
  df: Array<[string, number]>
  words: Array<[string, number]>
  termOfWord: Array<[string, string]>
  spelling: Array<[string, string]>
  headingVocabulary: string[]
  lowercase: string[]
  averageLength: number
}

export function snapshotIndex(index: SearchIndex, corpus: Corpus): IndexSnapshot {
  const termId = new Map<string, number>()
  const id = (t: string) => termId.get(t) ?? (termId.set(t, termId.size), termId.size - 1)
  const docOf = new Map(corpus.documents.map((d, i) => [d, i]))
  const e = index.entries
  const tokens = e.reduce((n, x) => n + x.tokens.length, 0)
  const sentences = e.reduce((n, x) => n + x.sentences.length, 0)
  const s: IndexSnapshot = {
    version: INDEX_SNAPSHOT_VERSION,
    terms: [],
    place: new Int32Array(e.length * 2),
    tokenStart: new Int32Array(e.length + 1),
    sentenceStart: new Int32Array(e.length + 1),
    termIds: new Int32Array(tokens),
    offsets: new Uint32Array(tokens * 2),
    sentenceOf: new Uint16Array(tokens),
    sentences: new Uint32Array(sentences * 2),
    headingTerms: [],
    titleTerms: [],
    holds: [],
    minisearch: index.minisearch.toJSON(),
    df: [...index.df],
    words: [...index.words],
    termOfWord: [...index.termOfWord],
    spelling: [...index.spelling],
    headingVocabulary: [...index.headingVocabulary],
    lowercase: [...index.lowercase],
    averageLength: index.averageLength,
  }
  let t = 0
  let k = 0
  e.forEach((entry, i) => {
    const d = docOf.get(entry.document)!
    s.place.set([d, corpus.documents[d]!.paragraphs.indexOf(entry.paragraph)], i * 2)
    s.tokenStart[i] = t
    s.sentenceStart[i] = k
    entry.tokens.forEach((token, j) => {
      s.termIds[t] = id(token.term)
      s.offsets[2 * t] = token.start
      s.offsets[2 * t + 1] = token.end
      s.sentenceOf[t++] = entry.sentenceOf[j]!
    })
    for (const span of entry.sentences) s.sentences.set([span.start, span.end], 2 * k++)
    s.headingTerms.push([...entry.headingTerms].map(id))
    s.titleTerms.push([...entry.titleTerms].map(id))
    s.holds.push([...entry.holds])
  })
  s.tokenStart[e.length] = t
  s.sentenceStart[e.length] = k
  s.terms = [...termId.keys()]
  return s
}

/** One entry back from the flat arrays. */
function restoreEntry(s: IndexSnapshot, corpus: Corpus, i: number): IndexedParagraph {
  const document = corpus.documents[s.place[2 * i]!]!
  const paragraph = document.paragraphs[s.place[2 * i + 1]!]!
  const from = s.tokenStart[i]!
  const to = s.tokenStart[i + 1]!
  const tokens: Token[] = []
  const positions = new Map<string, number[]>()
  for (let t = from; t < to; t++) {
    const term = s.terms[s.termIds[t]!]!
    const start = s.offsets[2 * t]!
    const end = s.offsets[2 * t + 1]!
    tokens.push({ term, surface: paragraph.text.slice(start, end), start, end })
    const list = positions.get(term)
    if (list) list.push(t - from)
    else positions.set(term, [t - from])
  }
  const sentences: Span[] = []
  for (let k = s.sentenceStart[i]!; k < s.sentenceStart[i + 1]!; k++)
    sentences.push({ start: s.sentences[2 * k]!, end: s.sentences[2 * k + 1]! })
  return {
    id: i,
    paragraph,
    document,
    tokens,
    positions,
    sentences,
    headingTerms: new Set(s.headingTerms[i]!.map((x) => s.terms[x]!)),
    titleTerms: new Set(s.titleTerms[i]!.map((x) => s.terms[x]!)),
    holds: new Set(s.holds[i]!),
    sentenceOf: s.sentenceOf.slice(from, to),
  }
}

/** The index `snapshotIndex` saw, over the same corpus (restored from the same snapshot). */
export function restoreIndex(corpus: Corpus, s: IndexSnapshot, options: Partial<IndexOptions> = {}): SearchIndex {
  if (s.version !== INDEX_SNAPSHOT_VERSION) throw new Error(`index snapshot version ${s.version}, expected ${INDEX_SNAPSHOT_VERSION}`)
  const { analyzer } = { ...DEFAULT_INDEX_OPTIONS, ...options }
  const entries = Array.from({ length: s.tokenStart.length - 1 }, (_, i) => restoreEntry(s, corpus, i))
  const minisearch = MiniSearch.loadJS(
    s.minisearch as Parameters<typeof MiniSearch.loadJS>[0],
    miniSearchOptions((text) => analyzer(text).map((t) => t.term)),
  )
  return {
    minisearch,
    postings: createPostings(minisearch as MiniSearch<unknown>, FIELDS),
    entries,
    df: new Map(s.df),
    words: new Map(s.words),
    termOfWord: new Map(s.termOfWord),
    spelling: new Map(s.spelling),
    headingVocabulary: new Set(s.headingVocabulary),
    lowercase: new Set(s.lowercase),
    averageLength: s.averageLength,
  }
}
