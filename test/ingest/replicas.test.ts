// Two servers sharing one PostgreSQL database (replicas): a PDF uploaded through A is answered by
// B, cited with its page; a delete through B reaches A. The version check is off here
// (DOCUMENTS_POLL_MS=0), so the change travels by LISTEN/NOTIFY alone (test/ingest/library.test.ts
// covers the version check on both backends).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_META, makeReportPdf } from '../../scripts/ingest-fixtures.ts'
import type { AnswerBody } from '../../server/protocol/types.ts'
import { testStore } from '../helpers/databases.ts'
import { startUploadServer, TOKEN, upload, type UploadServer } from '../helpers/uploads.ts'

const QUESTION = 'Comment sont payés les cueilleurs de safran du Quercy ?'
let db: Awaited<ReturnType<typeof testStore>>
let a: UploadServer
let b: UploadServer

beforeAll(async () => {
  db = await testStore('postgres')
  const second = await db.another()
  ;[a, b] = await Promise.all([startUploadServer({ documentsPollMs: 0 }, db.store), startUploadServer({ documentsPollMs: 0 }, second)])
  // Two engines built at once: on a loaded two-core machine that outlasts the default hook timeout.
}, 120_000)
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()])
  await db?.cleanup()
})

async function topDocument(s: UploadServer): Promise<AnswerBody['extracts'][number] | undefined> {
  const res = await fetch(`${s.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: QUESTION }),
  })
  return ((await res.json()) as AnswerBody).extracts[0]
}

describe('replicas sharing PostgreSQL', () => {
  it('an upload on one replica answers on the other; a delete on the other reaches the first', { timeout: 120_000 }, async () => {
    const r = await upload(a.url, {
      file: { bytes: await makeReportPdf(), name: 'rapport.pdf' },
      fields: { ...FIXTURE_META, id: 'saisonniers' },
    })
    expect(r.status).toBe(201)
    await expect.poll(async () => (await topDocument(b))?.document.id, { timeout: 60_000, interval: 200 }).toBe('saisonniers')
    expect((await topDocument(b))?.citation.reference).toBe('§ 4, p. 2')

    const del = await fetch(`${b.url}/api/admin/documents/saisonniers`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } })
    expect(del.status).toBe(204)
    await expect.poll(async () => (await topDocument(a))?.document.id, { timeout: 60_000, interval: 200 }).not.toBe('saisonniers')
  })
})
