import { describe, expect, it } from 'vitest'
import type { CorpusDocument, DocumentMeta, Paragraph } from '../../server/corpus/types.ts'
import { analyze } from '../../server/analysis/analyze.ts'
import { loadCorpus } from '../../server/corpus/load.ts'
import { composeExtracts, noMatchMessage, type Hit } from '../../server/answer/compose.ts'
import { reference } from '../../server/answer/citation.ts'
import { termsOf, tinyAnalyze } from '../fixtures/answer/analyzer.ts'
import neighbours from '../fixtures/answer/neighbours.json' with { type: 'json' }

const sg2008: CorpusDocument = {
  id: 'sg-2008',
  title: 'Migrations internationales et développement : rapport du Secrétaire général',
  shortTitle: 'SG 2008, Migrations et développement',
  publisher: 'Organisation des Nations Unies',
  year: 2008,
  file: 'sg-2008-migrations-developpement.txt',
  symbol: 'A/63/265',
  language: 'fr',
  numbered: true,
  paragraphs: [],
  anomalies: [],
}
const hld2006: DocumentMeta = {
  id: 'oim-hld-2006',
  title: 'Migration et développement : les vues de l’OIM',
  shortTitle: 'OIM, Migration et développement (DHN 2006)',
  publisher: 'Organisation internationale pour les migrations (OIM)',
  year: 2006,
  file: 'oim-migration-developpement-hld-2006.txt',
  language: 'fr',
  numbered: false,
}

const paragraph = (i: number): Paragraph => {
  const f = neighbours[i]!
  const numbered = f.documentId === 'sg-2008'
  return {
    id: `${f.documentId}-p${f.n}`,
    documentId: f.documentId,
    n: f.n,
    number: numbered ? f.n : null,
    label: numbered ? `§ ${f.n}` : `al. ${f.n}`,
    section: numbered ? ['I. Introduction'] : ['2. Les envois de fonds'],
    kind: 'body',
    text: f.text,
    notes: [],
  }
}
const hit = (i: number, score: number): Hit => ({
  paragraph: paragraph(i),
  document: neighbours[i]!.documentId === 'sg-2008' ? sg2008 : hld2006,
  score,
})
const tiny = (q: string) => ({ terms: termsOf(q), analyze: tinyAnalyze })

