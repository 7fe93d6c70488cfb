/**
 * Schema versions, applied in order on start by both backends (sqlite.ts, postgres.ts), each
 * recorded in `schema_migrations`. Append a new version; never edit one that has shipped.
 * Times are epoch milliseconds (BIGINT) so that both databases bucket them with the same SQL.
 */
export type Dialect = 'sqlite' | 'postgres'

export interface Migration {
  version: number
  name: string
  statements(dialect: Dialect): string[]
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'question log and feedback',
    statements: (dialect) => [
      `CREATE TABLE questions (
        answer_id TEXT PRIMARY KEY,
        at BIGINT NOT NULL,
        language TEXT NOT NULL,
        status TEXT NOT NULL,
        question TEXT,
        normalized TEXT,
        paragraphs TEXT NOT NULL,
        took_ms DOUBLE PRECISION NOT NULL,
        documents TEXT,
        via TEXT NOT NULL,
        client TEXT
      )`,
      'CREATE INDEX questions_at ON questions (at)',
      'CREATE INDEX questions_status_at ON questions (status, at)',
      `CREATE TABLE feedback (
        id ${dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY'},
        answer_id TEXT NOT NULL,
        at BIGINT NOT NULL,
        vote TEXT NOT NULL,
        paragraph_id TEXT,
        reason TEXT,
        comment TEXT
      )`,
      'CREATE INDEX feedback_answer ON feedback (answer_id)',
      'CREATE INDEX feedback_at ON feedback (at)',
    ],
  },
]

// Uploaded documents (issue 14, owner ingest): parsed JSON + original file; document_changes is
// the counter replicas poll to reload after an upload elsewhere.
MIGRATIONS.push({
  version: 2,
  name: 'uploaded documents',
  statements: (dialect) => [
    `CREATE TABLE documents (
      id TEXT PRIMARY KEY,
      body TEXT NOT NULL,
      file_name TEXT NOT NULL,
      format TEXT NOT NULL,
      pages INTEGER,
      original ${dialect === 'sqlite' ? 'BLOB' : 'BYTEA'},
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    )`,
    `CREATE TABLE document_changes (
      id ${dialect === 'sqlite' ? 'INTEGER PRIMARY KEY AUTOINCREMENT' : 'BIGSERIAL PRIMARY KEY'},
      document_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      at BIGINT NOT NULL
    )`,
  ],
})

export const MIGRATIONS_TABLE =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)'
