// The staff upload API end to end: a PDF sent as multipart answers questions without a restart,
// cited with its page; PUT and DELETE; progress by upload id; bad files change nothing.
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_META, makeImageOnlyPdf, makeReportDocx, makeReportPdf } from '../../scripts/ingest-fixtures.ts'
import type { AnswerBody } from '../../server/protocol/types.ts'
import { startUploadServer, TOKEN, upload, type UploadServer } from '../helpers/uploads.ts'

const QUESTION = 'Comment sont payés les cueilleurs de safran du Quercy ?'
let s: UploadServer
let pdf: Buffer

beforeAll(async () => {
  pdf = await makeReportPdf()
  s = await startUploadServer()
}, 120_000)
afterAll(() => s.close())

async function ask(question: string): Promise<AnswerBody> {
  const res = await fetch(`${s.url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as AnswerBody
}

describe('POST /api/admin/documents', () => {
  it('adds a PDF that answers at once, cited with its page; progress is readable by upload id', async () => {
    // Asked before the upload, so the answer cache holds it: the reload must invalidate it.
    const before = await ask(QUESTION)
    expect(before.extracts.some((e) => e.document.id === 'saisonniers')).toBe(false)
    const version = s.host.version
    const res = await upload(s.url, {
      file: { bytes: pdf, name: 'rapport.pdf', type: 'application/pdf' },
      fields: { ...FIXTURE_META, id: 'saisonniers' },
      uploadId: 'upload-0001',
    })
    expect(res).toMatchObject({ status: 201, body: { id: 'saisonniers', pages: 3, paragraphs: 10 } })
    expect(s.host.version).toBe(version + 1)
    const answer = await ask(QUESTION)
    const top = answer.extracts[0]!
    expect(top.document.id).toBe('saisonniers')
    expect(top.paragraph.pages).toEqual({ first: 2, last: 2 })
    expect(top.citation.reference).toBe('§ 4, p. 2')
    expect(top.citation.text).toMatch(/« .*safran.* » — Travail saisonnier \(2019\), § 4, p\. 2$/)
    const progress = await fetch(`${s.url}/api/admin/uploads/upload-0001`, { headers: { authorization: 'Bearer test-admin-token' } })
    expect(await progress.json()).toMatchObject({ stage: 'indexed' })
  })

  it('suggests the id from the short title when none is given, and lists the upload', async () => {
    const res = await upload(s.url, {
      file: { bytes: pdf, name: 'copie.pdf' },
      fields: { title: 'Copie du rapport', shortTitle: 'Copie', year: 2019 },
    })
    expect(res).toMatchObject({ status: 201, body: { id: 'copie-2019' } })
    const list = await fetch(`${s.url}/api/admin/documents`, { headers: { authorization: 'Bearer test-admin-token' } })
    const docs = ((await list.json()) as { documents: Array<{ id: string; uploaded: boolean }> }).documents
    expect(docs.filter((d) => d.uploaded).map((d) => d.id)).toEqual(['saisonniers', 'copie-2019'])
    expect(docs.filter((d) => !d.uploaded).length).toBe(5)
  })

  it('refuses a bad file, a duplicate and a missing field with a coded error, changing nothing', async () => {
    const version = s.host.version
    const scan = await upload(s.url, {
      file: { bytes: await makeImageOnlyPdf(), name: 'scan.pdf' },
      fields: { ...FIXTURE_META, id: 'scan' },
    })
    expect(scan.status).toBe(422)
    expect(scan.body).toMatchObject({ code: 'no_text_layer' })
    expect(String(scan.body.message)).toMatch(/OCR/)
    expect(
      await upload(s.url, { file: { bytes: pdf, name: 'rapport.pdf' }, fields: { ...FIXTURE_META, id: 'saisonniers' } }),
    ).toMatchObject({ status: 409, body: { code: 'duplicate_id' } })
    expect(await upload(s.url, { file: { bytes: pdf, name: 'rapport.pdf' }, fields: { title: 'Sans année' } })).toMatchObject({
      status: 400,
      body: { code: 'bad_message' },
    })
    expect(await upload(s.url, { fields: { ...FIXTURE_META } })).toMatchObject({ status: 400, body: { code: 'bad_message' } })
    expect(s.host.version).toBe(version)
    expect((await ask(QUESTION)).extracts[0]!.document.id).toBe('saisonniers')
  })

  it('stays behind the staff check', async () => {
    expect(
      (await upload(s.url, { file: { bytes: pdf, name: 'r.pdf' }, fields: { ...FIXTURE_META, id: 'intrus' }, token: null })).status,
    ).not.toBe(201)
    expect(
      (await upload(s.url, { file: { bytes: pdf, name: 'r.pdf' }, fields: { ...FIXTURE_META, id: 'intrus' }, token: 'wrong' })).status,
    ).not.toBe(201)
    expect((await s.library.list()).map((r) => r.id)).not.toContain('intrus')
  })
})

describe('PUT and DELETE /api/admin/documents/:id', () => {
  it('PUT changes the metadata; DELETE removes the document from answers; unknown ids are 404 not_found', async () => {
    const put = await upload(s.url, { method: 'PUT', id: 'saisonniers', fields: { shortTitle: 'Saisonniers 2019' } })
    expect(put).toMatchObject({ status: 200, body: { id: 'saisonniers', paragraphs: 10 } })
    expect((await ask(QUESTION)).extracts[0]!.citation.source).toBe('Saisonniers 2019 (2019)')
    // A new file keeps the metadata; a .docx has no pages, so the citation loses its « p. 2 ».
    const docx = await upload(s.url, { method: 'PUT', id: 'saisonniers', file: { bytes: await makeReportDocx(), name: 'rapport.docx' } })
    expect(docx).toMatchObject({ status: 200, body: { id: 'saisonniers', pages: null } })
    expect((await ask(QUESTION)).extracts[0]!.citation).toMatchObject({ source: 'Saisonniers 2019 (2019)', reference: '§ 4' })
    for (const id of ['saisonniers', 'copie-2019']) {
      const del = await fetch(`${s.url}/api/admin/documents/${id}`, {
        method: 'DELETE',
        headers: { authorization: 'Bearer test-admin-token' },
      })
      expect(del.status).toBe(204)
    }
    expect((await ask(QUESTION)).extracts.some((e) => ['saisonniers', 'copie-2019'].includes(e.document.id))).toBe(false)
    const again = await fetch(`${s.url}/api/admin/documents/saisonniers`, {
      method: 'DELETE',
      headers: { authorization: 'Bearer test-admin-token' },
    })
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([404, 'not_found'])
    expect(await upload(s.url, { method: 'PUT', id: 'nope', fields: { year: 2020 } })).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    })
  })
})

describe('multipart limits', () => {
  // busboy drops parts past its limits without a word: 21 fields answered « title is required »,
  // a second file was ignored and the first one added.
  it('regression: multipart-limits-silent — too many fields or a second file is 400 bad_message saying so; nothing is added', async () => {
    const fields = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`extra${i}`, 'x']))
    const many = await upload(s.url, {
      file: { bytes: Buffer.from('Un paragraphe sur les migrants.'), name: 'a.txt' },
      fields: { ...fields, title: 'Champs', year: 2020, id: 'champs-2020' },
    })
    expect(many).toMatchObject({ status: 400, body: { code: 'bad_message', message: expect.stringContaining('fields') } })
    const form = new FormData()
    form.append('title', 'Deux fichiers')
    form.append('year', '2020')
    form.append('id', 'deux-fichiers-2020')
    for (const name of ['a.txt', 'b.txt']) form.append('file', new Blob(['Un paragraphe sur les migrants saisonniers.']), name)
    const two = await fetch(`${s.url}/api/admin/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } })
    expect([two.status, ((await two.json()) as { code: string; message: string }).message]).toEqual([
      400,
      expect.stringContaining('one file'),
    ])
    const ids = (
      (await (await fetch(`${s.url}/api/admin/documents`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as {
        documents: Array<{ id: string }>
      }
    ).documents.map((d) => d.id)
    expect(ids).not.toContain('champs-2020')
    expect(ids).not.toContain('deux-fichiers-2020')
  })
})

