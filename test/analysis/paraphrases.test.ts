import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { analyze } from '../../server/analysis/analyze.ts'
import { loadLexicon, type Lexicon, type ParaphraseEntry } from '../../server/analysis/lexicon.ts'
import { createParaphraseMatcher } from '../../server/analysis/paraphrases.ts'
import { createQueryParser, FRENCH_BOILERPLATE } from '../../server/analysis/query.ts'
import type { SearchIndex } from '../../server/search/index.ts'
import { sharedIndex } from '../helpers/server.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')
const boilerplate = (surface: string) => FRENCH_BOILERPLATE.has(fold(surface))
const entries: ParaphraseEntry[] = [
  { corpus: ['regroupement familial'], everyday: ['faire venir sa famille'] },
  { corpus: ['réadmission'], everyday: ['renvoyer les gens chez eux'] },
  { corpus: ['emploi'], everyday: ['trouver un boulot'] },
]
const match = createParaphraseMatcher(entries, analyze, boilerplate)
const content = (q: string) => analyze(q).filter((t) => !boilerplate(t.surface))
const found = (q: string) => match(content(q)).map((m) => m.corpus[0])

describe('phrase-level paraphrase matcher', () => {
  it('matches an everyday phrase through conjugation and inflection', () => {
    expect(found('Peut-on faire venir sa famille ?')).toEqual(['regroupement familial'])
    expect(found('Ils ont fait venir leurs familles')).toEqual(['regroupement familial'])
    expect(found('Les États renvoient les gens chez eux')).toEqual(['réadmission'])
    expect(found('Faut-il les renvoyer, ces gens, chez eux ?')).toEqual(['réadmission'])
    expect(found('Des gens renvoyés chez eux ?')).toEqual([])
    expect(found('renvoyer les dossiers aux gens')).toEqual([])
    expect(found('Comment les jeunes trouvent-ils un boulot ?')).toEqual(['emploi'])
    expect(found('trouver des boulots')).toEqual(['emploi'])
  })

  it('does not match a partial phrase or its words apart', () => {
    expect(found('Sa famille est venue')).toEqual([])
    expect(found('la famille')).toEqual([])
    expect(found('un boulot à trouver ailleurs')).toEqual([])
    expect(found('renvoyer les documents')).toEqual([])
  })

  it('ignores an everyday phrase left with one content word', () => {
    const one = createParaphraseMatcher([{ corpus: ['emploi'], everyday: ['faire le boulot'] }], analyze, boilerplate)
    expect(one(content('le boulot'))).toEqual([])
  })
})

describe('paraphrases in query understanding', () => {
  let index: SearchIndex
  const lexicon: Lexicon = { glossary: [], thesaurus: [], acronyms: [], paraphrases: entries }
  beforeAll(async () => {
    index = await sharedIndex()
  })

  it('adds the corpus phrase to the user’s words, which stay their own concepts', () => {
    const q = createQueryParser(index, lexicon, []).parse('Peut-on faire venir sa famille en Europe ?')
    const labels = q.concepts.map((c) => c.label)
    expect(labels).toEqual(expect.arrayContaining(['venir', 'famille']))
    const added = q.concepts.flatMap((c) => c.alternatives).find((a) => a.display === 'regroupement familial')
    expect(added?.terms).toEqual(analyze('regroupement familial').map((t) => t.term))
    expect(added?.weight).toBe(0.7)
    const without = createQueryParser(index, { ...lexicon, paraphrases: undefined }, []).parse('Peut-on faire venir sa famille en Europe ?')
    expect(without.concepts.flatMap((c) => c.alternatives).some((a) => a.display === 'regroupement familial')).toBe(false)
  })
})

