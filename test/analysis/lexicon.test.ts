import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLexicon } from '../../server/analysis/lexicon.ts'

describe('loadLexicon', () => {
  it('reads the three data files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lexicon-'))
    writeFileSync(path.join(dir, 'glossary.json'), JSON.stringify([{ en: 'remittance', fr: ['transferts de fonds'] }]))
    writeFileSync(path.join(dir, 'thesaurus.json'), JSON.stringify([{ terms: ['pays d’accueil', 'pays de destination'] }]))
    writeFileSync(
      path.join(dir, 'acronyms.json'),
      JSON.stringify([{ forms: ['OIM', 'IOM'], fr: 'Organisation internationale pour les migrations' }]),
    )
    const lexicon = loadLexicon({ dir })
    expect(lexicon.glossary).toEqual([{ en: 'remittance', fr: ['transferts de fonds'] }])
    expect(lexicon.thesaurus).toHaveLength(1)
    expect(lexicon.acronyms[0]?.forms).toEqual(['OIM', 'IOM'])
  })

  it('reports a missing or malformed file and goes on without it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lexicon-'))
    writeFileSync(path.join(dir, 'glossary.json'), '{ not json')
    writeFileSync(path.join(dir, 'thesaurus.json'), JSON.stringify([{ terms: ['seul'] }]))
    const problems: string[] = []
    const lexicon = loadLexicon({ dir, onProblem: (file) => problems.push(path.basename(file)) })
    expect(lexicon).toEqual({ glossary: [], thesaurus: [], acronyms: [], bridge: undefined, paraphrases: undefined })
    expect(problems.sort()).toEqual(['acronyms.json', 'bridge.json', 'glossary.json', 'paraphrases.json', 'thesaurus.json'])
  })

  it('parses the shipped data files', () => {
    const problems: string[] = []
    const lexicon = loadLexicon({ onProblem: (file, reason) => problems.push(`${file}: ${reason}`) })
    expect(problems).toEqual([])
    expect(lexicon.glossary.length).toBeGreaterThan(0)
    expect(lexicon.thesaurus.length).toBeGreaterThan(0)
    expect(lexicon.acronyms.length).toBeGreaterThan(0)
    expect(Object.keys(lexicon.bridge?.en ?? {}).length).toBeGreaterThan(0)
  })
})
