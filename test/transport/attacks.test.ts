// Issue 11's attack table, one test per row, at a size that fits a test run: real server on
// 127.0.0.1:0, real sockets. Each asserts what the client or the server's own counters see (closed
// with code X, refused with Y, bounded by N bytes), never a duration. `npm run attack` replays them
// at full size and prints the figures.
import { afterEach, describe, expect, it } from 'vitest'
import net from 'node:net'
import type http from 'node:http'
import pino from 'pino'
import type WebSocket from 'ws'
import { gatedHost, sharedEngine, serversClosedAfterEach } from '../helpers/server.ts'
import { connect, getWithHost, maskedFrames, refusedUpgrade } from './client.ts'
import { termCacheSize, termOf } from '../../server/analysis/analyze.ts'
import { withinBudget } from '../../server/transport/ask.ts'
import { createApp } from '../../server/transport/app.ts'
import { loadConfig } from '../../server/config.ts'
import type { Engine } from '../../server/engine.ts'
import type { ErrorMessage, ServerMessage } from '../../server/protocol/types.ts'
import type { AddressInfo } from 'node:net'
import { hostOf, type EngineHost } from '../../server/runtime/host.ts'

const server = serversClosedAfterEach(afterEach)

/** The raw TCP socket under a ws client. */
const rawSocket = (ws: WebSocket) => (ws as unknown as { _socket: net.Socket })._socket

/** An engine whose every answer costs `ms` of event-loop time, as an expensive question does. */
async function slowEngine(ms: number): Promise<Engine> {
  const real = await sharedEngine()
  return {
    ...real,
    ask(request) {
      const until = performance.now() + ms
      while (performance.now() < until);
      return real.ask(request)
    },
  }
}

describe('a socket that never reads and sends garbage frames', () => {
  it('gets a bounded number of error frames, then close 1008 policy_violation', async () => {
    const s = await server()
    const c = await connect(s.wsUrl)
    const raw = rawSocket(c.ws)
    raw.pause()
    raw.write(maskedFrames(Array.from({ length: 10_000 }, () => 'x')))
    // The server stops answering and closes; only then does this client start reading.
    await expect.poll(() => s.app.stats().sockets, { timeout: 10_000, interval: 20 }).toBe(0)
    raw.resume()
    expect((await c.closed).code).toBe(1008)
    const errors = c.frames.filter((f) => f.type === 'error')
    expect(errors.length).toBeLessThanOrEqual(s.config.rateBurst + s.config.maxViolations)
    expect(s.app.stats().bufferedBytes).toBe(0)
  })

  it('never leaves more than MAX_BUFFERED_BYTES unread on the server, and reads pause', { timeout: 60_000 }, async () => {
    const limit = 32 * 1024
    const s = await server({ maxBufferedBytes: limit, maxViolations: 1_000_000, rateBurst: 1_000_000, ratePerSecond: 1_000_000 })
    const c = await connect(s.wsUrl)
    const raw = rawSocket(c.ws)
    raw.pause()
    // 200,000 error frames of ~90 bytes would be 18 MB of unread replies without the bound.
    const batch = maskedFrames(Array.from({ length: 20_000 }, () => 'x'))
    for (let i = 0; i < 10; i++) raw.write(batch)
    let peak = 0
    await expect
      .poll(
        () => {
          peak = Math.max(peak, s.app.stats().bufferedBytes)
          return s.app.stats().bufferedBytes > limit / 4 || s.app.stats().sockets === 0
        },
        // The kernel's socket buffers (megabytes on loopback) fill first; on a loaded machine that takes a while.
        { timeout: 45_000, interval: 10 },
      )
      .toBe(true)
    // Reads paused: the unread replies stay under the limit (one frame of slack).
    for (let i = 0; i < 20; i++) {
      peak = Math.max(peak, s.app.stats().bufferedBytes)
      await new Promise((r) => setImmediate(r))
    }
    expect(peak).toBeLessThanOrEqual(limit + 1024)
    c.ws.terminate()
  })
})

describe('10,000 valid asks in one write', () => {
  it('answers the burst the rate allows, refuses a few, closes 1008, and another client is answered meanwhile', async () => {
    // One token a second: however slow the machine, the refill adds only a handful of answers.
    const s = await server({ ratePerSecond: 1 })
    const attacker = await connect(s.wsUrl)
    const other = await connect(s.wsUrl)
    rawSocket(attacker.ws).write(
      maskedFrames(Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ type: 'ask', id: `a${i}`, question: 'migration' }))),
    )
    expect((await other.ask('o', 'envois de fonds')).type).toBe('answer')
    expect((await attacker.closed).code).toBe(1008)
    // The bucket refills at RATE_PER_SECOND meanwhile: a few more than the burst, never thousands.
    expect(attacker.frames.length).toBeLessThanOrEqual(s.config.rateBurst + s.config.maxViolations + 10)
    other.ws.close()
  })
})

