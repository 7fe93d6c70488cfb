import { describe, expect, it } from 'vitest'
import { BEST_DEFAULTS, bestSpan } from '../../server/answer/best.ts'
import { termsOf, tinyAnalyze } from '../fixtures/answer/analyzer.ts'

// Paragraph 3 of « IDM 2005, Cohérence politique », shortened.
const P3 =
  'La cohérence s’impose avant tout au sein des gouvernements, afin de garantir que la formulation des politiques et leur mise en œuvre soient rationnelles et systématiques. ' +
  'Pour atteindre cette cohérence les ministères dont l’action vise, directement ou indirectement, la migration doivent se concerter et coordonner leurs efforts. ' +
  'Les efforts de gouvernements de pays aussi divers que l’Afghanistan, l’Albanie, l’Iraq, l’Irlande et le Paraguay illustrent bien la volonté de garantir une cohérence intragouvernementale.'

const best = (text: string, query: string, options = {}, weights?: Map<string, number>) => {
  const span = bestSpan(text, tinyAnalyze(text), { terms: termsOf(query), ...(weights ? { weights } : {}) }, options)
  return text.slice(span.start, span.end)
}

describe('bestSpan', () => {
  it('picks the sentence with the most distinct query terms', () => {
    expect(best(P3, 'ministères coordonner efforts')).toMatch(/^Pour atteindre cette cohérence les ministères/)
    expect(best(P3, 'Paraguay Irlande')).toMatch(/^Les efforts de gouvernements/)
  })

  it('counts distinct terms before repetitions', () => {
    const text = 'Migration, migration et migration encore. La migration et le développement vont ensemble.'
    expect(best(text, 'migration développement')).toBe('La migration et le développement vont ensemble.')
  })

  it('breaks a tie in distinct terms by weight', () => {
    const text = 'Les envois de fonds augmentent. Rien à voir. Les transferts de fonds augmentent.'
    const weights = new Map([['envois', 0.4], ['transferts', 1]])
    expect(best(text, 'envois transferts', {}, weights)).toBe('Les transferts de fonds augmentent.')
    weights.set('envois', 2)
    expect(best(text, 'envois transferts', {}, weights)).toBe('Les envois de fonds augmentent.')
  })

  it('counts synonyms of one concept once', () => {
    const text = 'Les envois et transferts augmentent. Les transferts vers les pays d’origine augmentent.'
    // Unaware of synonyms, the first sentence looks like a second concept worth the pair.
    expect(best(text, 'envois transferts origine')).toBe(text)
    const span = bestSpan(text, tinyAnalyze(text), {
      terms: termsOf('envois transferts origine'),
      concepts: new Map([['envois', 0], ['transferts', 0], ['origine', 1]]),
    })
    expect(text.slice(span.start, span.end)).toBe('Les transferts vers les pays d’origine augmentent.')
  })

  it('takes two adjacent sentences when the answer spans them', () => {
    const text = 'Le Dialogue a eu lieu en 2005. Il portait sur la cohérence politique. Les ateliers ont suivi.'
    expect(best(text, 'dialogue cohérence')).toBe('Le Dialogue a eu lieu en 2005. Il portait sur la cohérence politique.')
  })

  it('prefers one sentence over two when the second adds no term', () => {
    const text = 'Le Dialogue portait sur la cohérence. Il a eu lieu en 2005.'
    expect(best(text, 'dialogue cohérence')).toBe('Le Dialogue portait sur la cohérence.')
  })

  it('does not pair sentences beyond the length bound', () => {
    expect(best(P3, 'gouvernements ministères', { maxLength: 200 })).toMatch(/^(La cohérence|Pour atteindre)/)
    expect(best(P3, 'gouvernements ministères', { maxLength: 400 })).toMatch(/^La cohérence.*efforts\.$/)
  })

  it('cuts an over-long sentence to a window on word boundaries around the matched words', () => {
    const long = `${'Le texte traite de nombreux sujets connexes, '.repeat(12)}et surtout des rapatriements de fonds vers les pays d’origine.`
    const out = best(long, 'rapatriements origine')
    expect(out.length).toBeLessThanOrEqual(BEST_DEFAULTS.maxLength)
    expect(out).toMatch(/^rapatriements de fonds vers les pays d’origine\.$/)
    const cut = best(long, 'sujets', { maxLength: 58 })
    expect(cut).toBe('Le texte traite de nombreux sujets connexes, Le texte')
  })

  it('regression: with no matched term, falls back to the opening sentence, not the shortest; empty for blank text', () => {
    expect(best(P3, 'Brésil')).toMatch(/^La cohérence s’impose/)
    expect(bestSpan('   ', [], { terms: new Set(['x']) })).toEqual({ start: 0, end: 0 })
  })
})
