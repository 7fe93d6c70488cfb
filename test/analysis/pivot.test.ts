import { describe, expect, it } from 'vitest'
import { createPivot, DEFAULT_PIVOT_OPTIONS } from '../../server/analysis/pivot.ts'
import { analyze, termOf } from '../../server/analysis/analyze.ts'
import type { GlossaryEntry } from '../../server/analysis/lexicon.ts'

// A small glossary and document frequencies (term → paragraphs) as the index builds them.
const glossary: GlossaryEntry[] = [
  { en: 'wage', fr: ['salaires', 'revenus'] },
  { en: 'leave', fr: ['départ', 'quitter'] },
  { en: 'issue', fr: ['questions', 'problèmes', 'enjeux', 'difficultés'] },
  { en: 'country', fr: ['pays', 'États'] },
  { en: 'remittance', fr: ['transferts de fonds', 'envois de fonds'] },
  { en: 'football', fr: ['football', 'revenus'] },
]
const df = new Map(
  [
    ['salaires', 8],
    ['revenus', 12],
    ['départ', 9],
    ['quitter', 5],
    ['questions', 30],
    ['problèmes', 20],
    ['enjeux', 15],
    ['difficultés', 10],
    ['pays', 400],
    ['États', 180],
    ['transferts', 20],
    ['envois', 15],
    ['fonds', 40],
  ].map(([w, n]) => [termOf(w as string), n as number]),
)
const terms = (s: string) => analyze(s).map((t) => t.term)
/** Indexed paragraphs of the shipped corpus, df's denominator. */
const PARAGRAPHS = 541
const pivot = createPivot(glossary, df, PARAGRAPHS, terms)
const shown = (word: string) => pivot(termOf(word)).map((a) => a.display)

describe('pivot synonyms', () => {
  it('links two French renderings of one English key, at the pivot weight', () => {
    expect(pivot(termOf('salaires'))).toEqual([{ terms: [termOf('revenus')], display: 'revenus', weight: DEFAULT_PIVOT_OPTIONS.weight }])
    expect(shown('quitter')).toEqual(['départ'])
    expect(shown('départ')).toEqual(['quitter'])
  })

  it('never offers the word itself, nor a rendering the corpus lacks', () => {
    // « football » is no corpus word: « revenus » is reached through "wage" only.
    expect(shown('revenus')).toEqual(['salaires'])
    expect(pivot(termOf('football'))).toEqual([])
  })

  it('does not expand a very frequent word, nor expand into one', () => {
    expect(pivot(termOf('pays'))).toEqual([])
    expect(pivot(termOf('États'))).toEqual([])
    expect(createPivot(glossary, df, PARAGRAPHS, terms, { maxDfShare: 0.95 })(termOf('États')).map((a) => a.display)).toEqual(['pays'])
  })

  it('reads « very frequent » as a share of the corpus, so it follows the corpus as documents are added', () => {
    // « États » (180) and « pays » (400) are a third and three quarters of 541 paragraphs, a tenth
    // and a fifth of 1,800: the same counts are no longer « very frequent » in a larger corpus.
    expect(pivot(termOf('États'))).toEqual([])
    expect(createPivot(glossary, df, 1800, terms)(termOf('États')).map((a) => a.display)).toEqual(['pays'])
  })

  it('skips general keys with many renderings', () => {
    expect(pivot(termOf('problèmes'))).toEqual([])
    expect(createPivot(glossary, df, PARAGRAPHS, terms, { maxRenderings: 4 })(termOf('problèmes')).map((a) => a.display)).toEqual([
      'questions',
      'enjeux',
      'difficultés',
    ])
  })

  it('pivots from a whole rendering only, not from a word inside a phrase', () => {
    expect(pivot(termOf('fonds'))).toEqual([])
    expect(pivot(termOf('transferts'))).toEqual([])
  })

  it('is pure: the same answer every time, whatever a caller does to an earlier one', () => {
    const first = pivot(termOf('salaires'))
    first[0]!.weight = 1
    first[0]!.terms.push('x')
    expect(pivot(termOf('salaires'))).toEqual([{ terms: [termOf('revenus')], display: 'revenus', weight: DEFAULT_PIVOT_OPTIONS.weight }])
  })
})
