// SIGTERM as a service manager sends it: to `npm start`'s whole process group, while questions are
// in flight. Every REST request gets an HTTP answer (200, or 503 shutting_down once the stop began:
// never a reset), every WebSocket ask its reply or a 1001 close, and the process exits by itself.
import { afterEach, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { connect, type TestClient } from './client.ts'

let child: ChildProcess | undefined
afterEach(() => {
  // Only our own process group, and only if the test left it running.
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL')
})

function startNpm(): Promise<{ port: number; lines: string[]; exited: Promise<number | null> }> {
  const proc = spawn('npm', ['start', '--silent'], {
    detached: true,
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '5000',
      MAX_QUEUE_WAIT_MS: '60000',
      MAX_QUEUED_PER_CLIENT: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child = proc
  const lines: string[] = []
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    let buffered = ''
    proc.stdout!.on('data', (b: Buffer) => {
      buffered += b.toString()
      const parts = buffered.split('\n')
      buffered = parts.pop()!
      lines.push(...parts)
      const listening = parts.map((l) => /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(l)).find(Boolean)
      if (listening) resolve({ port: Number(listening[1]), lines, exited })
    })
    proc.on('exit', (code) => reject(new Error(`npm start exited (${code}) before listening`)))
  })
}

describe('SIGTERM to npm start’s process group', () => {
  it('answers what is in flight and exits cleanly', { timeout: 120_000 }, async () => {
    const { port, lines, exited } = await startNpm()
    const clients: TestClient[] = await Promise.all(Array.from({ length: 5 }, () => connect(`ws://127.0.0.1:${port}/ws`)))
    const closes = clients.map((c) => c.closed)
    // English with context: the most expensive questions there are.
    const question = 'What do countries of origin do about remittances and the brain drain of skilled migrants?'
    const context = Array.from({ length: 3 }, () => ({ question: 'and what about diaspora engagement?' }))
    const wsReplies = clients.flatMap((c, i) =>
      Array.from({ length: 4 }, (_, j) =>
        Promise.race([c.ask(`c${i}-${j}`, question, { context }).then((m) => m.type), c.closed.then(() => 'closed')]),
      ),
    )
    const rest = Array.from({ length: 20 }, () =>
      fetch(`http://127.0.0.1:${port}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question, context }),
      }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { code?: string }).code })),
    )
    // Signal once the server is provably answering both ways: a REST ask logged as answered. The
    // first logged question used to be enough, but it could be a WebSocket one while every REST
    // request was still waiting, and then all 20 got 503 (regression: signal-before-rest-admitted).
    await expect
      .poll(() => lines.some((l) => l.includes('"event":"question"') && l.includes('"via":"rest"')), { timeout: 30_000, interval: 5 })
      .toBe(true)
    process.kill(-child!.pid!, 'SIGTERM')

    const restOutcomes = await Promise.all(rest) // a reset would reject here
    for (const r of restOutcomes) expect(r.status === 200 || (r.status === 503 && r.code === 'shutting_down'), JSON.stringify(r)).toBe(true)
    expect(restOutcomes.filter((r) => r.status === 200).length).toBeGreaterThan(0)
    for (const reply of await Promise.all(wsReplies)) expect(['answer', 'error', 'closed']).toContain(reply)
    for (const { code } of await Promise.all(closes)) expect(code).toBe(1001)
    await exited
    expect(lines.some((l) => l.includes('shutting down'))).toBe(true)
  })
})
