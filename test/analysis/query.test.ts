import { beforeAll, describe, expect, it } from 'vitest'
import { loadCorpus } from '../../server/corpus/load.ts'
import { buildIndex } from '../../server/search/index.ts'
import { extractAcronyms } from '../../server/analysis/acronyms.ts'
import { loadLexicon, type Lexicon } from '../../server/analysis/lexicon.ts'
import { createQueryParser, searchedTerms, type QueryParser } from '../../server/analysis/query.ts'
import { termOf } from '../../server/analysis/analyze.ts'
import type { ParsedQuery } from '../../server/analysis/types.ts'

// The shipped corpus gives the vocabulary; a small hand-made lexicon keeps these tests independent
// of the evolving data files.
const lexicon: Lexicon = {
  glossary: [
    { en: 'remittance', fr: ['transferts de fonds', 'envois de fonds'] },
    { en: 'brain drain', fr: ['exode des compétences', 'fuite des cerveaux'] },
    { en: 'cost', fr: ['coûts'] },
    { en: 'pay', fr: ['payer'] },
    { en: 'asia', fr: ['Asie'] },
    { en: 'africa', fr: ['Afrique'] },
    { en: 'capacity building', fr: ['renforcement des capacités'] },
  ],
  thesaurus: [{ terms: ["envois d'argent", 'transferts de fonds', 'envois de fonds'] }, { terms: ['pays', 'États'] }],
  acronyms: [
    { forms: ['OIM', 'IOM'], fr: 'Organisation internationale pour les migrations', en: 'International Organization for Migration' },
  ],
}

let parser: QueryParser
let index: ReturnType<typeof buildIndex>
beforeAll(async () => {
  index = buildIndex(await loadCorpus('corpus'))
  parser = createQueryParser(
    index,
    lexicon,
    index.entries.flatMap((e) => extractAcronyms(e.paragraph.text)),
  )
})

const labels = (q: ParsedQuery) => q.concepts.map((c) => c.label)
const allTerms = (q: ParsedQuery) => new Set(q.concepts.flatMap((c) => c.alternatives.flatMap((a) => a.terms)))

