// GET /metrics through a real server: open without METRICS_TOKEN; with it, only the exact Bearer
// token is answered and anything else looks like a missing route (404).
import { afterEach, describe, expect, it } from 'vitest'
import { serversClosedAfterEach } from '../helpers/server.ts'
import { connect } from './client.ts'

const server = serversClosedAfterEach(afterEach)
const TOKEN = 'metrics-token-for-tests-0123456789'

describe('/metrics', () => {
  it('counts asks by status, refusals by reason, and exposes the queue, latency, event-loop lag and heap', async () => {
    const s = await server({ rateBurst: 1, ratePerSecond: 1 })
    const c = await connect(s.wsUrl)
    await c.ask('a', 'envois de fonds')
    await c.ask('b', 'migration') // rate_limited
    c.ws.close()
    const text = await (await fetch(`${s.url}/metrics`)).text()
    expect(text).toMatch(/^sourcier_asks_total\{status="(answered|uncertain|no_match)"\} 1$/m)
    expect(text).toMatch(/^sourcier_ask_duration_seconds_count 1$/m)
    expect(text).toMatch(/^sourcier_queue_depth 0$/m)
    expect(text).toMatch(/^sourcier_refusals_total\{reason="rate_limited"\} 1$/m)
    for (const name of ['sourcier_websocket_connections', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes'])
      expect(text).toContain(name)
  })

  it('without METRICS_TOKEN it is served', async () => {
    const s = await server()
    const res = await fetch(`${s.url}/metrics`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('sourcier_')
  })

  it('regression: metrics-token-plain-compare — checked like the staff token (constant time, case-insensitive scheme, whole token only)', async () => {
    const s = await server({ metricsToken: TOKEN })
    const status = async (authorization?: string) =>
      (await fetch(`${s.url}/metrics`, { headers: authorization ? { authorization } : {} })).status
    expect(await status(`Bearer ${TOKEN}`)).toBe(200)
    expect(await status(`bearer ${TOKEN}`)).toBe(200)
    for (const wrong of [undefined, `Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN} ${TOKEN}`, `Basic ${TOKEN}`]) {
      expect([wrong, await status(wrong)]).toEqual([wrong, 404])
    }
  })
})
