/**
 * Staff document API (issue 14), every route under /api/admin, so behind the staff check that
 * adminApi (admin.ts) mounts on /api/admin ahead of this router (app.ts `apiRoutes`):
 *   GET    /documents            shipped and uploaded documents
 *   POST   /documents            multipart `file` + manifest fields → 201 {id, pages, paragraphs, anomalies}
 *   PUT    /documents/:id        multipart with a new `file` and/or fields → 200, same body
 *   DELETE /documents/:id        → 204
 *   GET    /documents/suggest-id?title=…&year=…   the id an upload without one would get
 *   GET    /uploads/:uploadId    progress of the upload sent with `X-Upload-Id` (the /admin page polls it)
 * A refused file is a coded error from server/errors.ts and changes nothing.
 */
import type { IncomingMessage } from 'node:http'
import busboy from 'busboy'
import { Router, type Request, type RequestHandler, type Response } from 'express'
import type { Corpus } from '../corpus/types.ts'
import { SourcierError } from '../errors.ts'
import type { DocumentLibrary, LibraryProgress } from '../ingest/library.ts'
import { parseUploadMeta, suggestId, uploadMetaSchema, type UploadMeta } from '../ingest/meta.ts'
import { sendError } from './rest.ts'

export interface AdminDocumentsDeps {
  library: DocumentLibrary
  /** Largest file accepted, bytes (MAX_UPLOAD_BYTES). */
  maxBytes: number
  /** Logs a fault that is not a coded refusal. Defaults to a no-op. */
  onError?: (err: unknown) => void
}

interface Multipart {
  fields: Record<string, string>
  file?: { bytes: Buffer; fileName: string; contentType: string }
}

/** Reads a multipart body; `file_too_large` past maxBytes (the rest is drained, not kept). */
export function readMultipart(req: IncomingMessage, maxBytes: number): Promise<Multipart> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 4000 } })
    } catch {
      reject(new SourcierError('bad_message', 'The body must be multipart/form-data with a `file` field.'))
      return
    }
    const out: Multipart = { fields: {} }
    let failure: SourcierError | undefined
    bb.on('field', (name, value) => {
      out.fields[name] = value
    })
    bb.on('file', (name, stream, info) => {
      // busboy fails the open part's stream too when the body ends mid-file (« Unexpected end of
      // file »); unheard, that error would be an uncaught exception and stop the server.
      stream.on('error', () => {
        failure ??= new SourcierError('bad_message', 'The multipart body is malformed.')
      })
      if (name !== 'file') {
        failure ??= new SourcierError('bad_message', `Unexpected file field “${name}”: send the document as \`file\`.`)
        stream.resume()
        return
      }
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('limit', () => {
        failure ??= new SourcierError('file_too_large', `The file is larger than MAX_UPLOAD_BYTES (${maxBytes} bytes).`)
      })
      stream.on('end', () => {
        out.file = { bytes: Buffer.concat(chunks), fileName: info.filename ?? '', contentType: info.mimeType ?? '' }
      })
    })
    // Past the limits busboy drops parts silently: say so instead of « title is required » or a
    // document made from the first of two files.
    bb.on('fieldsLimit', () => {
      failure ??= new SourcierError('bad_message', 'Too many form fields (at most 20).')
    })
    bb.on('filesLimit', () => {
      failure ??= new SourcierError('bad_message', 'Send one file per upload (the field `file`).')
    })
    bb.on('error', () => reject(new SourcierError('bad_message', 'The multipart body is malformed.')))
    bb.on('close', () => (failure ? reject(failure) : resolve(out)))
    // A client gone mid-upload never ends the body, so busboy would wait for ever, holding what
    // arrived: give up when the request closes before it was complete.
    req.on('close', () => {
      if (req.complete) return
      reject(new SourcierError('bad_message', 'The upload was interrupted before the whole file arrived.'))
      bb.destroy()
    })
    req.pipe(bb)
  })
}

/** Progress of recent uploads by client-chosen id, forgotten a minute after they end. */
function progressBoard() {
  const entries = new Map<string, LibraryProgress | { stage: 'received' } | { stage: 'failed'; code: string }>()
  return {
    set(id: string | undefined, p: LibraryProgress | { stage: 'received' } | { stage: 'failed'; code: string }) {
      if (!id) return
      if (!entries.has(id) && entries.size >= 200) entries.delete(entries.keys().next().value!)
      entries.set(id, p)
      if (p.stage === 'indexed' || p.stage === 'failed') setTimeout(() => entries.delete(id), 60_000).unref()
    },
    get: (id: string) => entries.get(id),
  }
}

const UPLOAD_ID = /^[A-Za-z0-9_-]{8,64}$/

