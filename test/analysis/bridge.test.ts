import { beforeAll, describe, expect, it } from 'vitest'
import { analyze, termOf } from '../../server/analysis/analyze.ts'
import { createBridgeLookup } from '../../server/analysis/bridge.ts'
import type { Bridge, Lexicon } from '../../server/analysis/lexicon.ts'
import { createQueryParser, searchedTerms } from '../../server/analysis/query.ts'
import type { SearchIndex } from '../../server/search/index.ts'
import { sharedIndex } from '../helpers/server.ts'

const terms = (s: string) => analyze(s).map((t) => t.term)
const bridge: Bridge = {
  en: {
    wealthy: [
      ['riches', 2],
      ['aisés', 1],
    ],
    fishmonger: [['poissonnier', 1]],
    reliable: [['fiables', 1]],
    adaptation: [['ajustement', 1]],
  },
  fr: {
    boulot: [
      ['emploi', 2],
      ['travail', 2],
      ['job', 1],
    ],
    riche: [['prospère', 2]],
  },
}

describe('vocabulary bridge lookup', () => {
  it('gives hidden, lower-weight renderings marked as the bridge’s', () => {
    const lookup = createBridgeLookup(bridge, terms, termOf)
    expect(lookup.english('wealthy')).toEqual([
      { terms: terms('riches'), display: 'riches', weight: 0.5, displayable: false, via: 'bridge' },
      { terms: terms('aisés'), display: 'aisés', weight: 0.5, displayable: false, via: 'bridge' },
    ])
    expect(lookup.knowsEnglish('wealthy')).toBe(true)
    expect(lookup.english('constructor')).toEqual([])
  })

  it('finds a French lemma from an inflected form of the question (« riches » → « riche »)', () => {
    const lookup = createBridgeLookup(bridge, terms, termOf)
    expect(lookup.french(termOf('riches')).map((a) => a.display)).toEqual(['prospère'])
    expect(lookup.french(termOf('boulots')).map((a) => a.display)).toEqual(['emploi', 'travail'])
  })

  it('keeps only renderings enough sources agree on, and can be switched off', () => {
    expect(
      createBridgeLookup(bridge, terms, termOf, { frenchMinVotes: 1 })
        .french(termOf('boulot'))
        .map((a) => a.display),
    ).toEqual(['emploi', 'travail', 'job'])
    expect(
      createBridgeLookup(bridge, terms, termOf, { minVotes: 2 })
        .english('wealthy')
        .map((a) => a.display),
    ).toEqual(['riches'])
    expect(createBridgeLookup(bridge, terms, termOf, { english: 'off' }).english('wealthy')).toEqual([])
    expect(createBridgeLookup(bridge, terms, termOf, { english: 'off' }).knowsEnglish('wealthy')).toBe(false)
    expect(createBridgeLookup(undefined, terms, termOf).french(termOf('boulot'))).toEqual([])
  })
})

describe('vocabulary bridge in query understanding', () => {
  let index: SearchIndex
  const lexicon: Lexicon = { glossary: [{ en: 'country', fr: ['pays'] }], thesaurus: [], acronyms: [], bridge }
  beforeAll(async () => {
    index = await sharedIndex()
  })

  it('bridges an English word the glossary lacks, searched but not shown', () => {
    const parser = createQueryParser(index, lexicon, [])
    const q = parser.parse('Do wealthy countries help?')
    expect(q.language).toBe('en')
    const wealthy = q.concepts.find((c) => c.label === 'wealthy')!
    // Guesses: still unknown to the corpus for the no-answer decision, but searched.
    expect(wealthy.unknown).toBe(true)
    expect(wealthy.key).toBeFalsy()
    expect(wealthy.alternatives.map((a) => a.display)).toEqual(['riches', 'aisés'])
    expect(wealthy.alternatives.every((a) => a.via === 'bridge' && a.displayable === false)).toBe(true)
    expect(searchedTerms(q)).not.toContain('riches')
    // Without the bridge the same word is unknown to the engine.
    const without = createQueryParser(index, { ...lexicon, bridge: undefined }, []).parse('Do wealthy countries help?')
    expect(without.concepts.find((c) => c.label === 'wealthy')?.alternatives.map((a) => a.display)).toEqual(['wealthy'])
  })

  it('regression: reliable-read-as-rentable — a real English word is not spell-corrected into a French one', () => {
    // « reliable » is two edits from the corpus's « rentable »: read as its typo, an English
    // question about reliable data was answered with confidence about profitability.
    const parser = createQueryParser(index, lexicon, [])
    const q = parser.parse('Why is reliable information important?')
    const reliable = q.concepts.find((c) => c.label === 'reliable')!
    expect(reliable.alternatives.map((a) => a.display)).toEqual(['fiables'])
    expect(reliable.unknown).toBe(true)
    expect(q.corrections ?? []).toEqual([])
    // Without the bridge nothing says it is English, and the speller's guess stands.
    const without = createQueryParser(index, { ...lexicon, bridge: undefined }, []).parse('Why is reliable information important?')
    expect(without.corrections).toEqual([{ typed: 'reliable', corrected: 'rentable' }])
  })

  it('regression: bridged-stem-word-unknown — an English word whose stem the corpus says is still matched by it, not by the bridge', () => {
    // « adaptation » is no corpus word, but its stem is (« adapter », « adaptation » in French):
    // treating every bridge key as foreign made it an unknown guess and answers uncertain.
    const q = createQueryParser(index, lexicon, []).parse('What do the texts say about the adaptation of migrants?')
    const adaptation = q.concepts.find((c) => c.label === 'adaptation')!
    expect(adaptation.unknown).toBeFalsy()
    expect(adaptation.alternatives[0]).toMatchObject({ terms: [termOf('adaptation')], weight: 1 })
    expect(adaptation.alternatives.some((a) => a.via === 'bridge')).toBe(false)
  })

  it('bridges a French word the corpus never writes, and leaves corpus words alone', () => {
    const parser = createQueryParser(index, lexicon, [])
    const job = parser.parse('Trouver un boulot').concepts.find((c) => c.label === 'boulot')!
    expect(job.unknown).toBe(true)
    expect(job.alternatives.map((a) => a.display)).toEqual(['emploi', 'travail'])
    const rich = parser.parse('Les pays riches').concepts.find((c) => c.label === 'riches')!
    expect(rich.alternatives.some((a) => a.via === 'bridge')).toBe(false)
  })
})
