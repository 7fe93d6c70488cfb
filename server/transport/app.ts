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
import { createAsker, DEFAULT_BUDGET_OPTIONS, type Asker } from './ask.ts'
import { askRouter, sendError } from './rest.ts'
import { attachWebSocket, type WebSocketEndpoint } from './ws.ts'
import { documentsRouter } from './documents.ts'
import type { Store } from '../storage/types.ts'
import { withQuestionLog } from './record.ts'
import { createStaff, type Staff } from './staff.ts'
import { adminDocumentsRouter, type AdminDocumentsDeps } from './admin-documents.ts'
import { createAddressHasher, createHostCheck, crossOriginAsset, isOriginAllowed, securityHeaders } from './security.ts'
import { createClientAddress } from './proxy.ts'
import { createMetrics, metricsHandler, type Metrics } from './metrics.ts'
import { createRefusalLog, type RefusalLog } from './refusals.ts'
import { applyTimeouts, guardRequests } from './http-guard.ts'
import { KeyedBuckets } from './rate.ts'

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
  /** Staff document upload API (issue 14); absent, the routes do not exist. */
  documents?: AdminDocumentsDeps
}

export interface App {
  /** Not listening yet: the caller (index.ts, tests) calls listen(). */
  server: http.Server
  /**
   * Graceful stop: new requests and upgrades get 503 shutting_down, asks in flight are answered
   * (for at most shutdownGraceMs), then sockets are closed with 1001 and the server stops
   * listening. Resolves when all is closed. Idempotent.
   */
  close(): Promise<void>
  /** Queue, sockets and buffered bytes, for tests and the attack script. */
  stats(): { queued: number; running: number; sockets: number; bufferedBytes: number }
}

/** What the routes, the WebSocket and the shutdown share, built once from the dependencies. */
interface Wiring {
  config: Config
  logger: Logger
  host: EngineHost
  publicDir: string
  parseOptions: ParseOptions
  /** Hashed real address of a request's client (TRUST_PROXY-aware). */
  clientOf: (req: http.IncomingMessage) => string
  hostAllowed: (host: string | undefined) => boolean
  /** ALLOWED_ORIGINS plus PUBLIC_ORIGIN. */
  allowedOrigins: readonly string[]
  metrics: Metrics
  refusals: RefusalLog
  asker: Asker
  /** REST's per-client budget, one for POST /api/ask and POST /api/feedback (a vote is limited like a question). */
  askBuckets: KeyedBuckets
  /** Question log, feedback, /admin (transport/staff.ts). */
  staff: Staff
  /** Staff document upload API (issue 14), when given. */
  documents: AdminDocumentsDeps | undefined
}

function wire(deps: AppDeps): Wiring {
  const { config, logger } = deps
  const host = deps.host ?? (deps.engine ? hostOf(deps.engine) : undefined)
  if (!host) throw new TypeError('createApp needs a host or an engine')
  const hashAddress = createAddressHasher()
  const clientAddress = createClientAddress(config.trustProxy)
  const metrics = createMetrics()
  const parseOptions = { ...DEFAULT_PARSE_OPTIONS, maxQuestionLength: config.maxQuestionLength }
  const clientOf = (req: http.IncomingMessage) => hashAddress(clientAddress(req))
  const askBuckets = new KeyedBuckets({ burst: config.rateBurst, perSecond: config.ratePerSecond })
  const staff = createStaff({
    store: deps.store,
    config,
    logger,
    parseOptions,
    corpus: () => host.corpus,
    registry: metrics.registry,
    clientOf,
    askBuckets,
  })
  return {
    config,
    logger,
    host,
    publicDir: deps.publicDir ?? path.resolve('public'),
    parseOptions,
    clientOf,
    hostAllowed: createHostCheck(config),
    allowedOrigins: config.publicOrigin ? [...config.allowedOrigins, config.publicOrigin] : config.allowedOrigins,
    metrics,
    refusals: createRefusalLog(logger, (code) => metrics.refused(code)),
    documents: deps.documents,
    askBuckets,
    staff,
    // Every answer is logged with its answerId, on both paths (transport/record.ts).
    asker: withQuestionLog(
      createAsker(host, logger, {
        admission: {
          maxQueued: config.maxQueuedAsks,
          maxQueuedPerClient: config.maxQueuedPerClient,
          maxWaitMs: config.maxQueueWaitMs,
          concurrency: config.maxConcurrentAsks || host.concurrency,
        },
        budget: { maxWords: config.maxQuestionWords, maxContextTurns: DEFAULT_BUDGET_OPTIONS.maxContextTurns },
        observe: (outcome, seconds) => metrics.ask(outcome, seconds),
      }),
      staff.questionLog,
    ),
  }
}

