/**
 * The WebSocket endpoint at /ws, sharing the HTTP server's port (ws with `noServer`). Refusals that
 * happen before the handshake (path, origin, per-address cap, shutdown) are answered as plain HTTP
 * on the raw socket; after it, every ask gets exactly one reply frame carrying its id.
 */
import http from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket, type RawData } from 'ws'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { ERRORS, errorBody, type ErrorCode } from '../errors.ts'
import { parseClientMessage, type ParseOptions } from '../protocol/parse.ts'
import type { AckMessage, ErrorMessage, FeedbackMessage, HelloMessage, ServerMessage } from '../protocol/types.ts'
import { isOriginAllowed } from './security.ts'
import { TokenBucket } from './rate.ts'
import { logRefusal, type Asker } from './ask.ts'

export interface WebSocketDeps {
  config: Config
  logger: Logger
  asker: Asker
  parseOptions: ParseOptions
  /** The frame greeting each new socket (a function: the documents change with a reload). */
  hello: () => HelloMessage
  hashAddress: (address: string | undefined) => string
  /** Stores a `feedback` frame (transport/feedback.ts) and resolves to its `ack` or error frame. */
  feedback?: (message: FeedbackMessage) => Promise<AckMessage | ErrorMessage>
}

export interface WebSocketEndpoint {
  /** Refuses new upgrades, closes every socket with 1001, resolves once they are all gone. */
  close(): Promise<void>
  /** Open sockets, for tests and the load bench. */
  readonly size: number
}

/** How long a closing peer gets to acknowledge 1001 before its socket is cut. */
const CLOSE_GRACE_MS = 1_500
const WS_PATH = '/ws'

interface Peer {
  alive: boolean
  bucket: TokenBucket
  client: string
}

