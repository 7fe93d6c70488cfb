// GET /metrics from a real server: Prometheus text with the asks, refusals, queue and Node's own
// figures; behind a bearer token when METRICS_TOKEN is set.
import { afterEach, describe, expect, it } from 'vitest'
import { serversClosedAfterEach } from '../helpers/server.ts'
import { connect } from './client.ts'

const server = serversClosedAfterEach(afterEach)

describe('GET /metrics', () => {
  it('counts asks by status, refusals by reason, and exposes the queue, latency, event-loop lag and heap', async () => {
    const s = await server({ rateBurst: 1, ratePerSecond: 1 })
    const c = await connect(s.wsUrl)
    await c.ask('a', 'envois de fonds')
    await c.ask('b', 'migration') // rate_limited
    c.ws.close()
    const res = await fetch(`${s.url}/metrics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const text = await res.text()
    expect(text).toMatch(/^sourcier_asks_total\{status="(answered|uncertain|no_match)"\} 1$/m)
    expect(text).toMatch(/^sourcier_ask_duration_seconds_count 1$/m)
    expect(text).toMatch(/^sourcier_queue_depth 0$/m)
    expect(text).toMatch(/^sourcier_refusals_total\{reason="rate_limited"\} 1$/m)
    for (const name of ['sourcier_refusals_total', 'sourcier_websocket_connections', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes'])
      expect(text).toContain(name)
  })

  it('with METRICS_TOKEN, answers 404 without the bearer token and 200 with it', async () => {
    const token = 'a-metrics-token-of-32-characters'
    const s = await server({ metricsToken: token })
    expect((await fetch(`${s.url}/metrics`)).status).toBe(404)
    expect((await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(404)
    expect((await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
  })
})