/** The frame greeting each socket: the host's current documents and the limits. */
function helloOf(w: Wiring): () => HelloMessage {
  return () => ({
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    documents: w.host.corpus.documents.map(({ id, title, shortTitle, year }) => ({ id, title, shortTitle, year })),
    limits: {
      maxQuestionLength: w.parseOptions.maxQuestionLength,
      maxLimit: w.parseOptions.maxLimit,
      maxPayloadBytes: w.config.maxPayloadBytes,
    },
  })
}

/**
 * /healthz is public: the driver's error text (host names, addresses, user and database names) is
 * for the logs and the staff report (/api/admin/report), not for anyone who asks.
 */
function publicStorageState(state: ReturnType<Staff['questionLog']['state']>): Omit<typeof state, 'error'> {
  const { error: _error, ...rest } = state
  return rest
}

function healthz(w: Wiring): RequestHandler {
  return (_req, res) => {
    // A server whose every corpus file was skipped answers nothing useful: a load balancer or an
    // operator must see it as unhealthy, with the reasons, not as "ok".
    const corpus = w.host.corpus
    const empty = corpus.documents.length === 0
    res.status(empty ? 503 : 200).json({
      status: empty ? 'no_documents' : 'ok',
      documents: corpus.documents.length,
      paragraphs: corpus.documents.reduce((n, d) => n + d.paragraphs.length, 0),
      skipped: corpus.skipped,
      // Answering does not need the database: a replica whose storage is down stays in rotation.
      storage: publicStorageState(w.staff.questionLog.state()),
    })
  }
}

/** Document and paragraph reads, rate-limited per client (each is a large body). */
function documentLimit(w: Wiring): RequestHandler {
  const buckets = new KeyedBuckets({ burst: w.config.documentRateBurst, perSecond: w.config.documentRatePerSecond })
  return (req, res, next) => {
    if (!/^\/(documents|paragraphs)(\/|$)/.test(req.path)) return next()
    const token = buckets.take(w.clientOf(req))
    if (token.ok) return next()
    w.refusals('request_refused', 'rate_limited', { path: req.path })
    sendError(res, 'rate_limited', undefined, token.retryAfterMs)
  }
}

/** /api: origin rule, CORS, JSON bodies, questions and documents. */
function apiRoutes(app: express.Express, w: Wiring): void {
  const originAllowed = (req: http.IncomingMessage) => isOriginAllowed(req.headers.origin, req.headers.host, w.allowedOrigins)
  // Readable from any origin on purpose: a refused WebSocket upgrade looks like a network failure
  // to a browser, so the widget asks here whether its page may use this server.
  app.get('/api/access', crossOriginAsset, (req, res) => {
    res.json({ allowed: originAllowed(req) })
  })
  // Refuse, not merely withhold CORS headers: a simple cross-origin POST would otherwise still run.
  const originGuard: RequestHandler = (req, res, next) => (originAllowed(req) ? next() : sendError(res, 'origin_not_allowed'))
  const { config, logger, asker, parseOptions, clientOf } = w
  app.use(
    '/api',
    originGuard,
    cors({ origin: [...w.allowedOrigins], methods: ['GET', 'POST'], allowedHeaders: ['Content-Type'], maxAge: 600 }),
    // strict: false so that `"text"` is a bad_message like on the socket, not a JSON syntax error.
    express.json({ limit: config.maxPayloadBytes, strict: false }),
    askRouter({ config, logger, asker, parseOptions, clientOf, countRefusal: w.refusals.count, buckets: w.askBuckets }),
    documentLimit(w),
    documentsRouter(() => w.host.corpus),
    ...w.staff.apiRouters,
  )
  // After the chain above: its adminApi router checks the staff token on /api/admin/*, where every
  // document route lives, so they have no check of their own.
  if (w.documents) app.use(adminDocumentsRouter(w.documents, () => w.host.corpus))
  app.use('/api', (_req, res) => sendError(res, 'not_found'))
}

