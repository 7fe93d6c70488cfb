// Golden checks on the shipped corpus, and the « nothing is lost » property.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { PAGE_BREAK } from '../../server/corpus/debris.ts'
import { buildVocabulary, joinLines, type Vocabulary } from '../../server/corpus/join.ts'
import { loadCorpus } from '../../server/corpus/load.ts'
import { normalizeText } from '../../server/corpus/normalize.ts'
import { detachNotes } from '../../server/corpus/notes.ts'
import { cleanLines, parseDocument } from '../../server/corpus/parse.ts'
import type { Corpus, CorpusDocument, Paragraph } from '../../server/corpus/types.ts'
import { normalise } from '../../eval/run.ts'

let corpus: Corpus
let vocab: Vocabulary
const raw = (d: CorpusDocument) => readFileSync(`corpus/${d.file}`, 'utf8')
const doc = (id: string) => corpus.documents.find((d) => d.id === id)!
const allText = () => corpus.documents.flatMap((d) => d.paragraphs.map((p) => p.text)).join('\n')

beforeAll(async () => {
  corpus = await loadCorpus('corpus')
  vocab = buildVocabulary(corpus.documents.map((d) => normalizeText(raw(d))))
})

// U+FFFD stands for a lost digit; the digits around it cannot be compared.
const tokens = (s: string) =>
  s
    .toLowerCase()
    .replace(/\d*\uFFFD\d*/g, ' ')
    .match(/[\p{L}\p{N}]+/gu) ?? []

/**
 * Words of the cleaned text (debris removed, hyphenation repaired) that are not in exactly one
 * paragraph or note, as a multiset difference. The only words allowed to change are note markers:
 * each note's marker is printed at its call (glued to a word, « grandissante1 », or alone after
 * punctuation) and at the head of the note, and the parser removes both.
 */
function unaccounted(text: string, paragraphs: Paragraph[]): string[] {
  const { lines } = cleanLines(text, vocab)
  const count = new Map<string, number>()
  // Hyphenation is repaired after the notes are lifted out: a word cut at a page's foot continues
  // after a note's tail (« supplé- / [tail of note 10] / mentaires »), not in the tail. That the
  // lifting itself loses nothing is checked letter by letter below.
  const { body, notes } = detachNotes(lines, vocab)
  const words = [
    ...tokens(
      joinLines(
        body.filter((l) => l !== PAGE_BREAK),
        vocab,
      ),
    ),
    ...notes.flatMap((n) => tokens(n.text)),
  ]
  for (const t of words) count.set(t, (count.get(t) ?? 0) + 1)
  for (const p of paragraphs)
    for (const t of [...tokens(p.text), ...p.notes.flatMap((n) => tokens(n.text))]) count.set(t, (count.get(t) ?? 0) - 1)
  for (const m of paragraphs.flatMap((p) => p.notes.map((n) => n.marker))) {
    for (let k = 0; k < 2; k++) {
      const glued = [...count].find(
        ([t, n]) => n > 0 && t.length > m.length && t.endsWith(m) && (count.get(t.slice(0, -m.length)) ?? 0) < 0,
      )
      const word = glued?.[0].slice(0, -m.length)
      if (glued && word) {
        count.set(glued[0], glued[1] - 1)
        count.set(word, count.get(word)! + 1)
      } else if ((count.get(m) ?? 0) > 0) count.set(m, count.get(m)! - 1)
    }
  }
  return [...count].filter(([, n]) => n !== 0).map(([t, n]) => `${t}:${n}`)
}

