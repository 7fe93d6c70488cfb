// The entry point as a user runs it: a real process, real environment variables.
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'

function run(env: Record<string, string>, untilLine?: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'index.ts'], {
    // In process (WORKERS=0): these tests are about the entry point's life cycle, and building one
    // engine per worker thread on a loaded shared machine can outlast their timeouts; the worker
    // pool has its own tests (test/runtime/pool.test.ts).
    env: { ...process.env, WORKERS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  return new Promise<{ code: number | null; out: string; child: typeof child }>((resolve) => {
    const onData = (b: Buffer) => {
      out += b.toString()
      if (untilLine?.test(out)) resolve({ code: null, out, child })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => resolve({ code, out, child }))
  })
}

describe('index.ts', () => {
  it('refuses PORT=abc with one sentence and no stack trace', async () => {
    const { code, out } = await run({ PORT: 'abc' })
    expect(code).toBe(1)
    expect(out.trim().split('\n')).toHaveLength(1)
    expect(out).toContain('PORT')
    expect(out).not.toMatch(/\bat .*\.ts:\d+/)
  })

  it('serves /healthz and / once the index is ready, and stops on SIGTERM', async () => {
    const { child, out } = await run({ PORT: '0', LOG_LEVEL: 'info' }, /listening on (http:\/\/\S+)/)
    const url = /listening on (http:\/\/\S+?)\/?"/.exec(out)?.[1] ?? /listening on (http:\/\/\S+)/.exec(out)![1]!
    const base = url.replace(/\/$/, '')
    const health = await fetch(`${base}/healthz`)
    expect(health.status).toBe(200)
    const body = (await health.json()) as { status: string; documents: number; paragraphs: number }
    expect(body.status).toBe('ok')
    expect(body.documents).toBe(5)
    expect(body.paragraphs).toBeGreaterThan(100)
    const page = await fetch(`${base}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    const exited = new Promise<number | null>((r) => child.on('exit', r))
    const t0 = Date.now()
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(Date.now() - t0).toBeLessThan(5_000)
  })

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s closes open sockets with 1001 and exits 0 within 5 s', async (signal) => {
    const { child, out } = await run({ PORT: '0', LOG_LEVEL: 'info' }, /listening on (http:\/\/\S+)/)
    const base = /listening on (http:\/\/[^"\s]+?)\/?"/.exec(out)![1]!
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`)
    const hello = new Promise<string>((r) => ws.once('message', (d) => r(String(d))))
    const closed = new Promise<[number, string]>((r) => ws.on('close', (code, reason) => r([code, String(reason)])))
    expect(JSON.parse(await hello)).toMatchObject({ type: 'hello' })
    const exited = new Promise<number | null>((r) => child.on('exit', r))
    const t0 = Date.now()
    child.kill(signal)
    expect(await closed).toEqual([1001, 'shutting_down'])
    expect(await exited).toBe(0)
    expect(Date.now() - t0).toBeLessThan(5_000)
  })
})
