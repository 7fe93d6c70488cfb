// The assembled app: every code of the error table reached through real traffic (a code added to
// the table without a scenario here fails to type-check), health check and the chat page.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import pino from 'pino'
import type { AddressInfo } from 'node:net'
import { loadConfig } from '../../server/config.ts'
import { createApp } from '../../server/transport/app.ts'
import WebSocket from 'ws'
import { gatedHost, sharedEngine, serversClosedAfterEach, startServer, type RunningServer } from '../helpers/server.ts'
import { connect, getWithHost, refusedUpgrade } from './client.ts'
import { startUploadServer, upload, type UploadServer } from '../helpers/uploads.ts'
import { FIXTURE_META, makeCorruptPdf, makeEncryptedPdf, makeImageOnlyPdf, makePng, makeReportPdf } from '../../scripts/ingest-fixtures.ts'
import { ERRORS, type ErrorCode } from '../../server/errors.ts'
import type { Config } from '../../server/config.ts'
import type { Engine } from '../../server/engine.ts'
import type { AnswerMessage, ErrorMessage, ServerMessage } from '../../server/protocol/types.ts'
import { openSqliteStore } from '../../server/storage/sqlite.ts'

const ADMIN_TOKEN = 'staff-token-for-tests-0123456789'

const server = serversClosedAfterEach(afterEach)

/** Sends one raw frame on a fresh socket; resolves with the error frame it provokes. */
async function frameError(raw: string, overrides: Partial<Config> = {}, engine?: Engine, times = 1): Promise<ErrorMessage> {
  const s = await server(overrides, engine)
  const c = await connect(s.wsUrl)
  for (let i = 0; i < times; i++) c.ws.send(raw)
  const e = (await c.waitFor((m: ServerMessage) => m.type === 'error')) as ErrorMessage
  expect(c.ws.readyState).toBe(WebSocket.OPEN)
  c.ws.close()
  return e
}

const ask = (fields: Record<string, unknown> = {}) => JSON.stringify({ type: 'ask', id: 'e', question: 'migration', ...fields })

// Document uploads (issue 14): one server with the staff document API for the whole file, with a
// small MAX_UPLOAD_BYTES (the fixtures are a few KiB).
const UPLOAD_LIMIT = 100_000
let uploads: Promise<UploadServer> | undefined
// Started before the scenarios: building its engine on the loaded machine can outlast one test's timeout.
beforeAll(async () => {
  await (uploads ??= startUploadServer({ maxUploadBytes: UPLOAD_LIMIT }))
}, 120_000)
afterAll(async () => {
  if (uploads) await (await uploads).close()
})
async function uploadError(
  bytes: Uint8Array | Promise<Uint8Array>,
  name: string,
  type?: string,
  fields: Record<string, string | number> = {},
): Promise<[number, unknown]> {
  const s = await (uploads ??= startUploadServer({ maxUploadBytes: UPLOAD_LIMIT }))
  const r = await upload(s.url, {
    file: { bytes: await bytes, name, ...(type ? { type } : {}) },
    fields: { ...FIXTURE_META, id: 'essai', ...fields },
  })
  return [r.status, r.body.code]
}

