// The whole server with its PostgreSQL stopped mid-test: questions are still answered, /healthz
// and /metrics say the log is buffered, feedback gets storage_unavailable; once the database is
// back the buffered asks are written and feedback on them is accepted. Nothing is lost.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { serversClosedAfterEach } from '../helpers/server.ts'
import { startCluster, type Cluster } from '../helpers/postgres.ts'
import { openPostgresStore } from '../../server/storage/postgres.ts'
import type { Store } from '../../server/storage/types.ts'
import { connect } from './client.ts'
import type { AnswerMessage, ServerMessage } from '../../server/protocol/types.ts'

const server = serversClosedAfterEach(afterEach)
let cluster: Cluster
let store: Store

beforeAll(async () => {
  cluster = await startCluster()
  store = await openPostgresStore(cluster.url, { connectTimeoutMs: 1000 })
})
afterAll(async () => {
  await store?.close()
  cluster?.destroy()
})

interface Health {
  status: string
  storage: { status: string; backend: string; pending: number; dropped: number; written: number }
}
const health = async (url: string) => (await (await fetch(`${url}/healthz`)).json()) as Health

describe('PostgreSQL down under a running server', () => {
  it('answers, buffers, reports, refuses feedback with storage_unavailable, then writes everything', async () => {
    const s = await server({ logBufferSize: 100 }, undefined, { store })
    const c = await connect(s.wsUrl)
    expect((await health(s.url)).storage).toMatchObject({ status: 'ok', backend: 'postgres' })

    cluster.stop()
    const answers: AnswerMessage[] = []
    for (let i = 0; i < 5; i++) answers.push((await c.ask(`q${i}`, 'envois de fonds des migrants')) as AnswerMessage)
    expect(answers.every((a) => a.type === 'answer')).toBe(true)
    await expect.poll(async () => (await health(s.url)).storage.status, { timeout: 10_000, interval: 50 }).toBe('unavailable')
    const down = await health(s.url)
    expect(down.status).toBe('ok')
    expect(down.storage).toMatchObject({ pending: 5, dropped: 0 })
    // regression: healthz-leaks-db-error — the public probe does not show the driver's message
    // (here « connect ECONNREFUSED 127.0.0.1:<port> »); the staff report still does.
    expect(down.storage).not.toHaveProperty('error')
    expect(JSON.stringify(down)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/)
    c.ws.send(JSON.stringify({ type: 'feedback', id: 'f0', answerId: answers[0]!.answerId, vote: 'up' }))
    expect(await c.waitFor((m: ServerMessage) => (m as { id?: string }).id === 'f0')).toMatchObject({
      type: 'error',
      code: 'storage_unavailable',
    })
    const metrics = await (await fetch(`${s.url}/metrics`)).text()
    expect(metrics).toMatch(/^sourcier_question_log_pending 5$/m)
    expect(metrics).toMatch(/^sourcier_question_log_dropped_total 0$/m)
    expect(metrics).toMatch(/^sourcier_storage_up 0$/m)

    cluster.start()
    await expect
      .poll(async () => (await health(s.url)).storage, { timeout: 20_000, interval: 100 })
      .toMatchObject({ status: 'ok', pending: 0, dropped: 0 })
    for (const a of answers) expect((await store.answer(a.answerId))?.question).toBe('envois de fonds des migrants')
    c.ws.send(JSON.stringify({ type: 'feedback', id: 'f1', answerId: answers[0]!.answerId, vote: 'up' }))
    expect(await c.waitFor((m: ServerMessage) => (m as { id?: string }).id === 'f1')).toEqual({ type: 'ack', id: 'f1' })
    c.ws.close()
  })
})
