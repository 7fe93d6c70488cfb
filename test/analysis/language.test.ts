import { describe, expect, it } from 'vitest'
import { detectLanguage } from '../../server/analysis/language.ts'

const vocabularies = {
  isEnglish: (w: string) => ['remittance', 'remittances', 'cost', 'costs', 'brain', 'drain', 'migration'].includes(w),
  isFrench: (w: string) => ['transferts', 'fonds', 'migration', 'couts', 'exode'].includes(w),
}

describe('detectLanguage', () => {
  it('reads function words', () => {
    expect(detectLanguage('What are the costs of sending money home?', vocabularies)).toBe('en')
    expect(detectLanguage('Quels sont les coûts des transferts de fonds ?', vocabularies)).toBe('fr')
  })

  it('decides short questions from field words known to one side only', () => {
    expect(detectLanguage('remittance costs', vocabularies)).toBe('en')
    expect(detectLanguage('transferts fonds', vocabularies)).toBe('fr')
    expect(detectLanguage('brain drain?', vocabularies)).toBe('en')
  })

  it('counts elisions as French and possessives as English', () => {
    expect(detectLanguage('l’exode', vocabularies)).toBe('fr')
    expect(detectLanguage("IOM's mandate", vocabularies)).toBe('en')
  })

  it('gives ties to French, the corpus language', () => {
    expect(detectLanguage('migration', vocabularies)).toBe('fr')
    expect(detectLanguage('', vocabularies)).toBe('fr')
  })
})
