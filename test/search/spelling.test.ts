import { describe, expect, it } from 'vitest'
import { correctedQuestion, plausibleCorrection } from '../../server/search/spelling.ts'
import type { Concept, ParsedQuery } from '../../server/analysis/types.ts'

const c = (label: string, extra: Partial<Concept> = {}): Concept => ({
  label,
  alternatives: [{ terms: [label], display: label, weight: 1 }],
  ...extra,
})
const q = (concepts: Concept[], corrections: ParsedQuery['corrections'] = []): ParsedQuery => ({ language: 'fr', concepts, corrections })

describe('correctedQuestion', () => {
  it('applies the corrections and repairs an elision typed without its apostrophe', () => {
    const query = q(
      [c('Quest', { unknown: true, key: true }), c('migraton'), c('circulaire')],
      [{ typed: 'migraton', corrected: 'migration' }],
    )
    expect(correctedQuestion('Quest ce que la migraton circulaire', query)).toEqual({
      text: 'Qu’est ce que la migration circulaire',
      keepsUnknown: false,
    })
  })

  it('leaves out an unknown capitalised first word, and capitalises what then comes first', () => {
    const query = q([c('Bonjour', { unknown: true, key: true }), c('diasproa')], [{ typed: 'diasproa', corrected: 'diaspora' }])
    expect(correctedQuestion('Bonjour, la diasproa', query)).toEqual({ text: 'La diaspora', keepsUnknown: false })
  })

  it('keeps other unknown words and says so: the question is searched but never suggested', () => {
    const query = q([c('recette'), c('ratatouille', { unknown: true })], [{ typed: 'recette', corrected: 'récente' }])
    expect(correctedQuestion('la recette de la ratatouille', query)).toEqual({ text: 'la récente de la ratatouille', keepsUnknown: true })
  })

  it('gives back the accents of words typed without them, once something was corrected', () => {
    const query = q([c('migrasion'), c('resultat')], [{ typed: 'migrasion', corrected: 'migration' }])
    const accents = new Map([['resultat', 'résultat']])
    expect(correctedQuestion('la migrasion et le resultat', query, (w) => accents.get(w))?.text).toBe('la migration et le résultat')
    expect(correctedQuestion('le resultat', q([c('resultat')]), (w) => accents.get(w))).toBeUndefined()
  })

  it('is undefined when nothing changes, and replaces whole words only', () => {
    expect(correctedQuestion('les transferts de fonds', q([c('transferts de fonds')]))).toBeUndefined()
    const query = q([c('migrans')], [{ typed: 'migrans', corrected: 'migrants' }])
    expect(correctedQuestion('immigrans et migrans', query)?.text).toBe('immigrans et migrants')
  })
})

describe('plausibleCorrection', () => {
  // 10,000 words in all: « migration » 30 times (0.3 %), « récente » twice (0.02 %).
  const words = new Map([
    ['migration', 30],
    ['recente', 2],
    ['autres', 9968],
  ])
  const scaled = (factor: number) => new Map([...words].map(([w, n]) => [w, n * factor]))

  it('offers a correction to a word frequent in the corpus, one edit away', () => {
    expect(plausibleCorrection(words, { typed: 'migraton', corrected: 'migration' })).toBe(true)
  })

  it('refuses a rare corpus word, and a frequent one too many edits away', () => {
    expect(plausibleCorrection(words, { typed: 'recette', corrected: 'récente' })).toBe(false)
    expect(plausibleCorrection(words, { typed: 'mgraton', corrected: 'migration' })).toBe(false)
  })

  it('judges frequency as a share of the corpus: the same words pass at any corpus size', () => {
    for (const factor of [1, 10, 100]) {
      expect(plausibleCorrection(scaled(factor), { typed: 'migraton', corrected: 'migration' })).toBe(true)
      expect(plausibleCorrection(scaled(factor), { typed: 'recette', corrected: 'récente' })).toBe(false)
    }
    // A fixed count of 10 would have let « récente » through once the corpus was ten times larger.
    expect(plausibleCorrection(scaled(10), { typed: 'recette', corrected: 'récente' }, { minShare: 10 / 100_000 })).toBe(true)
  })
})