describe('an upload cut off mid-body', () => {
  // busboy fails the open file part's stream when the multipart body ends inside it; nobody
  // listened, so that error was an uncaught exception and the whole server stopped.
  it('regression: truncated-multipart-crash — a body ending inside the file is 400 bad_message and the server keeps answering', async () => {
    const b = 'truncated'
    const body =
      `--${b}\r\nContent-Disposition: form-data; name="title"\r\n\r\nTronqué\r\n--${b}\r\nContent-Disposition: form-data; name="year"\r\n\r\n2020\r\n` +
      `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nLe début seulement, sans fin`
    const res = await fetch(`${s.url}/api/admin/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': `multipart/form-data; boundary=${b}` },
      body,
    })
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([400, 'bad_message'])
    expect((await ask('travailleurs migrants')).status).not.toBeUndefined()
  })

  // The client went away after part of the file: the body never ended, so the multipart read
  // waited for ever, holding the bytes received; the upload id stayed unknown.
  it('regression: upload-aborted-hangs — the read gives up and the upload id shows failed', async () => {
    const { port } = new URL(s.url)
    const boundary = 'cutoff'
    const partial =
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nCoupé\r\n--${boundary}\r\n` +
      'Content-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nLe début seulement'
    const socket = net.connect(Number(port), '127.0.0.1')
    await new Promise<void>((resolve) => socket.once('connect', resolve))
    // Expect: 100-continue, so that the server has taken the request before the body is cut.
    const going = new Promise<void>((resolve) => socket.on('data', (b) => b.toString().includes('100 Continue') && resolve()))
    socket.write(
      `POST /api/admin/documents HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${TOKEN}\r\nX-Upload-Id: cut-off-upload\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n`,
    )
    await going
    await new Promise<void>((resolve) => socket.write(partial, () => resolve()))
    const progress = async () =>
      (await fetch(`${s.url}/api/admin/uploads/cut-off-upload`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()
    socket.destroy()
    await expect.poll(progress, { timeout: 10_000, interval: 50 }).toEqual({ stage: 'failed', code: 'bad_message' })
  })
})
