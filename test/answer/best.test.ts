import { describe, expect, it } from 'vitest'
import { DEFAULT_BEST_OPTIONS, bestSpan } from '../../server/answer/best.ts'
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
    const weights = new Map([
      ['envois', 0.4],
      ['transferts', 1],
    ])
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
      concepts: new Map([
        ['envois', 0],
        ['transferts', 0],
        ['origine', 1],
      ]),
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
    expect(out.length).toBeLessThanOrEqual(DEFAULT_BEST_OPTIONS.maxLength)
    // Started at the clause that holds the matched words, not at the first of them.
    expect(out).toBe('et surtout des rapatriements de fonds vers les pays d’origine.')
    const cut = best(long, 'sujets', { maxLength: 58 })
    expect(cut).toBe('Le texte traite de nombreux sujets connexes')
    // With no clause boundary within reach, the cut stays at a word.
    expect(best(long, 'sujets', { maxLength: 58, clauseReach: 0.1 })).toBe('Le texte traite de nombreux sujets connexes, Le texte')
  })

  it('regression: best sentence cut mid-clause (« … de plus amples … ») now ends at a clause boundary', () => {
    // From § 42 of « Migrations internationales et développement : rapport du Secrétaire général » (2008): one sentence over the cap.
    const text =
      'Ces recherches montrent que, pour que les migrations internationales aient un effet d’entraînement sur le développement, ' +
      'il faut renforcer les institutions, faciliter la concurrence entre les sociétés de transfert de fonds et les banques de manière ' +
      'à réduire le coût des envois de fonds et offrir aux travailleurs non qualifiés de plus amples possibilités d’émigration temporaire, ' +
      'notamment par des accords bilatéraux.'
    const query = 'transfert fonds banques réduire coût envois'
    // Before the fix: the cap fell inside « de plus amples possibilités ».
    expect(best(text, query, { clauseReach: 0 })).toMatch(/de plus amples$/)
    const out = best(text, query)
    expect(out).toMatch(/^Ces recherches montrent que/)
    expect(out).toMatch(/de manière à réduire le coût des envois de fonds$/)
    expect(out.length).toBeLessThanOrEqual(DEFAULT_BEST_OPTIONS.maxLength)
    // Not further back than the reach allows: a boundary more than 105 characters before the cap is no candidate.
    expect(best(text, query, { clauseReach: 0.05 })).toMatch(/de plus amples$/)
  })

  it('keeps every matched word and a sentence end over a clause boundary', () => {
    const text =
      'Les États coopèrent, échangent des données sur les flux, forment leurs agents aux frontières et financent des programmes ' +
      'de retour volontaire pour les migrants en situation irrégulière dans les pays de transit.'
    // Ends before « et financent », not after it; the comma before is not quoted either.
    expect(best(text, 'agents', { maxLength: 100 })).toBe(
      'Les États coopèrent, échangent des données sur les flux, forment leurs agents aux frontières',
    )
    expect(best(text, 'échangent', { maxLength: 60 })).toBe('Les États coopèrent, échangent des données sur les flux')
    // Starts at the clause holding the matched word.
    expect(best(text, 'agents', { maxLength: 60 })).toBe('forment leurs agents aux frontières')
    // No clause starts within reach (18 of 60 characters) before « frontières » or after it: word cuts.
    expect(best(text, 'frontières', { maxLength: 60 })).toBe('frontières et financent des programmes de retour volontaire')
    // Moving back to « et financent » would lose the sentence's end: the window keeps it.
    expect(best(text, 'programmes', { maxLength: 100 })).toBe(
      'programmes de retour volontaire pour les migrants en situation irrégulière dans les pays de transit.',
    )
  })

  it('regression: with no matched term, falls back to the opening sentence, not the shortest; empty for blank text', () => {
    expect(best(P3, 'Brésil')).toMatch(/^La cohérence s’impose/)
    expect(bestSpan('   ', [], { terms: new Set(['x']) })).toEqual({ start: 0, end: 0 })
  })
})

describe('bestSpan: the kind of answer asked for', () => {
  const text =
    'La Commission a présenté son rapport aux délégations réunies à Genève pendant deux jours entiers de débats. ' +
    'Plus tard, elle a remis son rapport en octobre 2005, après dix-huit mois de consultations.'
  const span = (asks: Array<'date' | 'number'> | undefined) => {
    const s = bestSpan(text, tinyAnalyze(text), { terms: termsOf('rapport Commission'), ...(asks ? { asks } : {}) }, { maxLength: 120 })
    return text.slice(s.start, s.end)
  }

  it('a « quand » question prefers the sentence that gives the year over one that only repeats its words', () => {
    expect(span(undefined)).toMatch(/^La Commission a présenté/)
    expect(span(['date'])).toMatch(/octobre 2005/)
  })

  it('a « combien » question prefers a sentence with a figure; a bare month is no date', () => {
    expect(span(['number'])).toMatch(/^La Commission|octobre 2005/)
    const noYear = 'La réunion sur le rapport a eu lieu les 14 et 15 septembre. Le rapport a été adopté par la Commission.'
    const s = bestSpan(noYear, tinyAnalyze(noYear), { terms: termsOf('rapport Commission'), asks: ['date'] }, { maxLength: 60 })
    expect(noYear.slice(s.start, s.end)).toMatch(/^Le rapport a été adopté/)
  })
})
