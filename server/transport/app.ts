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
import { createAsker, DEFAULT_BUDGET_OPTIONS } from './ask.ts'
import { askRouter, sendError } from './rest.ts'
import { attachWebSocket } from './ws.ts'
import { documentsRouter } from './documents.ts'
import { createAddressHasher, createHostCheck, crossOriginAsset, isOriginAllowed, securityHeaders } from './security.ts'
import { createClientAddress } from './proxy.ts'
import { createMetrics, metricsHandler } from './metrics.ts'
import { createRefusalLog } from './refusals.ts'
import { applyTimeouts, guardRequests } from './http-guard.ts'
import { KeyedBuckets } from './rate.ts'

export interface AppDeps {
  /** The engine host every question goes through (server/runtime/host.ts). */
  host?: EngineHost
  /** Or a bare engine, wrapped in an in-process host that cannot reload (tests, benches). */
  engine?: Engine
  config: Config
  logger: Logger
  /** Folder with the built client (index.html, dist/). Defaults to ./public. */
  publicDir?: string
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

export function createApp(deps: AppDeps): App {
  const { config, logger } = deps
  const host = deps.host ?? (deps.engine ? hostOf(deps.engine) : undefined)
  if (!host) throw new TypeError('createApp needs a host or an engine')
  const publicDir = deps.publicDir ?? path.resolve('public')
  const parseOptions: ParseOptions = { ...DEFAULT_PARSE_OPTIONS, maxQuestionLength: config.maxQuestionLength }
  const hashAddress = createAddressHasher()
  const clientAddress = createClientAddress(config.trustProxy)
  const clientOf = (req: http.IncomingMessage) => hashAddress(clientAddress(req))
  const hostAllowed = createHostCheck(config)
  const allowedOrigins = config.publicOrigin ? [...config.allowedOrigins, config.publicOrigin] : config.allowedOrigins
  const metrics = createMetrics()
  const refusals = createRefusalLog(logger, (code) => metrics.refused(code))
  const asker = createAsker(host, logger, {
    admission: {
      maxQueued: config.maxQueuedAsks,
      maxQueuedPerClient: config.maxQueuedPerClient,
      maxWaitMs: config.maxQueueWaitMs,
      concurrency: config.maxConcurrentAsks,
    },
    budget: { maxWords: config.maxQuestionWords, maxContextTurns: DEFAULT_BUDGET_OPTIONS.maxContextTurns },
    observe: (outcome, seconds) => metrics.ask(outcome, seconds),
  })
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
  app.use(securityHeaders(allowedOrigins))
  app.get('/metrics', metricsHandler(metrics, config.metricsToken))

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
    })
  })

  const originAllowed = (req: http.IncomingMessage) =>
    isOriginAllowed(req.headers.origin, req.headers.host, allowedOrigins)

  // Readable from any origin on purpose: a refused WebSocket upgrade looks like a network failure
  // to a browser, so the widget asks here whether its page may use this server.
  app.get('/api/access', crossOriginAsset, (req, res) => {
    res.json({ allowed: originAllowed(req) })
  })

  const documentBuckets = new KeyedBuckets({ burst: config.documentRateBurst, perSecond: config.documentRatePerSecond })
  const documentLimit: RequestHandler = (req, res, next) => {
    if (!/^\/(documents|paragraphs)(\/|$)/.test(req.path)) return next()
    const token = documentBuckets.take(clientOf(req))
    if (token.ok) return next()
    refusals('request_refused', 'rate_limited', { path: req.path })
    sendError(res, 'rate_limited', undefined, token.retryAfterMs)
  }

  // Refuse, not merely withhold CORS headers: a simple cross-origin POST would otherwise still run.
  const originGuard: RequestHandler = (req, res, next) =>
    originAllowed(req) ? next() : sendError(res, 'origin_not_allowed')
  app.use(
    '/api',
    originGuard,
    cors({ origin: allowedOrigins, methods: ['GET', 'POST'], allowedHeaders: ['Content-Type'], maxAge: 600 }),
    // strict: false so that `"text"` is a bad_message like on the socket, not a JSON syntax error.
    express.json({ limit: config.maxPayloadBytes, strict: false }),
    askRouter({ config, logger, asker, parseOptions, clientOf }),
    documentLimit,
    documentsRouter(() => host.corpus),
  )
  app.use('/api', (_req, res) => sendError(res, 'not_found'))

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

  let closing = false
  const server = http.createServer(
    guardRequests(app, { config, hostAllowed, isClosing: () => closing, refused: refusals }),
  )
  applyTimeouts(server, config)
  const ws = attachWebSocket(server, { config, logger, asker, parseOptions, hello, clientOf, hostAllowed, allowedOrigins, refusals })
  const stats = () => ({ queued: asker.admission.queued, running: asker.admission.running, sockets: ws.size, bufferedBytes: ws.bufferedBytes })
  metrics.gauges({ queued: () => asker.admission.queued, running: () => asker.admission.running, sockets: () => ws.size, bufferedBytes: () => ws.bufferedBytes })

  let closed: Promise<void> | undefined
  return {
    server,
    stats,
    close() {
      closed ??= (async () => {
        closing = true
        ws.drain()
        const deadline = graceTimer(config.shutdownGraceMs)
        // Asks already admitted are answered before any socket is closed.
        await Promise.race([asker.admission.idle(), deadline.promise])
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeIdleConnections()
        await ws.close()
        await Promise.race([stopped, deadline.promise])
        server.closeAllConnections()
        await stopped
        deadline.cancel()
        refusals.close()
      })()
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
