import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { splitSentences } from '../../server/analysis/sentences.ts'

const split = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end))

describe('splitSentences', () => {
  it('splits on periods, question and exclamation marks, not on semicolons or colons', () => {
    expect(split('La migration est ancienne. Est-elle utile ? Oui ! Mais: pas toujours; parfois.')).toEqual([
      'La migration est ancienne.',
      'Est-elle utile ?',
      'Oui !',
      'Mais: pas toujours; parfois.',
    ])
  })

  it('does not split after the abbreviations of the corpus and of French usage', () => {
    for (const text of [
      'Lors du premier atelier, M. José Luis Jácome, Vice-Ministre, a parlé.',
      'MM. Swing et Vitorino ont parlé.',
      'Mme Robinson, cf. art. 3 et No. 97, a parlé.',
      'Les Conventions No. 97 de 1949 sur les travailleurs migrants.',
      'Voir le n°. 12, p. 45 et pp. 3-7, vol. 2, chap. 4, éd. Seuil.',
      'Les secteurs, p. ex. Santé et éducation, sont visés.',
      'Le coût, env. 3 millions, est connu.',
    ]) {
      expect(split(text), text).toEqual([text])
    }
  })

  it('keeps initials and heading numbers with the words that follow', () => {
    expect(split('J. Smith a écrit. Ensuite, fin.')).toEqual(['J. Smith a écrit.', 'Ensuite, fin.'])
    expect(split('II. LA COHÉRENCE POLITIQUE AU SEIN DES GOUVERNEMENTS')).toHaveLength(1)
    expect(split('IV. Conclusions. La suite.')).toEqual(['IV. Conclusions.', 'La suite.'])
    expect(split('1. Les possibilités sont grandes. Il est vrai.')).toEqual(['1. Les possibilités sont grandes.', 'Il est vrai.'])
  })

  it('regression: a dotted heading number (« 2.1. Mesures… », parsed corpus) is not a sentence of its own', () => {
    expect(split('2.1. Mesures visant à assurer le respect des droits')).toHaveLength(1)
  })

  it('starts a sentence at a numbered item on a new line, not at any line break', () => {
    expect(split('Publications (anglais), 2002\n3. Le droit international (français)\n  b) Autre titre')).toEqual([
      'Publications (anglais), 2002',
      '3. Le droit international (français)',
      'b) Autre titre',
    ])
    expect(split('Si ces mesures\n– et les capacités – existent.')).toEqual(['Si ces mesures\n– et les capacités – existent.'])
  })

  it('still ends a sentence on a roman numeral or a number that is not a heading marker', () => {
    expect(split('Voir la partie II. Elle conclut.')).toEqual(['Voir la partie II.', 'Elle conclut.'])
    expect(split('Il a été adopté en 2005. Le texte suit.')).toEqual(['Il a été adopté en 2005.', 'Le texte suit.'])
  })

  it('does not split decimal numbers', () => {
    expect(split('Le budget de 1,1 milliard de dollars, soit 3.5 % du total. Fin.')).toEqual([
      'Le budget de 1,1 milliard de dollars, soit 3.5 % du total.',
      'Fin.',
    ])
  })

  it('keeps an ellipsis inside quotes and an omission mark inside the sentence', () => {
    expect(split('Il a dit : « Nous… nous devons agir. » Puis il est parti.')).toEqual([
      'Il a dit : « Nous… nous devons agir. »',
      'Puis il est parti.',
    ])
    expect(split('Le texte (…) Une phrase continue [...] Et finit.')).toEqual(['Le texte (…) Une phrase continue [...] Et finit.'])
  })

  it('attaches closing quotes and parentheses to the sentence they end', () => {
    expect(split('(Voir la note.) Ensuite « Il faut agir. » Et puis "fin."')).toEqual([
      '(Voir la note.)',
      'Ensuite « Il faut agir. »',
      'Et puis "fin."',
    ])
    expect(split('Santé, etc.), mais aussi ceci.')).toEqual(['Santé, etc.), mais aussi ceci.'])
  })

  it('does not split before a lowercase word or inside an address', () => {
    expect(split('Pourquoi ? demanda-t-il. Voir www.iom.int. Fin')).toEqual(['Pourquoi ? demanda-t-il.', 'Voir www.iom.int.', 'Fin'])
  })

  it('returns no sentence for empty or blank text, and ignores surrounding space', () => {
    expect(splitSentences('')).toEqual([])
    expect(splitSentences(' \n\u00a0 ')).toEqual([])
    expect(splitSentences('  Une phrase.  ')).toEqual([{ start: 2, end: 13 }])
  })

  it('spans are ordered, disjoint, cover all non-space text and slice to trimmed sentences (property)', () => {
    const piece = fc.constantFrom(
      'a',
      'é',
      'B',
      'É',
      'mot',
      'Mot',
      '1',
      '2005',
      ' ',
      ' ',
      '\u00a0',
      '\u202f',
      '\n',
      '.',
      '.',
      '?',
      '!',
      '…',
      ';',
      ':',
      ',',
      '«',
      '»',
      '(',
      ')',
      '[',
      ']',
      '"',
      '’',
      'M.',
      'No.',
      'art.',
      'p. ex.',
      'II.',
      '1,1',
      '3.5',
      'etc.',
      '\n2. ',
      '\na) ',
    )
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }).map((a) => a.join('')),
        (text) => {
          const spans = splitSentences(text)
          let prev = 0
          const covered = new Set<number>()
          for (const s of spans) {
            expect(s.start).toBeGreaterThanOrEqual(prev)
            expect(s.end).toBeGreaterThan(s.start)
            const slice = text.slice(s.start, s.end)
            expect(slice).toBe(slice.trim())
            for (let i = s.start; i < s.end; i++) covered.add(i)
            prev = s.end
          }
          for (let i = 0; i < text.length; i++) if (!/\s/.test(text[i]!)) expect(covered.has(i)).toBe(true)
        },
      ),
      { numRuns: 2000 },
    )
  })
})