function fail(res: Response, err: unknown, onError?: (err: unknown) => void): void {
  if (err instanceof SourcierError) sendError(res, err.code, err.message)
  else {
    onError?.(err)
    sendError(res, 'internal')
  }
}

type Board = ReturnType<typeof progressBoard>

/** GET /api/admin/documents: the shipped documents, then the uploads. */
function listRoute(library: DocumentLibrary, corpus: () => Corpus, onError?: (err: unknown) => void): RequestHandler {
  return async (_req, res) => {
    try {
      const uploaded = await library.list()
      const ids = new Set(uploaded.map((r) => r.id))
      const shipped = corpus().documents.filter((d) => !ids.has(d.id))
      res.json({
        documents: [
          ...shipped.map((d) => ({
            id: d.id,
            title: d.title,
            shortTitle: d.shortTitle,
            year: d.year,
            paragraphs: d.paragraphs.length,
            uploaded: false,
          })),
          ...uploaded.map((r) => ({
            id: r.id,
            title: r.document.title,
            shortTitle: r.document.shortTitle,
            year: r.document.year,
            paragraphs: r.document.paragraphs.length,
            uploaded: true,
            fileName: r.fileName,
            format: r.format,
            pages: r.pages,
            updatedAt: r.updatedAt,
          })),
        ],
      })
    } catch (err) {
      fail(res, err, onError)
    }
  }
}

/**
 * POST and PUT: reads the multipart body (refusing an announced oversize one before reading it;
 * multipart overhead is far below 64 KiB), runs `act`, and records progress under X-Upload-Id.
 */
function uploadRoute(
  deps: AdminDocumentsDeps,
  board: Board,
  status: number,
  act: (req: Request, body: Multipart, onProgress: (p: LibraryProgress) => void) => Promise<unknown>,
): RequestHandler {
  return async (req, res) => {
    const header = req.get('x-upload-id')
    const id = header && UPLOAD_ID.test(header) ? header : undefined
    try {
      if (Number(req.get('content-length') ?? 0) > deps.maxBytes + 65_536) {
        throw new SourcierError('file_too_large', `The file is larger than MAX_UPLOAD_BYTES (${deps.maxBytes} bytes).`)
      }
      const body = await readMultipart(req, deps.maxBytes)
      board.set(id, { stage: 'received' })
      res.status(status).json(await act(req, body, (p) => board.set(id, p)))
    } catch (err) {
      board.set(id, { stage: 'failed', code: err instanceof SourcierError ? err.code : 'internal' })
      if (!req.readableEnded) req.resume()
      fail(res, err, deps.onError)
    }
  }
}

export function adminDocumentsRouter(deps: AdminDocumentsDeps, corpus: () => Corpus): Router {
  const { library, onError } = deps
  const router = Router()
  const board = progressBoard()
  router.get('/api/admin/documents', listRoute(library, corpus, onError))
  // The id the form proposes, from the one rule the server applies when none is given.
  router.get('/api/admin/documents/suggest-id', (req, res) => {
    const title = typeof req.query.title === 'string' ? req.query.title : ''
    const year = Number(req.query.year)
    res.json({ id: suggestId(title, Number.isInteger(year) ? year : undefined) })
  })
  router.post(
    '/api/admin/documents',
    uploadRoute(deps, board, 201, (_req, body, onProgress) => {
      if (!body.file) throw new SourcierError('bad_message', 'file is required (multipart field `file`).')
      return library.add({ ...body.file, meta: parseUploadMeta(body.fields) }, onProgress)
    }),
  )
  router.put(
    '/api/admin/documents/:id',
    uploadRoute(deps, board, 200, (req, body, onProgress) =>
      library.replace(String(req.params.id), { meta: partialMeta(body.fields), ...(body.file ? { input: body.file } : {}) }, onProgress),
    ),
  )
  router.delete('/api/admin/documents/:id', async (req, res) => {
    try {
      await library.remove(String(req.params.id))
      res.status(204).end()
    } catch (err) {
      fail(res, err, onError)
    }
  })
  router.get('/api/admin/uploads/:uploadId', (req, res) => {
    const p = board.get(String(req.params.uploadId))
    if (!p) return sendError(res, 'not_found', 'No upload in progress with this id.')
    res.json(p)
  })
  return router
}

/** PUT fields: each present one validated as for POST; none required. The id cannot change. */
function partialMeta(fields: Record<string, string>): Partial<UploadMeta> {
  const present = Object.fromEntries(Object.entries(fields).filter(([k, v]) => v.trim() !== '' && k !== 'id'))
  const parsed = uploadMetaSchema.omit({ id: true }).partial().safeParse(present)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new SourcierError('bad_message', `${issue.path.join('.')}: ${issue.message}`)
  }
  const { language: _language, ...rest } = parsed.data
  return present.language ? parsed.data : rest
}
