// GET /metrics through a real server: open without METRICS_TOKEN; with it, only the exact Bearer
// token is answered and anything else looks like a missing route (404).
import { afterEach, describe, expect, it } from 'vitest'
import { serversClosedAfterEach } from '../helpers/server.ts'

const server = serversClosedAfterEach(afterEach)
const TOKEN = 'metrics-token-for-tests-0123456789'

describe('/metrics', () => {
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
