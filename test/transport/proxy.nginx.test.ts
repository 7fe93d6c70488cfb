// 200 delegates behind one real nginx: with TRUST_PROXY=1 each gets its own per-address limits;
// without it they all share the proxy's. Clients bind distinct loopback addresses (127.0.1.x), so
// nginx sees 200 different peers and appends each to X-Forwarded-For.
import { afterEach, describe, expect, it } from 'vitest'
import http from 'node:http'
import WebSocket from 'ws'
import { serversClosedAfterEach } from '../helpers/server.ts'
import { hasNginx, startNginx, type RunningNginx } from '../helpers/nginx.ts'

const server = serversClosedAfterEach(afterEach)
let nginx: RunningNginx | undefined
afterEach(async () => {
  await nginx?.stop()
  nginx = undefined
})

const CLIENTS = 200
const addressOf = (i: number) => `127.0.1.${i + 1}`

/** Opens a WebSocket from a given local address; resolves with 'open' or the refusal status. */
function openFrom(url: string, localAddress: string): Promise<{ ws?: WebSocket; status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { localAddress })
    ws.on('open', () => resolve({ ws, status: 101 }))
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }))
    ws.on('error', () => resolve({ status: 0 }))
  })
}

function askFrom(port: number, localAddress: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, localAddress, path: '/api/ask?q=migration', agent: false }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      })
      .on('error', reject)
  })
}

describe.skipIf(!hasNginx)('behind nginx', () => {
  it(`with TRUST_PROXY=1, ${CLIENTS} clients each get their own connection cap and REST bucket`, { timeout: 60_000 }, async () => {
    const s = await server({ trustProxy: ['1'], maxConnectionsPerIp: 1, rateBurst: 1, ratePerSecond: 1, maxQueueWaitMs: 600_000 })
    nginx = await startNginx([s.port])
    const wsUrl = `ws://127.0.0.1:${nginx.port}/ws`
    const opened = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => openFrom(wsUrl, addressOf(i))))
    expect(opened.filter((o) => o.status === 101)).toHaveLength(CLIENTS)
    // The cap still applies per client: a second socket from the first delegate is refused.
    expect((await openFrom(wsUrl, addressOf(0))).status).toBe(429)
    const firstAsks = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => askFrom(nginx!.port, addressOf(i))))
    expect(firstAsks.filter((st) => st === 200)).toHaveLength(CLIENTS)
    // Its bucket may have refilled while the others asked: two more in a row cannot both pass.
    const again = [await askFrom(nginx.port, addressOf(0)), await askFrom(nginx.port, addressOf(0))]
    expect(again).toContain(429)
    for (const o of opened) o.ws?.close()
  })

  it('without TRUST_PROXY, everyone behind the proxy shares its address', { timeout: 30_000 }, async () => {
    const s = await server({ maxConnectionsPerIp: 1 })
    nginx = await startNginx([s.port])
    const wsUrl = `ws://127.0.0.1:${nginx.port}/ws`
    const first = await openFrom(wsUrl, addressOf(0))
    expect(first.status).toBe(101)
    expect((await openFrom(wsUrl, addressOf(1))).status).toBe(429)
    first.ws?.close()
  })
})
