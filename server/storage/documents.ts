/**
 * Uploaded documents (issue 14) in the Store, on both backends: the parsed document as JSON (what
 * the engine needs, so a restart or a replica does not parse again), the original file, and a
 * change counter that replicas poll to know when to reload.
 */
import type { CorpusDocument } from '../corpus/types.ts'
import type { SqlAdapter } from './store.ts'
import type { DocumentRecord, DocumentStore } from './types.ts'

const COLUMNS = 'id, body, file_name, format, pages, created_at, updated_at'

function fromRow(r: Record<string, unknown>): DocumentRecord {
  return {
    id: String(r.id),
    document: JSON.parse(String(r.body)) as CorpusDocument,
    fileName: String(r.file_name),
    format: String(r.format) as DocumentRecord['format'],
    pages: r.pages == null ? null : Number(r.pages),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  }
}

/** PostgreSQL channel a change is notified on, so that replicas reload at once (the version check is the fallback). */
export const DOCUMENTS_CHANNEL = 'sourcier_documents'

export function createDocumentQueries(db: SqlAdapter): DocumentStore {
  const changed = async (id: string, kind: 'put' | 'delete') => {
    await db.run('INSERT INTO document_changes (document_id, kind, at) VALUES (?, ?, ?)', [id, kind, Date.now()])
    if (db.backend === 'postgres') await db.all(`SELECT pg_notify('${DOCUMENTS_CHANNEL}', ?)`, [id])
  }

  return {
    async saveDocument(record, options) {
      const values = [
        record.id,
        JSON.stringify(record.document),
        record.fileName,
        record.format,
        record.pages,
        record.original ? Buffer.from(record.original) : null,
        Math.round(record.createdAt),
        Math.round(record.updatedAt),
      ]
      const conflict = options.replace
        ? 'DO UPDATE SET body = excluded.body, file_name = excluded.file_name, format = excluded.format, pages = excluded.pages, original = COALESCE(excluded.original, documents.original), updated_at = excluded.updated_at'
        : 'DO NOTHING'
      const n = await db.run(
        `INSERT INTO documents (id, body, file_name, format, pages, original, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) ${conflict}`,
        values,
      )
      if (n > 0) await changed(record.id, 'put')
      return n > 0
    },
    async deleteDocument(id) {
      const n = await db.run('DELETE FROM documents WHERE id = ?', [id])
      if (n > 0) await changed(id, 'delete')
      return n > 0
    },
    async listDocuments() {
      return (await db.all(`SELECT ${COLUMNS} FROM documents ORDER BY created_at, id`)).map(fromRow)
    },
    async documentFile(id) {
      const rows = await db.all('SELECT original FROM documents WHERE id = ?', [id])
      const original = rows[0]?.original
      return original == null ? null : new Uint8Array(original as Buffer)
    },
    async documentsVersion() {
      const rows = await db.all('SELECT MAX(id) AS v FROM document_changes')
      return Number(rows[0]?.v ?? 0)
    },
  }
}
