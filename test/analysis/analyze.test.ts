import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { analyze, fold, isStopword, termOf } from '../../server/analysis/analyze.ts'

const termsOf = (s: string) => analyze(s).map((t) => t.term)
const surfaces = (s: string) => analyze(s).map((t) => t.surface)

describe('analyze', () => {
  it('splits elisions with either apostrophe and drops the elided word', () => {
    expect(surfaces('l’OIM')).toEqual(['OIM'])
    expect(surfaces("l'OIM")).toEqual(['OIM'])
    expect(surfaces('jusqu’en 2006, lorsqu’il s’agit d’étudier qu’elles')).toEqual(['2006', 'agit', 'étudier'])
  })

  it('keeps function words out and the field’s content words in', () => {
    expect(surfaces('les États et le premier plan de plus de pays')).toEqual(['États', 'premier', 'plan', 'plus', 'pays'])
    expect(isStopword('les')).toBe(true)
    expect(isStopword('état')).toBe(false)
    expect(isStopword('premier')).toBe(false)
    expect(isStopword('plus')).toBe(false)
  })

  it('stems with French Snowball, then folds accents and ligatures', () => {
    expect(termOf('migrations')).toBe(termOf('migration'))
    expect(termOf('Transferts')).toBe(termOf('transfert'))
    expect(termOf('États')).toBe('etat')
    expect(termOf('œuvre')).toBe('oeuvr')
    expect(termsOf('développement')).toEqual(termsOf('developpements'))
  })

  it('keeps numbers and references whole', () => {
    expect(surfaces('la résolution 61/208 de 2006 : 3 % et 1,1 milliard')).toEqual([
      'résolution',
      '61/208',
      '2006',
      '3 %',
      '1,1',
      'milliard',
    ])
    expect(termsOf('3 % ou 3%')).toEqual(['3%', '3%'])
  })

  it('indexes a hyphenated compound whole and by part', () => {
    const tokens = analyze('la main-d’œuvre des États-Unis')
    const [etats, unis] = [termOf('États'), termOf('Unis')]
    expect(tokens.map((t) => t.term)).toEqual(['main-oeuvr', 'main', 'oeuvr', `${etats}-${unis}`, etats, unis])
    expect(tokens[0]!.surface).toBe('main-d’œuvre')
    expect(tokens[3]!.surface).toBe('États-Unis')
  })

  it('regression: "IOM\'s" yields the acronym, not a term with an apostrophe', () => {
    expect(termsOf("IOM's role")).toEqual(['iom', termOf('role')])
  })

  it('gives offsets that slice the surface out of the text', () => {
    const text = 'Jusqu’en 2006, l’Organisation « main-d’œuvre » (61/208) — 3 %.'
    for (const t of analyze(text)) expect(text.slice(t.start, t.end)).toBe(t.surface)
  })

  it('property: offsets always slice to the surface, tokens are in order, it never throws', () => {
    const alphabet = fc.constantFrom(..."aàeéèêiïoôœuùç AÉŒL’'-0123456789/%,.dlqujs".split(''))
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')),
        (text) => {
          const tokens = analyze(text)
          let last = -1
          for (const t of tokens) {
            expect(text.slice(t.start, t.end)).toBe(t.surface)
            expect(t.term.length).toBeGreaterThan(0)
            expect(t.start).toBeGreaterThanOrEqual(last)
            last = t.start
          }
        },
      ),
    )
    fc.assert(fc.property(fc.string(), (text) => void analyze(text)))
  })

  it('property: folding is idempotent and leaves no combining marks or ligatures', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = fold(s)
        expect(fold(once)).toBe(once)
        expect(once).not.toMatch(/[\u0300-\u036f]|œ|æ/)
      }),
    )
  })

  it('property: folding plain ASCII returns it unchanged, as the full folding would', () => {
    // The full folding, without fold's ASCII shortcut.
    const reference = (s: string) =>
      s.normalize('NFD').replace(/\p{M}/gu, '').replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/Œ/g, 'OE').replace(/Æ/g, 'AE')
    for (const s of ['migration', 'Schengen 2024', '', 'coût', 'Œuvre', 'main-d’œuvre', 'e\u0301', 'naïve café'])
      expect(fold(s)).toBe(reference(s))
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void expect(fold(s)).toBe(reference(s))))
  })

  it('property: analysis is the same at index and query time (a text’s terms are found again)', () => {
    fc.assert(
      fc.property(fc.constantFrom('transferts de fonds', 'l’exode des compétences', 'pays d’origine', 'main-d’œuvre'), (phrase) => {
        expect(termsOf(`Sur les ${phrase} ?`)).toEqual(termsOf(phrase))
      }),
    )
  })
})