describe('composeExtracts', () => {
  it('builds ranked extracts with refs, verbatim text, best sentence, highlights and citation', () => {
    const [e1, e2] = composeExtracts([hit(0, 12.34567), hit(1, 3.2)], tiny('frais réduits'))
    expect(e1).toMatchObject({
      rank: 1,
      score: 12.346,
      document: { id: 'sg-2008', title: sg2008.title, shortTitle: sg2008.shortTitle, publisher: sg2008.publisher, year: 2008 },
      paragraph: { id: 'sg-2008-p6', n: 6, number: 6, label: '§ 6', section: ['I. Introduction'] },
      text: neighbours[0]!.text,
    })
    // Only the protocol's fields: nothing of the corpus object (paragraphs, file…) leaks to clients.
    expect(Object.keys(e1!.document).sort()).toEqual(['id', 'publisher', 'shortTitle', 'title', 'year'])
    expect(Object.keys(e1!.paragraph).sort()).toEqual(['id', 'label', 'n', 'number', 'section'])
    expect(e1!.text.slice(e1!.best.start, e1!.best.end)).toMatch(/^Les frais de transferts de fonds devaient être réduits.*fonds\.$/)
    expect(e1!.highlights.map(([s, e]) => e1!.text.slice(s, e))).toEqual(['frais', 'réduits'])
    expect(e1!.citation.text).toBe(
      '« Les frais de transferts de fonds devaient être réduits, et des politiques d’accompagnement étaient nécessaires pour tirer le plus grand bénéfice possible des transferts de fonds. » — SG 2008, Migrations et développement (2008), § 6',
    )
    expect(e1!.related).toBeUndefined()
    expect(e2).toMatchObject({ rank: 2, score: 3.2, highlights: [] })
  })

  it('folds near-duplicate neighbours into the higher-ranked extract and lists them as related', () => {
    const extracts = composeExtracts([hit(0, 9), hit(2, 8), hit(1, 7), hit(3, 6)], tiny('transferts fonds'))
    expect(extracts.map((e) => [e.rank, e.paragraph.id])).toEqual([
      [1, 'sg-2008-p6'],
      [2, 'sg-2008-p7'],
    ])
    expect(extracts[0]!.related?.map((r) => [r.id, r.label])).toEqual([
      ['sg-2008-p8', '§ 8'],
      ['sg-2008-p5', '§ 5'],
    ])
  })

  it('drops an identical copy from another document and a repeated hit without listing them', () => {
    // A ParagraphRef does not name its document: listing the copy would show it under the wrong title.
    const extracts = composeExtracts([hit(0, 9), hit(5, 8), hit(0, 7), hit(1, 6)], tiny('transferts fonds'))
    expect(extracts.map((e) => e.paragraph.id)).toEqual(['sg-2008-p6', 'sg-2008-p7'])
    expect(extracts[0]!.related).toBeUndefined()
  })

  it('returns at most `limit` extracts', () => {
    const hits = [hit(0, 9), hit(1, 8), hit(4, 7), hit(6, 6)]
    expect(composeExtracts(hits, tiny('fonds'))).toHaveLength(3) // p6 in idm-2005 is not identical: kept
    expect(composeExtracts(hits, tiny('fonds'), { limit: 2 }).map((e) => e.rank)).toEqual([1, 2])
  })

  it('cites an unnumbered paragraph by section and « al. k »', () => {
    const [e] = composeExtracts([hit(5, 1)], tiny('aide publique'))
    expect(e!.citation.text).toMatch(
      /^« Du fait que .* développement\. » — OIM, Migration et développement \(DHN 2006\) \(2006\), 2\. Les envois de fonds, al\. 40$/,
    )
  })

  it('uses the tokens a hit carries instead of analysing its paragraph again', () => {
    const h = hit(0, 1)
    const refuse = () => {
      throw new Error('analysed again')
    }
    const [e] = composeExtracts([{ ...h, tokens: tinyAnalyze(h.paragraph.text) }], { terms: termsOf('frais'), analyze: refuse })
    expect(e!.highlights).toHaveLength(1)
    expect(() => composeExtracts([h], { terms: termsOf('frais'), analyze: refuse })).toThrow('analysed again')
  })

  it('uses the sentences a hit carries instead of splitting its paragraph again', () => {
    const h = hit(0, 1)
    // One given « sentence » of 100 characters, which the splitter would never produce.
    const given = [{ start: 0, end: 100 }]
    const [kept] = composeExtracts([{ ...h, sentences: given }], tiny('frais réduits'))
    const [split] = composeExtracts([h], tiny('frais réduits'))
    expect(kept!.best).toEqual(given[0])
    expect(split!.best).not.toEqual(given[0])
  })

  it('regression: best sentence cut mid-clause — the citation quotes up to a clause boundary, with its « … » marks', () => {
    const text =
      '42. La Banque mondiale s’emploie à développer la connaissance des relations entre migrations internationales et développement. ' +
      'Ces recherches montrent que, pour que les migrations internationales aient un effet d’entraînement sur le développement, ' +
      'il faut renforcer les institutions, faciliter la concurrence entre les sociétés de transfert de fonds et les banques de manière ' +
      'à réduire le coût des envois de fonds et offrir aux travailleurs non qualifiés de plus amples possibilités d’émigration temporaire, ' +
      'notamment par des accords bilatéraux.'
    const p42: Paragraph = {
      id: 'sg-2008-p42',
      documentId: 'sg-2008',
      n: 42,
      number: 42,
      label: '§ 42',
      section: [],
      kind: 'body',
      text,
      notes: [],
    }
    const [e] = composeExtracts([{ paragraph: p42, document: sg2008, score: 1 }], tiny('transfert fonds banques réduire coût envois'))
    expect(e!.best.end - e!.best.start).toBeLessThanOrEqual(350)
    expect(e!.citation.text).toMatch(
      /^« Ces recherches montrent que, .* réduire le coût des envois de fonds … » — SG 2008, Migrations et développement \(2008\), § 42$/,
    )
    expect(e!.citation.text).not.toContain('de plus amples')
  })

  it('returns no extract for no hit', () => {
    expect(composeExtracts([], tiny('fonds'))).toEqual([])
  })

  it('works with the real French analyzer: stems meet, highlights cover the surface words', () => {
    const query = { terms: new Set(analyze('Le coût des transferts d’argent').map((t) => t.term)), analyze }
    const [e] = composeExtracts([hit(0, 1)], query)
    const marked = e!.highlights.map(([s, e2]) => neighbours[0]!.text.slice(s, e2))
    expect(marked).toContain('transferts')
    expect(marked).toContain('d’argent'.slice(2)) // the elision is not part of the word
    expect(e!.text.slice(e!.best.start, e!.best.end)).toMatch(/^Du fait que les transferts d’argent/)
  })
})

describe('composeExtracts over the whole shipped corpus', () => {
  it('gives every paragraph a bounded best span, in-text highlights that match, and its reference', async () => {
    const corpus = await loadCorpus('corpus')
    const query = { terms: new Set(analyze('migrations transferts de fonds développement États').map((t) => t.term)), analyze }
    let n = 0
    for (const document of corpus.documents) {
      for (const paragraph of document.paragraphs) {
        const [e] = composeExtracts([{ paragraph, document, score: 1 }], query)
        const { start, end } = e!.best
        expect(0 <= start && start <= end && end <= paragraph.text.length).toBe(true)
        expect(end - start).toBeLessThanOrEqual(350)
        for (const [s, t] of e!.highlights) expect(query.terms.has(analyze(paragraph.text.slice(s, t))[0]!.term)).toBe(true)
        expect(e!.citation.text).toMatch(/^« \S/)
        expect(e!.citation.text).toBe(`« ${e!.citation.quote} » — ${e!.citation.source}, ${e!.citation.reference}`)
        expect(e!.citation.text.endsWith(` — ${document.shortTitle} (${document.year}), ${reference(paragraph)}`)).toBe(true)
        n++
      }
    }
    expect(n).toBeGreaterThan(100)
  })
})

describe('noMatchMessage', () => {
  it('says plainly that the corpus does not answer, in the question’s language', () => {
    expect(noMatchMessage('fr')).toBe('Le corpus ne répond pas à cette question.')
    expect(noMatchMessage('en')).toBe('The corpus does not answer this question.')
  })
})
