// The WebSocket endpoint through real traffic: a real server on port 0 and real `ws` clients.
import { afterEach, describe, expect, it } from 'vitest'
import net from 'node:net'
import WebSocket from 'ws'
import { sharedEngine, serversClosedAfterEach, startServer, type RunningServer } from '../helpers/server.ts'
import { connect, refusedUpgrade } from './client.ts'
import type { Engine } from '../../server/engine.ts'
import type { AnswerMessage, ErrorMessage, ServerMessage } from '../../server/protocol/types.ts'
import type { Config } from '../../server/config.ts'

const server = serversClosedAfterEach(afterEach)

const asError = (m: ServerMessage) => {
  expect(m.type).toBe('error')
  return m as ErrorMessage
}
const asAnswer = (m: ServerMessage) => {
  expect(m.type).toBe('answer')
  return m as AnswerMessage
}

describe('hello and answers', () => {
  it('greets with the protocol version, the documents and the limits', async () => {
    const s = await server()
    const c = await connect(s.wsUrl)
    expect(c.hello.protocol).toBe(1)
    expect(c.hello.documents).toHaveLength(s.engine.corpus.documents.length)
    for (const d of c.hello.documents) expect(Object.keys(d).sort()).toEqual(['id', 'shortTitle', 'title', 'year'])
    expect(c.hello.limits).toEqual({ maxQuestionLength: 1000, maxLimit: 10, maxPayloadBytes: 65_536 })
    c.ws.close()
  })

  it('answers an ask with its id and verbatim paragraphs from the corpus', async () => {
    const s = await server()
    const c = await connect(s.wsUrl)
    const a = asAnswer(await c.ask('q-1', 'migration de main-d’œuvre et développement', { limit: 3 }))
    expect(a.id).toBe('q-1')
    expect(a.status).toBe('answered')
    expect(a.extracts.length).toBeGreaterThan(0)
    expect(a.extracts.length).toBeLessThanOrEqual(3)
    expect(Array.isArray(a.searched)).toBe(true)
    expect(typeof a.tookMs).toBe('number')
    const paragraphs = new Map(s.engine.corpus.documents.flatMap((d) => d.paragraphs.map((p) => [p.id, p.text])))
    for (const [i, x] of a.extracts.entries()) {
      expect(x.rank).toBe(i + 1)
      expect(x.text).toBe(paragraphs.get(x.paragraph.id))
      expect(x.citation.source).toContain(x.document.shortTitle)
      expect(x.best.end).toBeGreaterThan(x.best.start)
    }
    c.ws.close()
  })

  it('honours the documents filter', async () => {
    const s = await server()
    const c = await connect(s.wsUrl)
    const only = c.hello.documents[0]!.id
    const a = asAnswer(await c.ask('f', 'migration', { documents: [only], limit: 10 }))
    expect(a.extracts.length).toBeGreaterThan(0)
    for (const x of a.extracts) expect(x.document.id).toBe(only)
    c.ws.close()
  })
})