const scenarios: Record<ErrorCode, () => Promise<void>> = {
  async file_too_large() {
    const big = Buffer.concat([await makeReportPdf(), Buffer.alloc(UPLOAD_LIMIT)])
    expect(await uploadError(big, 'gros.pdf')).toEqual([413, 'file_too_large'])
  },
  async unsupported_format() {
    expect(await uploadError(makePng(), 'photo.png', 'image/png')).toEqual([415, 'unsupported_format'])
  },
  async corrupt_file() {
    expect(await uploadError(makeCorruptPdf(), 'abime.pdf')).toEqual([422, 'corrupt_file'])
  },
  async encrypted_pdf() {
    expect(await uploadError(makeEncryptedPdf(), 'chiffre.pdf')).toEqual([422, 'encrypted_pdf'])
  },
  async no_text_layer() {
    expect(await uploadError(makeImageOnlyPdf(), 'scan.pdf')).toEqual([422, 'no_text_layer'])
  },
  async empty_file() {
    expect(await uploadError(new Uint8Array(0), 'vide.pdf')).toEqual([422, 'empty_file'])
  },
  async duplicate_id() {
    expect(await uploadError(Buffer.from('Un texte.\n'), 'texte.txt', 'text/plain', { id: 'idm-2005' })).toEqual([409, 'duplicate_id'])
  },
  async bad_json() {
    expect((await frameError('{nope')).code).toBe('bad_json')
  },
  async unknown_type() {
    expect((await frameError(ask({ type: 'hello' }))).code).toBe('unknown_type')
  },
  async bad_message() {
    expect((await frameError(ask({ limit: 'many' }))).code).toBe('bad_message')
  },
  async invalid_question() {
    expect((await frameError(ask({ question: '' }))).code).toBe('invalid_question')
  },
  async unknown_document() {
    expect((await frameError(ask({ documents: ['atlantis'] }))).code).toBe('unknown_document')
  },
  async rate_limited() {
    const e = await frameError(ask(), { rateBurst: 1, ratePerSecond: 1 }, undefined, 2)
    expect(e.code).toBe('rate_limited')
    expect(e.retryAfterMs).toBeGreaterThan(0)
  },
  async payload_too_large() {
    const s = await server({ maxPayloadBytes: 1024 })
    const c = await connect(s.wsUrl)
    c.ws.send(ask({ question: 'é'.repeat(1000) }))
    expect((await c.closed).code).toBe(ERRORS.payload_too_large.wsClose)
    const res = await fetch(`${s.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: ask({ question: 'é'.repeat(1000) }),
    })
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([413, 'payload_too_large'])
  },
  async binary_not_supported() {
    const s = await server()
    const c = await connect(s.wsUrl)
    c.ws.send(Buffer.from(ask()))
    expect((await c.closed).code).toBe(ERRORS.binary_not_supported.wsClose)
    expect(c.frames).toEqual([expect.objectContaining({ type: 'error', code: 'binary_not_supported', id: null })])
  },
  async origin_not_allowed() {
    const s = await server()
    expect(await refusedUpgrade(s.wsUrl, { origin: 'https://evil.example' })).toMatchObject({
      status: 403,
      body: { code: 'origin_not_allowed' },
    })
  },
  async too_many_connections() {
    const s = await server({ maxConnectionsPerIp: 1 })
    const c = await connect(s.wsUrl)
    expect(await refusedUpgrade(s.wsUrl)).toMatchObject({ status: 429, body: { code: 'too_many_connections' } })
    c.ws.close()
  },
  async not_found() {
    const s = await server()
    const res = await fetch(`${s.url}/api/unknown`)
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([404, 'not_found'])
  },
  async slow_consumer() {
    // The server's own log says when it gave up on the peer, so the test waits for that, not a clock.
    const lines: string[] = []
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) })
    const config = {
      ...loadConfig({}),
      rateBurst: 100_000,
      ratePerSecond: 100_000,
      maxBufferedBytes: 16_384,
      maxQueueWaitMs: 600_000,
      maxQueuedPerClient: 100_000,
    }
    const app = createApp({ engine: await sharedEngine(), config, logger })
    await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r))
    const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/ws`
    try {
      const c = await connect(url)
      // A client that keeps asking but never reads: its socket stops reading.
      const raw = (c.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket
      raw.pause()
      const asks = 5000
      for (let i = 0; i < asks; i++) c.ws.send(ask({ id: `s${i}` }))
      await expect.poll(() => lines.some((l) => l.includes('"code":"slow_consumer"')), { timeout: 15_000, interval: 100 }).toBe(true)
      raw.resume()
      expect((await c.closed).code).toBe(ERRORS.slow_consumer.wsClose)
      const answered = c.frames.filter((f) => f.type === 'answer').length
      expect(answered).toBeGreaterThan(0)
      expect(answered).toBeLessThan(asks)
      // The server itself is fine: the next client is answered.
      const next = await connect(url)
      expect(await next.ask('after', 'migration')).toMatchObject({ type: 'answer', id: 'after' })
      next.ws.close()
    } finally {
      await app.close()
    }
  },
  async internal() {
    const real = await sharedEngine()
    const e = await frameError(
      ask(),
      {},
      {
        ...real,
        ask: () => {
          throw new RangeError('deep fault')
        },
      },
    )
    expect(e).toEqual({ type: 'error', id: 'e', code: 'internal', message: ERRORS.internal.message })
  },
  async unauthorized() {
    const s = await server({ adminToken: ADMIN_TOKEN })
    const res = await fetch(`${s.url}/api/admin/questions`)
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([401, 'unauthorized'])
  },
  async forbidden() {
    const s = await server({ adminToken: ADMIN_TOKEN })
    const res = await fetch(`${s.url}/api/admin/questions`, { headers: { authorization: 'Bearer not-the-staff-token' } })
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([403, 'forbidden'])
  },
  async storage_unavailable() {
    // A real SQLite database closed under the server: answering goes on, feedback cannot be stored.
    const store = openSqliteStore(':memory:')
    await store.close()
    const s = await server({}, undefined, { store })
    const c = await connect(s.wsUrl)
    const answer = (await c.ask('q', 'envois de fonds')) as AnswerMessage & { answerId: string }
    expect(answer.type).toBe('answer')
    c.ws.send(JSON.stringify({ type: 'feedback', id: 'f', answerId: answer.answerId, vote: 'up' }))
    const e = (await c.waitFor((m: ServerMessage) => m.type === 'error')) as ErrorMessage
    expect(e).toMatchObject({ id: 'f', code: 'storage_unavailable' })
    c.ws.close()
  },
  async overloaded() {
    // The engine's one slot is held (a gated host): an ask that would have to wait is refused at
    // once, on the socket and on REST.
    const gated = await gatedHost()
    const s = await server({ maxQueueWaitMs: 1 }, undefined, { host: gated.host })
    const first = await connect(s.wsUrl)
    const held = first.ask('held', 'migration')
    await expect.poll(() => s.app.stats().running, { timeout: 10_000, interval: 5 }).toBe(1)
    const second = await connect(s.wsUrl)
    const e = (await second.ask('o', 'migration')) as ErrorMessage
    expect(e).toMatchObject({ type: 'error', id: 'o', code: 'overloaded' })
    expect(e.retryAfterMs).toBeGreaterThan(0)
    const res = await fetch(`${s.url}/api/ask?q=migration`)
    expect([res.status, Number(res.headers.get('retry-after')) >= 1]).toEqual([503, true])
    gated.open()
    expect((await held).type).toBe('answer')
    first.ws.close()
    second.ws.close()
  },
  async policy_violation() {
    const s = await server({ maxViolations: 3 })
    const c = await connect(s.wsUrl)
    for (let i = 0; i < 10; i++) c.ws.send('{nope')
    expect(await c.closed).toEqual({ code: ERRORS.policy_violation.wsClose, reason: 'policy_violation' })
    expect(c.frames.filter((f) => f.type === 'error')).toHaveLength(3)
  },
  async host_not_allowed() {
    const s = await server()
    const res = await getWithHost(s.port, '/healthz', { host: `evil.example:${s.port}` })
    expect([res.status, (JSON.parse(res.body) as { code: string }).code]).toEqual([421, 'host_not_allowed'])
  },
  async shutting_down() {
    const s = await startServer()
    const c = await connect(s.wsUrl)
    const closing = s.close()
    expect(await c.closed).toEqual({ code: ERRORS.shutting_down.wsClose, reason: 'shutting_down' })
    await closing
  },
}

describe('every code of the error table is reachable', () => {
  it('has a scenario for each code', () => {
    expect(Object.keys(scenarios).sort()).toEqual(Object.keys(ERRORS).sort())
  })
  it.each(Object.keys(scenarios) as ErrorCode[])('%s', (code) => scenarios[code]())
})

describe('HTTP basics', () => {
  it('GET /healthz reports the corpus', async () => {
    const s = await server()
    const res = await fetch(`${s.url}/healthz`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { status: string; documents: number; paragraphs: number; skipped: unknown[] }
    expect(body).toMatchObject({ status: 'ok', documents: s.engine.corpus.documents.length })
    expect(body.paragraphs).toBe(s.engine.corpus.documents.reduce((n, d) => n + d.paragraphs.length, 0))
    expect(Array.isArray(body.skipped)).toBe(true)
  })

  it('regression: healthz-empty-corpus — with every corpus file skipped, /healthz answers 503 no_documents with the reasons', async () => {
    const real = await sharedEngine()
    const skipped = [{ file: 'broken.txt', reason: 'not UTF-8' }]
    const s = await server({}, { ...real, corpus: { documents: [], skipped } })
    const res = await fetch(`${s.url}/healthz`)
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ status: 'no_documents', documents: 0, paragraphs: 0, skipped })
  })

  it('serves the chat page from public/', async () => {
    const s = await server()
    const res = await fetch(`${s.url}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
  })

  it('mounts the document routes under /api, behind the same origin rule', async () => {
    const s = await server()
    const docs = (await (await fetch(`${s.url}/api/documents`)).json()) as Array<{ id: string }>
    expect(docs.map((d) => d.id)).toEqual(s.engine.corpus.documents.map((d) => d.id))
    const p = s.engine.corpus.documents[0]!.paragraphs[3]!
    const res = await fetch(`${s.url}/api/paragraphs/${p.id}?context=1`)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { paragraph: { text: string } }).paragraph.text).toBe(p.text)
    const missing = await fetch(`${s.url}/api/paragraphs/nope`)
    expect([missing.status, ((await missing.json()) as { code: string }).code]).toEqual([404, 'not_found'])
    expect((await fetch(`${s.url}/api/documents`, { headers: { origin: 'https://evil.example' } })).status).toBe(403)
  })

  it('close() is idempotent', async () => {
    const s = await startServer()
    await Promise.all([s.close(), s.close()])
    await s.close()
  })
})
