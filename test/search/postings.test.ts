// The pruned top-k over compact postings must return exactly what MiniSearch's own search returns
// first (same paragraphs, same float scores, same order, ties included), over the evaluation
// questions on the shipped corpus, with and without a document filter: ranking quality rests on it.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sharedEngine, sharedIndex } from '../helpers/server.ts'
import { buildIndex } from '../../server/search/index.ts'
import { DEFAULT_RANK_OPTIONS } from '../../server/search/rank.ts'
import { miniSearchOf } from './oracle.ts'

const questions = JSON.parse(readFileSync('eval/questions.json', 'utf8')) as Array<{
  question: string
  context?: Array<{ question: string }>
}>

describe('postings.topK', () => {
  it('equals MiniSearch.search’s first k for every evaluation question', async () => {
    const engine = await sharedEngine()
    const index = await sharedIndex()
    const minisearch = miniSearchOf(index)
    const o = DEFAULT_RANK_OPTIONS
    const firstDocument = engine.corpus.documents[0]!.id
    let compared = 0
    for (const [n, q] of questions.entries()) {
      const weights = new Map<string, number>()
      for (const c of engine.explain(q).query.concepts)
        for (const a of c.alternatives) for (const t of a.terms) weights.set(t, Math.max(weights.get(t) ?? 0, a.weight))
      const terms = [...weights.keys()].filter(Boolean)
      if (terms.length === 0) continue
      // Every third question filtered on one document, k alternating between 30 and 5.
      const filtered = n % 3 === 0
      const k = n % 2 ? 30 : 5
      const expected = minisearch
        .search(terms.join(' '), {
          tokenize: (s) => s.split(' '),
          processTerm: (t) => t,
          boostTerm: (t) => weights.get(t)!,
          boost: o.boost,
          bm25: o.bm25,
          filter: filtered ? (r) => index.entries[r.id as number]!.document.id === firstDocument : undefined,
        })
        .slice(0, k)
        .map((r) => ({ id: r.id as number, score: r.score }))
      const actual = index.postings.topK({
        terms,
        termBoosts: terms.map((t) => weights.get(t)!),
        fieldBoosts: o.boost,
        bm25: o.bm25,
        k,
        allowed: filtered ? (id) => index.entries[id]!.document.id === firstDocument : undefined,
      })
      expect(actual, q.question).toEqual(expected)
      compared++
    }
    expect(compared).toBeGreaterThan(300)
  }, 120_000)
})

describe('postings cache', () => {
  it('regression: unknown-terms-cached — words the corpus lacks leave the score cache as it was', async () => {
    const engine = await sharedEngine()
    const index = buildIndex(engine.corpus)
    const o = DEFAULT_RANK_OPTIONS
    const ask = (terms: string[]) =>
      index.postings.topK({ terms, termBoosts: terms.map(() => 1), fieldBoosts: o.boost, bm25: o.bm25, k: 5 })
    ask(['migrat', 'developp'])
    const known = index.postings.cachedTerms()
    expect(known).toBe(2)
    for (let i = 0; i < 500; i++) ask([`zq${i}xw`, `qx${i}zw`, 'migrat'])
    expect(index.postings.cachedTerms()).toBe(known)
    expect(ask(['zzzunknown'])).toEqual([])
  })
})