describe('error frames keep the connection open', () => {
  it('answers each malformed message with its code, then still answers a good ask', async () => {
    const s = await server()
    const c = await connect(s.wsUrl)
    c.ws.send('{"type":"ask",')
    expect(asError(await c.waitFor((m) => m.type === 'error' && m.code === 'bad_json'))).toMatchObject({ id: null })
    expect(asError(await c.ask('t', 'x', { type: 'subscribe' }))).toMatchObject({ id: 't', code: 'unknown_type' })
    expect(asError(await c.ask('m', 'migration', { limit: 0 }))).toMatchObject({ id: 'm', code: 'bad_message' })
    expect(asError(await c.ask('b', '   '))).toMatchObject({ id: 'b', code: 'invalid_question' })
    expect(asError(await c.ask('l', 'é'.repeat(1001)))).toMatchObject({ id: 'l', code: 'invalid_question' })
    expect(asError(await c.ask('d', 'migration', { documents: ['no-such-document'] }))).toMatchObject({
      id: 'd',
      code: 'unknown_document',
    })
    expect(asAnswer(await c.ask('ok', 'migration')).id).toBe('ok')
    expect(c.ws.readyState).toBe(WebSocket.OPEN)
    c.ws.close()
  })

  it('accepts a question of exactly the maximum length', async () => {
    const s = await server({ maxQuestionLength: 20 })
    const c = await connect(s.wsUrl)
    expect(c.hello.limits.maxQuestionLength).toBe(20)
    expect((await c.ask('max', 'migrations de retour')).type).toBe('answer')
    expect(asError(await c.ask('over', 'migrations de retour!')).code).toBe('invalid_question')
    c.ws.close()
  })

  it('turns an engine fault into `internal` without leaking the error', async () => {
    const real = await sharedEngine()
    const faulty: Engine = {
      ...real,
      ask() {
        throw new Error('secret detail /srv/sourcier/engine.ts:42')
      },
    }
    const s = await server({}, faulty)
    const c = await connect(s.wsUrl)
    const e = asError(await c.ask('boom', 'migration'))
    expect(e).toMatchObject({ id: 'boom', code: 'internal' })
    expect(JSON.stringify(e)).not.toMatch(/secret|engine\.ts|\bat /)
    expect(c.ws.readyState).toBe(WebSocket.OPEN)
    c.ws.close()
  })

  it('rate-limits a connection with retryAfterMs, per connection', async () => {
    const s = await server({ rateBurst: 2, ratePerSecond: 1 })
    const c = await connect(s.wsUrl)
    const replies = await Promise.all([c.ask('r1', 'migration'), c.ask('r2', 'migration'), c.ask('r3', 'migration')])
    expect(replies.map((r) => r.type)).toEqual(['answer', 'answer', 'error'])
    const limited = asError(replies[2]!)
    expect(limited).toMatchObject({ id: 'r3', code: 'rate_limited' })
    expect(limited.retryAfterMs).toBeGreaterThan(0)
    expect(limited.retryAfterMs).toBeLessThanOrEqual(1000)
    // Another connection has its own bucket.
    const other = await connect(s.wsUrl)
    expect((await other.ask('o1', 'migration')).type).toBe('answer')
    c.ws.close()
    other.ws.close()
  })
})

/** After a peer was closed or cut, the server is still up: a new client is answered. */
async function expectServesNextClient(s: RunningServer): Promise<void> {
  const next = await connect(s.wsUrl)
  expect((await next.ask('n', 'migration')).type).toBe('answer')
  next.ws.close()
}

describe('frames that close the connection', () => {
  it('closes with 1009 on a frame over the payload cap', async () => {
    const s = await server({ maxPayloadBytes: 1024 })
    const c = await connect(s.wsUrl)
    c.ws.send(JSON.stringify({ type: 'ask', id: 'big', question: 'x'.repeat(2000) }))
    expect((await c.closed).code).toBe(1009)
    // The server survives and serves the next client.
    await expectServesNextClient(s)
  })

  it('closes with 1007 on a text frame that is not UTF-8, and serves the next client', async () => {
    const s = await server()
    const c = await connect(s.wsUrl)
    c.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false })
    expect((await c.closed).code).toBe(1007)
    await expectServesNextClient(s)
  })

  it('refuses binary frames with an error frame and close 1003', async () => {
    const s = await server()
    const c = await connect(s.wsUrl)
    c.ws.send(Buffer.from(JSON.stringify({ type: 'ask', id: 'bin', question: 'migration' })), { binary: true })
    expect(asError(await c.waitFor((m) => m.type === 'error')).code).toBe('binary_not_supported')
    expect(await c.closed).toEqual({ code: 1003, reason: 'binary_not_supported' })
  })
})

