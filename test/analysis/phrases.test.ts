import { describe, expect, it } from 'vitest'
import { createPhraseDictionary } from '../../server/analysis/phrases.ts'

describe('createPhraseDictionary', () => {
  const dict = createPhraseDictionary<string>()
  dict.add(['transfert', 'fond'], 'remittances')
  dict.add(['transfert'], 'transfer')
  dict.add(['pay', 'origin'], 'origin country')

  it('matches the longest entry at each position, left to right, without overlap', () => {
    expect(dict.match(['cout', 'transfert', 'fond', 'pay', 'origin'])).toEqual([
      { start: 1, end: 3, value: 'remittances' },
      { start: 3, end: 5, value: 'origin country' },
    ])
    expect(dict.match(['transfert', 'argent'])).toEqual([{ start: 0, end: 1, value: 'transfer' }])
  })

  it('accepts several keys per position', () => {
    expect(dict.match([['transferring', 'transfert'], 'fond'])).toEqual([{ start: 0, end: 2, value: 'remittances' }])
  })
})
