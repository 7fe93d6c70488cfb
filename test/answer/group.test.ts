import { describe, expect, it } from 'vitest'
import { groupNearDuplicates, type GroupItem } from '../../server/answer/group.ts'
import { tinyAnalyze } from '../fixtures/answer/analyzer.ts'
import neighbours from '../fixtures/answer/neighbours.json' with { type: 'json' }

const [p6, p7, p8restates, p5similar, p30similarFar, hldCopy, idmSimilar] = neighbours.map(
  (p): GroupItem => ({ documentId: p.documentId, n: p.n, text: p.text, terms: tinyAnalyze(p.text).map((t) => t.term) }),
) as [GroupItem, GroupItem, GroupItem, GroupItem, GroupItem, GroupItem, GroupItem]

describe('groupNearDuplicates', () => {
  it('folds similar neighbours into the higher-ranked paragraph and keeps different ones apart', () => {
    expect(groupNearDuplicates([p6, p7, p8restates, p5similar])).toEqual([
      { lead: 0, related: [2, 3] },
      { lead: 1, related: [] },
    ])
  })

  it('folds a neighbour whose term set is similar enough (Jaccard)', () => {
    expect(groupNearDuplicates([p6, p5similar], { sharedRun: 1000 })).toEqual([{ lead: 0, related: [1] }])
    expect(groupNearDuplicates([p6, p5similar], { sharedRun: 1000, minJaccard: 0.99 })).toHaveLength(2)
  })

  it('folds a neighbour that repeats a long run of words even when its term sets differ', () => {
    // Without the shared run, the term sets alone are not similar enough.
    expect(groupNearDuplicates([p6, p8restates], { sharedRun: 1000 })).toHaveLength(2)
    expect(groupNearDuplicates([p6, p8restates])).toEqual([{ lead: 0, related: [1] }])
  })

  it('does not fold similar text that is far away in the document or in another document', () => {
    expect(groupNearDuplicates([p6, p30similarFar])).toHaveLength(2)
    expect(groupNearDuplicates([p6, idmSimilar])).toHaveLength(2)
  })

  it('folds identical text from another document, unless told not to', () => {
    expect(groupNearDuplicates([p6, hldCopy])).toEqual([{ lead: 0, related: [1] }])
    expect(groupNearDuplicates([p6, hldCopy], { foldIdentical: false })).toHaveLength(2)
  })

  it('folds through an already-folded member into its lead', () => {
    const p3 = { ...p5similar, n: 3 }
    expect(groupNearDuplicates([p6, p5similar, p3])).toEqual([{ lead: 0, related: [1, 2] }])
  })

  it('forms at most `limit` groups but still folds later duplicates into shown ones', () => {
    const p9 = { ...p7, n: 9 } // duplicates p7, which is past the limit
    expect(groupNearDuplicates([p6, p7, p5similar, p9], { limit: 1 })).toEqual([{ lead: 0, related: [2] }])
  })

  it('returns nothing for no items', () => {
    expect(groupNearDuplicates([])).toEqual([])
  })
})
