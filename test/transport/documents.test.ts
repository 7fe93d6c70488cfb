// The document routes over the real parsed corpus, on a real HTTP server (port 0).
import type { AddressInfo } from 'node:net'
import http from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCorpus } from '../../server/corpus/load.ts'
import type { Corpus, Paragraph } from '../../server/corpus/types.ts'
import { documentsRouter } from '../../server/transport/documents.ts'

let corpus: Corpus
let server: http.Server
let base: string

beforeAll(async () => {
  corpus = await loadCorpus('corpus')
  const app = express()
  app.use('/api', documentsRouter(corpus))
  server = http.createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const get = async (path: string) => {
  const res = await fetch(base + path)
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any }
}

describe('GET /api/documents', () => {
  it('lists every document with its citation fields and paragraph count', async () => {
    const { status, body } = await get('/documents')
    expect(status).toBe(200)
    expect(body.map((d: any) => d.id)).toEqual(['idm-2005', 'ateliers-capacites', 'oim-hld-2006', 'idm-2018', 'sg-2008'])
    const sg = body.find((d: any) => d.id === 'sg-2008')
    expect(sg).toMatchObject({
      year: 2008,
      numbered: true,
      source: '004_45aecdb9a6feed49.txt',
      paragraphs: corpus.documents[4]!.paragraphs.length,
    })
    expect(typeof sg.title).toBe('string')
    expect(typeof sg.shortTitle).toBe('string')
    expect(typeof sg.publisher).toBe('string')
    expect(sg.anomalies).toBeUndefined()
  })
})

describe('GET /api/documents/:id', () => {
  it('returns the document with its paragraphs in reading order', async () => {
    const { status, body } = await get('/documents/idm-2005')
    expect(status).toBe(200)
    expect(body.title).toBe('Recherche d’une cohérence politique en matière migratoire')
    expect(body.paragraphs.map((p: Paragraph) => p.n)).toEqual(body.paragraphs.map((_: unknown, i: number) => i + 1))
    const p12 = body.paragraphs.find((p: Paragraph) => p.id === 'idm-2005-p12')
    expect(p12).toMatchObject({ number: 12, label: '§ 12', kind: 'body' })
    expect(Object.keys(p12).sort()).toEqual(['documentId', 'id', 'kind', 'label', 'n', 'notes', 'number', 'section', 'text'])
  })

  it('answers 404 with a JSON error code for an unknown id', async () => {
    const { status, type, body } = await get('/documents/nope')
    expect(status).toBe(404)
    expect(type).toContain('application/json')
    expect(body).toEqual({ code: 'not_found', message: 'Unknown document: nope' })
  })
})

describe('GET /api/paragraphs/:id', () => {
  it('returns the paragraph with two neighbours on each side by default', async () => {
    const { status, body } = await get('/paragraphs/sg-2008-p40')
    expect(status).toBe(200)
    expect(body.document).toMatchObject({ id: 'sg-2008', year: 2008 })
    expect(body.paragraph.number).toBe(40)
    expect(body.before).toHaveLength(2)
    expect(body.after).toHaveLength(2)
    const n = body.paragraph.n
    expect([...body.before, ...body.after].map((p: Paragraph) => p.n)).toEqual([n - 2, n - 1, n + 1, n + 2])
  })

  it('honours ?context and stops at the edges of the document', async () => {
    const first = await get('/paragraphs/idm-2005-1?context=3')
    expect(first.body.before).toEqual([])
    expect(first.body.after).toHaveLength(3)
    const none = await get('/paragraphs/idm-2005-p23?context=0')
    expect(none.body.before).toEqual([])
    expect(none.body.after).toEqual([])
  })

  it('refuses a context that is not a small whole number', async () => {
    for (const bad of ['-1', 'abc', '11', '2.5']) {
      const { status, body } = await get(`/paragraphs/idm-2005-p1?context=${bad}`)
      expect(status).toBe(400)
      expect(body.code).toBe('bad_message')
    }
  })

  it('answers 404 for an unknown paragraph', async () => {
    const { status, body } = await get('/paragraphs/idm-2005-p99')
    expect(status).toBe(404)
    expect(body.code).toBe('not_found')
  })
})
