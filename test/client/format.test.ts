import { describe, expect, it } from 'vitest'
import { reference, summaryLine } from '../../client/src/chat/format.ts'
import { STRINGS } from '../../client/src/chat/i18n.ts'
import { extract1, extract2 } from '../fixtures/client/answer.ts'

describe('summary line', () => {
  it('counts passages and lists documents once, in order of first use (French)', () => {
    expect(summaryLine([extract1, extract2, { ...extract1, rank: 3 }], STRINGS.fr)).toBe(
      '3 passages de 2 documents : IDM 2005 (2005) ; Rapport du SG 2008 (2008).',
    )
  })
  it('uses the singular for one passage of one document (French and English)', () => {
    expect(summaryLine([extract1], STRINGS.fr)).toBe('1 passage d’un document : IDM 2005 (2005).')
    expect(summaryLine([extract1], STRINGS.en)).toBe('1 passage from one document: IDM 2005 (2005).')
    expect(summaryLine([extract1, extract2], STRINGS.en)).toBe('2 passages from 2 documents: IDM 2005 (2005); Rapport du SG 2008 (2008).')
  })
})

describe('citation pieces', () => {
  it('reference reads « Short title (year), label »', () => {
    expect(reference(extract2)).toBe('Rapport du SG 2008 (2008), § 31')
  })
  it('adds the page or pages of a paragraph from an uploaded PDF (issue 14)', () => {
    expect(reference({ ...extract2, paragraph: { ...extract2.paragraph, pages: { first: 7, last: 7 } } })).toBe(
      'Rapport du SG 2008 (2008), § 31, p. 7',
    )
    expect(reference({ ...extract2, paragraph: { ...extract2.paragraph, pages: { first: 7, last: 8 } } })).toBe(
      'Rapport du SG 2008 (2008), § 31, pp. 7–8',
    )
  })
})
