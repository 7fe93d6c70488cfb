// Flat per-paragraph arrays (search/paragraphs.ts): whatever tokens and sentences go in come back
// out, through a cache smaller than the paragraphs (evictions included).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Token } from '../../server/analysis/types.ts'
import { createParagraphArraysBuilder, createParagraphCache } from '../../server/search/paragraphs.ts'

/** A paragraph: its text, tokens over it (surface = slice) and sentences. */
const paragraphArb = fc
  .array(fc.tuple(fc.constantFrom('a', 'b', 'migr', 'fond', 'é'), fc.integer({ min: 0, max: 3 })), { maxLength: 12 })
  .map((words) => {
    let text = ''
    const tokens: Token[] = []
    const sentenceOf: number[] = []
    let sentence = 0
    for (const [term, gap] of words) {
      text += ' '.repeat(gap)
      const start = text.length
      text += `${term}X`
      tokens.push({ term, surface: text.slice(start), start, end: text.length })
      if (gap === 3) sentence++
      sentenceOf.push(sentence)
    }
    const sentences = Array.from({ length: sentence + 1 }, (_, k) => ({ start: k, end: k + 1 }))
    return { text, tokens, sentenceOf, sentences }
  })

describe('paragraph arrays', () => {
  it('derive each paragraph’s tokens, positions and sentences as they were added', () => {
    fc.assert(
      fc.property(fc.array(paragraphArb, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (paragraphs, reads) => {
        const builder = createParagraphArraysBuilder()
        for (const p of paragraphs) builder.add(p)
        const cache = createParagraphCache(builder.finish(), { size: 2 })
        if (paragraphs.length === 0) return
        for (const r of [...paragraphs.keys(), ...reads.map((r) => r % paragraphs.length)]) {
          const p = paragraphs[r]!
          const d = cache.get(r, p.text)
          expect(d.tokens).toEqual(p.tokens)
          expect([...d.sentenceOf]).toEqual(p.sentenceOf)
          expect(d.sentences).toEqual(p.sentences)
          const positions = new Map<string, number[]>()
          for (const [i, t] of p.tokens.entries()) positions.set(t.term, [...(positions.get(t.term) ?? []), i])
          expect(d.positions).toEqual(positions)
        }
      }),
    )
  })
})