describe('distinct random words in questions', () => {
  it('keeps the analyzer’s term cache bounded', () => {
    for (let i = 0; i < 60_000; i++) termOf(`zq${i.toString(36)}x`)
    expect(termCacheSize()).toBeLessThanOrEqual(50_000)
  })
})

describe('expensive questions at the allowed rate from many sockets', () => {
  it('refuses with overloaded + retryAfterMs instead of queueing, and the queue stays bounded', async () => {
    const s = await server({ maxQueueWaitMs: 100 }, await slowEngine(20))
    const sockets = await Promise.all(Array.from({ length: 10 }, () => connect(s.wsUrl)))
    const normal = await connect(s.wsUrl)
    const asks = sockets.flatMap((c, i) => Array.from({ length: 5 }, (_, j) => c.ask(`s${i}-${j}`, 'migration')))
    const mine = normal.ask('normal', 'envois de fonds')
    const peak = s.app.stats().queued
    const all = await Promise.all([...asks, mine])
    const refused = all.filter((m) => m.type === 'error') as ErrorMessage[]
    expect(refused.length).toBeGreaterThan(0)
    for (const e of refused) {
      expect(e.code).toBe('overloaded')
      expect(e.retryAfterMs).toBeGreaterThan(0)
    }
    expect(['answer', 'error']).toContain((await mine).type)
    expect(peak).toBeLessThanOrEqual(s.config.maxQueuedAsks)
    for (const c of [...sockets, normal]) c.ws.close()
  })

  it('REST says the same with 503 and Retry-After while the engine is busy', async () => {
    const gated = await gatedHost()
    const s = await server({ maxQueueWaitMs: 1 }, undefined, { host: gated.host })
    const held = fetch(`${s.url}/api/ask?q=migration`)
    await expect.poll(() => s.app.stats().running, { timeout: 10_000, interval: 5 }).toBe(1)
    const busy = await fetch(`${s.url}/api/ask?q=migration`)
    expect(busy.status).toBe(503)
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(((await busy.json()) as { code: string; retryAfterMs: number }).code).toBe('overloaded')
    gated.open()
    expect((await held).status).toBe(200)
  })

  it('searches only what the engine uses: the first MAX_QUESTION_WORDS words and the last 3 context turns', () => {
    const long = Array.from({ length: 100 }, (_, i) => `mot${i}`).join(' ')
    const cut = withinBudget(
      { question: long, context: Array.from({ length: 10 }, (_, i) => ({ question: `q${i}` })) },
      { maxWords: 40, maxContextTurns: 3 },
    )
    expect(cut.question.split(' ')).toHaveLength(40)
    expect(cut.context?.map((t) => t.question)).toEqual(['q7', 'q8', 'q9'])
  })
})

/** Writes pipelined requests on a socket that does not read; resolves once the server cut it. */
async function pipelineWithoutReading(server: http.Server, port: number, request: string, count: number): Promise<'closed'> {
  const socket = net.connect(port, '127.0.0.1')
  await new Promise((r) => socket.once('connect', r))
  socket.pause()
  socket.on('error', () => {})
  const closed = new Promise<'closed'>((resolve) => socket.on('close', () => resolve('closed')))
  socket.write(request.repeat(count))
  const connections = () => new Promise<number>((resolve) => server.getConnections((_e, n) => resolve(n)))
  // The server's side is gone when it no longer counts the connection; only then read.
  await expect.poll(connections, { timeout: 10_000, interval: 20 }).toBe(0)
  socket.resume()
  return closed
}

describe('pipelined document requests without reading the replies', () => {
  it('cuts the connection past MAX_PIPELINED_REQUESTS', async () => {
    const s = await server()
    const id = s.engine.corpus.documents[0]!.id
    const request = `GET /api/documents/${id} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`
    expect(await pipelineWithoutReading(s.app.server, s.port, request, Math.floor(65_536 / request.length))).toBe('closed')
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
  })

  it('rate-limits document reads per client, and serves them gzipped with an ETag', async () => {
    const s = await server({ documentRateBurst: 3, documentRatePerSecond: 1 })
    const id = s.engine.corpus.documents[0]!.id
    const first = await fetch(`${s.url}/api/documents/${id}`)
    expect(first.headers.get('content-encoding')).toBe('gzip')
    const etag = first.headers.get('etag')!
    expect((await fetch(`${s.url}/api/documents/${id}`, { headers: { 'if-none-match': etag } })).status).toBe(304)
    await fetch(`${s.url}/api/documents`)
    const limited = await fetch(`${s.url}/api/documents/${id}`)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).not.toBeNull()
  })
})

describe('refused upgrades with a huge Origin', () => {
  it('writes a bounded log: one line per kind of refusal and window, fields cut short', async () => {
    const lines: string[] = []
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) })
    const app = createApp({ engine: await sharedEngine(), config: { ...loadConfig({}), port: 0 }, logger })
    await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r))
    const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/ws`
    try {
      const origin = `https://${'a'.repeat(15_000)}.example`
      for (let i = 0; i < 100; i++) expect((await refusedUpgrade(url, { origin })).status).toBe(403)
      const refusals = lines.filter((l) => l.includes('origin_not_allowed'))
      expect(refusals.length).toBeLessThanOrEqual(2)
      expect(lines.join('').length).toBeLessThan(10_000)
    } finally {
      await app.close()
    }
  })
})

