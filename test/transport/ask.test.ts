// One structured log line per question, from a real server, with no client address in clear.
import { Writable } from 'node:stream'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../server/transport/app.ts'
import { loadConfig } from '../../server/config.ts'
import { sharedEngine } from '../helpers/server.ts'
import type { Engine } from '../../server/engine.ts'
import { connect } from './client.ts'

const apps: App[] = []
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()))
})

async function startLogged(engine?: Engine) {
  const lines: Array<Record<string, unknown>> = []
  const raw: string[] = []
  const sink = new Writable({
    write(chunk, _enc, done) {
      raw.push(String(chunk))
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>)
      done()
    },
  })
  const config = { ...loadConfig({}), logLevel: 'debug' as const }
  const app = createApp({ engine: engine ?? (await sharedEngine()), config, logger: pino({ level: 'debug' }, sink) })
  apps.push(app)
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r))
  const port = (app.server.address() as AddressInfo).port
  return { lines, raw, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/ws` }
}

const questionLines = (lines: Array<Record<string, unknown>>) => lines.filter((l) => l.event === 'question')

describe('question log', () => {
  it('writes one line per question on both paths, with the documented fields', async () => {
    const s = await startLogged()
    const c = await connect(s.wsUrl)
    await c.ask('w1', 'envois de fonds')
    await c.ask('w2', '   ')
    c.ws.send('garbage')
    await c.waitFor((m) => m.type === 'error' && m.code === 'bad_json')
    await fetch(`${s.url}/api/ask?q=migration`)
    c.ws.close()

    const q = questionLines(s.lines)
    expect(q).toHaveLength(4)
    expect(q[0]).toMatchObject({
      id: 'w1',
      via: 'ws',
      questionLength: 15,
      status: expect.stringMatching(/answered|no_match/),
      language: 'fr',
    })
    expect(typeof q[0]!.tookMs).toBe('number')
    expect(typeof q[0]!.extracts).toBe('number')
    expect(q[0]!.level).toBe(30)
    // Refusals before the engine are debug lines: a flooding client cannot flood the info log.
    expect(q[1]).toMatchObject({ id: 'w2', status: 'invalid_question', level: 20 })
    expect(q[2]).toMatchObject({ id: null, status: 'bad_json', level: 20 })
    expect(q[3]).toMatchObject({ via: 'rest', questionLength: 9, id: expect.stringMatching(/^rest-/), level: 30 })
    for (const line of q) expect(line.client).toMatch(/^[\w-]{12}$/)
  })

  it('logs engine refusals (unknown_document) at info with the question length', async () => {
    const s = await startLogged()
    const c = await connect(s.wsUrl)
    await c.ask('d', 'migration', { documents: ['atlantis'] })
    c.ws.close()
    expect(questionLines(s.lines)).toEqual([expect.objectContaining({ id: 'd', status: 'unknown_document', questionLength: 9, level: 30 })])
  })

  it('never writes the client address, and keeps fault stacks server-side', async () => {
    const real = await sharedEngine()
    const s = await startLogged({
      ...real,
      ask: () => {
        throw new Error('kaboom')
      },
    })
    const c = await connect(s.wsUrl, { origin: 'https://evil.example' }).catch(() => undefined)
    expect(c).toBeUndefined()
    const ok = await connect(s.wsUrl)
    await ok.ask('x', 'migration')
    await fetch(`${s.url}/api/ask?q=migration`)
    ok.ws.close()
    const all = s.raw.join('')
    expect(all).not.toContain('127.0.0.1')
    expect(all).not.toContain('::ffff')
    const fault = s.lines.find((l) => l.msg === 'engine failed')
    expect(JSON.stringify(fault)).toContain('kaboom')
  })
})
