import { describe, expect, it } from 'vitest'
import { buildIndex } from '../../server/search/index.ts'
import { termOf } from '../../server/analysis/analyze.ts'
import { FIXTURE } from './fixture.ts'
import { miniSearchOf } from './oracle.ts'

describe('buildIndex', () => {
  const index = buildIndex(FIXTURE)

  it('indexes every paragraph but headings and captions', () => {
    expect(index.entries.map((e) => e.paragraph.id)).toEqual(['oim-p2', 'oim-p3', 'oim-p4', 'sg-p1', 'sg-p2'])
    expect(index.entries.every((e, i) => e.id === i)).toBe(true)
  })

  it('precomputes positions, document frequencies and the section/title terms', () => {
    const first = index.entries[0]!
    expect(first.positions.get(termOf('transferts'))).toEqual([0])
    expect(index.df.get(termOf('transferts'))).toBe(3)
    expect(first.headingTerms.has(termOf('fonds'))).toBe(true)
    expect(first.headingTerms.has('2006')).toBe(true)
  })

  it('derives df and the heading vocabulary from the arrays: every term counted over the paragraphs holding it', () => {
    const counted = new Map<string, number>()
    for (const e of index.entries) for (const t of new Set(e.tokens.map((k) => k.term))) counted.set(t, (counted.get(t) ?? 0) + 1)
    expect(new Map([...index.df].sort())).toEqual(new Map([...counted].sort()))
    expect([...index.headingVocabulary].sort()).toEqual([...new Set(index.entries.flatMap((e) => [...e.headingTerms]))].sort())
  })

  it('notes the kinds of answer each paragraph holds', () => {
    const holds = (id: string) => [...index.entries.find((e) => e.paragraph.id === id)!.holds].sort()
    // « … (FMMD) s’est réuni à Bruxelles en 2007. »
    expect(holds('sg-p1')).toEqual(['date', 'number', 'place'])
    expect(holds('oim-p4')).toEqual([])
  })

  it('keeps the corpus vocabulary for spelling and the words written in lowercase', () => {
    expect(index.words.get('competences')).toBe(1)
    expect(index.termOfWord.get('competences')).toBe(termOf('compétences'))
    expect(index.lowercase.has('migrants')).toBe(true)
    expect(index.lowercase.has('fmmd')).toBe(false)
  })

  it('searches through MiniSearch with the analyzer as tokenizer', () => {
    const ids = miniSearchOf(index)
      .search('exode compétences')
      .map((r) => index.entries[r.id as number]!.paragraph.id)
    expect(ids[0]).toBe('oim-p4')
  })
})
