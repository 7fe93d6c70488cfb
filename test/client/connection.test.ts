import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_BACKOFF_OPTIONS, backoffDelay, socketUrl } from '../../client/src/chat/connection.ts'

describe('backoffDelay', () => {
  it('doubles from 0.5 s up to 8 s, with half of it random', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, 0))).toEqual([250, 500, 1000, 2000, 4000, 4000, 4000])
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, 1))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000])
  })
  it('stays within [ceiling/2, maxMs] for any attempt and random value (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.double({ min: -1, max: 2, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, r)
        expect(d).toBeGreaterThanOrEqual(DEFAULT_BACKOFF_OPTIONS.baseMs / 2)
        expect(d).toBeLessThanOrEqual(DEFAULT_BACKOFF_OPTIONS.maxMs)
      }),
    )
  })
})

describe('socketUrl', () => {
  it('maps http to ws and https to wss, on the /ws path', () => {
    expect(socketUrl('http://127.0.0.1:3000')).toBe('ws://127.0.0.1:3000/ws')
    expect(socketUrl('https://sourcier.example/')).toBe('wss://sourcier.example/ws')
    expect(socketUrl('https://sourcier.example/sub/path')).toBe('wss://sourcier.example/ws')
  })
})
