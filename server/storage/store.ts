/**
 * The Store's queries, written once over a minimal SQL adapter that each backend provides: the
 * same statements run on SQLite and PostgreSQL (`?` placeholders, rewritten to `$n` for pg), so
 * the shared test suite checks one logic, not two.
 */
import { createDocumentQueries } from './documents.ts'
import { normalizeQuestion } from './normalize.ts'
import type {
  FeedbackInput,
  FeedbackRecord,
  LoggedStatus,
  QuestionQuery,
  QuestionRecord,
  StatusCount,
  Store,
  StorageHealth,
} from './types.ts'

/** What a backend supplies: rows for a query, changed-row count for a statement. */
export interface SqlAdapter {
  readonly backend: 'sqlite' | 'postgres'
  all(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>
  run(sql: string, params?: unknown[]): Promise<number>
  close(): Promise<void>
}

const COLUMNS = 'answer_id, at, language, status, question, normalized, paragraphs, took_ms, documents, via, client'
const Q_COLUMNS = COLUMNS.split(', ')
  .map((c) => `q.${c}`)
  .join(', ')
/** Rows per multi-row INSERT: well under SQLite's bound-parameter limit. */
const INSERT_CHUNK = 200
const DEFAULT_LIMIT = 500
const MAX_LIMIT = 10_000

function toRow(r: QuestionRecord): unknown[] {
  return [
    r.answerId,
    Math.round(r.at),
    r.language,
    r.status,
    r.question,
    r.question === null ? null : normalizeQuestion(r.question),
    JSON.stringify(r.paragraphs),
    r.tookMs,
    r.documents ? JSON.stringify(r.documents) : null,
    r.via,
    r.client,
  ]
}

// pg returns BIGINT as a string; SQLite returns numbers. Number() reads both.
function fromRow(row: Record<string, unknown>): QuestionRecord {
  return {
    answerId: String(row.answer_id),
    at: Number(row.at),
    language: String(row.language),
    status: row.status as LoggedStatus,
    question: (row.question as string | null) ?? null,
    paragraphs: JSON.parse(String(row.paragraphs)) as QuestionRecord['paragraphs'],
    tookMs: Number(row.took_ms),
    documents: row.documents == null ? null : (JSON.parse(String(row.documents)) as string[]),
    via: row.via as QuestionRecord['via'],
    client: (row.client as string | null) ?? null,
  }
}

function fromFeedbackRow(r: Record<string, unknown>): FeedbackRecord {
  return {
    id: Number(r.f_id),
    answerId: String(r.f_answer_id),
    at: Number(r.f_at),
    vote: r.vote as FeedbackRecord['vote'],
    ...(r.paragraph_id != null && { paragraphId: String(r.paragraph_id) }),
    ...(r.reason != null && { reason: r.reason as FeedbackRecord['reason'] }),
    ...(r.comment != null && { comment: String(r.comment) }),
    // LEFT JOIN: null only if the answer was purged between the two deletes.
    answer: r.answer_id == null ? null : fromRow(r),
  }
}

const clampLimit = (n: number | undefined) => Math.max(1, Math.min(MAX_LIMIT, Math.floor(n ?? DEFAULT_LIMIT)))
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/** WHERE clause and parameters for an admin questions query. */
function questionFilter(query: QuestionQuery): { where: string; params: unknown[] } {
  const parts: string[] = []
  const params: unknown[] = []
  const statuses = query.status === undefined ? [] : ([] as LoggedStatus[]).concat(query.status)
  if (statuses.length) {
    parts.push(`status IN (${statuses.map(() => '?').join(', ')})`)
    params.push(...statuses)
  }
  if (query.since !== undefined) {
    parts.push('at >= ?')
    params.push(Math.floor(query.since))
  }
  // Every word must occur, in any order, accents and case ignored (the normalized column).
  for (const word of normalizeQuestion(query.q ?? '')
    .split(' ')
    .filter(Boolean)) {
    parts.push(`normalized LIKE ? ESCAPE '\\'`)
    params.push(`%${escapeLike(word)}%`)
  }
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params }
}

export function createSqlStore(db: SqlAdapter): Store {
  async function logAsks(records: QuestionRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += INSERT_CHUNK) {
      const chunk = records.slice(i, i + INSERT_CHUNK)
      const values = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')
      // ON CONFLICT: a retried batch whose first attempt did commit must not fail or duplicate.
      await db.run(`INSERT INTO questions (${COLUMNS}) VALUES ${values} ON CONFLICT (answer_id) DO NOTHING`, chunk.flatMap(toRow))
    }
  }

  return {
    backend: db.backend,
    ...createDocumentQueries(db),
    logAsk: (record) => logAsks([record]),
    logAsks,
    async addFeedback(f: FeedbackInput) {
      // One statement: the existence check and the insert cannot be split by a purge.
      const n = await db.run(
        `INSERT INTO feedback (answer_id, at, vote, paragraph_id, reason, comment)
         SELECT ?, CAST(? AS BIGINT), ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM questions WHERE answer_id = ?)`,
        [f.answerId, Math.round(f.at), f.vote, f.paragraphId ?? null, f.reason ?? null, f.comment ?? null, f.answerId],
      )
      return n > 0
    },
    async answer(answerId) {
      const rows = await db.all(`SELECT ${COLUMNS} FROM questions WHERE answer_id = ?`, [answerId])
      return rows[0] ? fromRow(rows[0]) : null
    },
    async questions(query = {}) {
      const { where, params } = questionFilter(query)
      const rows = await db.all(`SELECT ${COLUMNS} FROM questions ${where} ORDER BY at DESC, answer_id LIMIT ?`, [
        ...params,
        clampLimit(query.limit),
      ])
      return rows.map(fromRow)
    },
    async statusCounts(since, bucketMs) {
      const b = Math.max(1, Math.floor(bucketMs))
      const rows = await db.all(
        'SELECT (at / CAST(? AS BIGINT)) * CAST(? AS BIGINT) AS bucket, status, COUNT(*) AS n FROM questions WHERE at >= ? GROUP BY 1, 2 ORDER BY 1, 2',
        [b, b, Math.floor(since)],
      )
      return rows.map((r): StatusCount => ({ bucket: Number(r.bucket), status: r.status as LoggedStatus, count: Number(r.n) }))
    },
    async feedback(query = {}) {
      const rows = await db.all(
        `SELECT f.id AS f_id, f.answer_id AS f_answer_id, f.at AS f_at, f.vote, f.paragraph_id, f.reason, f.comment, ${Q_COLUMNS}
         FROM feedback f LEFT JOIN questions q ON q.answer_id = f.answer_id
         WHERE f.at >= ? ORDER BY f.at DESC, f.id DESC LIMIT ?`,
        [Math.floor(query.since ?? 0), clampLimit(query.limit)],
      )
      return rows.map(fromFeedbackRow)
    },
    async purge(before) {
      const t = Math.floor(before)
      const f = await db.run('DELETE FROM feedback WHERE at < ? OR answer_id IN (SELECT answer_id FROM questions WHERE at < ?)', [t, t])
      return f + (await db.run('DELETE FROM questions WHERE at < ?', [t]))
    },
    async health(): Promise<StorageHealth> {
      try {
        await db.all('SELECT 1 AS one')
        return { ok: true, backend: db.backend }
      } catch (err) {
        return { ok: false, backend: db.backend, error: (err as Error).message || String(err) }
      }
    },
    close: () => db.close(),
  }
}
