import { describe, expect, it } from 'vitest'
import { createFamilies, derivationalRoot } from '../../server/analysis/families.ts'
import { termOf } from '../../server/analysis/analyze.ts'

// A small vocabulary (folded word → occurrences) as the index builds it.
const words = new Map([
  ['migration', 40],
  ['migrations', 10],
  ['migrent', 2],
  ['reduction', 6],
  ['renforcent', 1],
  ['renforcement', 5],
  ['cout', 9],
  ['couts', 4],
  ['pays', 50],
  ['paysans', 1],
])
const termOfWord = new Map([...words.keys()].map((w) => [w, termOf(w)]))
const families = createFamilies(words, termOfWord)

describe('derivational families', () => {
  it('cuts the longest known suffix when a root of four letters or more remains', () => {
    expect(derivationalRoot('reduction')).toBe('redu')
    expect(derivationalRoot('reduire')).toBe('redu')
    expect(derivationalRoot('couteux')).toBe('cout')
    expect(derivationalRoot('renforcement')).toBe('renforc')
    expect(derivationalRoot('pays')).toBe('pays')
    expect(derivationalRoot('pay')).toBe(undefined)
  })

  it('links forms Snowball keeps apart, most frequent first, never the word’s own term', () => {
    // Snowball stems « réduire » to « reduir » and « réduction » to « reduct ».
    expect(termOf('réduire')).not.toBe(termOf('réduction'))
    expect(families.relatives('reduire', termOf('réduire'))).toEqual([{ term: termOf('réduction'), word: 'reduction' }])
    // One relative per term, shown by its most frequent form (« cout » 9 times, « couts » 4).
    expect(families.relatives('couteux', termOf('coûteux'))).toEqual([{ term: termOf('coût'), word: 'cout' }])
    const migrer = families.relatives('migrer', termOf('migrer'))
    expect(migrer.map((r) => r.term)).toEqual([termOf('migration'), termOf('migrent')])
    expect(migrer[0]!.word).toBe('migration')
    expect(families.relatives('renforcer', termOf('renforcer')).map((r) => r.term)).toEqual([termOf('renforcent')])
  })

  it('joins nothing without a shared root and a known suffix', () => {
    expect(families.relatives('paysage', termOf('paysage'))).toEqual([])
    expect(families.relatives('payer', termOf('payer'))).toEqual([])
  })
})
