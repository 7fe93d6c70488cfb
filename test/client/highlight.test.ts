import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { segments } from '../../client/src/chat/highlight.ts'

describe('segments', () => {
  const text = 'La cohérence des politiques migratoires. Une autre phrase.'

  it('splits at highlight offsets and marks the best sentence', () => {
    const segs = segments(
      text,
      [
        [3, 12],
        [17, 27],
      ],
      { best: { start: 0, end: 40 } },
    )
    expect(segs).toEqual([
      { text: 'La ', mark: false, best: true },
      { text: 'cohérence', mark: true, best: true },
      { text: ' des ', mark: false, best: true },
      { text: 'politiques', mark: true, best: true },
      { text: ' migratoires.', mark: false, best: true },
      { text: ' Une autre phrase.', mark: false, best: false },
    ])
  })

  it('restricts to a range, cutting highlights that cross it', () => {
    expect(segments(text, [[3, 12]], { range: { start: 6, end: 16 } })).toEqual([
      { text: 'érence', mark: true, best: false },
      { text: ' des', mark: false, best: false },
    ])
  })

  it('survives offsets out of range, reversed or overlapping', () => {
    const segs = segments('abcdef', [
      [4, 99],
      [-5, 1],
      [3, 2],
      [0, 2],
      [1, 3],
    ])
    expect(segs).toEqual([
      { text: 'abc', mark: true, best: false },
      { text: 'd', mark: false, best: false },
      { text: 'ef', mark: true, best: false },
    ])
  })

  it('is empty for an empty text', () => {
    expect(segments('', [[0, 3]])).toEqual([])
  })

  it('loses no character and marks exactly the highlighted ones (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 90 }), fc.integer({ min: -5, max: 90 })), { maxLength: 6 }),
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 90 }),
        (s, hl, a, b) => {
          const range = { start: Math.min(a, b), end: Math.max(a, b) }
          const segs = segments(s, hl, { range })
          const from = Math.min(range.start, s.length)
          const to = Math.max(from, Math.min(range.end, s.length))
          expect(segs.map((x) => x.text).join('')).toBe(s.slice(from, to))
          let i = from
          for (const seg of segs) {
            expect(seg.text.length).toBeGreaterThan(0)
            for (let k = 0; k < seg.text.length; k++, i++) {
              expect(seg.mark).toBe(hl.some(([x, y]) => i >= x && i < y))
            }
          }
        },
      ),
    )
  })
})
