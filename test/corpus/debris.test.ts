import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PAGE_BREAK, removeDebris } from '../../server/corpus/debris.ts'
import { normalizeText } from '../../server/corpus/normalize.ts'

const fixture = (name: string) => normalizeText(readFileSync(`test/fixtures/corpus/${name}`, 'utf8')).split('\n')

describe('removeDebris', () => {
  it('turns page-number lines into page breaks', () => {
    const { lines, report } = removeDebris(['fin de page', '', '4', '', 'suite', '  12  '])
    expect(lines).toEqual(['fin de page', '', PAGE_BREAK, '', 'suite', PAGE_BREAK])
    expect(report.pageNumbers).toBe(2)
  })

  it('regression: puts a note call set alone on its line back after its word instead of taking it for a page number', () => {
    const { lines, report } = removeDebris(['les produits', ' et services souhaités »', '1', '. Les organismes'])
    expect(lines).toEqual(['les produits', ' et services souhaités »1', '. Les organismes'])
    expect(report).toMatchObject({ noteCalls: 1, pageNumbers: 0 })
  })

  it('keeps numbers that are part of the text', () => {
    const text = ['2018, d’un pacte mondial', '61/208 de l’Assemblée', '1. Le Dialogue']
    expect(removeDebris(text).lines).toEqual(text)
  })

  it('removes URL lines that repeat a link of the text, wrapped or not, and keeps a new one', () => {
    const { lines, report } = removeDebris([
      'Disponible à l’adresse http://',
      'publications.iom.int/x.pdf.',
      '',
      'http://publications.iom.int/x.pdf',
      'http://publications.iom.int/x.pdf',
      'www.iom.int/autre',
    ])
    expect(lines).toEqual(['Disponible à l’adresse http://', 'publications.iom.int/x.pdf.', '', 'www.iom.int/autre'])
    expect(report.urlLines).toBe(2)
  })

  it('removes repeated URL lines, vertical text and the table of contents of the real back cover', () => {
    const { lines, report } = removeDebris(fixture('debris.txt'))
    const text = lines.join('\n')
    expect(text).not.toMatch(/^http/m)
    expect(text).not.toMatch(/^IALO$/m)
    expect(text).not.toContain('CONTENU')
    expect(text).not.toContain('ABREVIATIONS ET ACRONYMES')
    // The prose around the debris is all still there.
    expect(text).toContain('négociations intergouvernementales devant conduire à l’adoption,')
    expect(text).toContain('Disponible à l’adresse http://')
    expect(report.verticalLines).toBeGreaterThan(20)
    expect(report.tocLines).toBeGreaterThan(5)
  })

  it('keeps an isolated drop capital (not vertical text)', () => {
    expect(removeDebris(['', 'M', 'igration et développement']).lines).toEqual(['', 'M', 'igration et développement'])
  })
})
