/**
 * Read-only document routes, mounted under /api by app.ts: the list of documents, one document
 * with its paragraphs in reading order, and one paragraph with its neighbours ("open in context").
 */
import express from 'express'
import { sendError } from './rest.ts'
import type { Corpus, CorpusDocument, Paragraph } from '../corpus/types.ts'
import type { DocumentBody, DocumentList, DocumentMeta, ParagraphContext } from '../protocol/types.ts'

export interface DocumentsRouterOptions {
  /** Neighbours on each side of a paragraph when `?context` is absent. Defaults to 2. */
  defaultContext?: number
  /** Largest `?context` accepted. Defaults to 10. */
  maxContext?: number
}

export const DOCUMENTS_ROUTER_DEFAULTS: Required<DocumentsRouterOptions> = {
  defaultContext: 2,
  maxContext: 10,
}

/** A document's description without its paragraphs or the parser's notes to itself. */
function describe({ paragraphs: _paragraphs, anomalies: _anomalies, ...meta }: CorpusDocument): DocumentMeta {
  return meta
}

/** Lookup tables over one corpus, rebuilt when the engine host swaps in a new one. */
function tablesOf(corpus: Corpus) {
  const documents = new Map(corpus.documents.map((d) => [d.id, d]))
  const paragraphs = new Map<string, { doc: CorpusDocument; index: number }>()
  for (const doc of corpus.documents) doc.paragraphs.forEach((p, index) => paragraphs.set(p.id, { doc, index }))
  return { corpus, documents, paragraphs }
}

/** `corpus` may be a getter: the engine host's corpus changes with each reload. */
export function documentsRouter(corpus: Corpus | (() => Corpus), options: DocumentsRouterOptions = {}): express.Router {
  const o = { ...DOCUMENTS_ROUTER_DEFAULTS, ...options }
  const current = typeof corpus === 'function' ? corpus : () => corpus
  let tables = tablesOf(current())
  const now = () => (tables.corpus === current() ? tables : (tables = tablesOf(current())))

  const router = express.Router()
  router.get('/documents', (_req, res) => {
    const body: DocumentList = now().corpus.documents.map((d) => ({ ...describe(d), paragraphs: d.paragraphs.length }))
    res.json(body)
  })
  router.get('/documents/:id', (req, res) => {
    const doc = now().documents.get(req.params.id)
    if (!doc) return sendError(res, 'not_found', `Unknown document: ${req.params.id}`)
    const body: DocumentBody = { ...describe(doc), paragraphs: doc.paragraphs }
    res.json(body)
  })
  router.get('/paragraphs/:id', (req, res) => {
    const hit = now().paragraphs.get(req.params.id)
    if (!hit) return sendError(res, 'not_found', `Unknown paragraph: ${req.params.id}`)
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
