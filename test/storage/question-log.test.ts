// The buffered question log against real databases failing for real: a PostgreSQL server stopped
// and restarted mid-test, a SQLite file at its size cap (SQLITE_FULL), a table locked mid-write.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { createQuestionLog, type QuestionLog } from '../../server/storage/question-log.ts'
import { openPostgresStore } from '../../server/storage/postgres.ts'
import { openSqliteStore } from '../../server/storage/sqlite.ts'
import { MIGRATIONS } from '../../server/storage/migrations.ts'
import type { QuestionRecord, Store } from '../../server/storage/types.ts'
import { startCluster, type Cluster } from '../helpers/postgres.ts'
import { freshDataDir, freshPostgresDatabase, questionRecord } from '../helpers/databases.ts'

const DAY = 86_400_000

const record = (over: Partial<QuestionRecord> = {}) => questionRecord({ paragraphs: [{ id: 'p1', score: 3 }], tookMs: 1, ...over })

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A log with fast retries, closed after the test. */
function logOver(store: Store, options: Parameters<typeof createQuestionLog>[1] = {}): QuestionLog {
  const log = createQuestionLog(store, { retryMs: 20, maxRetryMs: 100, ...options })
  cleanups.push(() => log.close())
  return log
}

describe('PostgreSQL stopped mid-test (a cluster of its own)', () => {
  let cluster: Cluster
  beforeAll(async () => {
    cluster = await startCluster()
  })
  afterAll(() => cluster?.destroy())

  it('buffers asks while the database is down, reports it, refuses feedback with unavailable, writes everything once it is back', async () => {
    const store = await openPostgresStore(cluster.url, { connectTimeoutMs: 1000 })
    cleanups.push(() => store.close())
    const errors: string[] = []
    let recovered = 0
    const log = logOver(store, { onError: (what) => errors.push(what), onRecovered: () => recovered++ })
    const before = record()
    log.record(before)
    await log.flush()
    expect(log.state()).toMatchObject({ status: 'ok', pending: 0, written: 1 })

    cluster.stop()
    const during = Array.from({ length: 5 }, () => record())
    for (const r of during) log.record(r)
    await log.flush()
    expect(log.state()).toMatchObject({ status: 'unavailable', pending: 5, dropped: 0, backend: 'postgres' })
    expect(log.state().error).toBeTruthy()
    expect(await log.feedback({ answerId: before.answerId, vote: 'up', at: Date.now() })).toBe('unavailable')
    expect(errors[0]).toBe('write')
    expect(errors).toHaveLength(1) // one report per outage, not one per retry

    cluster.start()
    await expect.poll(() => log.state().pending, { timeout: 15_000, interval: 50 }).toBe(0)
    expect(log.state()).toMatchObject({ status: 'ok', written: 6, dropped: 0 })
    expect(recovered).toBe(1)
    for (const r of during) expect(await store.answer(r.answerId)).toEqual(r)
    expect(await log.feedback({ answerId: during[0]!.answerId, vote: 'down', at: Date.now() })).toBe('ok')
  })

  it('drops the oldest records beyond LOG_BUFFER_SIZE and counts them', async () => {
    const store = await openPostgresStore(cluster.url, { connectTimeoutMs: 1000 })
    cleanups.push(() => store.close())
    const log = logOver(store, { bufferSize: 3 })
    cluster.stop()
    const rs = Array.from({ length: 5 }, (_, i) => record({ question: `q${i}` }))
    for (const r of rs) log.record(r)
    await log.flush()
    expect(log.state()).toMatchObject({ pending: 3, dropped: 2 })
    cluster.start()
    await expect.poll(() => log.state().pending, { timeout: 15_000, interval: 50 }).toBe(0)
    expect(await store.answer(rs[0]!.answerId)).toBeNull()
    expect(await store.answer(rs[1]!.answerId)).toBeNull()
    for (const r of rs.slice(2)) expect(await store.answer(r.answerId)).not.toBeNull()
    expect(log.state().dropped).toBe(2)
  })

  it('a server started while the database is down answers; the store migrates once it comes up', async () => {
    cluster.stop()
    const store = await openPostgresStore(cluster.url, { connectTimeoutMs: 1000 })
    cleanups.push(() => store.close())
    expect((await store.health()).ok).toBe(false)
    cluster.start()
    await store.logAsk(record())
    expect(await store.health()).toEqual({ ok: true, backend: 'postgres' })
  })
})

