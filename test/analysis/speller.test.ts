import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createSpeller, editDistance } from '../../server/analysis/speller.ts'

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and transpositions as one edit', () => {
    expect(editDistance('migration', 'migration', 2)).toBe(0)
    expect(editDistance('migraton', 'migration', 2)).toBe(1)
    expect(editDistance('migartion', 'migration', 2)).toBe(1)
    expect(editDistance('mogration', 'migration', 2)).toBe(1)
    expect(editDistance('abc', 'xyzuvw', 2)).toBe(3)
  })

  it('property: symmetric and zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        expect(editDistance(a, b, 20)).toBe(editDistance(b, a, 20))
        expect(editDistance(a, b, 20) === 0).toBe(a === b)
      }),
    )
  })
})

describe('createSpeller', () => {
  const speller = createSpeller(
    new Map([
      ['developpement', 40],
      ['diaspora', 12],
      ['diasporas', 3],
      ['visent', 2],
    ]),
  )

  it('corrects a typo to the most frequent closest corpus word, accents ignored', () => {
    expect(speller.suggest('developement')).toBe('developpement')
    expect(speller.suggest('Diaspora')).toBe('diaspora')
    expect(speller.suggest('diasproa')).toBe('diaspora')
    expect(speller.suggest('Développement')).toBe('developpement')
  })

  it('leaves words that are too far or too short alone', () => {
    expect(speller.suggest('football')).toBeUndefined()
    expect(speller.suggest('2006')).toBeUndefined()
  })

  it('regression: a short real word is not "corrected" into another (« vient » → « visent »)', () => {
    expect(speller.suggest('vient')).toBeUndefined()
  })

  it('property: the length index finds a word within reach whenever a full scan of the vocabulary does', () => {
    const word = fc.stringMatching(/^[a-e]{4,10}$/)
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 30 }), word, (vocabulary, typed) => {
        const found = createSpeller(new Map(vocabulary.map((w, i) => [w, i + 1]))).suggest(typed)
        const max = typed.length > 7 ? 2 : 1
        const reachable = vocabulary.filter((c) => (c[0] === typed[0] || c[0] === typed[1]) && editDistance(typed, c, max) <= max)
        if (typed.length < 6) expect(found).toBeUndefined()
        else if (reachable.length === 0) expect(found).toBeUndefined()
        else {
          const best = Math.min(...reachable.map((c) => editDistance(typed, c, max)))
          expect(found !== undefined && editDistance(typed, found, max)).toBe(best)
        }
      }),
    )
  })
})
