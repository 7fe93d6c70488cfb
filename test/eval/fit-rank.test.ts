import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { crossValidate, fitRanker, rankOfRelevant, rankingMetrics, type RankingGroup } from '../../eval/fit-rank.ts'

// Questions whose relevant candidate has the highest first feature; the second feature is noise
// that favours a non-relevant candidate as often as the relevant one.
const groups: RankingGroup[] = Array.from({ length: 20 }, (_, q) => ({
  id: `q${q}`,
  candidates: [0, 1, 2, 3].map((k) => ({ x: [k === q % 4 ? 0.9 : 0.1 * k, (q + k) % 2], relevant: k === q % 4 })),
}))

describe('rankOfRelevant', () => {
  it('ranks by Σ weight × feature and counts ties against the relevant candidate', () => {
    const g: RankingGroup = {
      id: 'g',
      candidates: [
        { x: [1], relevant: false },
        { x: [2], relevant: true },
        { x: [2], relevant: false },
      ],
    }
    expect(rankOfRelevant(g, [1])).toBe(2)
    expect(rankOfRelevant(g, [-1])).toBe(3)
    expect(rankOfRelevant({ id: 'none', candidates: [{ x: [1], relevant: false }] }, [1])).toBe(0)
  })
})

describe('fitRanker (listwise softmax)', () => {
  it('learns a positive weight for the feature that marks the relevant candidate, little for noise', () => {
    const w = fitRanker(groups, { l2: 0.01 })
    expect(w[0]).toBeGreaterThan(0)
    expect(Math.abs(w[1]!)).toBeLessThan(w[0]! / 4)
    expect(rankingMetrics(groups, () => w).r1).toBe(1)
  })

  it('learns a negative weight when the relevant candidate has the lowest value', () => {
    const flipped = groups.map((g) => ({ ...g, candidates: g.candidates.map((c) => ({ ...c, x: [1 - c.x[0]!, c.x[1]!] })) }))
    expect(fitRanker(flipped, { l2: 0.01 })[0]).toBeLessThan(0)
  })

  it('returns finite weights whatever the features, and zeros when nothing can be learned', () => {
    const candidate = fc.record({
      x: fc.tuple(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })),
      relevant: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.string(), candidates: fc.array(candidate, { maxLength: 5 }) }), { maxLength: 6 }), (gs) => {
        const w = fitRanker(gs, { steps: 50 })
        return w.every(Number.isFinite)
      }),
      { numRuns: 50 },
    )
    expect(fitRanker([{ id: 'all relevant', candidates: [{ x: [1, 2], relevant: true }] }])).toEqual([0, 0])
  })
})

describe('crossValidate', () => {
  it('ranks each question with a model fitted without it, and still finds the signal', () => {
    const cv = crossValidate(groups, { folds: 4, l2: 0.01 })
    expect(cv.r1).toBe(1)
    expect(cv.mrr).toBe(1)
  })
})
