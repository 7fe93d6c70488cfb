// Small excerpts of the real texts, one artifact each, through the whole parse.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildVocabulary } from '../../server/corpus/join.ts'
import { normalizeText } from '../../server/corpus/normalize.ts'
import { parseDocument } from '../../server/corpus/parse.ts'

// Hyphenation is decided from the whole corpus's vocabulary, as when the server loads it.
const vocab = buildVocabulary(
  readdirSync('corpus')
    .filter((f) => f.endsWith('.txt'))
    .map((f) => normalizeText(readFileSync(`corpus/${f}`, 'utf8'))),
)
const parse = (name: string, numbered = false) =>
  parseDocument(readFileSync(`test/fixtures/corpus/${name}`, 'utf8'), { id: 'fx', numbered }, vocab)

describe('fixture excerpts', () => {
  it('drop-cap.txt: a section heading cut by its own hyphen, then a drop capital', () => {
    const { paragraphs } = parse('drop-cap.txt')
    const heading = paragraphs.find((p) => p.kind === 'heading')!
    expect(heading.text).toBe('1.1 Effets de la migration internationale au niveau macro-économique')
    const first = paragraphs.find((p) => p.text.startsWith('Migration et développement'))!
    expect(first.text).toMatch(/^Migration et développement s’influencent mutuellement, et leurs effets peuvent être soit positifs/)
    expect(first.section).toEqual([heading.text])
    expect(first.label).toBe('1.1 Effets de la migration internationale au niveau…, al. 1')
  })

  it('hyphenation-page-notes.txt: split words, a footnote at the foot of the page, the paragraph going on', () => {
    const { paragraphs, anomalies } = parse('hyphenation-page-notes.txt')
    expect(anomalies).toEqual([])
    const text = paragraphs.map((p) => p.text).join('\n')
    expect(text).toContain('pour canaliser la migration de main-d’œuvre')
    expect(text).toContain('de la mobilité de main-d’œuvre mondiale')
    expect(text).toContain('les conditions permettant aux réseaux de trafiquants et de passeurs')
    expect(text).not.toContain('OIM, État de la migration dans le monde en 2005')
    const caller = paragraphs.find((p) => p.text.includes('qu’exerce la migration, les effets'))!
    expect(caller.notes).toEqual([
      { marker: '1', text: 'OIM, État de la migration dans le monde en 2005 : coûts et avantages de la migration internationale.' },
    ])
  })

  it('questions.txt: discussion questions, one of them cut by a blank line mid-sentence', () => {
    const { paragraphs } = parse('questions.txt', true)
    const questions = paragraphs.filter((p) => p.kind === 'question')
    expect(questions.map((q) => q.text.slice(0, 2))).toEqual(['a)', 'b)', 'c)', 'd)', 'e)'])
    expect(questions[1]!.text).toContain('souvent innombrables. Dans quelle mesure les divergences de perspectives')
    expect(questions[2]!.text).toContain('renforcement des capacités ne sont pas sans limites')
  })
})
