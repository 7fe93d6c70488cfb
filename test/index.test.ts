// The entry point as a user runs it: a real process, real environment variables.
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'

function run(env: Record<string, string>, untilLine?: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'index.ts'], {
    env: { ...process.env, ...env },
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
})
