/**
 * Read-only document routes, mounted under /api by app.ts: the list of documents, one document
 * with its paragraphs in reading order, and one paragraph with its neighbours ("open in context").
 * The list and the documents are serialized and gzipped once, at start: a request costs no
 * serialization, and a hundred pipelined requests share one buffer instead of a hundred copies.
 */
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import express, { type Request, type Response } from 'express'
import { sendError } from './rest.ts'
import type { Corpus, CorpusDocument, Paragraph } from '../corpus/types.ts'
import type { DocumentBody, DocumentList, DocumentMeta, ParagraphContext } from '../protocol/types.ts'

export interface DocumentsRouterOptions {
  /** Neighbours on each side of a paragraph when `?context` is absent. Defaults to 2. */
  defaultContext: number
  /** Largest `?context` accepted. Defaults to 10. */
  maxContext: number
}

export const DEFAULT_DOCUMENTS_ROUTER_OPTIONS: DocumentsRouterOptions = {
  defaultContext: 2,
  maxContext: 10,
}

/** A document's description without its paragraphs or the parser's notes to itself. */
function describe({ paragraphs: _paragraphs, anomalies: _anomalies, ...meta }: CorpusDocument): DocumentMeta {
  return meta
}

/** A JSON body serialized once: plain, gzipped, and its ETag. */
export interface PreparedBody {
  raw: Buffer
  gzip: Buffer
  etag: string
}

export function prepare(value: unknown): PreparedBody {
  const raw = Buffer.from(JSON.stringify(value))
  return { raw, gzip: gzipSync(raw), etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"` }
}

/** Sends a prepared body: 304 when the client holds it, gzipped when it accepts gzip. */
export function sendPrepared(req: Request, res: Response, body: PreparedBody): void {
  res.setHeader('ETag', body.etag)
  res.setHeader('Vary', 'Accept-Encoding')
  res.setHeader('Cache-Control', 'no-cache')
  if (req.headers['if-none-match'] === body.etag) {
    res.status(304).end()
    return
  }
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip'
  if (gzip) res.setHeader('Content-Encoding', 'gzip')
  res.end(gzip ? body.gzip : body.raw)
}

/** Lookup tables and prepared bodies over one corpus, rebuilt when the engine host swaps in a new one. */
function tablesOf(corpus: Corpus) {
  const paragraphs = new Map<string, { doc: CorpusDocument; index: number }>()
  for (const doc of corpus.documents)
    doc.paragraphs.forEach((p, index) => {
      paragraphs.set(p.id, { doc, index })
    })
  const list: DocumentList = corpus.documents.map((d) => ({ ...describe(d), paragraphs: d.paragraphs.length }))
  const body = (d: CorpusDocument): DocumentBody => ({ ...describe(d), paragraphs: d.paragraphs })
  const bodies = new Map(corpus.documents.map((d) => [d.id, prepare(body(d))]))
  return { corpus, paragraphs, list: prepare(list), bodies }
}

/** `corpus` may be a getter: the engine host's corpus changes with each reload. */
export function documentsRouter(corpus: Corpus | (() => Corpus), options: Partial<DocumentsRouterOptions> = {}): express.Router {
  const o = { ...DEFAULT_DOCUMENTS_ROUTER_OPTIONS, ...options }
  const current = typeof corpus === 'function' ? corpus : () => corpus
  let tables = tablesOf(current())
  const now = () => (tables.corpus === current() ? tables : (tables = tablesOf(current())))

  const router = express.Router()
  router.get('/documents', (req, res) => sendPrepared(req, res, now().list))
  router.get('/documents/:id', (req, res) => {
    const body = now().bodies.get(req.params.id)
    if (!body) return sendError(res, 'not_found', `Unknown document: ${req.params.id.slice(0, 64)}`)
    sendPrepared(req, res, body)
  })
  router.get('/paragraphs/:id', (req, res) => {
    const hit = now().paragraphs.get(req.params.id)
    if (!hit) return sendError(res, 'not_found', `Unknown paragraph: ${req.params.id.slice(0, 64)}`)
    const raw = req.query.context
    const context = raw === undefined ? o.defaultContext : typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : -1
    if (context < 0 || context > o.maxContext) {
      return sendError(res, 'bad_message', `context must be a whole number between 0 and ${o.maxContext}.`)
    }
    const { doc, index } = hit
    const around = (from: number, to: number): Paragraph[] => doc.paragraphs.slice(Math.max(0, from), Math.max(0, to))
    const body: ParagraphContext = {
      document: { id: doc.id, title: doc.title, shortTitle: doc.shortTitle, publisher: doc.publisher, year: doc.year },
      paragraph: doc.paragraphs[index]!,
      before: around(index - context, index),
      after: around(index + 1, index + 1 + context),
    }
    res.json(body)
  })
  return router
}
