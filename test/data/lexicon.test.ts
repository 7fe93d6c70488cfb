import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { analyze } from '../../server/analysis/analyze.ts'
import { englishKey } from '../../server/analysis/english.ts'
import { loadLexicon, type Lexicon } from '../../server/analysis/lexicon.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const dataDir = path.join(root, 'data')
const corpusDir = path.join(root, 'corpus')

/** Case-, accent- and ligature-insensitive words, the way a delegate's wording should meet the corpus. */
function words(text: string): string[] {
  const folded = text.toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae').normalize('NFD').replace(/\p{M}/gu, '')
  return folded.match(/[\p{L}\p{N}]+/gu) ?? []
}

/** Plural-insensitive key (-s, -x): « migrants » and « migrant », « réseaux » and « réseau » meet halfway. */
const singular = (w: string) => (w.length > 3 && /[sx]$/.test(w) ? w.slice(0, -1) : w)

interface Corpus {
  vocabulary: Set<string>
  /** Every word of the corpus, singular keys, space-separated with a leading and trailing space. */
  running: string
}

function readCorpus(): Corpus {
  // Another engineer names the files; every .txt in the folder is corpus text.
  const files = readdirSync(corpusDir).filter((f) => f.endsWith('.txt'))
  const vocabulary = new Set<string>()
  const runs: string[] = []
  for (const f of files) {
    const raw = readFileSync(path.join(corpusDir, f), 'utf8')
    // The PDF extraction cuts words at line ends (« migra-\ntion »): read both the cut and the joined text.
    for (const text of [raw, raw.replace(/-\s*\n\s*/g, '')]) {
      const ws = words(text).map(singular)
      for (const w of ws) vocabulary.add(w)
      runs.push(ws.join(' '))
    }
  }
  return { vocabulary, running: ` ${runs.join(' ')} ` }
}

const inCorpus = (corpus: Corpus, phrase: string) => {
  const ws = words(phrase)
  return ws.length > 0 && ws.every((w) => corpus.vocabulary.has(singular(w)))
}
const phraseInCorpus = (corpus: Corpus, phrase: string) => corpus.running.includes(` ${words(phrase).map(singular).join(' ')} `)

