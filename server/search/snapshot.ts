/**
 * The search index as plain data, and back: what a restart loads instead of analysing every
 * paragraph again (server/runtime/snapshot.ts writes and reads it next to the runtime data).
 * The index is already flat typed arrays over term tables (`SearchIndex.arrays`: the paragraphs'
 * tokens and sentences, and the postings copied from MiniSearch's build), so the snapshot is those
 * arrays plus the vocabulary tables: a restore creates one small object per paragraph and derives
 * nothing, and loads no MiniSearch.
 */
import type { Corpus } from '../corpus/types.ts'
import { assembleIndex, compactEntries, type IndexArrays, type IndexOptions, type SearchIndex } from './index.ts'

/**
 * Bumped whenever the shape below changes: an older snapshot is then rebuilt, not misread.
 * 2: MiniSearch's JSON replaced by its postings as typed arrays; heading, title and kind-of-answer
 * sets stored once each. 3: df and the heading vocabulary derived from the arrays, no longer stored.
 */
export const INDEX_SNAPSHOT_VERSION = 3

export interface IndexSnapshot {
  version: typeof INDEX_SNAPSHOT_VERSION
  arrays: IndexArrays
  /** Per entry: its document's and its paragraph's positions in the corpus (2 numbers per entry). */
  place: Int32Array
  words: Array<[string, number]>
  termOfWord: Array<[string, string]>
  spelling: Array<[string, string]>
  lowercase: string[]
}

export function snapshotIndex(index: SearchIndex, corpus: Corpus): IndexSnapshot {
  const docOf = new Map(corpus.documents.map((d, i) => [d, i]))
  const paragraphOf = new Map(corpus.documents.flatMap((d) => d.paragraphs.map((p, i) => [p, i] as const)))
  const place = new Int32Array(index.entries.length * 2)
  for (const [i, entry] of index.entries.entries()) place.set([docOf.get(entry.document)!, paragraphOf.get(entry.paragraph)!], i * 2)
  return {
    version: INDEX_SNAPSHOT_VERSION,
    arrays: index.arrays,
    place,
    words: [...index.words],
    termOfWord: [...index.termOfWord],
    spelling: [...index.spelling],
    lowercase: [...index.lowercase],
  }
}

type Flat = Int32Array | Uint32Array | Uint16Array | Float64Array

/** A copy of `a` over a SharedArrayBuffer. */
function shared<T extends Flat>(a: T): T {
  const copy = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength))
  copy.set(a as never)
  return copy
}

/**
 * The snapshot with its typed arrays (nearly all its bytes) over SharedArrayBuffers: posted to
 * worker threads, they are shared, not copied, so that N workers hold one copy of the index's
 * arrays instead of N (each still builds its own small tables and paragraph objects).
 */
export function shareSnapshot(s: IndexSnapshot): IndexSnapshot {
  const { paragraphs: p, postings: q, ...sets } = s.arrays
  return {
    ...s,
    place: shared(s.place),
    arrays: {
      ...sets,
      headingOf: shared(sets.headingOf),
      titleOf: shared(sets.titleOf),
      holdsOf: shared(sets.holdsOf),
      paragraphs: {
        terms: p.terms,
        tokenStart: shared(p.tokenStart),
        termIds: shared(p.termIds),
        offsets: shared(p.offsets),
        sentenceOf: shared(p.sentenceOf),
        sentenceStart: shared(p.sentenceStart),
        sentences: shared(p.sentences),
      },
      postings: {
        ...q,
        start: q.start.map(shared),
        docs: q.docs.map(shared),
        freqs: q.freqs.map(shared),
        fieldLength: shared(q.fieldLength),
        avgFieldLength: shared(q.avgFieldLength),
      },
    },
  }
}

/** The index `snapshotIndex` saw, over the same corpus (restored from the same snapshot). */
export function restoreIndex(corpus: Corpus, s: IndexSnapshot, options: Partial<IndexOptions> = {}): SearchIndex {
  if (s.version !== INDEX_SNAPSHOT_VERSION) throw new Error(`index snapshot version ${s.version}, expected ${INDEX_SNAPSHOT_VERSION}`)
  const entries = compactEntries(
    s.arrays,
    (i) => {
      const document = corpus.documents[s.place[2 * i]!]!
      return { document, paragraph: document.paragraphs[s.place[2 * i + 1]!]! }
    },
    options,
  )
  return assembleIndex(entries, s.arrays, {
    words: new Map(s.words),
    termOfWord: new Map(s.termOfWord),
    spelling: new Map(s.spelling),
    lowercase: new Set(s.lowercase),
  })
}
