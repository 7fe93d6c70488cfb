// Two Sourcier processes behind one real nginx, sharing one PostgreSQL database, behave as one
// service: an answer given by one replica takes feedback through the other, and the staff report
// read through either replica (or through nginx, whichever replica answers) shows the same votes.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { hasNginx, startNginx, type RunningNginx } from '../helpers/nginx.ts'
import { freshDataDir, freshPostgresDatabase } from '../helpers/databases.ts'

const TOKEN = 'staff-token-for-the-replica-test'
const auth = { authorization: `Bearer ${TOKEN}` }

interface Replica {
  url: string
  child: ChildProcess
}

/** Starts `node index.ts` as an operator would; resolves with its URL once it listens. */
function startReplica(env: Record<string, string>): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'index.ts'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  return new Promise((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += b.toString()
      const m = /listening on (http:\/\/[^"\s]+?)\/?"/.exec(out)
      if (m) resolve({ url: m[1]!, child })
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`replica exited with ${code}: ${out.slice(-2000)}`)))
  })
}

async function stopReplica(r: Replica | undefined): Promise<void> {
  if (!r || r.child.exitCode !== null) return
  const exited = new Promise((resolve) => r.child.once('exit', resolve))
  r.child.kill('SIGTERM')
  await exited
}

const getJson = async <T>(url: string, headers: Record<string, string> = {}) => (await (await fetch(url, { headers })).json()) as T
const feedbackList = (base: string) =>
  getJson<{ feedback: Array<{ answerId: string; vote: string; comment?: string }> }>(`${base}/api/admin/feedback`, auth)

function postFeedback(base: string, body: object): Promise<Response> {
  return fetch(`${base}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

describe.skipIf(!hasNginx)('two replicas behind nginx sharing PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof freshPostgresDatabase>>
  const dirs: Array<ReturnType<typeof freshDataDir>> = []
  let a: Replica | undefined
  let b: Replica | undefined
  let nginx: RunningNginx | undefined

  beforeAll(async () => {
    db = await freshPostgresDatabase()
    const env = () => {
      const d = freshDataDir()
      dirs.push(d)
      return { DATABASE_URL: db.url, ADMIN_TOKEN: TOKEN, DATA_DIR: d.dir }
    }
    ;[a, b] = await Promise.all([startReplica(env()), startReplica(env())])
    nginx = await startNginx([a.url, b.url].map((u) => Number(new URL(u).port)))
  }, 120_000)

  afterAll(async () => {
    await nginx?.stop()
    await Promise.all([stopReplica(a), stopReplica(b)])
    await db?.drop()
    for (const d of dirs) d.remove()
  })

  it('feedback on an answer from replica A, sent through replica B, appears in the report read through A', async () => {
    const answer = await getJson<{ answerId: string; status: string }>(
      `${a!.url}/api/ask?q=${encodeURIComponent('envois de fonds des migrants')}`,
    )
    expect(answer.answerId).toMatch(/^[0-9a-f-]{36}$/)
    // B never saw this answer: it finds it in the shared database (A's log write may still be in
    // flight for a moment, hence the poll until B stops answering not_found).
    await expect
      .poll(async () => (await postFeedback(b!.url, { answerId: answer.answerId, vote: 'down', comment: 'via B' })).status, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe(204)
    const viaA = await feedbackList(a!.url)
    expect(viaA.feedback.map((f) => [f.answerId, f.comment])).toContainEqual([answer.answerId, 'via B'])
    const questionsViaB = await getJson<{ questions: Array<{ answerId: string }> }>(`${b!.url}/api/admin/questions`, auth)
    expect(questionsViaB.questions.map((q) => q.answerId)).toContain(answer.answerId)
  })

  it('through nginx: a WebSocket ask and its feedback are acked, and every replica reports the same feedback', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${nginx!.port}/ws`)
    const frames: Array<Record<string, unknown>> = []
    const next = (pred: (f: Record<string, unknown>) => boolean) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const seen = frames.find(pred)
        if (seen) return resolve(seen)
        ws.on('message', (d) => {
          const f = JSON.parse(String(d)) as Record<string, unknown>
          if (pred(f)) resolve(f)
        })
      })
    ws.on('message', (d) => frames.push(JSON.parse(String(d)) as Record<string, unknown>))
    await new Promise((resolve) => ws.once('open', resolve))
    ws.send(JSON.stringify({ type: 'ask', id: 'q1', question: 'cohérence des politiques migratoires' }))
    const answer = await next((f) => f.id === 'q1')
    expect(answer.type).toBe('answer')
    ws.send(JSON.stringify({ type: 'feedback', id: 'f1', answerId: answer.answerId, vote: 'up', comment: 'via nginx' }))
    expect(await next((f) => f.id === 'f1')).toEqual({ type: 'ack', id: 'f1' })
    ws.close()
    // Round robin: successive reads through nginx reach both replicas; each shows both votes.
    for (let i = 0; i < 4; i++) {
      const comments = (await feedbackList(nginx!.url)).feedback.map((f) => f.comment)
      expect(comments).toEqual(expect.arrayContaining(['via nginx', 'via B']))
    }
    const [fromA, fromB] = await Promise.all([feedbackList(a!.url), feedbackList(b!.url)])
    expect(fromA).toEqual(fromB)
  })
})