/** Answers an upgrade request with a plain HTTP error and ends the socket. */
function refuse(socket: Duplex, code: ErrorCode, extraHeaders = ''): void {
  const { status } = ERRORS[code]
  const body = JSON.stringify(errorBody(code))
  socket.once('finish', () => socket.destroy())
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}\r\n${body}`,
  )
}

/**
 * The request's path, or null when its target is not a URL. Node accepts absolute-form targets
 * such as « http://[ », which make `new URL` throw: thrown in the upgrade listener, that took the
 * whole server down.
 */
function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname
  } catch {
    return null
  }
}

function send(ws: WebSocket, message: ServerMessage): void {
  // A peer that vanished mid-answer simply misses its reply; ws ignores sends once closing.
  ws.send(JSON.stringify(message))
}

function sendError(ws: WebSocket, id: string | null, code: ErrorCode, message?: string, retryAfterMs?: number): void {
  const frame: ErrorMessage = { type: 'error', id, ...errorBody(code, message) }
  if (retryAfterMs !== undefined) frame.retryAfterMs = retryAfterMs
  send(ws, frame)
}

export function attachWebSocket(server: http.Server, deps: WebSocketDeps): WebSocketEndpoint {
  const { config, logger, asker, parseOptions } = deps
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxPayloadBytes, perMessageDeflate: false })
  const peers = new WeakMap<WebSocket, Peer>()
  const perAddress = new Map<string, number>()
  let closing = false

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client resetting mid-handshake must not become an unhandled 'error' event.
    socket.on('error', () => socket.destroy())
    if (closing) return refuse(socket, 'shutting_down')
    if (pathOf(req.url) !== WS_PATH) return refuse(socket, 'not_found')
    if (!isOriginAllowed(req.headers.origin, req.headers.host, config.allowedOrigins)) {
      logger.info({ event: 'upgrade_refused', code: 'origin_not_allowed', origin: req.headers.origin }, 'origin not allowed')
      return refuse(socket, 'origin_not_allowed')
    }
    const client = deps.hashAddress(req.socket.remoteAddress)
    if ((perAddress.get(client) ?? 0) >= config.maxConnectionsPerIp) {
      logger.info({ event: 'upgrade_refused', code: 'too_many_connections', client }, 'too many connections')
      return refuse(socket, 'too_many_connections')
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, client))
  })

  function onConnection(ws: WebSocket, client: string): void {
    perAddress.set(client, (perAddress.get(client) ?? 0) + 1)
    const peer: Peer = {
      alive: true,
      bucket: new TokenBucket({ burst: config.rateBurst, perSecond: config.ratePerSecond }),
      client,
    }
    peers.set(ws, peer)
    ws.on('pong', () => {
      peer.alive = true
    })
    ws.on('message', (data, isBinary) => void onMessage(ws, peer, data, isBinary))
    // ws reports protocol faults (over-cap frame → 1009, bad UTF-8 → 1007) here and closes itself.
    ws.on('error', (err) => logger.debug({ event: 'socket_error', client, err: err.message }, 'socket error'))
    ws.on('close', () => {
      const n = (perAddress.get(client) ?? 1) - 1
      if (n > 0) perAddress.set(client, n)
      else perAddress.delete(client)
    })
    send(ws, deps.hello())
  }

  async function onMessage(ws: WebSocket, peer: Peer, data: RawData, isBinary: boolean): Promise<void> {
    let id: string | null = null
    // Frames still arriving after the server closed this peer get no reply: it is gone.
    if (ws.readyState !== ws.OPEN) return
    try {
      if (isBinary) {
        sendError(ws, null, 'binary_not_supported')
        ws.close(ERRORS.binary_not_supported.wsClose, 'binary_not_supported')
        return
      }
      const parsed = parseClientMessage(data.toString(), parseOptions)
      id = parsed.ok ? parsed.message.id : parsed.id
      const meta = { id, via: 'ws' as const, client: peer.client }
      // Every frame costs a token, valid or not, so garbage cannot be sent faster than questions.
      const token = peer.bucket.take()
      if (!token.ok) {
        logRefusal(logger, meta, 'rate_limited')
        return sendError(ws, id, 'rate_limited', undefined, token.retryAfterMs)
      }
      if (!parsed.ok) {
        logRefusal(logger, meta, parsed.code)
        return sendError(ws, id, parsed.code, parsed.message)
      }
      // Past the cap, answering a peer that does not read only grows server memory: close it (the
      // chat re-sends its unanswered questions on reconnecting, so nothing is lost).
      if (ws.bufferedAmount > config.maxBufferedBytes) {
        logRefusal(logger, meta, 'slow_consumer')
        ws.close(ERRORS.slow_consumer.wsClose, 'slow_consumer')
        return
      }
      if (parsed.message.type === 'feedback') {
        if (!deps.feedback) return sendError(ws, id, 'unknown_type', 'This server does not take feedback.')
        return send(ws, await deps.feedback(parsed.message))
      }
      const { type: _type, id: _id, ...request } = parsed.message
      const outcome = await asker(request, meta)
      if (outcome.ok) send(ws, { type: 'answer', id: parsed.message.id, ...outcome.body })
      else sendError(ws, id, outcome.code, outcome.message, outcome.retryAfterMs)
    } catch (err) {
      // Only a bug can land here (the engine's throws are caught by the asker); the ask still
      // gets its one reply.
      logger.error({ err, id }, 'websocket handler failed')
      sendError(ws, id, 'internal')
    }
  }

  // Heartbeat as in ws's README: a peer that did not answer the previous ping is cut.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      const peer = peers.get(ws)
      if (!peer) continue
      if (!peer.alive) {
        logger.debug({ event: 'heartbeat_timeout', client: peer.client }, 'peer dropped')
        ws.terminate()
        continue
      }
      peer.alive = false
      ws.ping()
    }
  }, config.heartbeatMs)
  heartbeat.unref()

  return {
    get size() {
      return wss.clients.size
    },
    async close() {
      closing = true
      clearInterval(heartbeat)
      const gone = [...wss.clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve()
            ws.once('close', () => resolve())
            ws.close(ERRORS.shutting_down.wsClose, 'shutting_down')
            setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref()
          }),
      )
      await Promise.all(gone)
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }
}
