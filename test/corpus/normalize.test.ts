import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeText } from '../../server/corpus/normalize.ts'

describe('normalizeText', () => {
  it('composes to NFC', () => {
    expect(normalizeText('cohe\u0301rence')).toBe('cohérence')
  })

  it('turns non-breaking, narrow and typographic spaces into plain spaces', () => {
    expect(normalizeText('migration\u00A0:\u202Fles\u2009faits')).toBe('migration : les faits')
  })

  it('drops soft hyphens and turns non-breaking hyphens into hyphens', () => {
    expect(normalizeText('mi\u00ADgration 26\u201127 mars')).toBe('migration 26-27 mars')
  })

  it('turns CRLF and CR into LF and tabs into spaces', () => {
    expect(normalizeText('a\r\nb\rc\td')).toBe('a\nb\nc d')
  })

  it('removes control and zero-width characters but keeps newlines', () => {
    expect(normalizeText('a\u0000b\u0007c\u200Bd\uFEFF\ne')).toBe('abcd\ne')
  })

  it('maps the Symbol font bullet to • and drops other private-use glyphs', () => {
    expect(normalizeText('\uF0B7 Adhérer\uE000')).toBe('• Adhérer')
  })

  it('glues elided words to the next word', () => {
    expect(normalizeText('d’ autres, l’ OIM, qu’ il, jusqu’ à, L’ établissement')).toBe('d’autres, l’OIM, qu’il, jusqu’à, L’établissement')
  })

  it('leaves apostrophes that end a quotation or a word alone', () => {
    expect(normalizeText('les pays d’ origine et l’avenir')).toBe('les pays d’origine et l’avenir')
    expect(normalizeText('des élèves’ notes')).toBe('des élèves’ notes')
  })

  it('rejoins « œ uvre » split after the ligature', () => {
    expect(normalizeText('mettre en œ uvre')).toBe('mettre en œuvre')
  })

  it('keeps leading spaces, which mark PDF page starts', () => {
    expect(normalizeText(' politiques soient\n')).toBe(' politiques soient\n')
  })

  it('is idempotent and never leaves controls, odd spaces or soft hyphens (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const once = normalizeText(s)
        expect(normalizeText(once)).toBe(once)
        expect(once).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u00A0\u00AD\u202F\r]/)
      }),
    )
  })
})
