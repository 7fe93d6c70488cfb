/**
 * SQLite backend (better-sqlite3, synchronous): one file, no server, the default. WAL so the
 * admin's reads do not block the log's writes; a busy timeout so two processes sharing the file
 * wait for each other instead of failing.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { MIGRATIONS, MIGRATIONS_TABLE, type Migration } from './migrations.ts'
import { createSqlStore, type SqlAdapter } from './store.ts'
import type { Store } from './types.ts'

/** The database file's name inside DATA_DIR. */
export const SQLITE_FILE = 'sourcier.db'

function migrate(db: Database.Database, migrations: Migration[]): void {
  db.exec(MIGRATIONS_TABLE)
  // IMMEDIATE: a second process starting at the same moment waits, then sees the versions applied.
  db.transaction(() => {
    const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Array<{ version: number }>).map((r) => r.version))
    for (const m of migrations) {
      if (done.has(m.version)) continue
      for (const sql of m.statements('sqlite')) db.exec(sql)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now())
    }
  }).immediate()
}

export interface SqliteOptions {
  /** Extra PRAGMA statements run after opening, e.g. `max_page_count = 100000` to cap the file's size. Defaults to []. */
  pragmas: string[]
}

export const DEFAULT_SQLITE_OPTIONS: SqliteOptions = { pragmas: [] }

/** Opens (creating the folder and the file if needed) and migrates `dataDir/sourcier.db`, or `:memory:`. */
export function openSqliteStore(dataDir: string, migrations: Migration[] = MIGRATIONS, options: Partial<SqliteOptions> = {}): Store {
  const o = { ...DEFAULT_SQLITE_OPTIONS, ...options }
  let file = ':memory:'
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true })
    file = path.join(dataDir, SQLITE_FILE)
  }
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  migrate(db, migrations)
  for (const pragma of o.pragmas) db.pragma(pragma)
  const statements = new Map<string, Database.Statement>()
  const prepare = (sql: string) => {
    let s = statements.get(sql)
    if (!s) statements.set(sql, (s = db.prepare(sql)))
    return s
  }
  // better-sqlite3 has no async API: wrapping in async functions turns its throws into rejections.
  const adapter: SqlAdapter = {
    backend: 'sqlite',
    all: async (sql, params = []) => prepare(sql).all(...params) as Array<Record<string, unknown>>,
    run: async (sql, params = []) => prepare(sql).run(...params).changes,
    close: async () => {
      if (db.open) db.close()
    },
  }
  return createSqlStore(adapter)
}
