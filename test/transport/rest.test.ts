// REST /api/ask through a real server and fetch: parity with the WebSocket, errors, rate limit.
import { afterEach, describe, expect, it } from 'vitest'
import { sharedEngine, serversClosedAfterEach, type RunningServer } from '../helpers/server.ts'
import { connect } from './client.ts'
import type { AnswerBody, AnswerMessage } from '../../server/protocol/types.ts'

const server = serversClosedAfterEach(afterEach)

const post = (s: RunningServer, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${s.url}/api/ask`, { method: 'POST', headers, body })

// tookMs and answerId (random per answer) differ between two runs of the same question;
// everything else must be identical.
const comparable = ({ tookMs: _t, answerId: _a, ...rest }: AnswerBody) => rest

describe('REST parity with the WebSocket', () => {
  it('POST and GET return the same body as the answer frame', async () => {
    const s = await server()
    const c = await connect(s.wsUrl)
    const frame = (await c.ask('p', 'envois de fonds des migrants', { limit: 3 })) as AnswerMessage
    c.ws.close()
    const { type: _type, id: _id, ...wsBody } = frame

    const viaPost = await post(s, JSON.stringify({ question: 'envois de fonds des migrants', limit: 3 }))
    expect(viaPost.status).toBe(200)
    expect(viaPost.headers.get('content-type')).toContain('application/json')
    const postBody = (await viaPost.json()) as AnswerBody
    const viaGet = await fetch(`${s.url}/api/ask?q=${encodeURIComponent('envois de fonds des migrants')}&limit=3`)
    const getBody = (await viaGet.json()) as AnswerBody

    expect(Object.keys(postBody).sort()).toEqual(Object.keys(wsBody).sort())
    expect(comparable(postBody)).toEqual(comparable(wsBody))
    expect(comparable(getBody)).toEqual(comparable(wsBody))
  })

  it('GET maps documents (comma-separated or repeated) and context like the POST body', async () => {
    const s = await server()
    const [a, b] = s.engine.corpus.documents.map((d) => d.id)
    const body = { question: 'migration', limit: 10, documents: [a, b], context: [{ question: 'développement' }] }
    const viaPost = (await (await post(s, JSON.stringify(body))).json()) as AnswerBody
    const q = `q=migration&limit=10&context=d%C3%A9veloppement`
    const commas = (await (await fetch(`${s.url}/api/ask?${q}&documents=${a},${b}`)).json()) as AnswerBody
    const repeated = (await (await fetch(`${s.url}/api/ask?${q}&documents=${a}&documents=${b}`)).json()) as AnswerBody
    expect(comparable(commas)).toEqual(comparable(viaPost))
    expect(comparable(repeated)).toEqual(comparable(viaPost))
    for (const x of viaPost.extracts) expect([a, b]).toContain(x.document.id)
  })
})

describe('REST errors are 4xx/5xx JSON {code, message}', () => {
  it.each([
    ['invalid JSON', '{"question":', 400, 'bad_json'],
    ['a missing question', '{}', 400, 'bad_message'],
    ['a blank question', '{"question":"  "}', 400, 'invalid_question'],
    ['an over-long question', JSON.stringify({ question: 'a'.repeat(1001) }), 400, 'invalid_question'],
    ['a bad limit', '{"question":"migration","limit":99}', 400, 'bad_message'],
    ['an unknown document', '{"question":"migration","documents":["nope"]}', 400, 'unknown_document'],
  ])('POST with %s', async (_what, body, status, code) => {
    const s = await server()
    const res = await post(s, body)
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual({ code, message: expect.any(String) })
  })

  it('regression: a JSON body that is not an object is bad_message, as on the socket, not bad_json', async () => {
    const s = await server()
    for (const body of ['"migration"', '[]', '42', 'null']) {
      const res = await post(s, body)
      expect([res.status, ((await res.json()) as { code: string }).code], body).toEqual([400, 'bad_message'])
    }
  })

  it('answers body-parser faults (unknown charset or content encoding) as JSON without a stack', async () => {
    const s = await server()
    const faults: Array<Record<string, string>> = [
      { 'content-type': 'application/json; charset=klingon' },
      { 'content-type': 'application/json', 'content-encoding': 'br-nope' },
    ]
    for (const headers of faults) {
      const res = await post(s, '{"question":"migration"}', headers)
      expect(res.status).toBe(400)
      const text = await res.text()
      expect(JSON.parse(text)).toEqual({ code: 'bad_message', message: expect.any(String) })
      expect(text).not.toMatch(/node_modules|\bat /)
    }
  })

  it('refuses a body that is not application/json', async () => {
    const s = await server()
    const res = await post(s, 'question=migration', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toContain('application/json')
  })

  it('GET without q, or with a non-numeric limit', async () => {
    const s = await server()
    const noQ = await fetch(`${s.url}/api/ask`)
    expect(noQ.status).toBe(400)
    expect(((await noQ.json()) as { code: string }).code).toBe('invalid_question')
    const badLimit = await fetch(`${s.url}/api/ask?q=migration&limit=abc`)
    expect(((await badLimit.json()) as { code: string }).code).toBe('bad_message')
  })

  it('413 payload_too_large for a body over the cap', async () => {
    const s = await server({ maxPayloadBytes: 1024 })
    const res = await post(s, JSON.stringify({ question: 'x'.repeat(2000) }))
    expect(res.status).toBe(413)
    expect(((await res.json()) as { code: string }).code).toBe('payload_too_large')
  })

  it('429 rate_limited per address, with Retry-After and retryAfterMs', async () => {
    const s = await server({ rateBurst: 2, ratePerSecond: 1 })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push(await fetch(`${s.url}/api/ask?q=migration`))
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 429])
    const limited = statuses[2]!
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    const body = (await limited.json()) as { code: string; retryAfterMs: number }
    expect(body.code).toBe('rate_limited')
    expect(body.retryAfterMs).toBeGreaterThan(0)
  })

  it('500 internal without the fault’s details when the engine throws', async () => {
    const real = await sharedEngine()
    const s = await server(
      {},
      {
        ...real,
        ask: () => {
          throw new TypeError('x is undefined at engine.ts:9')
        },
      },
    )
    const res = await fetch(`${s.url}/api/ask?q=migration`)
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ code: 'internal', message: expect.any(String) })
    expect(text).not.toMatch(/engine\.ts|undefined/)
  })

  it('404 not_found JSON for unknown /api routes and methods', async () => {
    const s = await server()
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['DELETE', '/api/ask'],
      ['GET', '/api'],
    ] as const) {
      const res = await fetch(`${s.url}${path}`, { method })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(await res.json()).toEqual({ code: 'not_found', message: expect.any(String) })
    }
  })
})

describe('CORS', () => {
  const intranet = 'https://intranet.example.org'

  it('grants an allowed origin, preflight included', async () => {
    const s = await server({ allowedOrigins: [intranet] })
    const res = await fetch(`${s.url}/api/ask?q=migration`, { headers: { origin: intranet } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(intranet)
    const pre = await fetch(`${s.url}/api/ask`, {
      method: 'OPTIONS',
      headers: { origin: intranet, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe(intranet)
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST')
  })

  it('refuses any other origin with 403 and no CORS headers, even for a simple POST', async () => {
    const s = await server({ allowedOrigins: [intranet] })
    const res = await post(s, '{"question":"migration"}', { 'content-type': 'text/plain', origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(((await res.json()) as { code: string }).code).toBe('origin_not_allowed')
    const pre = await fetch(`${s.url}/api/ask`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(pre.status).toBe(403)
    expect(pre.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('serves the page’s own origin without CORS headers', async () => {
    const s = await server()
    const res = await post(s, '{"question":"migration"}', { 'content-type': 'application/json', origin: s.url })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('/api/access tells any origin whether it is allowed', async () => {
    const s = await server({ allowedOrigins: [intranet] })
    for (const [origin, allowed] of [
      [intranet, true],
      ['https://evil.example', false],
      [s.url, true],
    ] as const) {
      const res = await fetch(`${s.url}/api/access`, { headers: { origin } })
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      expect(await res.json()).toEqual({ allowed })
    }
  })
})
