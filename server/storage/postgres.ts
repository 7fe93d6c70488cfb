/**
 * PostgreSQL backend (pg Pool), for several replicas sharing one database. Migrations run under
 * an advisory lock, so replicas starting together apply each version once. A pool whose server
 * went away emits 'error' on idle clients; that is handled here (it would otherwise crash the
 * process) and surfaces as failed queries, which the question log retries.
 */
import pg from 'pg'
import { MIGRATIONS, MIGRATIONS_TABLE, type Migration } from './migrations.ts'
import { DOCUMENTS_CHANNEL } from './documents.ts'
import { createSqlStore, type SqlAdapter } from './store.ts'
import type { Store } from './types.ts'

export interface PostgresOptions {
  /** Connections per replica. Defaults to 5. */
  maxConnections: number
  /** Give up connecting after this many ms. Defaults to 3000. */
  connectTimeoutMs: number
  /** Server-side statement timeout, ms. Defaults to 10000. */
  statementTimeoutMs: number
}

export const DEFAULT_POSTGRES_OPTIONS: PostgresOptions = { maxConnections: 5, connectTimeoutMs: 3000, statementTimeoutMs: 10_000 }

/** Arbitrary constant naming Sourcier's migration lock among the database's advisory locks. */
const MIGRATION_LOCK = 716_051_313

/** `?` placeholders (the shared SQL) to pg's `$1, $2, …`. Our statements hold no literal `?`. */
export function toPgPlaceholders(sql: string): string {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

async function migrate(pool: pg.Pool, migrations: Migration[]): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query(MIGRATIONS_TABLE)
    const done = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)))
    for (const m of migrations) {
      if (done.has(m.version)) continue
      for (const sql of m.statements('postgres')) await client.query(sql)
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()])
    }
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    client.release()
  }
}

/**
 * Connects and applies the migrations. When the database is unreachable at start the server still
 * starts (answering needs no database): the migrations are retried before the next query.
 */
export async function openPostgresStore(
  url: string,
  options: Partial<PostgresOptions> = {},
  migrations: Migration[] = MIGRATIONS,
): Promise<Store> {
  const o = { ...DEFAULT_POSTGRES_OPTIONS, ...options }
  const pool = new pg.Pool({
    connectionString: url,
    max: o.maxConnections,
    connectionTimeoutMillis: o.connectTimeoutMs,
    statement_timeout: o.statementTimeoutMs,
  })
  pool.on('error', () => {
    // An idle client lost its server; the next query reconnects or fails, and is retried.
  })
  let migrated: Promise<void> | null = null
  const ready = () =>
    (migrated ??= migrate(pool, migrations).catch((err: unknown) => {
      migrated = null
      throw err
    }))
  await ready().catch(() => {})
  let ended = false
  const adapter: SqlAdapter = {
    backend: 'postgres',
    all: async (sql, params = []) => {
      await ready()
      return (await pool.query(toPgPlaceholders(sql), params)).rows
    },
    run: async (sql, params = []) => {
      await ready()
      return (await pool.query(toPgPlaceholders(sql), params)).rowCount ?? 0
    },
    close: async () => {
      if (ended) return
      ended = true
      await pool.end()
    },
  }
  const store = createSqlStore(adapter)
  store.watchDocuments = (onChange) => listenForDocuments(url, o.connectTimeoutMs, onChange)
  return store
}

/**
 * LISTEN on the channel saveDocument/deleteDocument notify (issue 14), on a connection of its own
 * (a pooled one would be handed back). A connection that fails or drops is retried every second;
 * each (re)connection calls `onChange` once, to catch up on what was missed meanwhile (the
 * version check makes that cheap when nothing changed).
 */
async function listenForDocuments(url: string, connectTimeoutMs: number, onChange: () => void): Promise<() => Promise<void>> {
  let client: pg.Client | undefined
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const retry = () => {
    if (stopped || timer) return
    client = undefined
    timer = setTimeout(() => {
      timer = undefined
      void connect()
    }, 1000)
    timer.unref()
  }
  const connect = async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs })
    c.on('error', retry)
    c.on('end', retry)
    c.on('notification', (m) => {
      if (m.channel === DOCUMENTS_CHANNEL) onChange()
    })
    try {
      await c.connect()
      await c.query(`LISTEN ${DOCUMENTS_CHANNEL}`)
      client = c
      onChange()
    } catch {
      c.end().catch(() => {})
      retry()
    }
  }
  await connect()
  return async () => {
    stopped = true
    clearTimeout(timer)
    await client?.end().catch(() => {})
  }
}
