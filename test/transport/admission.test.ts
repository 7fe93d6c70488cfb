// The admission queue on its own: round-robin across clients, bounds, and the time budget.
import { describe, expect, it, vi } from 'vitest'
import { createAdmission } from '../../server/transport/admission.ts'
import type { AskOutcome } from '../../server/transport/ask.ts'

const answered = (question: string): AskOutcome => ({
  ok: true,
  body: { status: 'answered', language: 'fr', extracts: [], searched: [question], tookMs: 0 } as never,
})
const meta = (client: string, id: string) => ({ id, via: 'ws' as const, client })

describe('createAdmission', () => {
  it('serves clients in turn, not in arrival order', async () => {
    const order: string[] = []
    const a = createAdmission((req, m) => (order.push(m.id!), answered(req.question)), { maxWaitMs: 1e9 })
    const asks = [
      ...['a1', 'a2', 'a3'].map((id) => a.ask({ question: id }, meta('A', id))),
      ...['b1', 'b2'].map((id) => a.ask({ question: id }, meta('B', id))),
    ]
    await Promise.all(asks)
    expect(order).toEqual(['a1', 'b1', 'a2', 'b2', 'a3'])
    await a.idle()
  })

  it('refuses with overloaded past the per-client and global bounds, with retryAfterMs', async () => {
    const a = createAdmission(() => answered('x'), { maxQueuedPerClient: 2, maxQueued: 3, maxWaitMs: 1e9 })
    const outcomes = await Promise.all([
      a.ask({ question: 'x' }, meta('A', '1')),
      a.ask({ question: 'x' }, meta('A', '2')),
      a.ask({ question: 'x' }, meta('A', '3')),
      a.ask({ question: 'x' }, meta('B', '4')),
      a.ask({ question: 'x' }, meta('C', '5')),
    ])
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['ok', 'ok', 'overloaded', 'ok', 'overloaded'])
    const refused = outcomes[2]!
    expect(!refused.ok && refused.retryAfterMs).toBeGreaterThan(0)
  })

  it('refuses at once what would wait longer than the budget, by the measured ask time', async () => {
    let t = 0
    // Each ask "takes" 50 ms on this clock.
    const a = createAdmission(() => ((t += 50), answered('x')), { maxWaitMs: 120, now: () => t })
    await a.ask({ question: 'warm' }, meta('W', 'w'))
    for (let i = 0; i < 30; i++) await a.ask({ question: 'warm' }, meta('W', `w${i}`))
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => a.ask({ question: 'x' }, meta(`C${i}`, `${i}`))))
    expect(burst.filter((o) => !o.ok).length).toBeGreaterThan(0)
    expect(burst.filter((o) => o.ok).length).toBeGreaterThan(0)
  })

  it('idle() resolves once nothing is queued or running; a throwing run becomes internal', async () => {
    const a = createAdmission(() => {
      throw new Error('bug')
    })
    const outcome = await a.ask({ question: 'x' }, meta('A', '1'))
    expect(outcome).toMatchObject({ ok: false, code: 'internal' })
    await a.idle()
    expect(a.queued + a.running).toBe(0)
  })

  // Regression (admission-spins-while-full): with every slot held by an ask still running (a worker
  // pool answering), the pump rescheduled itself on every event-loop turn, a busy loop on the main thread.
  it('schedules no work while every slot is held and asks wait', async () => {
    const held: Array<() => void> = []
    const a = createAdmission(() => new Promise<AskOutcome>((resolve) => held.push(() => resolve(answered('x')))), {
      concurrency: 2,
      maxWaitMs: 1e9,
    })
    const asks = Array.from({ length: 5 }, (_, i) => a.ask({ question: 'x' }, meta(`C${i}`, `${i}`)))
    const immediate = vi.spyOn(globalThis, 'setImmediate')
    try {
      // Let the first two start, then many event-loop turns pass with both slots held.
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 0))
      expect(held.length).toBe(2)
      expect(a.queued).toBe(3)
      const pumps = immediate.mock.calls.filter(([fn]) => (fn as { name?: string }).name === 'pump').length
      expect(pumps).toBeLessThanOrEqual(1)
    } finally {
      immediate.mockRestore()
    }
    // Each ask that ends lets the next one run, until all are answered.
    while (held.length > 0) {
      held.shift()!()
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
    expect((await Promise.all(asks)).every((o) => o.ok)).toBe(true)
    await a.idle()
  })
})
