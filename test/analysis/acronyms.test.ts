import { describe, expect, it } from 'vitest'
import { acronymClasses, extractAcronyms } from '../../server/analysis/acronyms.ts'

// Excerpts from the corpus (IDM 2005, OIM 2006, SG 2008).
const IDM_2005 =
  'Après 18 mois de consultations, la Commission mondiale sur les migrations internationales (CMMI) a soumis, en octobre 2005, son rapport.'
const OIM_2006 =
  'L’OIM, l’Organisation internationale du Travail (OIT) et le Haut Commissariat des Nations Unies pour les réfugiés (HCR) coopèrent.'

describe('extractAcronyms', () => {
  it('finds the long form before « (ACRONYM) » from the initials of its content words', () => {
    expect(extractAcronyms(IDM_2005)).toEqual([{ short: 'CMMI', long: 'Commission mondiale sur les migrations internationales' }])
    expect(extractAcronyms(OIM_2006)).toEqual([
      { short: 'OIT', long: 'Organisation internationale du Travail' },
      { short: 'HCR', long: 'Haut Commissariat des Nations Unies pour les réfugiés' },
    ])
  })

  it('strips an elision before the long form and stops at punctuation', () => {
    expect(extractAcronyms('Il a été appelé l’Agenda international pour la gestion des migrations (AIGM).')).toEqual([
      { short: 'AIGM', long: 'Agenda international pour la gestion des migrations' },
    ])
  })

  it('ignores parentheses that are not acronyms, and acronyms whose words are elsewhere', () => {
    expect(extractAcronyms('Un maire de Gaziantep (Turquie) a parlé.')).toEqual([])
    expect(extractAcronyms('Le Département des affaires économiques et sociales des Nations Unies (DESA) publie.')).toEqual([])
  })

  it('regression: a heading run into the text is not part of a long form', () => {
    expect(extractAcronyms('INTRODUCTION Le Dialogue international sur la migration (IDM) est né.')).toEqual([])
  })
})

describe('acronymClasses', () => {
  it('merges the corpus’s definitions with the table, across languages', () => {
    const classes = acronymClasses(extractAcronyms(OIM_2006), [{ forms: ['OIT', 'ILO'], en: 'International Labour Organization' }])
    const oit = classes.find((c) => c.includes('OIT'))!
    expect(oit).toEqual(
      expect.arrayContaining(['OIT', 'ILO', 'International Labour Organization', 'Organisation internationale du Travail']),
    )
    expect(classes.find((c) => c.includes('HCR'))).not.toContain('OIT')
  })
})
