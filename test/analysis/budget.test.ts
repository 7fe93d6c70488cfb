import { describe, expect, it } from 'vitest'
import { capAlternatives } from '../../server/analysis/query.ts'
import type { Concept } from '../../server/analysis/types.ts'
import { sharedEngine } from '../helpers/server.ts'

const alt = (display: string, weight: number) => ({ terms: [display], display, weight })

describe('the per-question budget of alternatives (issue 11: bounded work for one question)', () => {
  it('keeps every concept’s best alternative, then the heaviest others, up to the cap', () => {
    const concepts: Concept[] = [
      { label: 'a', alternatives: [alt('a', 1), alt('a1', 0.6), alt('a2', 0.5)] },
      { label: 'b', alternatives: [alt('b2', 0.4), alt('b', 1), alt('b1', 0.9)] },
    ]
    const capped = capAlternatives(concepts, 3)
    expect(capped.map((c) => c.alternatives.map((a) => a.display))).toEqual([['a'], ['b', 'b1']])
    expect(capAlternatives(concepts, 6)).toBe(concepts)
  })

  it('caps a 40-word list of synonym-rich domain words, and leaves ordinary questions whole', async () => {
    const engine = await sharedEngine()
    const words =
      'migration migrants développement envois fonds travailleurs réfugiés asile femmes enfants traite trafic diaspora retour intégration santé emploi droits politique coopération pays origine destination dialogue gouvernance frontières sécurité éducation compétences partenariats mobilité climat environnement régulière irrégulière protection famille regroupement circulaire transferts'
    const count = (q: string) => engine.explain({ question: q }).query.concepts.reduce((n, c) => n + c.alternatives.length, 0)
    const long = engine.explain({ question: words }).query
    expect(count(words)).toBe(120)
    expect(long.concepts.every((c) => c.alternatives.length > 0)).toBe(true)
    expect(count('Quel est le rôle des envois de fonds dans le développement ?')).toBeLessThan(120)
  })
})
