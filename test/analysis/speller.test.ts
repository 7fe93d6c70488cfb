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

  it('between words equally close, picks the more frequent, whatever their order; a closer word beats a more frequent one', () => {
    for (const [first, second] of [
      [
        ['abcdex', 3],
        ['abcdey', 9],
      ],
      [
        ['abcdey', 9],
        ['abcdex', 3],
      ],
    ] as const) {
      expect(createSpeller(new Map([first, second])).suggest('abcdez')).toBe('abcdey')
      // Three close words: the tie is found after a first candidate, then a better one.
      expect(createSpeller(new Map([['abcdew', 1], first, second])).suggest('abcdez')).toBe('abcdey')
    }
    // A frequent word two edits away never ties with one an edit away, found before it.
    expect(
      createSpeller(
        new Map([
          ['abcdex', 3],
          ['axcdxz', 99],
        ]),
      ).suggest('abcdez'),
    ).toBe('abcdex')
    // « abcdefgh » is one edit away, « abcdefxx » two: distance first, then frequency.
    expect(
      createSpeller(
        new Map([
          ['abcdefxx', 50],
          ['abcdefgh', 1],
        ]),
      ).suggest('abcdefgz'),
    ).toBe('abcdefgh')
  })

  it('leaves words that are too far or too short alone', () => {
    expect(speller.suggest('football')).toBeUndefined()
    expect(speller.suggest('2006')).toBeUndefined()
  })

  it('regression: a short real word is not "corrected" into another (« vient » → « visent »)', () => {
    expect(speller.suggest('vient')).toBeUndefined()
  })

  it('property: the length index finds what a full scan of the vocabulary does: the closest word, the most frequent of those', () => {
    const word = fc.stringMatching(/^[a-e]{4,10}$/)
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 1, maxLength: 30 }), word, (vocabulary, typed) => {
        const frequency = new Map(vocabulary.map((w, i) => [w, ((i * 7) % 11) + i / 100]))
        const found = createSpeller(frequency).suggest(typed)
        const max = typed.length > 7 ? 2 : 1
        const reachable = vocabulary.filter((c) => (c[0] === typed[0] || c[0] === typed[1]) && editDistance(typed, c, max) <= max)
        if (typed.length < 6) expect(found).toBeUndefined()
        else if (reachable.length === 0) expect(found).toBeUndefined()
        else {
          const best = Math.min(...reachable.map((c) => editDistance(typed, c, max)))
          const closest = reachable.filter((c) => editDistance(typed, c, max) === best)
          // Frequencies are distinct: one closest word is the most frequent.
          expect(found).toBe(closest.sort((a, b) => frequency.get(b)! - frequency.get(a)!)[0])
        }
      }),
    )
  })
})
