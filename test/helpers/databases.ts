// The backends every storage suite runs against: SQLite in a temporary folder and PostgreSQL in
// a fresh database of the run's throwaway cluster (test/helpers/pg-global-setup.ts).
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import pg from 'pg'

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through vitest (its globalSetup starts PostgreSQL).')
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
