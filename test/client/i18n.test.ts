import { describe, expect, it } from 'vitest'
import { pickLanguage, STRINGS } from '../../client/src/chat/i18n.ts'

describe('pickLanguage', () => {
  it('prefers the remembered choice', () => {
    expect(pickLanguage('en', ['fr-FR'])).toBe('en')
  })
  it('then the first browser language it knows', () => {
    expect(pickLanguage(null, ['de-DE', 'en-GB', 'fr'])).toBe('en')
    expect(pickLanguage(null, ['FR-ca'])).toBe('fr')
  })
  it('ignores a corrupted remembered value and falls back to French', () => {
    expect(pickLanguage('xx', ['es'])).toBe('fr')
    expect(pickLanguage(undefined, [])).toBe('fr')
  })
})

describe('strings', () => {
  it('French and English define the same keys, none empty', () => {
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? keys(v).map((x) => `${k}.${x}`) : [k]))
    expect(keys(STRINGS.en).sort()).toEqual(keys(STRINGS.fr).sort())
    for (const lang of ['fr', 'en'] as const) {
      for (const [k, v] of Object.entries(STRINGS[lang])) if (typeof v === 'string') expect(v, `${lang}.${k}`).not.toBe('')
    }
  })
})