describe('SQLite at its size cap (SQLITE_FULL)', () => {
  it('keeps the asks in the buffer and reports unavailable instead of failing', async () => {
    const d = freshDataDir()
    cleanups.push(() => d.remove())
    // Cap the file at its size after the migrations: the next insert is SQLITE_FULL.
    const probe = openSqliteStore(d.dir)
    await probe.close()
    const store = openSqliteStore(d.dir, MIGRATIONS, { pragmas: ['max_page_count = 1'] })
    cleanups.push(() => store.close())
    const log = logOver(store)
    for (let i = 0; i < 50; i++) log.record(record({ question: 'x'.repeat(500) }))
    await log.flush()
    expect(log.state()).toMatchObject({ status: 'unavailable', pending: 50, dropped: 0, backend: 'sqlite' })
    expect(log.state().error).toMatch(/full/i)
  })
})

describe('question log options', () => {
  it('LOG_QUESTIONS=false stores null instead of the text', async () => {
    const store = openSqliteStore(':memory:')
    cleanups.push(() => store.close())
    const log = logOver(store, { logQuestions: false })
    const r = record()
    log.record(r)
    await log.flush()
    expect(await store.answer(r.answerId)).toEqual({ ...r, question: null })
  })

  it('purge removes what is older than RETENTION_DAYS, and runs once at start', async () => {
    const store = openSqliteStore(':memory:')
    cleanups.push(() => store.close())
    const now = Date.now()
    const old = record({ at: now - 31 * DAY })
    const recent = record({ at: now - 29 * DAY })
    await store.logAsks([old, recent])
    const log = logOver(store, { retentionDays: 30 })
    await expect.poll(() => store.answer(old.answerId), { timeout: 5000, interval: 20 }).toBeNull()
    expect(await store.answer(recent.answerId)).not.toBeNull()
    expect(await log.purge(now + 2 * DAY)).toBe(1)
  })

  it('feedback arriving while its answer is blocked in a PostgreSQL write waits for that write', async () => {
    const db = await freshPostgresDatabase()
    cleanups.push(() => db.drop())
    const store = await openPostgresStore(db.url)
    cleanups.push(() => store.close())
    const log = logOver(store)
    // Idle pool connections ready, so that a feedback query (without the fix) reaches the server at once.
    await Promise.all(Array.from({ length: 4 }, () => store.health()))
    // Another session holds the questions table: the log's INSERT blocks (reads still pass).
    const locker = new pg.Client(db.url)
    await locker.connect()
    cleanups.push(() => locker.end())
    await locker.query('BEGIN')
    await locker.query('LOCK TABLE questions IN EXCLUSIVE MODE')
    const r = record()
    log.record(r)
    const blocked = async () =>
      (
        await locker.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
        )
      ).rows[0].n
    await expect.poll(blocked, { timeout: 10_000, interval: 20 }).toBe(1)
    const verdict = log.feedback({ answerId: r.answerId, vote: 'up', at: Date.now() })
    // A few turns of the event loop: an unguarded feedback query is on the wire before the COMMIT.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
    await locker.query('COMMIT')
    expect(await verdict).toBe('ok')
  })

  it('regression: feedback-during-write — feedback arriving while its answer is being written waits for the write instead of answering not_found', async () => {
    // Real SQLite, with the log's writes held at a gate the test opens: deterministic in-flight batch.
    const real = openSqliteStore(':memory:')
    cleanups.push(() => real.close())
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    const gated: Store = {
      ...real,
      logAsks: async (rs) => {
        await gate
        return real.logAsks(rs)
      },
    }
    const log = logOver(gated)
    const r = record()
    log.record(r)
    await expect.poll(() => log.state().pending).toBe(1)
    await new Promise((resolve) => setImmediate(resolve)) // the batch has left the buffer for the gated write
    const verdict = log.feedback({ answerId: r.answerId, vote: 'up', at: Date.now() })
    open()
    expect(await verdict).toBe('ok')
  })
})
