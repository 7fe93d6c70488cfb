// The backends every storage suite runs against: SQLite in a temporary folder and PostgreSQL in
// a fresh database of the run's throwaway cluster (test/helpers/pg-global-setup.ts).
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { QuestionRecord, Store } from '../../server/storage/types.ts'
import { openSqliteStore } from '../../server/storage/sqlite.ts'
import { openPostgresStore } from '../../server/storage/postgres.ts'

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL
  if (!url)
    throw new Error(
      "TEST_DATABASE_URL is not set and no PostgreSQL was started: install Debian's postgresql package (vitest's globalSetup then starts a throwaway cluster) or set TEST_DATABASE_URL.",
    )
  return url
}

/** A new empty database on the test cluster; returns its URL and a function dropping it. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = testDatabaseUrl()
  const name = `t_${randomUUID().replace(/-/g, '')}`
  const client = new pg.Client(admin)
  await client.connect()
  await client.query(`CREATE DATABASE ${name}`)
  await client.end()
  const u = new URL(admin)
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client(admin)
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {})
      await c.end()
    },
  }
}

/** A temporary folder for a SQLite file; returns it and a function removing it. */
export function freshDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sourcier-data-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export type BackendName = 'sqlite' | 'postgres'
export const BACKENDS: BackendName[] = ['sqlite', 'postgres']

/**
 * A Store on a new empty database of either backend, and `another()` opening a second Store on
 * the same database (a second replica). `cleanup` closes every store opened and drops the data.
 */
export async function testStore(backend: BackendName): Promise<{
  store: Store
  another(): Promise<Store>
  cleanup(): Promise<void>
}> {
  const opened: Array<Store> = []
  let open: () => Promise<Store>
  let remove: () => Promise<void>
  if (backend === 'sqlite') {
    const d = freshDataDir()
    open = async () => openSqliteStore(d.dir)
    remove = async () => d.remove()
  } else {
    const db = await freshPostgresDatabase()
    open = () => openPostgresStore(db.url)
    remove = () => db.drop()
  }
  const another = async () => {
    const s = await open()
    opened.push(s)
    return s
  }
  const store = await another()
  return {
    store,
    another,
    async cleanup() {
      for (const s of opened) await s.close()
      await remove()
    },
  }
}

/** A question-log record with plausible defaults; tests override what they check. */
export function questionRecord(over: Partial<QuestionRecord> = {}): QuestionRecord {
  return {
    answerId: crypto.randomUUID(),
    at: Date.now(),
    language: 'fr',
    status: 'answered',
    question: 'envois de fonds',
    paragraphs: [],
    tookMs: 1.5,
    documents: null,
    via: 'ws',
    client: null,
    ...over,
  }
}