describe('the shipped corpus', () => {
  it('loads the five documents of the manifest and skips nothing', () => {
    expect(corpus.documents.map((d) => d.id)).toEqual(['idm-2005', 'ateliers-capacites', 'oim-hld-2006', 'idm-2018', 'sg-2008'])
    expect(corpus.skipped).toEqual([])
  })

  it.each([
    ['idm-2005', 23],
    ['ateliers-capacites', 17],
    ['sg-2008', 75],
  ])('%s has exactly the official paragraph numbers 1–%i, in order', (id, last) => {
    const numbers = doc(id)
      .paragraphs.filter((p) => p.number !== null)
      .map((p) => p.number)
    expect(numbers).toEqual(Array.from({ length: last }, (_, i) => i + 1))
    for (const p of doc(id).paragraphs.filter((q) => q.number !== null)) {
      expect(p.text.startsWith(`${p.number}. `)).toBe(true)
      expect(p.label).toBe(`§ ${p.number}`)
      expect(p.id).toBe(`${id}-p${p.number}`)
    }
  })

  it('has no numbers in the unnumbered documents, and labels that name the section', () => {
    for (const id of ['oim-hld-2006', 'idm-2018']) {
      expect(doc(id).numbered).toBe(false)
      expect(doc(id).paragraphs.every((p) => p.number === null)).toBe(true)
    }
    const p = doc('oim-hld-2006').paragraphs.find((q) => q.text.startsWith('À l’occasion du Dialogue international sur la migration'))!
    expect(p.section).toEqual([
      '1.2 Pour des politiques et des programmes plus efficaces en matière de migration et de développement',
      'Cohérence des politiques',
    ])
    expect(p.label).toBe('1.2, Cohérence des politiques, al. 1')
  })

  it('gives unique, URL-safe ids and ordinals 1…n', () => {
    const ids = corpus.documents.flatMap((d) => d.paragraphs.map((p) => p.id))
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    for (const d of corpus.documents) expect(d.paragraphs.map((p) => p.n)).toEqual(d.paragraphs.map((_, i) => i + 1))
  })

  it('builds the same paragraphs, with the same ids, on every load', async () => {
    const again = await loadCorpus('corpus')
    expect(again).toEqual(corpus)
  })

  it('rejoins the known split words and keeps the real compounds', () => {
    const text = allText()
    for (const word of [
      'canaliser la migration',
      'leurs effets peuvent être',
      'revient au premier plan',
      'accordée à la complexité',
      'Migration et développement s’influencent',
    ]) {
      expect(text).toContain(word)
    }
    for (const broken of ['canali-', 'canali ser', 'peu- vent', 'peu-vent', 'pre-mier', 'accor-dée']) expect(text).not.toContain(broken)
    expect(text).toContain('main-d’œuvre')
    expect(text).toContain('soixante-troisième')
    expect(text).toContain('la Conférence sud-américaine sur les migrations')
    expect(text).not.toMatch(/\p{Ll}- \p{Ll}/u)
  })

  it('keeps no footnote text inside a paragraph, and every note with some paragraph', () => {
    const counts = { 'idm-2005': 12, 'ateliers-capacites': 1, 'oim-hld-2006': 37, 'idm-2018': 41, 'sg-2008': 3 }
    for (const d of corpus.documents) {
      const notes = d.paragraphs.flatMap((p) => p.notes)
      expect(notes).toHaveLength(counts[d.id as keyof typeof counts])
      for (const note of notes) {
        const head = note.text.slice(0, 50)
        for (const p of d.paragraphs) expect(p.text.includes(head), `${d.id} note ${note.marker} in ${p.id}`).toBe(false)
      }
    }
  })

  it('regression: no note swallows the body text after it (the conclusion of oim-hld-2006)', () => {
    const notes = corpus.documents.flatMap((d) => d.paragraphs.flatMap((p) => p.notes))
    expect(notes.filter((n) => n.text.length > 1500).map((n) => n.text.slice(0, 60))).toEqual([])
    expect(allText()).toContain('A mesure que l’on creuse la question des liens entre migration et développement')
  })

  it('removes glued note markers without touching real numbers', () => {
    const p1 = doc('idm-2005').paragraphs.find((p) => p.number === 1)!
    expect(p1.text).toContain('une attention grandissante. Il est vrai')
    expect(p1.text).toContain('d’autres domaines. Rechercher')
    expect(p1.notes.map((n) => n.marker)).toEqual(['1', '2'])
    const sg = doc('sg-2008')
      .paragraphs.map((p) => p.text)
      .join('\n')
    expect(sg).toContain('résolution 61/208')
    expect(sg).toContain('résolution 62/270')
    const note1 = doc('sg-2008')
      .paragraphs.flatMap((p) => p.notes)
      .find((n) => n.marker === '1')!
    expect(note1.text).toMatch(/^Le 18 mars 2008, une lettre/)
    expect(allText()).not.toMatch(/\p{Ll}{3}\d{1,2}(?=[\s.,;)]|$)/u)
  })

  it('attaches a footnote called from a heading to the paragraph under it', () => {
    const p57 = doc('sg-2008').paragraphs.find((p) => p.number === 57)!
    expect(p57.section.at(-1)).toBe('B. Processus de consultation régionaux')
    expect(p57.notes.map((n) => n.marker)).toEqual(['3'])
  })

  it('records the section path and heading kinds', () => {
    const p14 = doc('idm-2005').paragraphs.find((p) => p.number === 14)!
    expect(p14.section).toEqual(['V. LA COHÉRENCE ENTRE LA MIGRATION ET LES DOMAINES POLITIQUES CONNEXES', 'Migration et sécurité'])
    const p11 = doc('sg-2008').paragraphs.find((p) => p.number === 11)!
    expect(p11.section).toEqual([
      'III. Suivi du dialogue de haut niveau sur les migrations internationales et le développement',
      'A. Le Forum mondial sur la migration et le développement',
    ])
    const headings = corpus.documents.flatMap((d) => d.paragraphs.filter((p) => p.kind === 'heading'))
    expect(headings.length).toBeGreaterThan(50)
    expect(headings.every((h) => h.number === null && h.notes.length === 0)).toBe(true)
  })

  it('keeps the discussion questions of the working paper, labelled after § 17', () => {
    const questions = doc('ateliers-capacites').paragraphs.filter((p) => p.kind === 'question')
    expect(questions.map((q) => q.label)).toEqual(['§ 17, a)', '§ 17, b)', '§ 17, c)', '§ 17, d)', '§ 17, e)'])
    expect(questions[1]!.text).toContain('innombrables. Dans quelle mesure les divergences')
  })

  it('drops the debris of the 2018 report: URL lines, vertical text, table of contents', () => {
    const text = doc('idm-2018')
      .paragraphs.map((p) => p.text)
      .join('\n')
    expect(text).not.toMatch(/^https?:\/\//m)
    expect(text).not.toContain('CONTENU')
    expect(text).not.toMatch(/^(?:IALO|ATIO|N|R)$/m)
  })

  it('makes paragraphs a delegate can cite: neither fragments nor walls of text', () => {
    const body = corpus.documents.flatMap((d) => d.paragraphs.filter((p) => p.kind !== 'heading' && p.kind !== 'caption'))
    expect(body.filter((p) => p.text.length > 3000)).toEqual([])
    expect(body.filter((p) => p.text.length < 40).length).toBeLessThan(3)
  })
})

