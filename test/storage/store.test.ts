// The one Store suite, run against SQLite and PostgreSQL alike: whatever the admin view and the
// question log rely on must hold on both backends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import pg from 'pg'
import { openSqliteStore } from '../../server/storage/sqlite.ts'
import { openPostgresStore, toPgPlaceholders } from '../../server/storage/postgres.ts'
import { MIGRATIONS, type Migration } from '../../server/storage/migrations.ts'
import { normalizeQuestion } from '../../server/storage/normalize.ts'
import type { QuestionRecord, Store } from '../../server/storage/types.ts'
import { freshDataDir, freshPostgresDatabase, questionRecord } from '../helpers/databases.ts'
import Database from 'better-sqlite3'
import path from 'node:path'

interface Backend {
  name: 'sqlite' | 'postgres'
  /** Opens a store on a new empty database; `reopen` opens another store on the same one. */
  fresh(): Promise<{
    store: Store
    reopen(migrations?: Migration[]): Promise<Store>
    versions(): Promise<number[]>
    cleanup(): Promise<void>
  }>
}

const backends: Backend[] = [
  {
    name: 'sqlite',
    async fresh() {
      const d = freshDataDir()
      return {
        store: openSqliteStore(d.dir),
        reopen: async (m) => openSqliteStore(d.dir, m),
        versions: async () => {
          const db = new Database(path.join(d.dir, 'sourcier.db'), { readonly: true })
          const v = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>).map(
            (r) => r.version,
          )
          db.close()
          return v
        },
        cleanup: async () => d.remove(),
      }
    },
  },
  {
    name: 'postgres',
    async fresh() {
      const db = await freshPostgresDatabase()
      return {
        store: await openPostgresStore(db.url),
        reopen: (m) => openPostgresStore(db.url, {}, m),
        versions: async () => {
          const c = new pg.Client(db.url)
          await c.connect()
          const v = (await c.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => Number(r.version))
          await c.end()
          return v
        },
        cleanup: () => db.drop(),
      }
    },
  },
]

const T0 = Date.UTC(2026, 0, 10, 12)
const DAY = 86_400_000

const record = (over: Partial<QuestionRecord> = {}) =>
  questionRecord({
    at: T0,
    question: 'Que dit le Pacte mondial sur les envois de fonds ?',
    paragraphs: [
      { id: 'gcm-p12', score: 12.5 },
      { id: 'gcm-p13', score: 9.25 },
    ],
    tookMs: 1.75,
    client: 'abc123',
    ...over,
  })

