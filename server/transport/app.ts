/**
 * Builds the HTTP + WebSocket server without listening (index.ts and tests listen): security
 * headers, health check, the REST API under /api, the WebSocket at /ws, the chat page and the
 * widget from public/. Each concern lives in its own module; this file only wires them.
 */
import http from 'node:http'
import path from 'node:path'
import express, { type ErrorRequestHandler, type RequestHandler } from 'express'
import cors from 'cors'
import type { Engine } from '../engine.ts'
import { hostOf, type EngineHost } from '../runtime/host.ts'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { DEFAULT_PARSE_OPTIONS, type ParseOptions } from '../protocol/parse.ts'
import { PROTOCOL_VERSION, type HelloMessage } from '../protocol/types.ts'
import { createAsker } from './ask.ts'
import { askRouter, sendError } from './rest.ts'
import { attachWebSocket } from './ws.ts'
import { documentsRouter } from './documents.ts'
import type { Store } from '../storage/types.ts'
import { openSqliteStore } from '../storage/sqlite.ts'
import { createQuestionLog, type QuestionLog } from '../storage/question-log.ts'
import { withQuestionLog } from './record.ts'
import { feedbackReply, feedbackRouter } from './feedback.ts'
import { adminApi, adminPageRoute } from './admin.ts'
import { createAddressHasher, crossOriginAsset, isOriginAllowed, securityHeaders } from './security.ts'

export interface AppDeps {
  /** The engine host every question goes through (server/runtime/host.ts). */
  host?: EngineHost
  /** Or a bare engine, wrapped in an in-process host that cannot reload (tests, benches). */
  engine?: Engine
  config: Config
  logger: Logger
  /**
   * Where the question log and feedback go (server/storage/). Defaults to an in-memory SQLite
   * database, closed with the app (tests); index.ts passes the configured one and closes it.
   */
  store?: Store
  /** Folder with the built client (index.html, dist/). Defaults to ./public. */
  publicDir?: string
}

export interface App {
  /** Not listening yet: the caller (index.ts, tests) calls listen(). */
  server: http.Server
  /** Stops accepting, closes sockets with 1001, resolves when all is closed. Idempotent. */
  close(): Promise<void>
}

export function createApp(deps: AppDeps): App {
  const { config, logger } = deps
  const host = deps.host ?? (deps.engine ? hostOf(deps.engine) : undefined)
  if (!host) throw new TypeError('createApp needs a host or an engine')
  const publicDir = deps.publicDir ?? path.resolve('public')
  const parseOptions: ParseOptions = { ...DEFAULT_PARSE_OPTIONS, maxQuestionLength: config.maxQuestionLength }
  const hashAddress = createAddressHasher()
  const store = deps.store ?? openSqliteStore(':memory:')
  const questionLog = openQuestionLog(store, config, logger)
  const asker = withQuestionLog(createAsker(host, logger), questionLog)
  const hello = (): HelloMessage => ({
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    documents: host.corpus.documents.map(({ id, title, shortTitle, year }) => ({ id, title, shortTitle, year })),
    limits: {
      maxQuestionLength: parseOptions.maxQuestionLength,
      maxLimit: parseOptions.maxLimit,
      maxPayloadBytes: config.maxPayloadBytes,
    },
  })

  const app = express()
  app.disable('x-powered-by')
  app.use(securityHeaders(config.allowedOrigins))

  app.get('/healthz', (_req, res) => {
    // A server whose every corpus file was skipped answers nothing useful: a load balancer or an
    // operator must see it as unhealthy, with the reasons, not as "ok".
    const corpus = host.corpus
    const empty = corpus.documents.length === 0
    res.status(empty ? 503 : 200).json({
      status: empty ? 'no_documents' : 'ok',
      documents: corpus.documents.length,
      paragraphs: corpus.documents.reduce((n, d) => n + d.paragraphs.length, 0),
      skipped: corpus.skipped,
      // Answering does not need the database: a replica whose storage is down stays in rotation.
      storage: questionLog.state(),
    })
  })

  const originAllowed = (req: http.IncomingMessage) =>
    isOriginAllowed(req.headers.origin, req.headers.host, config.allowedOrigins)

  // Readable from any origin on purpose: a refused WebSocket upgrade looks like a network failure
  // to a browser, so the widget asks here whether its page may use this server.
  app.get('/api/access', crossOriginAsset, (req, res) => {
    res.json({ allowed: originAllowed(req) })
  })

  // Refuse, not merely withhold CORS headers: a simple cross-origin POST would otherwise still run.
  const originGuard: RequestHandler = (req, res, next) =>
    originAllowed(req) ? next() : sendError(res, 'origin_not_allowed')
  app.use(
    '/api',
    originGuard,
    cors({ origin: config.allowedOrigins, methods: ['GET', 'POST'], allowedHeaders: ['Content-Type'], maxAge: 600 }),
    // strict: false so that `"text"` is a bad_message like on the socket, not a JSON syntax error.
    express.json({ limit: config.maxPayloadBytes, strict: false }),
    askRouter({ config, logger, asker, parseOptions, hashAddress }),
    documentsRouter(() => host.corpus),
    feedbackRouter(questionLog, parseOptions),
    adminApi({ token: config.adminToken, store, log: questionLog, corpus: () => host.corpus }),
  )
  app.use('/api', (_req, res) => sendError(res, 'not_found'))

  app.use(adminPageRoute(config.adminToken))
  app.use(['/widget.js', '/dist'], crossOriginAsset)
  app.get('/widget.js', (_req, res, next) => res.sendFile(path.join(publicDir, 'dist', 'widget.js'), (err) => err && next()))
  app.use(express.static(publicDir))
  app.use((_req, res) => sendError(res, 'not_found'))

  // Express's own handler would print the stack outside production; this one never does.
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const type = (err as { type?: string }).type
    const status = Number((err as { status?: number }).status) || 500
    if (status >= 500) logger.error({ err }, 'request failed')
    if (res.headersSent) return res.destroy()
    if (type === 'entity.too.large') return sendError(res, 'payload_too_large')
    if (type === 'entity.parse.failed') return sendError(res, 'bad_json')
    if (status === 404) return sendError(res, 'not_found')
    sendError(res, status < 500 ? 'bad_message' : 'internal')
  }
  app.use(onError)

  const server = http.createServer(app)
  const ws = attachWebSocket(server, {
    config, logger, asker, parseOptions, hello, hashAddress,
    feedback: (message) => feedbackReply(questionLog, message),
  })

  let closed: Promise<void> | undefined
  return {
    server,
    close() {
      closed ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        await ws.close()
        server.closeAllConnections()
        await stopped
        await questionLog.close()
        if (!deps.store) await store.close()
      })()
      return closed
    },
  }
}

/** The buffered question log over the store, reporting database failures once per outage. */
function openQuestionLog(store: Store, config: Config, logger: Logger): QuestionLog {
  return createQuestionLog(store, {
    logQuestions: config.logQuestions,
    retentionDays: config.retentionDays,
    bufferSize: config.logBufferSize,
    onError: (what, err) => logger.error({ err, what, backend: store.backend }, 'storage unavailable: questions are still answered, the log is buffered'),
    onRecovered: () => logger.info({ backend: store.backend }, 'storage reachable again'),
  })
}
