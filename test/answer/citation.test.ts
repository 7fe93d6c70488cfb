import { describe, expect, it } from 'vitest'
import { formatCitation, formatSource, reference } from '../../server/answer/citation.ts'

const idm2005 = {
  title: 'Recherche d’une cohérence politique en matière migratoire',
  shortTitle: 'IDM 2005, Cohérence politique',
  publisher: 'Organisation internationale pour les migrations (OIM)',
  year: 2005,
}
const sg2008 = {
  ...idm2005,
  title: 'Migrations internationales et développement',
  shortTitle: 'SG 2008',
  publisher: 'Nations Unies',
  year: 2008,
  symbol: 'A/63/265',
}

const P3 = {
  number: 3,
  label: '§ 3',
  section: ['II. LA COHÉRENCE POLITIQUE AU SEIN DES GOUVERNEMENTS'],
  text: 'La cohérence s’impose avant tout au sein des gouvernements. Pour atteindre cette cohérence les ministères doivent se concerter et coordonner leurs efforts.',
}
const unnumbered = {
  number: null,
  label: 'al. 3',
  section: ['2. Les envois de fonds', '2.1 Le coût des transferts'],
  text: 'Les coûts de transfert restent élevés. Ils pèsent sur les migrants.',
}

describe('formatCitation', () => {
  it('quotes whole sentences without ellipsis, with short title, year and § number', () => {
    expect(formatCitation('La cohérence s’impose avant tout au sein des gouvernements.', idm2005, P3)).toBe(
      '« La cohérence s’impose avant tout au sein des gouvernements. » — IDM 2005, Cohérence politique (2005), § 3',
    )
  })

  it('marks with « … » where the quote starts or ends inside a sentence', () => {
    expect(formatCitation('les ministères doivent se concerter', idm2005, P3)).toBe(
      '« … les ministères doivent se concerter … » — IDM 2005, Cohérence politique (2005), § 3',
    )
    expect(formatCitation('La cohérence s’impose avant tout', idm2005, P3)).toMatch(/^« La cohérence s’impose avant tout … »/)
  })

  it('uses the given offset rather than the first occurrence', () => {
    const p = { ...P3, text: 'Les Efforts comptent. Efforts comptent.' }
    expect(formatCitation('Efforts comptent.', idm2005, p)).toMatch(/^« … Efforts comptent\. »/)
    expect(formatCitation('Efforts comptent.', idm2005, p, { offset: 22 })).toMatch(/^« Efforts comptent\. »/)
  })

  it('treats a quote not found in the paragraph as cut on both sides', () => {
    expect(formatCitation('ailleurs', idm2005, P3)).toMatch(/^« … ailleurs … »/)
  })

  it('gives an empty quote (empty paragraph) no ellipsis', () => {
    expect(formatCitation('', idm2005, { ...P3, text: '' })).toBe('« » — IDM 2005, Cohérence politique (2005), § 3')
  })

  it('collapses whitespace and cuts an over-long quote at a word', () => {
    const p = { ...P3, text: 'Une   phrase\nsur  deux lignes.' }
    expect(formatCitation(p.text, idm2005, p)).toMatch(/^« Une phrase sur deux lignes\. »/)
    expect(formatCitation(P3.text, idm2005, P3, { maxQuoteLength: 40 })).toBe(
      '« La cohérence s’impose avant tout au sein … » — IDM 2005, Cohérence politique (2005), § 3',
    )
  })

  it('cites an unnumbered paragraph by its innermost section and « al. k »', () => {
    expect(formatCitation('Ils pèsent sur les migrants.', idm2005, unnumbered)).toBe(
      '« Ils pèsent sur les migrants. » — IDM 2005, Cohérence politique (2005), 2.1 Le coût des transferts, al. 3',
    )
  })
})

describe('formatCitation and the paragraph’s own numbering', () => {
  it('leaves out the number that opens the paragraph, which the reference already gives', () => {
    const p = { ...P3, text: '3. La cohérence s’impose. Elle est utile.' }
    expect(formatCitation('3. La cohérence s’impose.', idm2005, p, { offset: 0 })).toBe(
      '« La cohérence s’impose. » — IDM 2005, Cohérence politique (2005), § 3',
    )
    const item = { label: '§ 17, a)', section: [], text: 'a) Dans quelle mesure faut-il agir ?' }
    expect(formatCitation(item.text, idm2005, item)).toBe(
      '« Dans quelle mesure faut-il agir ? » — IDM 2005, Cohérence politique (2005), § 17, a)',
    )
  })

  it('keeps a number that does not open the paragraph', () => {
    const p = { ...P3, text: 'Voir le chapitre suivant. 3. La cohérence s’impose.' }
    expect(formatCitation('3. La cohérence s’impose.', idm2005, p)).toMatch(/^« 3\. La cohérence s’impose\. »/)
  })
})

describe('reference', () => {
  it('uses the label alone when it already names the section, or when there is no section', () => {
    expect(reference({ ...unnumbered, label: '2.1 Le coût des transferts, al. 3' })).toBe('2.1 Le coût des transferts, al. 3')
    expect(reference({ ...unnumbered, section: [] })).toBe('al. 3')
  })

  it('regression: does not repeat a section that the label gives shortened (« … de…, al. 2 »)', () => {
    const p = {
      label: '3.3 Rétention et circulation de compétences et de…, al. 2',
      section: ['3.3 Rétention et circulation de compétences et de connaissances'],
    }
    expect(reference(p)).toBe('3.3 Rétention et circulation de compétences et de…, al. 2')
  })

  it('uses a label that already says where it is as it stands (§ number, item, section path)', () => {
    expect(reference(P3)).toBe('§ 3')
    expect(reference({ label: '§ 17, a)', section: ['I. Amélioration de la politique générale'] })).toBe('§ 17, a)')
    expect(reference({ label: '1.1, Pays d’origine, al. 1', section: ['1.1 Effets', 'Pays d’origine'] })).toBe('1.1, Pays d’origine, al. 1')
  })

  it('adds the page, or the pages, of a paragraph ingested from a PDF (issue 14)', () => {
    expect(reference({ ...P3, pages: { first: 7, last: 7 } })).toBe('§ 3, p. 7')
    expect(reference({ ...P3, pages: { first: 7, last: 8 } })).toBe('§ 3, pp. 7–8')
    expect(
      formatCitation('Texte cité en entier.', idm2005, { ...P3, text: 'Texte cité en entier.', pages: { first: 2, last: 2 } }),
    ).toMatch(/, § 3, p\. 2$/)
  })
})

describe('formatSource', () => {
  it('gives title, publisher, year, symbol where there is one, and the reference', () => {
    expect(formatSource(idm2005, P3)).toBe(
      'Recherche d’une cohérence politique en matière migratoire, Organisation internationale pour les migrations (OIM), 2005, § 3',
    )
    expect(formatSource(sg2008, unnumbered)).toBe(
      'Migrations internationales et développement, Nations Unies, 2008, A/63/265, 2.1 Le coût des transferts, al. 3',
    )
  })
})