describe('the shipped phrase table in query understanding', () => {
  let index: SearchIndex
  const lexicon = loadLexicon({ dir: path.join(root, 'data') })
  const withoutTable: Lexicon = { ...lexicon, paraphrases: [] }
  beforeAll(async () => {
    index = await sharedIndex()
  })
  /** The corpus phrases the table adds to a question's parse (absent when the same lexicon has no table). */
  const added = (question: string) => {
    const shown = (l: Lexicon) =>
      createQueryParser(index, l, [])
        .parse(question)
        .concepts.flatMap((c) => c.alternatives)
    const before = new Set(shown(withoutTable).map((a) => a.display))
    return shown(lexicon)
      .filter((a) => !before.has(a.display))
      .map((a) => a.display)
  }

  it('brings the administrative phrase of everyday wording (round 3 ideas, written from the corpus)', () => {
    expect(added('Que deviennent les enfants dont les parents sont partis ?')).toContain('enfants laissés derrière')
    expect(added('Comment lutter contre les recruteurs malhonnêtes ?')).toContain('recrutement éthique')
    expect(added('Le manque de bras freine-t-il l’agriculture ?')).toContain("pénuries de main-d'œuvre")
    expect(added('Le pacte est-il juridiquement obligatoire ?')).toEqual(['non contraignant'])
    expect(added('Comment apprendre la langue du pays d’accueil ?')).toContain('intégration')
    expect(added('Que dit-on des attentats terroristes ?')).toContain("sécurité de l'État")
  })

  it('leaves a question without everyday wording as it was', () => {
    expect(added('Quand s’est tenue la première réunion du Forum mondial à Bruxelles ?')).toEqual([])
    // The words of « enfants dont les parents sont partis » in another order are not the phrase.
    expect(added('Les parents des enfants sont partis')).toEqual([])
  })

  it('does not read the words of a dropped variant as its idea (regression: « gens du pays » took the people of the country of origin for the host community)', () => {
    expect(added('Que font les gens du pays d’origine ?')).toEqual([])
    expect(added('Les États peuvent-ils protéger le pays d’origine ?')).toEqual([])
  })
})

describe('everyday English through the glossary’s phrase keys (round 3)', () => {
  let index: SearchIndex
  const lexicon = loadLexicon({ dir: path.join(root, 'data') })
  beforeAll(async () => {
    index = await sharedIndex()
  })
  const searched = (l: Lexicon, question: string) =>
    createQueryParser(index, l, [])
      .parse(question)
      .concepts.flatMap((c) => c.alternatives.map((a) => a.display))
  const without = (...keys: string[]): Lexicon => ({ ...lexicon, glossary: lexicon.glossary.filter((e) => !keys.includes(e.en)) })

  it('brings the corpus’s phrase that the words one by one miss', () => {
    expect(searched(lexicon, 'Should states lock up migrants?')).toContain('détention')
    expect(searched(without('lock up'), 'Should states lock up migrants?')).not.toContain('détention')
    expect(searched(lexicon, 'Is there seed funding for the compact?')).toContain("fonds d'amorçage")
    expect(searched(without('seed funding'), 'Is there seed funding for the compact?')).not.toContain("fonds d'amorçage")
    // « reliable » alone is read as « rentable ».
    const reliable = searched(lexicon, 'Is there reliable data on migrants?')
    expect(reliable).toContain('données fiables')
    expect(reliable).not.toContain('rentable')
  })
})

/** Accent-, case-, apostrophe- and plural-insensitive running text, the way the lexicon test reads the corpus. */
const words = (s: string) =>
  (fold(s.replace(/œ/g, 'oe')).match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => (w.length > 3 && /[sx]$/.test(w) ? w.slice(0, -1) : w))

describe('data/paraphrases.json', () => {
  const problems: string[] = []
  const data = loadLexicon({ dir: path.join(root, 'data'), onProblem: (f, r) => problems.push(`${f}: ${r}`) }).paraphrases ?? []
  const corpusDir = path.join(root, 'corpus')
  const running = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => {
      const raw = readFileSync(path.join(corpusDir, f), 'utf8')
      return [raw, raw.replace(/-\s*\n\s*/g, '')].map((t) => ` ${words(t).join(' ')} `)
    })
    .join(' ')

  it('loads through the engine’s loader', () => {
    expect(problems.filter((p) => p.includes('paraphrases'))).toEqual([])
    expect(data.length).toBeGreaterThanOrEqual(30)
  })

  it('points every entry at phrases the corpus actually contains', () => {
    const missing = data.flatMap((e) => e.corpus).filter((c) => !running.includes(` ${words(c).join(' ')} `))
    expect(missing).toEqual([])
  })

  it('lets every everyday phrase bring its own idea (an identical phrase of another idea would shadow it)', () => {
    const matchAll = createParaphraseMatcher(data, analyze, boilerplate)
    const shadowed = data.flatMap((e) =>
      e.everyday.filter((p) => {
        const m = matchAll(content(p))
        return content(p).length >= 2 && (m.length !== 1 || m[0]!.corpus !== e.corpus)
      }),
    )
    expect(shadowed).toEqual([])
  })

  it('keeps at least two content words in every everyday phrase', () => {
    const short = data.flatMap((e) => e.everyday).filter((p) => content(p).length < 2)
    expect(short).toEqual([])
  })
})