describe('every ask gets exactly one reply', () => {
  it('in a flood of 500 asks mixed with malformed frames', async () => {
    // Client and server share one process here, so the client reads only between answers: the
    // send buffer is raised so that this test counts replies rather than trip slow_consumer; the
    // queue's time budget and the violation limit are lifted too: this is not an overload test.
    const s = await server({
      rateBurst: 10_000,
      ratePerSecond: 10_000,
      maxBufferedBytes: 64 * 1024 * 1024,
      maxViolations: 10_000,
      maxQueuedPerClient: 10_000,
      maxQueueWaitMs: 600_000,
    })
    const c = await connect(s.wsUrl)
    const questions = ['migration', 'envois de fonds', 'traite des personnes', 'zzzzqqq', 'diaspora et développement']
    let expected = 0
    let badJson = 0
    for (let i = 0; i < 500; i++) {
      c.ws.send(JSON.stringify({ type: 'ask', id: `a${i}`, question: questions[i % questions.length] }))
      expected++
      if (i % 10 === 0) {
        c.ws.send(JSON.stringify({ type: 'ask', id: `blank${i}`, question: ' ' }))
        c.ws.send(JSON.stringify({ type: 'nope', id: `type${i}` }))
        c.ws.send('not json')
        expected += 3
        badJson++
      }
    }
    await c.waitFor(() => c.frames.length === expected)
    const counts = new Map<string | null, number>()
    for (const f of c.frames) if (f.type !== 'hello') counts.set(f.id, (counts.get(f.id) ?? 0) + 1)
    expect(counts.get(null)).toBe(badJson)
    for (let i = 0; i < 500; i++) {
      expect(counts.get(`a${i}`)).toBe(1)
      if (i % 10 === 0) {
        expect(counts.get(`blank${i}`)).toBe(1)
        expect(counts.get(`type${i}`)).toBe(1)
      }
    }
    expect(c.frames.filter((f) => f.type === 'answer')).toHaveLength(500)
    c.ws.close()
  })

  it('across 20 concurrent sockets', async () => {
    // One address for all (loopback): the queue's time budget is lifted, this is not an overload test.
    const s = await server({ maxQueueWaitMs: 600_000, maxQueuedPerClient: 1000 })
    const clients = await Promise.all(Array.from({ length: 20 }, () => connect(s.wsUrl)))
    const replies = await Promise.all(
      clients.flatMap((c, i) => Array.from({ length: 5 }, (_, j) => c.ask(`c${i}-${j}`, 'politique migratoire'))),
    )
    expect(replies.every((r) => r.type === 'answer')).toBe(true)
    for (const c of clients) {
      expect(c.frames).toHaveLength(5)
      c.ws.close()
    }
  })
})

describe('peers that vanish', () => {
  it('survives clients that drop their socket mid-flight', async () => {
    const s = await server({ rateBurst: 1000 })
    for (let k = 0; k < 5; k++) {
      const c = await connect(s.wsUrl)
      for (let i = 0; i < 50; i++) c.ws.send(JSON.stringify({ type: 'ask', id: `x${i}`, question: 'migration' }))
      c.ws.terminate()
    }
    const next = await connect(s.wsUrl)
    expect((await next.ask('after', 'migration')).type).toBe('answer')
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
    next.ws.close()
  })

  it('drops a peer that does not answer pings, and keeps one that does', async () => {
    // Short, but long enough that a busy test machine does not starve the live peer's pong.
    const s = await server({ heartbeatMs: 250 })
    const dead = await connect(s.wsUrl, { autoPong: false })
    const alive = await connect(s.wsUrl)
    const { code } = await dead.closed
    expect(code).toBe(1006) // terminated: no close frame for a peer presumed dead
    expect(alive.ws.readyState).toBe(WebSocket.OPEN)
    expect((await alive.ask('still', 'migration')).type).toBe('answer')
    alive.ws.close()
  })
})