describe('the eval set', () => {
  it('finds each quote of eval/questions.json in exactly one paragraph (the unit a delegate cites)', () => {
    const questions = JSON.parse(readFileSync('eval/questions.json', 'utf8')) as Array<{ id: string; quotes: string[] }>
    const paragraphs = corpus.documents.flatMap((d) => d.paragraphs.filter((p) => p.kind !== 'heading').map((p) => normalise(p.text)))
    const quotes = questions.flatMap((q) => q.quotes.map((quote) => ({ id: q.id, quote: normalise(quote) })))
    expect(quotes.length).toBeGreaterThan(100)
    const misplaced = quotes.filter(({ quote }) => paragraphs.filter((t) => t.includes(quote)).length !== 1)
    expect(misplaced).toEqual([])
  })
})

describe('nothing is lost', () => {
  it('every word of every document ends up in exactly one paragraph or note', () => {
    for (const d of corpus.documents) expect(unaccounted(raw(d), d.paragraphs), d.id).toEqual([])
  })

  it('lifting the notes out moves lines and drops only the note numbers at their head, letter for letter', () => {
    // Letters only (lettered endnotes keep their marker): a note number may be printed with a
    // lost glyph (« 1� » for 18).
    const letters = (s: string) => {
      const n = new Map<string, number>()
      for (const c of s.match(/\p{L}/gu) ?? []) n.set(c, (n.get(c) ?? 0) + 1)
      return n
    }
    for (const d of corpus.documents) {
      const { lines } = cleanLines(raw(d), vocab)
      const { body, notes } = detachNotes(lines, vocab)
      expect(letters([...body, ...notes.map((n) => n.marker + n.text)].join(' ')), d.id).toEqual(letters(lines.join(' ')))
    }
  })

  it('holds for any excerpt of the corpus, whatever lines it starts and ends on (property)', () => {
    const texts = corpus.documents.map((d) => ({ d, lines: raw(d).split('\n') }))
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.nat(), fc.integer({ min: 1, max: 300 }), (k, from, size) => {
        const { d, lines } = texts[k]!
        const start = from % lines.length
        const excerpt = lines.slice(start, start + size).join('\n')
        const { paragraphs } = parseDocument(excerpt, d, vocab)
        expect(unaccounted(excerpt, paragraphs)).toEqual([])
      }),
      { numRuns: 100 },
    )
  })

  it('never throws on arbitrary text, and gives unique ids and non-empty paragraphs (property)', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        '1. Le texte.',
        '2 Note.',
        'I. TITRE',
        'A. Section',
        '',
        '   ',
        '____________',
        ' '.repeat(30),
        '4',
        'http://x.org/a',
        'M',
        'igration et',
        'canali-',
        'ser la',
        'a) point ;',
        '• puce',
        '« citation »',
        '(Renvois)',
        'a  note',
        '© OIM',
        '1.2 Titre',
        'CONTENU',
        '. suite',
        'mot1.',
        'l’hommea',
      ),
      fc.string({ maxLength: 30 }),
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.boolean(), (lines, numbered) => {
        const { paragraphs } = parseDocument(lines.join('\n'), { id: 'x', numbered }, vocab)
        expect(new Set(paragraphs.map((p) => p.id)).size).toBe(paragraphs.length)
        for (const p of paragraphs) expect(p.text.trim()).not.toBe('')
      }),
      { numRuns: 300 },
    )
  })
})