describe.each(backends)('Store on $name', (backend) => {
  let ctx: Awaited<ReturnType<Backend['fresh']>>
  let store: Store
  const extra: Store[] = []
  beforeEach(async () => {
    ctx = await backend.fresh()
    store = ctx.store
  })
  afterEach(async () => {
    for (const s of extra.splice(0)) await s.close()
    await store.close()
    await ctx.cleanup()
  })

  it('logs an ask and reads it back by answerId, every field intact', async () => {
    const r = record({ documents: ['gcm', 'ocde'], language: 'en', status: 'uncertain', via: 'rest' })
    await store.logAsk(r)
    expect(await store.answer(r.answerId)).toEqual(r)
    expect(await store.answer('nope')).toBeNull()
  })

  it('keeps a null question (LOG_QUESTIONS=false) and a null client', async () => {
    const r = record({ question: null, client: null })
    await store.logAsk(r)
    expect(await store.answer(r.answerId)).toEqual(r)
  })

  it('logging the same answerId twice (a retried batch) keeps one row and does not fail', async () => {
    const r = record()
    await store.logAsks([r, record()])
    await store.logAsks([r])
    expect(await store.questions()).toHaveLength(2)
  })

  it('writes a batch larger than one INSERT chunk', async () => {
    const many = Array.from({ length: 450 }, (_, i) => record({ at: T0 + i }))
    await store.logAsks(many)
    expect(await store.questions({ limit: 1000 })).toHaveLength(450)
  })

  it('filters questions by status, since and words (case and accents ignored), newest first', async () => {
    const a = record({ at: T0, status: 'no_match', question: 'Où sont les RÉFUGIÉS climatiques ?' })
    const b = record({ at: T0 + 1000, status: 'uncertain', question: 'réfugiés et climat' })
    const c = record({ at: T0 + 2000, status: 'answered', question: 'envois de fonds' })
    await store.logAsks([a, b, c])
    expect((await store.questions()).map((r) => r.answerId)).toEqual([c.answerId, b.answerId, a.answerId])
    expect((await store.questions({ status: 'no_match' })).map((r) => r.answerId)).toEqual([a.answerId])
    expect((await store.questions({ status: ['no_match', 'uncertain'] })).map((r) => r.answerId)).toEqual([b.answerId, a.answerId])
    expect((await store.questions({ since: T0 + 500 })).map((r) => r.answerId)).toEqual([c.answerId, b.answerId])
    expect((await store.questions({ q: 'refugies' })).map((r) => r.answerId)).toEqual([b.answerId, a.answerId])
    expect((await store.questions({ q: 'climatiques réfugiés' })).map((r) => r.answerId)).toEqual([a.answerId])
    expect(await store.questions({ limit: 1 })).toHaveLength(1)
  })

  it('search words are not LIKE patterns: % and _ are dropped like all punctuation', async () => {
    await store.logAsks([record({ question: 'taux 100 % ?' }), record({ question: 'autre chose' })])
    expect(await store.questions({ q: '%' })).toHaveLength(2)
    expect(await store.questions({ q: '100%' })).toHaveLength(1)
    expect(await store.questions({ q: 'taux_100' })).toHaveLength(1)
  })

  it('counts questions per bucket and status', async () => {
    await store.logAsks([
      record({ at: T0, status: 'answered' }),
      record({ at: T0 + 10, status: 'answered' }),
      record({ at: T0 + 20, status: 'no_match' }),
      record({ at: T0 + DAY, status: 'uncertain' }),
      record({ at: T0 - 5 * DAY, status: 'answered' }),
    ])
    const day0 = Math.floor(T0 / DAY) * DAY
    expect(await store.statusCounts(T0 - DAY, DAY)).toEqual([
      { bucket: day0, status: 'answered', count: 2 },
      { bucket: day0, status: 'no_match', count: 1 },
      { bucket: day0 + DAY, status: 'uncertain', count: 1 },
    ])
  })

  it('accepts feedback on a logged answer and lists it with its answer, newest first', async () => {
    const r = record()
    await store.logAsk(r)
    expect(
      await store.addFeedback({
        answerId: r.answerId,
        vote: 'down',
        paragraphId: 'gcm-p12',
        reason: 'wrong_passage',
        comment: 'pas ça',
        at: T0 + 5,
      }),
    ).toBe(true)
    expect(await store.addFeedback({ answerId: r.answerId, vote: 'up', at: T0 + 9 })).toBe(true)
    const list = await store.feedback()
    expect(list.map((f) => f.vote)).toEqual(['up', 'down'])
    expect(list[1]).toMatchObject({ answerId: r.answerId, paragraphId: 'gcm-p12', reason: 'wrong_passage', comment: 'pas ça', at: T0 + 5 })
    expect(list[0]).not.toHaveProperty('reason')
    expect(list[0]!.answer).toEqual(r)
    expect(await store.feedback({ since: T0 + 6 })).toHaveLength(1)
  })

  it('refuses feedback on an unknown answerId', async () => {
    expect(await store.addFeedback({ answerId: 'no-such-answer', vote: 'up', at: T0 })).toBe(false)
    expect(await store.feedback()).toEqual([])
  })

  it('purge deletes questions before the cut and their feedback, keeps the rest', async () => {
    const old = record({ at: T0 - 200 * DAY })
    const recent = record({ at: T0 })
    await store.logAsks([old, recent])
    await store.addFeedback({ answerId: old.answerId, vote: 'up', at: T0 })
    await store.addFeedback({ answerId: recent.answerId, vote: 'down', at: T0 })
    expect(await store.purge(T0 - 180 * DAY)).toBe(2)
    expect(await store.answer(old.answerId)).toBeNull()
    expect(await store.answer(recent.answerId)).not.toBeNull()
    expect((await store.feedback()).map((f) => f.answerId)).toEqual([recent.answerId])
  })

  it('reports health', async () => {
    expect(await store.health()).toEqual({ ok: true, backend: backend.name })
  })

  it('applies migrations once, records their versions, and applies a new version on the next start', async () => {
    expect(await ctx.versions()).toEqual(MIGRATIONS.map((m) => m.version))
    const again = await ctx.reopen()
    extra.push(again)
    expect(await ctx.versions()).toEqual(MIGRATIONS.map((m) => m.version))
    const next: Migration = { version: 999, name: 'test column', statements: () => ['ALTER TABLE feedback ADD COLUMN extra TEXT'] }
    const migrated = await ctx.reopen([...MIGRATIONS, next])
    extra.push(migrated)
    expect(await ctx.versions()).toEqual([...MIGRATIONS.map((m) => m.version), 999])
    // the data written before the migration is still there
    const r = record()
    await store.logAsk(r)
    expect(await migrated.answer(r.answerId)).toEqual(r)
  })
})

describe('shared SQL helpers', () => {
  it('rewrites ? placeholders to $n for pg', () => {
    expect(toPgPlaceholders('a = ? AND b IN (?, ?)')).toBe('a = $1 AND b IN ($2, $3)')
  })
  it('normalizes questions for grouping', () => {
    expect(normalizeQuestion("  Qu'est-ce que le PACTE ?  ")).toBe('qu est ce que le pacte')
    expect(normalizeQuestion('Réfugiés  climatiques')).toBe('refugies climatiques')
  })
})
