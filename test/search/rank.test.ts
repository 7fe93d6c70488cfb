import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { buildIndex } from '../../server/search/index.ts'
import { minimalSpan, rank, RANK_FEATURES } from '../../server/search/rank.ts'
import { RANK_MODEL } from '../../server/search/rank-model.ts'
import { analyze } from '../../server/analysis/analyze.ts'
import type { Concept, ParsedQuery } from '../../server/analysis/types.ts'
import { FIXTURE } from './fixture.ts'

const index = buildIndex(FIXTURE)
const concept = (label: string, ...alternatives: Array<[string, number]>): Concept => ({
  label,
  alternatives: alternatives.map(([display, weight]) => ({ display, weight, terms: analyze(display).map((t) => t.term) })),
})
const query = (...concepts: Concept[]): ParsedQuery => ({ language: 'fr', concepts })
const ids = (q: ParsedQuery, documents?: Set<string>) => rank(index, q, { documents }).map((h) => h.entry.paragraph.id)

describe('rank', () => {
  it('puts first the paragraph that holds every concept as a phrase, close together', () => {
    // sg-p2 has all the words, scattered; oim-p3 has the phrases.
    const q = query(concept('coût', ['coût', 1]), concept('transferts de fonds', ['transferts de fonds', 1]))
    expect(ids(q)[0]).toBe('oim-p3')
  })

  it('counts a synonym as covering the concept, at its lower weight', () => {
    const q = query(concept('frais', ['frais', 1]), concept('envois d’argent', ['envois d’argent', 1], ['envois de fonds', 0.6]))
    const [top] = rank(index, q)
    expect(top!.entry.paragraph.id).toBe('oim-p3')
    expect(top!.coverage).toBeGreaterThan(0.5)
    expect(top!.coverage).toBeLessThan(1)
  })

  it('reports key concepts (names, numbers) the paragraph lacks', () => {
    const q = query(concept('forum', ['forum', 1]), { ...concept('2009', ['2009', 1]), key: true, unknown: true })
    const [top] = rank(index, q)
    expect(top!.entry.paragraph.id).toBe('sg-p1')
    expect(top!.missing).toEqual(['2009'])
  })

  it('restricts to the filtered documents', () => {
    const q = query(concept('transferts', ['transferts', 1]))
    expect(ids(q).some((id) => id.startsWith('oim'))).toBe(true)
    expect(ids(q, new Set(['sg']))).toEqual(['sg-p2'])
  })

  it('returns nothing for an empty question or one with no known term', () => {
    expect(rank(index, query())).toEqual([])
    expect(rank(index, query(concept('ratatouille', ['ratatouille', 1])))).toEqual([])
  })
})

