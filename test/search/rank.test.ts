import { describe, expect, it } from 'vitest'
import { buildIndex } from '../../server/search/index.ts'
import { rank } from '../../server/search/rank.ts'
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