describe('upgrade checks', () => {
  it('refuses a foreign Origin with 403 and accepts its own, a listed one and none', async () => {
    const s = await server({ allowedOrigins: ['https://intranet.example.org'] })
    expect(await refusedUpgrade(s.wsUrl, { origin: 'https://evil.example' })).toEqual({
      status: 403,
      body: { code: 'origin_not_allowed', message: expect.any(String) },
    })
    expect(await refusedUpgrade(s.wsUrl, { origin: 'null' })).toMatchObject({ status: 403 })
    for (const origin of [s.url, 'https://intranet.example.org', undefined]) {
      const c = await connect(s.wsUrl, origin ? { origin } : {})
      expect(c.hello.type).toBe('hello')
      c.ws.close()
    }
  })

  it('by default allows only the server’s own origin', async () => {
    const s = await server()
    expect((await refusedUpgrade(s.wsUrl, { origin: 'https://intranet.example.org' })).status).toBe(403)
    expect((await refusedUpgrade(s.wsUrl, { origin: `http://localhost:${s.port}` })).status).toBe(403)
    const c = await connect(s.wsUrl, { origin: `http://127.0.0.1:${s.port}` })
    c.ws.close()
  })

  it('caps connections per address with 429 and frees the slot on close', async () => {
    const s = await server({ maxConnectionsPerIp: 2 })
    const a = await connect(s.wsUrl)
    const b = await connect(s.wsUrl)
    expect(await refusedUpgrade(s.wsUrl)).toMatchObject({ status: 429, body: { code: 'too_many_connections' } })
    a.ws.close()
    await a.closed
    // The server sees the close slightly after the client; retry until the slot is free.
    let c: Awaited<ReturnType<typeof connect>> | undefined
    while (!c) c = await connect(s.wsUrl).catch(() => undefined)
    expect(c.hello.type).toBe('hello')
    b.ws.close()
    c.ws.close()
  })

  // Bug: an upgrade whose target is not a URL (« GET http://[ ») threw in the upgrade listener and
  // took the whole server down.
  it('regression: upgrade-bad-target answers 404 to a request target that is not a URL, and keeps serving', async () => {
    const s = await server()
    const raw = net.connect(s.port, '127.0.0.1')
    let response = ''
    raw.on('data', (b: Buffer) => (response += b.toString()))
    const ended = new Promise((r) => raw.once('close', r))
    raw.write(
      'GET http://[ HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    )
    await ended
    expect(response).toMatch(/^HTTP\/1\.1 404 /)
    expect(response).toContain('"code":"not_found"')
    await expectServesNextClient(s)
  })

  it('answers 404 for another path', async () => {
    const s = await server()
    expect(await refusedUpgrade(s.wsUrl.replace('/ws', '/socket'))).toMatchObject({ status: 404, body: { code: 'not_found' } })
  })
})

describe('shutdown', () => {
  it('closes open sockets with 1001 and refuses new ones', async () => {
    const s = await startServer()
    const c = await connect(s.wsUrl)
    const closing = s.close()
    expect(await c.closed).toEqual({ code: 1001, reason: 'shutting_down' })
    await closing
    await expect(connect(s.wsUrl)).rejects.toThrow()
  })

  it('answers 503 shutting_down to an upgrade that was half-sent when the stop began', async () => {
    const s = await startServer()
    const open = await connect(s.wsUrl) // keeps close() waiting while the late upgrade arrives
    const raw = net.connect(s.port, '127.0.0.1')
    await new Promise((r) => raw.once('connect', r))
    let response = ''
    raw.on('data', (b: Buffer) => (response += b.toString()))
    const ended = new Promise((r) => raw.once('close', r))
    raw.write('GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n')
    // The server must have read the first half (making the connection busy, not idle) before the
    // stop begins; a pause, not an assertion on time.
    await new Promise((r) => setTimeout(r, 100))
    const closing = s.close()
    raw.write(
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    )
    await ended
    expect(response).toMatch(/^HTTP\/1\.1 503 /)
    expect(response).toContain('"code":"shutting_down"')
    await open.closed
    await closing
  })
})