// Express's own handler would print the stack outside production; this one never does.
function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const type = (err as { type?: string }).type
    const status = Number((err as { status?: number }).status) || 500
    if (status >= 500) logger.error({ err }, 'request failed')
    if (res.headersSent) return res.destroy()
    if (type === 'entity.too.large') return sendError(res, 'payload_too_large')
    if (type === 'entity.parse.failed') return sendError(res, 'bad_json')
    if (status === 404) return sendError(res, 'not_found')
    sendError(res, status < 500 ? 'bad_message' : 'internal')
  }
}

function expressApp(w: Wiring): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.use(securityHeaders(w.allowedOrigins))
  app.get('/metrics', metricsHandler(w.metrics, w.config.metricsToken))
  app.get('/healthz', healthz(w))
  apiRoutes(app, w)
  app.use(w.staff.pageRouter)
  app.use(['/widget.js', '/dist'], crossOriginAsset)
  app.get('/widget.js', (_req, res, next) => res.sendFile(path.join(w.publicDir, 'dist', 'widget.js'), (err) => err && next()))
  app.use(express.static(w.publicDir))
  app.use((_req, res) => sendError(res, 'not_found'))
  app.use(errorHandler(w.logger))
  return app
}

/** After the asks are answered, how long connections get to end by themselves before they are cut. */
const LINGER_MS = 1_000

/**
 * The graceful stop: from here on, new requests and upgrades get 503 shutting_down (with
 * Connection: close); admitted asks are answered (within the grace period); sockets are closed
 * with 1001; connections get a moment to end by themselves (a request that was on the wire gets its
 * 503 instead of a reset), then the server stops listening and cuts what is left.
 */
async function shutdown(w: Wiring, server: http.Server, ws: WebSocketEndpoint): Promise<void> {
  ws.drain()
  const deadline = graceTimer(w.config.shutdownGraceMs)
  await Promise.race([w.asker.admission.idle(), deadline.promise])
  await ws.close()
  const linger = graceTimer(LINGER_MS)
  await Promise.race([noConnections(server), linger.promise, deadline.promise])
  linger.cancel()
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeAllConnections()
  await stopped
  deadline.cancel()
  w.refusals.close()
  await w.staff.close()
}

/** Resolves when the server holds no connection (checked every 50 ms). */
async function noConnections(server: http.Server): Promise<void> {
  for (;;) {
    const n = await new Promise<number>((resolve) => server.getConnections((_err, count) => resolve(count)))
    if (n === 0) return
    await new Promise((r) => setTimeout(r, 50).unref())
  }
}

export function createApp(deps: AppDeps): App {
  const w = wire(deps)
  let closing = false
  const server = http.createServer(
    guardRequests(expressApp(w), { config: w.config, hostAllowed: w.hostAllowed, isClosing: () => closing, refused: w.refusals }),
  )
  applyTimeouts(server, w.config)
  const { config, logger, asker, parseOptions, clientOf, hostAllowed, allowedOrigins, refusals } = w
  const ws = attachWebSocket(server, {
    config,
    logger,
    asker,
    parseOptions,
    hello: helloOf(w),
    clientOf,
    hostAllowed,
    allowedOrigins,
    refusals,
    feedback: w.staff.feedback,
  })
  const stats = () => ({
    queued: asker.admission.queued,
    running: asker.admission.running,
    sockets: ws.size,
    bufferedBytes: ws.bufferedBytes,
  })
  w.metrics.gauges({
    queued: () => stats().queued,
    running: () => stats().running,
    sockets: () => ws.size,
    bufferedBytes: () => ws.bufferedBytes,
  })
  let closed: Promise<void> | undefined
  return {
    server,
    stats,
    close() {
      closing = true
      closed ??= shutdown(w, server, ws)
      return closed
    },
  }
}

/** A promise resolved after `ms`, cancellable so that a finished shutdown leaves no timer. */
function graceTimer(ms: number): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined
  const promise = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms)
  })
  return { promise, cancel: () => clearTimeout(timer) }
}