describe('query understanding', () => {
  it('notes the kind of answer the question words ask for, in either language', () => {
    expect(parser.parse('Quand la CMMI a-t-elle remis son rapport ?').asks).toEqual(['date'])
    expect(parser.parse('How many regional consultative processes are there?').asks).toEqual(['number'])
    expect(parser.parse('Qui animait la session ?').asks).toEqual(['person'])
    expect(parser.parse('When and where was the first forum held?').asks).toEqual(['date', 'place'])
    expect(parser.parse('Quelle définition l’OIM donne-t-elle de la traite ?').asks).toEqual(['definition'])
    // « qui » as a relative pronoun, « où » inside a sentence: no question word.
    expect(parser.parse('Les règles qui freinent les arrivées, là où elles existent').asks).toBeUndefined()
    expect(parser.parse('transferts de fonds').asks).toBeUndefined()
  })

  it('strips question boilerplate', () => {
    expect(labels(parser.parse('Selon le document, quels sont les transferts ?'))).toEqual(['transferts'])
    expect(labels(parser.parse('What does the text say about remittances?'))).toEqual(['remittance'])
  })

  it('expands thesaurus synonyms at lower weight, as one concept', () => {
    const q = parser.parse('Quels sont les coûts des envois d’argent ?')
    const remittance = q.concepts.find((c) => c.label === 'envois d’argent')!
    expect(remittance.alternatives.map((a) => a.display)).toEqual(["envois d'argent", 'transferts de fonds', 'envois de fonds'])
    expect(remittance.alternatives.map((a) => a.weight)).toEqual([1, 0.6, 0.6])
  })

  it('resolves acronyms both ways, from the corpus’s definitions and the table', () => {
    expect(allTerms(parser.parse('CMMI'))).toContain(termOf('mondiale'))
    expect(allTerms(parser.parse('la Commission mondiale sur les migrations internationales'))).toContain('cmmi')
    expect(allTerms(parser.parse('IOM'))).toContain('oim')
  })

  it('maps an English question to French terms through the glossary and reports them', () => {
    const q = parser.parse('What is the cost of sending remittances?')
    expect(q.language).toBe('en')
    expect(searchedTerms(q)).toEqual(expect.arrayContaining(['coûts', 'transferts de fonds', 'envois de fonds']))
    expect(searchedTerms(parser.parse('Why is brain drain harmful?'))).toContain('exode des compétences')
  })

  it('corrects typos only for words absent from the corpus, and suggests a corrected question', () => {
    const q = parser.parse('les transferts de fonds et le developement')
    expect(q.didYouMean).toBe('les transferts de fonds et le développement')
    // The engine weighs each correction before offering the suggestion with a no_match.
    expect(q.corrections).toEqual([{ typed: 'developement', corrected: 'développement' }])
    expect(parser.parse('les transferts de fonds').didYouMean).toBeUndefined()
    expect(parser.parse('les transferts de fonds').corrections).toBeUndefined()
  })

  it('treats a word typed without its accents as the corpus word', () => {
    const q = parser.parse('la duree du sejour')
    expect(q.concepts.every((c) => !c.unknown)).toBe(true)
    expect(q.didYouMean).toBeUndefined()
  })

  it('marks off-domain words unknown and names or numbers as key', () => {
    const q = parser.parse('La recette de la ratatouille en 2018 ?')
    expect(q.concepts.find((c) => c.label === 'ratatouille')?.unknown).toBe(true)
    expect(q.concepts.find((c) => c.label === '2018')?.key).toBe(true)
  })

  it('resolves an elliptical follow-up against the previous question', () => {
    const q = parser.parse('et pour les pays d’origine ?', [{ question: 'Quels sont les effets des transferts de fonds ?' }])
    expect(q.understood).toBe('Quels sont les effets des transferts de fonds ? — et pour les pays d’origine ?')
    const carried = q.concepts.filter((c) => c.fromContext).map((c) => c.label)
    expect(carried).toContain('transferts de fonds')
    expect(parser.parse('Quels sont les effets des transferts de fonds ?', []).understood).toBeUndefined()
  })

  it('regression: a complete question after another is not merged with it ("What is brain drain?" after remittances)', () => {
    const context = [{ question: 'Comment réduire le coût des transferts de fonds ?' }]
    for (const question of ['What is brain drain?', 'Qu’est-ce que la fuite des cerveaux ?']) {
      const q = parser.parse(question, context)
      expect(q.understood).toBeUndefined()
      expect(q.concepts.some((c) => c.fromContext)).toBe(false)
    }
  })

  it('takes a short question that points back with a pronoun as a follow-up', () => {
    const q = parser.parse('which countries did it look at?', [
      { question: 'What was the aim of the IOM and World Bank study on migration policies?' },
    ])
    expect(q.understood).toBeDefined()
    expect(q.concepts.some((c) => c.fromContext)).toBe(true)
  })

  it('lets the follow-up replace the name it parallels ("what about Asia?" after Africa)', () => {
    const q = parser.parse('what about Asia?', [{ question: 'Which processes deal with remittances in Africa?' }])
    expect(labels(q)).toContain('asia')
    expect(labels(q)).toContain('remittance')
    expect(labels(q)).not.toContain('africa')
  })

  it('regression: slang alternatives are searched but never shown among the searched terms (« pognon », « fric »)', () => {
    const slang = createQueryParser(
      index,
      { ...lexicon, thesaurus: [{ terms: ['financement', 'argent', 'pognon', 'fric', 'thunes'] }] },
      [],
    )
    const q = slang.parse('Le financement des projets ?')
    const money = q.concepts.find((c) => c.label === 'financement')!
    expect(money.alternatives.map((a) => a.display)).toEqual(expect.arrayContaining(['pognon', 'fric', 'argent']))
    expect(money.alternatives.find((a) => a.display === 'fric')?.displayable).toBe(false)
    expect(searchedTerms(q)).toEqual(expect.arrayContaining(['financement', 'argent']))
    for (const word of ['pognon', 'fric', 'thunes']) expect(searchedTerms(q)).not.toContain(word)
    // The user's own slang is their word: shown as typed.
    expect(searchedTerms(slang.parse('Le pognon des projets ?'))).toContain('pognon')
  })

  it('regression: English words the corpus quotes once or twice do not make a question French', () => {
    const q = parser.parse('capacity building')
    expect(q.language).toBe('en')
    expect(searchedTerms(q)).toEqual(['renforcement des capacités'])
  })

  it('judges French evidence as a share of the corpus: the same English names stay English in a corpus ten times larger', () => {
    const larger = { ...index, words: new Map([...index.words].map(([w, n]) => [w, n * 10])) }
    const scaled = createQueryParser(larger, lexicon, [])
    expect(scaled.parse('capacity building').language).toBe('en')
    // A fixed count of 3 occurrences would have taken them for French there.
    const counted = createQueryParser(larger, lexicon, [], { frenchMinShare: 3 / 360_410 })
    expect(counted.parse('capacity building').language).toBe('fr')
  })

  it('regression: an unknown English adjective lowers coverage but does not decide; an unknown noun does', () => {
    const q = parser.parse('Is there one comprehensive international treaty covering every aspect of remittances?')
    const covering = q.concepts.find((c) => c.label === 'covering')
    expect(covering?.unknown).toBe(true)
    expect(covering?.key).toBeFalsy()
    expect(parser.parse('What is the weather forecast for remittances?').concepts.find((c) => c.label === 'weather')?.key).toBe(true)
  })

  it('regression: the French synonym « pays » does not translate the English "pay"', () => {
    const q = parser.parse('Who should pay the costs?')
    expect(q.concepts.find((c) => c.label === 'pay')?.alternatives.map((a) => a.display)).toEqual(['payer'])
  })

  it('regression: « eu » in « ont eu lieu » is a word, not the European Union', () => {
    expect(allTerms(parser.parse('Où ont eu lieu les ateliers ?'))).not.toContain('ue')
    expect(allTerms(parser.parse('Que fait l’UE ?'))).toContain('ue')
  })

  it('maps English words the glossary lacks to their French cognates in the corpus', () => {
    const q = parser.parse('What strategy for dynamic economic growth?')
    expect(q.language).toBe('en')
    const strategy = q.concepts.find((c) => c.label === 'strategy')!
    expect(strategy.unknown).toBeFalsy()
    expect(strategy.alternatives.map((a) => a.display)).toEqual(['stratégie'])
    expect(allTerms(q)).toContain(termOf('dynamique'))
    expect(allTerms(q)).toContain(termOf('économique'))
  })

  it('adds the derivational family of a French word at lower weight (« réduire » finds « réduction »)', () => {
    const q = parser.parse('Comment réduire les frais ?')
    const reduce = q.concepts.find((c) => c.label === 'réduire')!
    expect(reduce.alternatives[0]).toMatchObject({ terms: [termOf('réduire')], weight: 1 })
    const reduction = reduce.alternatives.find((a) => a.terms[0] === termOf('réduction'))
    expect(reduction?.weight).toBeLessThan(1)
    // Shown among the searched terms as the corpus writes it, not as a stem.
    expect(reduction?.display).toBe('réduction')
  })

  it('regression: "less", "same" and "every" were unknown English concepts that lowered confidence', () => {
    const q = parser.parse('Do remittances cost more or less, the same or every time?')
    expect(q.language).toBe('en')
    expect(labels(q)).toEqual(['remittance', 'cost', 'time'])
  })

  it('adds the other renderings of a glossary key as pivot synonyms, only where the thesaurus has no group', async () => {
    const index = buildIndex(await loadCorpus('corpus'))
    const wage = { en: 'wage', fr: ['salaires', 'revenus'] }
    const withPivot = createQueryParser(index, { ...lexicon, glossary: [wage] }, [])
    const salaries = withPivot.parse('Les salaires des migrants ?').concepts.find((c) => c.label === 'salaires')!
    expect(salaries.alternatives[0]).toMatchObject({ terms: [termOf('salaires')], weight: 1 })
    expect(salaries.alternatives.find((a) => a.display === 'revenus')?.weight).toBe(0.4)
    // A thesaurus group is hand-made and wins: no pivot is added to its concept.
    const grouped = createQueryParser(index, { ...lexicon, glossary: [wage], thesaurus: [{ terms: ['salaires', 'rémunérations'] }] }, [])
    const terms = grouped.parse('Les salaires des migrants ?').concepts.flatMap((c) => c.alternatives.map((a) => a.display))
    expect(terms).toContain('rémunérations')
    expect(terms).not.toContain('revenus')
  })
})
