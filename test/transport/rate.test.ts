// Token bucket on a test clock: burst, refill, retryAfterMs, and the rate bound as a property.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { KeyedBuckets, TokenBucket } from '../../server/transport/rate.ts'

function clock(start = 0) {
  let t = start
  return { now: () => t, advance: (ms: number) => void (t += ms) }
}

describe('TokenBucket', () => {
  it('allows a burst, then says when the next token comes', () => {
    const c = clock()
    const b = new TokenBucket({ burst: 3, perSecond: 2, now: c.now })
    expect([b.take(), b.take(), b.take()].every((r) => r.ok)).toBe(true)
    expect(b.take()).toEqual({ ok: false, retryAfterMs: 500 })
    c.advance(200)
    expect(b.take()).toEqual({ ok: false, retryAfterMs: 300 })
    c.advance(300)
    expect(b.take()).toEqual({ ok: true })
  })

  it('refills no higher than the burst', () => {
    const c = clock()
    const b = new TokenBucket({ burst: 2, perSecond: 100, now: c.now })
    c.advance(60_000)
    expect(b.isFull()).toBe(true)
    expect([b.take(), b.take(), b.take()].map((r) => r.ok)).toEqual([true, true, false])
  })

  it('survives a clock that goes backwards', () => {
    const c = clock(1000)
    const b = new TokenBucket({ burst: 1, perSecond: 1, now: c.now })
    b.take()
    c.advance(-500)
    expect(b.take().ok).toBe(false)
  })

  it('never grants more than burst + rate × elapsed (any schedule)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 300 }),
        (burst, perSecond, gaps) => {
          const c = clock()
          const b = new TokenBucket({ burst, perSecond, now: c.now })
          let granted = 0
          for (const gap of gaps) {
            c.advance(gap)
            const r = b.take()
            if (r.ok) granted++
            else {
              expect(r.retryAfterMs).toBeGreaterThan(0)
              expect(r.retryAfterMs).toBeLessThanOrEqual(Math.ceil(1000 / perSecond))
            }
          }
          expect(granted).toBeLessThanOrEqual(burst + Math.floor((c.now() * perSecond) / 1000))
        },
      ),
    )
  })
})

describe('KeyedBuckets', () => {
  it('keeps one bucket per key and forgets full ones on sweep', () => {
    const c = clock()
    const k = new KeyedBuckets({ burst: 1, perSecond: 1, now: c.now })
    expect(k.take('a').ok).toBe(true)
    expect(k.take('a').ok).toBe(false)
    expect(k.take('b').ok).toBe(true)
    expect(k.size).toBe(2)
    c.advance(1000)
    k.sweep()
    expect(k.size).toBe(0)
  })

  it('bounds its map by sweeping as it goes', () => {
    const c = clock()
    const k = new KeyedBuckets({ burst: 1, perSecond: 1000, now: c.now })
    for (let i = 0; i < 5000; i++) {
      k.take(`client-${i}`)
      c.advance(5)
    }
    expect(k.size).toBeLessThanOrEqual(1000)
  })
})
