// The compact index: a snapshot (through v8 serialisation, as the server saves it) restores an
// index that answers exactly as a fresh build (same top k, same tokens, positions and sentences
// derived on demand), and the derived analysis equals the analyzer's own output.
import v8 from 'node:v8'
import { describe, expect, it } from 'vitest'
import { analyze } from '../../server/analysis/analyze.ts'
import { splitSentences } from '../../server/analysis/sentences.ts'
import { buildIndex, type SearchIndex } from '../../server/search/index.ts'
import { INDEX_SNAPSHOT_VERSION, restoreIndex, shareSnapshot, snapshotIndex, type IndexSnapshot } from '../../server/search/snapshot.ts'
import { DEFAULT_RANK_OPTIONS } from '../../server/search/rank.ts'
import { FIXTURE } from './fixture.ts'

const fresh = buildIndex(FIXTURE)
const restored = restoreIndex(FIXTURE, v8.deserialize(v8.serialize(snapshotIndex(fresh, FIXTURE))) as IndexSnapshot)

/** Every paragraph's analysis as the index gives it, read through the getters. */
const analysisOf = (index: SearchIndex) =>
  index.entries.map((e) => ({
    id: e.id,
    paragraph: e.paragraph.id,
    tokenCount: e.tokenCount,
    tokens: e.tokens,
    positions: [...e.positions],
    sentenceOf: [...e.sentenceOf],
    sentences: e.sentences,
    headingTerms: [...e.headingTerms],
    titleTerms: [...e.titleTerms],
    holds: [...e.holds],
  }))

const topK = (index: SearchIndex, terms: string[], k: number) =>
  index.postings.topK({
    terms,
    termBoosts: terms.map(() => 1),
    fieldBoosts: DEFAULT_RANK_OPTIONS.boost,
    bm25: DEFAULT_RANK_OPTIONS.bm25,
    k,
  })

describe('index snapshot (search/snapshot.ts)', () => {
  it('restores the same paragraphs, analysis and tables as a fresh build', () => {
    expect(analysisOf(restored)).toEqual(analysisOf(fresh))
    for (const key of ['df', 'words', 'termOfWord', 'spelling', 'headingVocabulary', 'lowercase', 'averageLength'] as const)
      expect(restored[key], key).toEqual(fresh[key])
  })

  it('gives the same top k as a fresh build', () => {
    const vocabulary = [...fresh.df.keys()]
    for (let i = 0; i < vocabulary.length; i++) {
      const terms = [vocabulary[i]!, vocabulary[(i * 7 + 3) % vocabulary.length]!, vocabulary[(i * 13 + 5) % vocabulary.length]!]
      expect(topK(restored, terms, 3), terms.join(' ')).toEqual(topK(fresh, terms, 3))
    }
  })

  it('derives tokens, positions and sentences equal to analysing the paragraph again', () => {
    for (const e of restored.entries) {
      const tokens = analyze(e.paragraph.text)
      expect(e.tokens).toEqual(tokens)
      expect(e.tokenCount).toBe(tokens.length)
      const positions = new Map<string, number[]>()
      for (const [i, t] of tokens.entries()) positions.set(t.term, [...(positions.get(t.term) ?? []), i])
      expect(e.positions).toEqual(positions)
      const sentences = splitSentences(e.paragraph.text)
      expect(e.sentences).toEqual(sentences)
      // Each token's sentence is the one it starts in.
      for (const [i, t] of e.tokens.entries()) expect(t.start).toBeGreaterThanOrEqual(sentences[e.sentenceOf[i]!]!.start)
    }
  })

  it('shares its arrays between threads and restores the same index from them', () => {
    const shared = shareSnapshot(snapshotIndex(fresh, FIXTURE))
    expect(shared.arrays.paragraphs.termIds.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(shared.arrays.postings.docs[0]!.buffer).toBeInstanceOf(SharedArrayBuffer)
    // What a worker receives: a structured clone, whose shared arrays are not copied.
    const received = structuredClone(shared)
    expect(received.arrays.paragraphs.termIds.buffer).toBeInstanceOf(SharedArrayBuffer)
    const index = restoreIndex(FIXTURE, received)
    expect(analysisOf(index)).toEqual(analysisOf(fresh))
    const terms = [...fresh.df.keys()].slice(0, 5)
    expect(topK(index, terms, 3)).toEqual(topK(fresh, terms, 3))
  })

  it('refuses a snapshot of another version rather than misreading it', () => {
    const old = { ...snapshotIndex(fresh, FIXTURE), version: INDEX_SNAPSHOT_VERSION - 1 } as unknown as IndexSnapshot
    expect(() => restoreIndex(FIXTURE, old)).toThrow(/version/)
  })
})
