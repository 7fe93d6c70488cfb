import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PAGE_BREAK } from '../../server/corpus/debris.ts'
import { buildVocabulary } from '../../server/corpus/join.ts'
import { attachNotes, detachNotes, type NoteHost } from '../../server/corpus/notes.ts'
import { normalizeText } from '../../server/corpus/normalize.ts'
import { parseDocument } from '../../server/corpus/parse.ts'

const read = (name: string) => readFileSync(`test/fixtures/corpus/${name}`, 'utf8')
const vocab = buildVocabulary(['les droits de l’homme et le processus migratoire donc entraînera'])
const host = (text: string, start: number): NoteHost => ({ text, start, end: start + 1, notes: [] })

describe('detachNotes', () => {
  it('lifts a footnote block out of a paragraph it interrupts and marks the page break', () => {
    const lines = normalizeText(read('footnote-mid-paragraph.txt')).split('\n')
    const { body, notes } = detachNotes(lines, vocab)
    expect(notes.map((n) => n.marker)).toEqual(['1', '2'])
    expect(notes[0]!.text).toMatch(/^Voir par exemple: Commission mondiale .* interconnecté: De nouvelles perspectives/)
    expect(notes[1]!.text).toBe(
      'Les domaines connexes sont par exemple: le développement, le commerce, le travail, l’emploi, la santé, l’environnement, le bien-être social et l’éducation.',
    )
    const text = body.join('\n')
    expect(text).not.toContain('Voir par exemple')
    expect(text).not.toContain('bien-être social')
    const cut = body.findIndex((l) => l.includes('pour garantir que les'))
    const resumed = body.findIndex((l) => l.startsWith(' politiques soient partout'))
    expect(body.slice(cut + 1, resumed)).toContain(PAGE_BREAK)
  })

  it('regression: ends a block without a separator at a page number and reads a lost glyph (« 1� ») as the expected number', () => {
    const { body, notes } = detachNotes(
      [
        'tandis que les',
        '',
        '1    Protocole additionnel.',
        '\uFFFD   Protocole contre le trafic.',
        '3    Le Processus de Bali.',
        PAGE_BREAK,
        'exerçant un emploi',
      ],
      vocab,
    )
    expect(notes.map((n) => [n.marker, n.text])).toEqual([
      ['1', 'Protocole additionnel.'],
      ['2', 'Protocole contre le trafic.'],
      ['3', 'Le Processus de Bali.'],
    ])
    expect(body).toEqual(['tandis que les', '', PAGE_BREAK, 'exerçant un emploi'])
  })

  it('takes numbered notes only in sequence, so a year or a count at a line start stays body', () => {
    const { body, notes } = detachNotes(['fin.', '', '1 Première note.', ' suite du texte', '', '14 et 15 septembre 2006'], vocab)
    expect(notes.map((n) => n.marker)).toEqual(['1'])
    expect(body).toContain('14 et 15 septembre 2006')
  })

  it('regression: a note block with no text above it is body text (its notes could not be called)', () => {
    const lines = ['', '                              ', '1 Convention des Nations Unies.', ' concernés. Ce problème']
    const { body, notes } = detachNotes(lines, vocab)
    expect(notes).toEqual([])
    expect(body).toContain('1 Convention des Nations Unies.')
  })

  it('regression: a separator rule with no note under it keeps its text as body, even after earlier notes', () => {
    const lines = ['Texte appelant1.', '', '1 Première note.', ' Suite du texte.', '_____________', 'Encore du texte.']
    const { body, notes } = detachNotes(lines, vocab)
    expect(notes.map((n) => n.text)).toEqual(['Première note.'])
    expect(body).toContain('Encore du texte.')
  })

  // Bug: footnote 10 of oim-hld-2006 runs on at the foot of the next page, unnumbered; its tail
  // (« droits de l’homme”, la Convention … ») was left inside the body paragraph it interrupts.
  it('regression: note-tail-in-body lifts the unnumbered tail of a note that runs on to the next page', () => {
    const lines = [
      'protéger les victimes.1',
      '',
      '1    Les instruments sont les “traités essentiels sur les',
      ' La coopération continue ici.',
      'de témoignages supplé-',
      '',
      'droits de l’homme”, la Convention de 2005',
      'relative à la traite.',
      ' mentaires de l’efficacité.',
    ]
    const { body, notes } = detachNotes(lines, vocab)
    expect(notes.map((n) => n.text)).toEqual([
      'Les instruments sont les “traités essentiels sur les droits de l’homme”, la Convention de 2005 relative à la traite.',
    ])
    expect(body.join('\n')).not.toContain('Convention de 2005')
    expect(body.slice(-4)).toEqual(['de témoignages supplé-', '', PAGE_BREAK, ' mentaires de l’efficacité.'])
  })

  it('leaves a block after a finished note in the body, even before a page that starts in lower case', () => {
    const lines = ['appel.1', '', '1    Une note finie.', ' Suite.', 'texte coupé', '', 'Un encadré', ' suite en minuscules']
    const { body, notes } = detachNotes(lines, vocab)
    expect(notes.map((n) => n.text)).toEqual(['Une note finie.'])
    expect(body).toContain('Un encadré')
  })

  it('reads lettered endnotes after (Renvois)', () => {
    const { body, notes } = detachNotes(['texte.', '(Renvois)', 'a  Pacte international', 'de 1966.', '', 'b  Protocole.'], vocab)
    expect(body).toEqual(['texte.', '(Renvois)'])
    expect(notes.map((n) => [n.marker, n.text])).toEqual([
      ['a', 'Pacte international de 1966.'],
      ['b', 'Protocole.'],
    ])
  })
})

