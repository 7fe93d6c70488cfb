/**
 * Picks the backend from the configuration: PostgreSQL when DATABASE_URL is set, else SQLite in
 * DATA_DIR (created on start).
 */
import { openPostgresStore } from './postgres.ts'
import { openSqliteStore } from './sqlite.ts'
import type { Store } from './types.ts'

export interface StorageConfig {
  /** postgres://… or empty for SQLite. */
  databaseUrl: string
  /** Folder of the SQLite file. */
  dataDir: string
}

export function openStore(config: StorageConfig): Promise<Store> {
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl)
  return Promise.resolve(openSqliteStore(config.dataDir))
}