describe('data lexicon files', () => {
  let lexicon: Lexicon
  let corpus: Corpus
  const problems: string[] = []

  beforeAll(() => {
    // The engine's own loader: the files must satisfy the schema retrieval actually reads.
    lexicon = loadLexicon({ dir: dataDir, onProblem: (file, reason) => problems.push(`${file}: ${reason}`) })
    corpus = readCorpus()
  })

  it('parse with the engine loader and without problems', () => {
    expect(problems).toEqual([])
    for (const file of ['glossary.json', 'thesaurus.json', 'acronyms.json'])
      expect(() => JSON.parse(readFileSync(path.join(dataDir, file), 'utf8'))).not.toThrow()
  })

  it('read a corpus to check against', () => {
    expect(corpus.vocabulary.size).toBeGreaterThan(1000)
  })

  it('have the minimum counts', () => {
    // Round 2 added ≥ 200 glossary keys and ≥ 200 thesaurus groups for everyday wording.
    expect(lexicon.glossary.length).toBeGreaterThanOrEqual(1800)
    expect(lexicon.thesaurus.length).toBeGreaterThanOrEqual(480)
    expect(lexicon.acronyms.length).toBeGreaterThanOrEqual(40)
  })

  describe('glossary', () => {
    it('has unique, lowercase, trimmed English keys', () => {
      const keys = lexicon.glossary.map((e) => e.en)
      const duplicates = keys.filter((k, i) => keys.indexOf(k) !== i)
      expect(duplicates).toEqual([])
      const malformed = keys.filter((k) => k !== k.toLowerCase() || k !== k.trim() || /\s{2,}/.test(k))
      expect(malformed).toEqual([])
    })

    it('gives every entry one to four distinct, non-empty French renderings', () => {
      const bad = lexicon.glossary.filter(
        (e) =>
          e.fr.length < 1 || e.fr.length > 4 || new Set(e.fr).size !== e.fr.length || e.fr.some((f) => f.trim() === '' || f !== f.trim()),
      )
      expect(bad.map((e) => e.en)).toEqual([])
    })

    it('renders at least 90 % of entries with words that occur in the corpus', () => {
      const missing = lexicon.glossary.filter((e) => !e.fr.some((f) => inCorpus(corpus, f)))
      const share = 1 - missing.length / lexicon.glossary.length
      expect(share, `not in the corpus: ${missing.map((e) => e.en).join(', ')}`).toBeGreaterThanOrEqual(0.9)
    })

    it('has no entry shadowed by another once the parser normalises its words', () => {
      // The parser looks English words up by englishKey and keeps the first entry per key.
      const owner = new Map<string, string>()
      const shadowed: string[] = []
      for (const e of lexicon.glossary) {
        const key = e.en.split(/\s+/).map(englishKey).join(' ')
        const first = owner.get(key)
        if (first === undefined) owner.set(key, e.en)
        else shadowed.push(`${e.en} (by ${first})`)
      }
      expect(shadowed).toEqual([])
    })

    it('reaches the field’s key concepts from English', () => {
      const keys = new Set(lexicon.glossary.map((e) => e.en))
      const required = [
        'remittance',
        'reduce',
        'brain drain',
        'host country',
        'receiving country',
        'labour migration',
        'labor migration',
        'irregular migration',
        'smuggling',
        'trafficking in persons',
        'diaspora',
        'circular migration',
        'capacity building',
        'policy coherence',
        'stakeholder',
        'governance',
        'global compact',
        'return',
        'reintegration',
        'border management',
        'skilled worker',
        'health worker',
        'integration',
        'xenophobia',
        'human rights',
        'cost',
        'cheap',
        'transfer',
        'send',
        'money',
        'migrant worker',
        'foreign worker',
        'guest worker',
        'increase',
        'role',
        'benefit',
        'risk',
        'woman',
        'child',
        'youth',
        'country of origin',
        'developing country',
        'employer',
        'private sector',
        'civil society',
        'data',
        'statistics',
        'survey',
        'census',
        'agreement',
        'bilateral',
        'regional',
        'consultative process',
        'joint',
        'ethnic',
        'high commissioner',
        'international migrants day',
        'scheme',
        'pull in the same direction',
        'undocumented',
        'smuggler',
        'job',
        'expensive',
        'overwhelmed',
        'work abroad',
      ]
      expect(required.filter((k) => !keys.has(k))).toEqual([])
    })

    it('has no key that is mostly grammar or the off-topic noun the no-answer check relies on (regression: "talks" → « négociations », "weather" → « climat »)', () => {
      // The parser matches keys on every word of an English question, function words included.
      const keys = new Set(lexicon.glossary.map((e) => e.en.split(/\s+/).map(englishKey).join(' ')))
      const grammar = ['tell', 'let', 'must', 'meet', 'deal', 'talk', 'will', 'us', 'weather']
      expect(grammar.filter((k) => keys.has(englishKey(k)))).toEqual([])
    })

    it('reaches the statistics entry from the singular "statistic" once normalised', () => {
      // The parser looks words up by englishKey, which folds the plural key onto the singular.
      expect(lexicon.glossary.some((e) => e.en.split(/\s+/).map(englishKey).join(' ') === englishKey('statistic'))).toBe(true)
    })

    it('renders the words a colleague flagged as the corpus says them', () => {
      const fr = (en: string) => lexicon.glossary.find((e) => e.en === en)?.fr ?? []
      expect(fr('settle')).toContain("s'établir")
      expect(fr('union')[0]).toBe('syndicats')
      expect(fr('organised')).toContain('organisée')
      expect(fr('organized')).toContain('organisée')
      expect(fr('pull in the same direction')[0]).toBe('cohérence')
    })

    it('maps remittances to the corpus’s own phrases, most frequent first', () => {
      const remittance = lexicon.glossary.find((e) => e.en === 'remittance')
      expect(remittance?.fr[0]).toBe('rapatriements de fonds')
      expect(remittance?.fr).toContain('transferts de fonds')
      expect(remittance?.fr.every((f) => phraseInCorpus(corpus, f))).toBe(true)
    })
  })

  describe('thesaurus', () => {
    it('has groups of at least two distinct terms', () => {
      const bad = lexicon.thesaurus.filter((g) => g.terms.length < 2 || new Set(g.terms).size !== g.terms.length)
      expect(bad).toEqual([])
    })

    it('puts each analysed term in one group only', () => {
      // The parser indexes groups by analysed terms (stemmed, stopwords dropped) and keeps the
      // first group per key: a term whose analysis another group already owns is dead, or worse,
      // drags questions into the other group's sense (« traités » is « traite » once stemmed).
      const owner = new Map<string, number>()
      const clashes: string[] = []
      lexicon.thesaurus.forEach((g, i) => {
        for (const t of g.terms) {
          const key = analyze(t)
            .map((x) => x.term)
            .join(' ')
          const first = owner.get(key)
          if (key === '') clashes.push(`${t}: only stopwords`)
          else if (first === undefined) owner.set(key, i)
          else if (first !== i) clashes.push(`${t} (group of ${lexicon.thesaurus[first]!.terms[0]})`)
        }
      })
      expect(clashes).toEqual([])
    })

    it('keeps everyday words out of the groups (regression: « visant » expanded to visas, « gouvernance » to pouvoirs publics)', () => {
      // Stemming folds these onto a group term (« visa », « traite », « fonds », « gouvernements » …):
      // a question using them must not be pulled into that group's sense.
      const keys = new Set(
        lexicon.thesaurus.flatMap((g) =>
          g.terms.map((t) =>
            analyze(t)
              .map((x) => x.term)
              .join(' '),
          ),
        ),
      )
      const everyday = [
        'visant',
        'vise',
        'traiter',
        'traitement',
        'fondées',
        'département',
        'relatives',
        'attention',
        'gouvernance',
        'chargé',
        'compte',
        'parlera',
        'place',
        'marche',
        'bien',
        'directement',
        'publique',
        'rapport',
        'autres États',
        // Round 2 candidates dropped for this reason: « mesurer » is « mesures », « organiser » is
        // « organisations », « partir » is « parties », « communication » is « commun », « ressortissants »
        // is « il ressort », « pour de bon » is « bonne », « important » is « importance ».
        'mesures',
        'organisations',
        'parties',
        'commun',
        'ressort',
        'bonne',
        'importance',
      ]
      expect(
        everyday.filter((w) =>
          keys.has(
            analyze(w)
              .map((x) => x.term)
              .join(' '),
          ),
        ),
      ).toEqual([])
    })

    it('anchors every group in a phrase the corpus uses', () => {
      const unanchored = lexicon.thesaurus.filter((g) => !g.terms.some((t) => phraseInCorpus(corpus, t)))
      expect(unanchored.map((g) => g.terms.join(' ≈ '))).toEqual([])
    })

    it('links the paraphrases delegates use to the corpus’s terms', () => {
      const together = (a: string, b: string) => lexicon.thesaurus.some((g) => g.terms.includes(a) && g.terms.includes(b))
      expect(together("envois d'argent", 'transferts de fonds')).toBe(true)
      expect(together("pays d'accueil", 'pays de destination')).toBe(true)
      expect(together('fuite des cerveaux', 'exode des compétences')).toBe(true)
      expect(together('clandestin', 'sans papiers')).toBe(true)
      expect(together('travailleurs étrangers', 'travailleurs migrants')).toBe(true)
      expect(together('réduire', 'diminuer')).toBe(true)
      expect(together('coût', 'commissions')).toBe(true)
      expect(together('renforcement des capacités', 'développement des capacités')).toBe(true)
      expect(together('diaspora', 'communautés expatriées')).toBe(true)
      expect(together('passeurs', 'trafic de migrants')).toBe(true)
      expect(together("pays d'origine", "pays d'émigration")).toBe(true)
    })

    it('keeps « patron » out of the director-general group (regression: bosses as employers drew the IOM head)', () => {
      const group = lexicon.thesaurus.find((g) => g.terms.includes('directeur général'))
      expect(group?.terms.filter((t) => /^patron/.test(t))).toEqual([])
    })

    it('links everyday and colloquial words to the corpus’s terms (round 2)', () => {
      const together = (a: string, b: string) => lexicon.thesaurus.some((g) => g.terms.includes(a) && g.terms.includes(b))
      const pairs = [
        ['boulot', 'emploi'],
        ['gosses', 'enfants'],
        ['muscler', 'renforcer'],
        ['freiner', 'réduire'],
        ['entraver', 'réduire'],
        ['cher', 'coût'],
        ['gens', 'personnes'],
        ['sol', 'territoire'],
        ['saturer', 'pression'],
        ['surcharge', 'pression'],
        ['patrons', 'employeurs'],
        ['pognon', 'argent'],
        ["bosser à l'étranger", "travailler à l'étranger"],
        ['rentrer au pays', 'retour'],
        ['passeurs', 'trafic illicite de migrants'],
        ['sans papiers', 'en situation irrégulière'],
      ]
      expect(pairs.filter(([a, b]) => !together(a!, b!)).map((p) => p.join(' ≈ '))).toEqual([])
    })
  })

  describe('acronyms', () => {
    it('gives every entry its forms and both long forms', () => {
      const bad = lexicon.acronyms.filter(
        (a) => a.forms.length === 0 || a.forms.some((f) => /\s/.test(f) || f.trim() === '') || !a.fr?.trim() || !a.en?.trim(),
      )
      expect(bad).toEqual([])
    })

    it('lists each acronym under one organisation only, except the ILO’s two bodies', () => {
      const owners = new Map<string, string[]>()
      for (const a of lexicon.acronyms) for (const f of a.forms) owners.set(f, [...(owners.get(f) ?? []), a.fr ?? ''])
      const shared = [...owners].filter(([, o]) => o.length > 1).map(([f]) => f)
      expect(shared).toEqual(['ILO'])
    })

    it('pairs the French and English forms delegates type', () => {
      const pairs = [
        ['OIM', 'IOM'],
        ['HCR', 'UNHCR'],
        ['OIT', 'ILO'],
        ['FMMD', 'GFMD'],
        ['CMMI', 'GCIM'],
        ['DHN', 'HLD'],
        ['DIM', 'IDM'],
        ['PCR', 'RCP'],
        ['ONG', 'NGO'],
        ['OMC', 'WTO'],
        ['AGCS', 'GATS'],
        ['PNUD', 'UNDP'],
        ['ODD', 'SDG'],
        ['OCDE', 'OECD'],
        ['UE', 'EU'],
        ['CNUCED', 'UNCTAD'],
        ['FNUAP', 'UNFPA'],
        ['OMS', 'WHO'],
        ['GMG'],
        ['UNICEF'],
        ['BIT'],
      ]
      const unpaired = pairs.filter((p) => !lexicon.acronyms.some((a) => p.every((f) => a.forms.includes(f))))
      expect(unpaired).toEqual([])
    })

    it('takes the French long forms from the corpus where it defines them', () => {
      const defined = lexicon.acronyms.filter((a) => a.forms.some((f) => corpus.vocabulary.has(singular(f.toLowerCase()))))
      const undefinedInCorpus = defined.filter((a) => !phraseInCorpus(corpus, a.fr ?? ''))
      // Tolerate a few whose corpus wording differs (a document cites them only by acronym).
      expect(undefinedInCorpus.length, undefinedInCorpus.map((a) => a.forms[0]).join(', ')).toBeLessThanOrEqual(
        Math.floor(defined.length * 0.1),
      )
    })
  })
})
