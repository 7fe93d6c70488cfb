import { describe, expect, it } from 'vitest'
import { PAGE_BREAK } from '../../server/corpus/debris.ts'
import { buildVocabulary } from '../../server/corpus/join.ts'
import { headingLevel, segment } from '../../server/corpus/segment.ts'

const vocab = buildVocabulary(['la migration et le développement'])
const brief = (lines: string[], numbered = false, extra = {}) =>
  segment(lines, vocab, { numbered, ...extra }).map((u) => ({ kind: u.kind, number: u.number, text: u.text }))

describe('headingLevel', () => {
  it('recognises roman chapters, lettered sections, numbered sections and capitals', () => {
    expect(headingLevel('II. LA COHÉRENCE POLITIQUE AU SEIN DES GOUVERNEMENTS', 1, true)).toBe(1)
    expect(headingLevel('I. Introduction', 1, true)).toBe(1)
    expect(headingLevel('B. Processus de consultation régionaux', 1, true)).toBe(2)
    expect(headingLevel('1.2 Pour des politiques et des programmes plus efficaces', 2, false)).toBe(2)
    expect(headingLevel('2.1. Mesures visant à assurer le respect', 1, false)).toBe(2)
    expect(headingLevel('CONCLUSIONS', 1, false)).toBe(1)
    expect(headingLevel('Migration et sécurité', 1, true)).toBe(3)
  })

  it('does not take sentences, numbered paragraphs or captions for headings', () => {
    expect(headingLevel('A partir de là, le processus même de renforcement.', 1, true)).toBe(0)
    expect(headingLevel('12. Les États Membres', 1, true)).toBe(0)
    expect(headingLevel('Figure Carte montrant en gris les États Membres', 2, true)).toBe(0)
    expect(headingLevel('Orateurs :', 1, false)).toBe(0)
    expect(headingLevel('M. Juan José Gómez Camacho, Représentant permanent du', 1, false)).toBe(0)
  })
})