describe('rank model', () => {
  it('has a finite weight for every feature, fitted by eval/fit-rank.ts', () => {
    for (const f of RANK_FEATURES) expect(Number.isFinite(RANK_MODEL[f]), f).toBe(true)
    expect(Object.keys(RANK_MODEL).sort()).toEqual([...RANK_FEATURES].sort())
  })

  it('scores a candidate as Σ weight × feature, and the model option replaces the weights', () => {
    const q = query(concept('coût', ['coût', 1]), concept('transferts de fonds', ['transferts de fonds', 1]))
    for (const h of rank(index, q)) {
      expect(h.features).toHaveLength(RANK_FEATURES.length)
      expect(h.score).toBeCloseTo(RANK_FEATURES.reduce((s, f, j) => s + RANK_MODEL[f]! * h.features[j]!, 0))
    }
    // Weighing BM25 alone puts first the paragraph that repeats the words, not the one that answers.
    const bm25Only = Object.fromEntries(RANK_FEATURES.map((f) => [f, f === 'bm25' ? 1 : 0]))
    const hits = rank(index, q, {}, { model: bm25Only })
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.features[0]!)].sort((a, b) => b - a))
  })

  it('gives the best sentence’s share of the question: all of it when one sentence holds every concept', () => {
    const q = query(concept('coût', ['coût', 1]), concept('frais', ['frais', 1]))
    const hit = rank(index, q).find((h) => h.entry.paragraph.id === 'oim-p3')!
    // « Le coût … élevé ; réduire les frais … » is one sentence (a semicolon does not end it).
    expect(hit.features[RANK_FEATURES.indexOf('sentence')]).toBeCloseTo(1)
    expect(hit.features[RANK_FEATURES.indexOf('exact')]).toBeCloseTo(1)
  })

  it('gives each candidate the higher coverage of its neighbours in the same document, when they are candidates', () => {
    const neighbourOf = (q: ParsedQuery) => {
      const byId = new Map(rank(index, q).map((h) => [h.entry.paragraph.id, h.features]))
      return (id: string, name: (typeof RANK_FEATURES)[number] = 'neighbour') => byId.get(id)![RANK_FEATURES.indexOf(name)]!
    }
    const f = neighbourOf(
      query(concept('transferts de fonds', ['transferts de fonds', 1]), concept('pays d’origine', ['pays d’origine', 1])),
    )
    // oim-p3 sits between oim-p2 (both concepts) and oim-p4 (origin countries only).
    expect(f('oim-p3')).toBeCloseTo(Math.max(f('oim-p2', 'coverage'), f('oim-p4', 'coverage')))
    // oim-p2 follows a heading, which is not indexed: oim-p3 is its only neighbour.
    expect(f('oim-p2')).toBeCloseTo(f('oim-p3', 'coverage'))
    // oim-p4 and sg-p1 follow each other in the index but belong to two documents.
    const g = neighbourOf(query(concept('exode des compétences', ['exode des compétences', 1]), concept('forum', ['forum', 1])))
    expect(g('oim-p4', 'coverage')).toBeGreaterThan(0)
    expect(g('sg-p1', 'coverage')).toBeGreaterThan(0)
    expect([g('oim-p4'), g('sg-p1')]).toEqual([0, 0])
  })

  it('regression: a concept with two of the user’s own words in the paragraph counted twice in the own-words share', () => {
    // « coût ou frais » as one concept, both words in oim-p3: the share is 1, not 2.
    const q = query(concept('coût ou frais', ['coût', 1], ['frais', 1]))
    const hit = rank(index, q).find((h) => h.entry.paragraph.id === 'oim-p3')!
    expect(hit.features[RANK_FEATURES.indexOf('exact')]).toBeCloseTo(1)
  })

  it('scores the share of the asked kinds of answer the paragraph holds, and nothing when nothing is asked', () => {
    const forum = concept('forum', ['forum', 1])
    const answerType = (q: ParsedQuery) =>
      rank(index, q).find((h) => h.entry.paragraph.id === 'sg-p1')!.features[RANK_FEATURES.indexOf('answerType')]
    expect(answerType({ ...query(forum), asks: ['date', 'place'] })).toBe(1)
    expect(answerType({ ...query(forum), asks: ['date', 'person'] })).toBe(0.5)
    expect(answerType(query(forum))).toBe(0)
  })

  it('tells the question’s own words from an expansion', () => {
    const q = query(concept('envois d’argent', ['envois d’argent', 1], ['envois de fonds', 0.6]))
    const hit = rank(index, q).find((h) => h.entry.paragraph.id === 'oim-p3')!
    expect(hit.features[RANK_FEATURES.indexOf('exact')]).toBe(0)
    expect(hit.features[RANK_FEATURES.indexOf('coverage')]).toBeCloseTo(0.6)
  })
})

describe('minimalSpan', () => {
  it('property: equals the smallest max − min over every choice of one position per list', () => {
    const list = fc.uniqueArray(fc.nat(40), { minLength: 1, maxLength: 5 }).map((l) => l.sort((a, b) => a - b))
    fc.assert(
      fc.property(fc.array(list, { minLength: 1, maxLength: 4 }), (lists) => {
        let brute = Infinity
        const choose = (k: number, lo: number, hi: number): void => {
          if (k === lists.length) brute = Math.min(brute, hi - lo)
          else for (const p of lists[k]!) choose(k + 1, Math.min(lo, p), Math.max(hi, p))
        }
        choose(0, Infinity, -Infinity)
        expect(minimalSpan(lists)).toBe(brute)
      }),
    )
  })
})