describe('attachNotes', () => {
  it('removes markers glued to words and punctuation, and attaches each note to its caller', () => {
    const hosts = [
      host('une attention grandissante1. Il est vrai', 0),
      host('d’autres domaines.2 Rechercher', 1),
      host('l’OIM1) et la suite', 2),
    ]
    const notes = [
      { marker: '1', text: 'n1', at: 5 },
      { marker: '2', text: 'n2', at: 5 },
    ]
    expect(attachNotes(hosts, notes)).toEqual([])
    expect(hosts.map((h) => h.text)).toEqual([
      'une attention grandissante. Il est vrai',
      'd’autres domaines. Rechercher',
      'l’OIM1) et la suite',
    ])
    expect(hosts[0]!.notes).toEqual([{ marker: '1', text: 'n1' }])
    expect(hosts[1]!.notes).toEqual([{ marker: '2', text: 'n2' }])
  })

  it('never takes a real number for a call: years, « 61/208 », « G20 », « section 3.2 »', () => {
    const hosts = [host('en 2005, la résolution 61/208, le G20, voir la section 3.2. Fin', 0)]
    const notes = ['2', '20', '208', '5'].map((marker) => ({ marker, text: marker, at: 9 }))
    const anomalies = attachNotes(hosts, notes)
    expect(hosts[0]!.text).toBe('en 2005, la résolution 61/208, le G20, voir la section 3.2. Fin')
    expect(anomalies).toHaveLength(4)
  })

  it('looks for a footnote call only before its block', () => {
    const hosts = [host('rien ici', 0), host('après le bloc1 ici', 10)]
    const anomalies = attachNotes(hosts, [{ marker: '1', text: 'n', at: 5 }])
    expect(anomalies).toHaveLength(1)
    expect(hosts[1]!.text).toBe('après le bloc1 ici')
    expect(hosts[0]!.notes).toHaveLength(1)
  })

  it('hands a note called from a heading to the paragraph under it', () => {
    const hosts = [host('B. Processus régionaux3', 0), host('57. Les processus…', 1)]
    attachNotes(hosts, [{ marker: '3', text: 'n3', at: 5 }], { redirect: (i) => i + 1 })
    expect(hosts[0]!.text).toBe('B. Processus régionaux')
    expect(hosts[1]!.notes).toEqual([{ marker: '3', text: 'n3' }])
  })

  it('regression: takes a letter call glued to a word (« l’hommea ») near the next certain call, not « entraînera »', () => {
    const hosts = [
      host('La demande entraînera une hausse.', 0),
      host('les droits de l’hommea et la protection.b Ainsi le processus migratoirec. Fin', 1),
    ]
    const notes = ['a', 'b', 'c'].map((marker) => ({ marker, text: marker, at: 99 }))
    expect(attachNotes(hosts, notes, { vocab })).toEqual([])
    expect(hosts[0]!.text).toBe('La demande entraînera une hausse.')
    expect(hosts[1]!.text).toBe('les droits de l’homme et la protection. Ainsi le processus migratoire. Fin')
    expect(hosts[1]!.notes.map((n) => n.marker)).toEqual(['a', 'b', 'c'])
  })
})

describe('notes through the whole parse', () => {
  it('continues the paragraph after the notes and keeps the notes with the paragraph that calls them', () => {
    const raw = read('footnote-mid-paragraph.txt')
    const { paragraphs } = parseDocument(raw, { id: 'fx', numbered: true }, buildVocabulary([normalizeText(raw)]))
    const p1 = paragraphs.find((p) => p.number === 1)!
    const p3 = paragraphs.find((p) => p.number === 3)!
    expect(p1.text).toContain('une attention grandissante. Il est vrai')
    expect(p1.text).toContain('d’autres domaines. Rechercher')
    expect(p1.notes.map((n) => n.marker)).toEqual(['1', '2'])
    expect(p3.text).toContain('pour garantir que les politiques soient partout formulées')
    expect(p3.text).not.toContain('Voir par exemple')
    expect(p3.notes).toEqual([])
  })
})