describe('segment', () => {
  it('takes official numbers only in sequence, even at a page start inside a block', () => {
    const units = brief(
      [
        '1. Premier paragraphe.',
        '',
        '2. Le 10 juillet',
        '14 et 15 septembre 2006.',
        ' 3. Troisième, après un saut de page.',
        '5. pas le cinquième',
      ],
      true,
    )
    expect(units.map((u) => u.number)).toEqual([1, 2, 3])
    expect(units[1]!.text).toBe('2. Le 10 juillet 14 et 15 septembre 2006.')
    expect(units[2]!.text).toBe('3. Troisième, après un saut de page. 5. pas le cinquième')
  })

  it('continues a paragraph that a blank line or the notes cut mid-sentence', () => {
    const units = brief([
      'b) Les obstacles sont innombrables. Dans',
      '',
      'quelle mesure ?',
      '',
      'Il faut garantir que les',
      PAGE_BREAK,
      ' politiques soient uniformes.',
    ])
    expect(units.map((u) => u.text)).toEqual([
      'b) Les obstacles sont innombrables. Dans quelle mesure ?',
      'Il faut garantir que les politiques soient uniformes.',
    ])
  })

  it('starts a new paragraph after a page break when the previous one ended its sentence', () => {
    expect(brief(['Une phrase finie.', PAGE_BREAK, 'Une autre.']).map((u) => u.text)).toEqual(['Une phrase finie.', 'Une autre.'])
  })

  it('starts a heading met at a page start inside a block', () => {
    const units = brief(['ou du transit.', ' G. Développement d’un système approprié', '', '1. Les programmes.'], true)
    expect(units.map((u) => u.kind)).toEqual(['body', 'heading', 'body'])
  })

  it('splits a run-in heading from the paragraph it tops', () => {
    const units = brief([
      'Cohérence des politiques',
      'À l’occasion du Dialogue international sur la migration qui a eu lieu pendant le',
      'Conseil de l’OIM en décembre 2005, les participants ont souligné.',
    ])
    expect(units.map((u) => u.kind)).toEqual(['heading', 'body'])
    expect(units[0]!.text).toBe('Cohérence des politiques')
  })

  it('keeps a list with the sentence that introduces it, one item per line', () => {
    const units = brief(['Le cadre comprendra :', '', 'a. une politique ;', '', 'b. une loi.', '', 'Après la liste.'])
    expect(units).toEqual([
      { kind: 'list', number: null, text: 'Le cadre comprendra :\na. une politique ;\nb. une loi.' },
      { kind: 'body', number: null, text: 'Après la liste.' },
    ])
  })

  it('keeps items inside a numbered paragraph, each on its own line', () => {
    const [u] = brief(
      ['1. Les États ont proposé : a) de maintenir la question;', 'b) d’accorder une attention;', 'c) d’organiser des débats.'],
      true,
    )
    expect(u).toEqual({
      kind: 'list',
      number: 1,
      text: '1. Les États ont proposé : a) de maintenir la question;\nb) d’accorder une attention;\nc) d’organiser des débats.',
    })
  })

  it('does not grow a list past maxListChars', () => {
    const items = Array.from({ length: 6 }, (_, i) => [`• Élément ${i} ${'x'.repeat(40)}`, ''])
    const units = brief(['Les points suivants :', '', ...items.flat()], false, { maxListChars: 120 })
    expect(units.length).toBeGreaterThan(2)
    for (const u of units) expect(u.text.length).toBeLessThan(120 + 60)
    expect(
      units
        .map((u) => u.text)
        .join('\n')
        .match(/• Élément/g),
    ).toHaveLength(6)
  })

  it('reads discussion questions as questions and dashes as text, not list items', () => {
    const units = brief(['a) Dans quelle mesure les capacités manquent-elles?', '', 'Si ces mesures', '– et les capacités – sont perçues.'])
    expect(units.map((u) => u.kind)).toEqual(['question', 'body'])
  })

  it('splits a very long unnumbered run where a short line ends a sentence', () => {
    const long = 'mot '.repeat(20).trim()
    const lines = [...Array(12).fill(long), 'Fin du premier.', ...Array(12).fill(long), 'Fin du second.']
    const units = brief(lines, false, { maxChars: 600 })
    expect(units.map((u) => u.text.endsWith('Fin du premier.') || u.text.endsWith('Fin du second.'))).toEqual([true, true])
  })

  it('marks photo and figure captions', () => {
    const units = brief([
      'Session d’ouverture, IDM Genève, 8 octobre 2018. © OIM/Amanda NERO',
      '',
      'Figure',
      'Carte montrant en gris les États',
    ])
    expect(units.map((u) => u.kind)).toEqual(['caption', 'caption'])
  })
  it('regression: a numbered paragraph after a list is not taken for one of its items (§ 72)', () => {
    const units = brief(
      ['1. Ils ont proposé : a) de maintenir;', 'b) d’accorder une attention.', '', '2. Les États Membres ont souligné.'],
      true,
    )
    expect(units.map((u) => u.number)).toEqual([1, 2])
  })

  it('regression: a block that starts with punctuation continues the previous one', () => {
    const units = brief(['et fournir les services souhaités »', '', '. Les organismes du Groupe.'])
    expect(units.map((u) => u.text)).toEqual(['et fournir les services souhaités ». Les organismes du Groupe.'])
  })
  it('regression: a photo caption glued under a paragraph at a page start is its own caption', () => {
    const units = brief([
      'de notre propre diaspora organisée.',
      ' Table ronde, IDM Genève, 8 octobre 2018. Azzouz Samri, OIM,',
      'Ambet Yuson, BWI. © OIM/Amanda NERO',
      '',
      'Approche associant l’ensemble des pouvoirs publics',
    ])
    expect(units.map((u) => u.kind)).toEqual(['body', 'caption', 'heading'])
  })

  it('regression: a chapter title in capitals over eight lines, after an elided capital, is a heading', () => {
    const title = [
      ' 6. L’ÉTABLISSEMENT DE',
      'PARTENARIATS ET LE',
      'DÉVELOPPEMENT DE',
      'CAPACITÉS DOIVENT',
      'FONCTIONNER',
      'EN',
      'SYNERGIE',
      'ENFIN',
    ]
    const units = brief(['qui est arrivée dans le pays.', ...title, '', 'Pour que le renforcement des capacités.'])
    expect(units.map((u) => u.kind)).toEqual(['body', 'heading', 'body'])
  })
  it('regression: an agenda item wrapped over a blank line after « du » continues, and speaker lines are not headings', () => {
    const units = brief([
      'Orateurs :',
      '• Mme Louise Arbour, Représentante spéciale du',
      '',
      'Secrétaire général pour les migrations internationales',
      '',
      'Modérateur : M. Shawn MacDonald, Directeur général, Verité',
    ])
    expect(units.map((u) => u.kind)).toEqual(['list', 'body'])
    expect(units[0]!.text).toBe(
      'Orateurs :\n• Mme Louise Arbour, Représentante spéciale du Secrétaire général pour les migrations internationales',
    )
  })
})