describe('DNS rebinding: Host evil.example:P with a matching Origin', () => {
  it('refuses the WebSocket upgrade and the REST API with 421 host_not_allowed', async () => {
    const s = await server()
    const evil = `evil.example:${s.port}`
    const upgrade = await refusedUpgrade(s.wsUrl, { headers: { host: evil }, origin: `http://${evil}` })
    expect(upgrade).toMatchObject({ status: 421, body: { code: 'host_not_allowed' } })
    const rest = await getWithHost(s.port, '/api/ask?q=migration', { host: evil, origin: `http://${evil}` })
    expect(rest.status).toBe(421)
    expect(JSON.parse(rest.body)).toMatchObject({ code: 'host_not_allowed' })
    // The real names still work, and PUBLIC_ORIGIN / ALLOWED_HOSTS open others.
    expect((await getWithHost(s.port, '/healthz', { host: `localhost:${s.port}` })).status).toBe(200)
    const named = await server({ allowedHosts: ['sourcier.example'] })
    expect((await getWithHost(named.port, '/healthz', { host: `sourcier.example:${named.port}` })).status).toBe(200)
    expect((await getWithHost(named.port, '/healthz', { host: `127.0.0.1:${named.port}` })).status).toBe(421)
  })
})

describe('clients behind one proxy', () => {
  it('with TRUST_PROXY, per-address limits apply per X-Forwarded-For client', async () => {
    const s = await server({ trustProxy: ['loopback'], maxConnectionsPerIp: 2, rateBurst: 2, ratePerSecond: 1 })
    const as = (ip: string) => ({ headers: { 'x-forwarded-for': ip } })
    const sockets = await Promise.all(Array.from({ length: 6 }, (_, i) => connect(s.wsUrl, as(`10.0.0.${i}`))))
    expect(sockets).toHaveLength(6)
    await connect(s.wsUrl, as('10.0.0.1'))
    expect(await refusedUpgrade(s.wsUrl, as('10.0.0.1'))).toMatchObject({ status: 429 })
    const ask = (ip: string) => fetch(`${s.url}/api/ask?q=migration`, as(ip)).then((r) => r.status)
    expect([await ask('10.0.1.1'), await ask('10.0.1.1'), await ask('10.0.1.1')]).toEqual([200, 200, 429])
    expect(await ask('10.0.1.2')).toBe(200)
    for (const c of sockets) c.ws.close()
  })

  it('without TRUST_PROXY, X-Forwarded-For is ignored (anyone can write it)', async () => {
    const s = await server({ maxConnectionsPerIp: 1 })
    const c = await connect(s.wsUrl, { headers: { 'x-forwarded-for': '10.0.0.1' } })
    expect(await refusedUpgrade(s.wsUrl, { headers: { 'x-forwarded-for': '10.0.0.2' } })).toMatchObject({ status: 429 })
    c.ws.close()
  })
})

describe('shutdown with questions in flight', () => {
  it('answers the admitted REST and WebSocket asks, then 503 shutting_down for new requests', async () => {
    // A host whose answers wait for a gate: every ask is provably in flight when the stop begins.
    const engine = await sharedEngine()
    const real = hostOf(engine)
    let open: () => void = () => {}
    const gate = new Promise<void>((r) => (open = r))
    const host: EngineHost = { ...real, ask: async (request) => (await gate, real.ask(request)) }
    const config = { ...loadConfig({}), logLevel: 'silent' as const, maxQueueWaitMs: 60_000 }
    const app = createApp({ host, config, logger: pino({ level: 'silent' }) })
    await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r))
    const port = (app.server.address() as AddressInfo).port
    const c = await connect(`ws://127.0.0.1:${port}/ws`)
    const wsAsks = Array.from({ length: 5 }, (_, i) => c.ask(`w${i}`, 'migration'))
    const restAsks = Array.from({ length: 5 }, () => fetch(`http://127.0.0.1:${port}/api/ask?q=migration`).then((r) => r.status))
    await expect.poll(() => app.stats().queued + app.stats().running, { timeout: 10_000, interval: 5 }).toBe(10)
    const closing = app.close()
    const late = await fetch(`http://127.0.0.1:${port}/api/ask?q=migration`)
    expect(late.status).toBe(503)
    expect(await late.json()).toMatchObject({ code: 'shutting_down' })
    const lateUpgrade = await refusedUpgrade(`ws://127.0.0.1:${port}/ws`)
    expect(lateUpgrade).toMatchObject({ status: 503, body: { code: 'shutting_down' } })
    open()
    expect((await Promise.all(wsAsks)).map((m: ServerMessage) => m.type)).toEqual(Array(5).fill('answer'))
    expect(await Promise.all(restAsks)).toEqual(Array(5).fill(200))
    expect((await c.closed).code).toBe(1001)
    await closing
  })
})
