import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Token } from '../../server/analysis/types.ts'
import { highlightOffsets, phraseHighlights } from '../../server/answer/highlights.ts'
import { analyze } from '../../server/analysis/analyze.ts'
import { termsOf, tinyAnalyze } from '../fixtures/answer/analyzer.ts'

const marked = (text: string, query: string, mergeAcrossSpace = true) =>
  highlightOffsets(text, tinyAnalyze(text), termsOf(query), { mergeAcrossSpace }).map(([s, e]) => text.slice(s, e))

describe('highlightOffsets', () => {
  it('marks the matched words at their offsets in the original text', () => {
    const text = 'Les transferts de fonds des migrants.'
    expect(highlightOffsets(text, tinyAnalyze(text), termsOf('fonds migrants'))).toEqual([
      [18, 23],
      [28, 36],
    ])
  })

  it('merges two matched words separated by a single space, and only those', () => {
    const text = 'Les politiques migratoires,  politiques migratoires et politiques  nationales.'
    expect(marked(text, 'politiques migratoires nationales')).toEqual([
      'politiques migratoires',
      'politiques migratoires',
      'politiques',
      'nationales',
    ])
    expect(marked(text, 'politiques migratoires', false)).toEqual(['politiques', 'migratoires', 'politiques', 'migratoires', 'politiques'])
  })

  it('does not merge across an unmatched word (« transferts de fonds » with « de » unmatched)', () => {
    expect(marked('Les transferts de fonds.', 'transferts fonds')).toEqual(['transferts', 'fonds'])
  })

  it('turns overlapping tokens (a compound and its parts) into one mark', () => {
    const text = 'La main-d’œuvre qualifiée.'
    const tokens: Token[] = [
      { term: 'main-d’œuvre', surface: 'main-d’œuvre', start: 3, end: 15 },
      { term: 'main', surface: 'main', start: 3, end: 7 },
      { term: 'oeuvre', surface: 'œuvre', start: 10, end: 15 },
      { term: 'qualifi', surface: 'qualifiée', start: 16, end: 25 },
    ]
    expect(highlightOffsets(text, tokens, new Set(['main-d’œuvre', 'oeuvre']))).toEqual([[3, 15]])
    expect(highlightOffsets(text, tokens, new Set(['oeuvre', 'qualifi']))).toEqual([[10, 25]])
  })

  it('ignores tokens that do not fit the text instead of returning bad offsets', () => {
    const tokens: Token[] = [
      { term: 'x', surface: 'x', start: 5, end: 50 },
      { term: 'x', surface: '', start: 2, end: 2 },
      { term: 'x', surface: 'x', start: -1, end: 1 },
    ]
    expect(highlightOffsets('abcdef', tokens, new Set(['x']))).toEqual([])
  })

  it('returns sorted, disjoint pairs that index the text, whatever the tokens (property)', () => {
    const token = fc
      .tuple(fc.nat(40), fc.nat(12), fc.constantFrom('a', 'b', 'c'))
      .map(([start, len, term]): Token => ({ term, surface: '', start, end: start + len }))
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.array(token, { maxLength: 20 }), (text, tokens) => {
        const out = highlightOffsets(text, tokens, new Set(['a', 'b']))
        let prev = -1
        for (const [s, e] of out) {
          expect(s).toBeGreaterThan(prev)
          expect(e).toBeGreaterThan(s)
          expect(e).toBeLessThanOrEqual(text.length)
          prev = e
        }
      }),
    )
  })
})

describe('phraseHighlights (the real analyzer)', () => {
  const lit = (text: string, phrases: string[]) =>
    phraseHighlights(
      text,
      analyze(text),
      phrases.map((p) => analyze(p).map((t) => t.term)),
    ).map(([s, e]) => text.slice(s, e))

  it('regression: ONU-Femmes — a question word is not lit inside a hyphenated compound', () => {
    expect(lit('ONU-Femmes soutient les femmes migrantes.', ['femmes'])).toEqual(['femmes'])
    // « nationaux » for « migrants » came through « non-nationaux »: a part alone is not the word.
    expect(lit('Les non-nationaux et les ressortissants nationaux.', ['nationaux'])).toEqual(['nationaux'])
  })

  it('lights a whole compound when asked for as such, or when every part of it is asked for', () => {
    expect(lit('Les non-nationaux et les ressortissants nationaux.', ['non-nationaux'])).toEqual(['non-nationaux'])
    expect(lit('La main-d’œuvre qualifiée.', ['main', 'œuvre'])).toEqual(['main-d’œuvre'])
  })

  it('lights a phrase only where it stands as a phrase, not each of its words anywhere', () => {
    const text = 'Le Fonds pour la réalisation des objectifs finance des projets. Les envois de fonds des migrants.'
    expect(lit(text, ['envois de fonds'])).toEqual(['envois de fonds'])
  })
})
