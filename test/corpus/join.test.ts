import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildVocabulary, joinHyphenated, joinLines, rejoinDropCaps } from '../../server/corpus/join.ts'

// The corpus's own words, as the parser would see them elsewhere in the texts.
const vocab = buildVocabulary([
  'pour canaliser la migration, ils peuvent la main-d’œuvre la soixante et unième session troisième',
  'le développement et la migration mesure que',
])

describe('buildVocabulary', () => {
  it('counts words and the parts of compounds and elisions', () => {
    const v = buildVocabulary(['la main-d’œuvre et la main-d’œuvre'])
    expect(v.get('main-d’œuvre')).toBe(2)
    expect(v.has('main')).toBe(true)
    expect(v.has('œuvre')).toBe(true)
    expect(v.get('la')).toBe(2)
  })

  it('leaves out both halves of an end-of-line hyphenation', () => {
    const v = buildVocabulary(['des mécanismes pour canali-\nser la migration'])
    expect(v.has('canali')).toBe(false)
    expect(v.has('ser')).toBe(false)
    expect(v.has('migration')).toBe(true)
  })
})

describe('joinHyphenated', () => {
  it('joins a word the corpus prints whole', () => {
    expect(joinHyphenated('canali', 'ser', vocab)).toBe('canaliser')
    expect(joinHyphenated('peu', 'vent', vocab)).toBe('peuvent')
  })

  it('keeps a compound the corpus prints with its hyphen', () => {
    expect(joinHyphenated('main', 'd’œuvre', vocab)).toBe('main-d’œuvre')
  })

  it('keeps a compound of two words when neither form is printed elsewhere', () => {
    expect(joinHyphenated('soixante', 'troisième', vocab)).toBe('soixante-troisième')
  })

  it('regression: keeps a compound whose right half the corpus prints only in another inflection (« sud-américaine »)', () => {
    const v = buildVocabulary(['le sud et le programme américain'])
    expect(joinHyphenated('sud', 'américaine', v)).toBe('sud-américaine')
    expect(joinHyphenated('pure', 'ment', buildVocabulary(['une pure forme']))).toBe('purement')
  })

  it('joins a broken word it has never seen (neither half is a word)', () => {
    expect(joinHyphenated('accor', 'dée', vocab)).toBe('accordée')
  })
})

describe('joinLines', () => {
  it('joins hard-wrapped lines with one space and undoes hyphenation', () => {
    expect(joinLines(['les effets peu-', 'vent être  soit positifs'], vocab)).toBe('les effets peuvent être soit positifs')
  })

  it('handles a hyphen followed by trailing spaces and keeps the punctuation after the word', () => {
    expect(joinLines(['canali- ', 'ser, la main-', 'd’œuvre.'], vocab)).toBe('canaliser, la main-d’œuvre.')
  })

  it('regression: rejoins a URL cut right after « http:// » without a space', () => {
    expect(joinLines(['à l’adresse http://', 'publications.iom.int/system/', 'files/x.pdf.'], vocab)).toBe(
      'à l’adresse http://publications.iom.int/system/files/x.pdf.',
    )
  })

  it('does not treat a dash as hyphenation', () => {
    expect(joinLines(['la migration –', 'au sein des États'], vocab)).toBe('la migration – au sein des États')
  })

  it('gives back every word of a wrapped text, whatever the wrap (property)', () => {
    const words = ['la', 'migration', 'canaliser', 'peuvent', 'développement', 'main-d’œuvre', 'mesure']
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (text, cuts) => {
          // Wrap after some words and hyphenate some words across the wrap, as a typesetter would.
          const lines: string[] = ['']
          text.forEach((w, i) => {
            const cut = cuts[i]
            const plain = /^[\p{L}]+$/u.test(w)
            if (cut !== undefined && cut % 3 === 0 && plain && w.length > 3) {
              const at = 2 + (cut % (w.length - 3))
              lines[lines.length - 1] += `${w.slice(0, at)}-`
              lines.push(`${w.slice(at)} `)
            } else {
              lines[lines.length - 1] += `${w} `
              if (cut !== undefined && cut % 3 === 1) lines.push('')
            }
          })
          expect(joinLines(lines, vocab)).toBe(text.join(' '))
        },
      ),
    )
  })
})

describe('rejoinDropCaps', () => {
  it('glues a drop capital to the rest of its word', () => {
    expect(rejoinDropCaps(['M', 'igration et développement s’influencent'], vocab)).toEqual(['Migration et développement s’influencent'])
  })

  it('keeps a drop capital that is a word of its own apart', () => {
    expect(rejoinDropCaps(['A ', 'mesure que l’on creuse'], vocab)).toEqual(['A mesure que l’on creuse'])
  })

  it('regression: keeps the indent of the capital line, which marks a new page after a note block', () => {
    expect(rejoinDropCaps([' A ', 'mesure que l’on creuse'], vocab)).toEqual([' A mesure que l’on creuse'])
  })

  it('leaves a lone capital before an upper-case line alone', () => {
    expect(rejoinDropCaps(['B', 'Lettre'], vocab)).toEqual(['B', 'Lettre'])
  })
})
