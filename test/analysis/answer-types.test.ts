// The « kind of answer » rules, both sides: what a question asks for and what a paragraph holds.
import { describe, expect, it } from 'vitest'
import { answerTypesAsked, answerTypesHeld } from '../../server/analysis/answer-types.ts'

describe('answer types', () => {
  it('reads the kind of answer from the question word, in French and English', () => {
    expect(answerTypesAsked('Quand la Commission a-t-elle remis son rapport ?')).toEqual(['date'])
    expect(answerTypesAsked('How many migrants send money home?')).toEqual(['number'])
    expect(answerTypesAsked('Qui préside le Forum mondial ?')).toEqual(['person'])
    // « qui » as a relative pronoun asks for nobody.
    expect(answerTypesAsked('Les règles qui freinent la mobilité')).toEqual([])
  })

  it('finds the same kinds in the text of a paragraph', () => {
    expect([...answerTypesHeld('Le Forum s’est réuni à Bruxelles en juillet 2007.')].sort()).toEqual(['date', 'number', 'place'])
    expect(answerTypesHeld('On entend par migration circulaire le va-et-vient des personnes.').has('definition')).toBe(true)
    expect(answerTypesHeld('La cohérence des politiques reste un objectif.').size).toBe(0)
  })

  it('regression: millions-not-a-number — « des millions » holds a figure for the ranker as for the best span', () => {
    expect(answerTypesHeld('Des millions de personnes vivent hors de leur pays.').has('number')).toBe(true)
  })
})
