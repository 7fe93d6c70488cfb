/**
 * The WebSocket endpoint at /ws, sharing the HTTP server's port (ws with `noServer`). Refusals that
 * happen before the handshake (shutdown, path, host, origin, per-address cap) are answered as plain
 * HTTP on the raw socket; after it, every ask gets exactly one reply frame carrying its id, sent
 * through the peer's bounded buffer (peer.ts).
 */
import http from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket, type RawData } from 'ws'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import { ERRORS, errorBody, type ErrorCode } from '../errors.ts'
import { parseClientMessage, type ParseOptions } from '../protocol/parse.ts'
import type { AckMessage, ErrorMessage, FeedbackMessage, HelloMessage } from '../protocol/types.ts'
import { isOriginAllowed } from './security.ts'
import { logRefusal, type Asker } from './ask.ts'
import { Peer } from './peer.ts'
import type { RefusalLog } from './refusals.ts'

export interface WebSocketDeps {
  config: Config
  logger: Logger
  asker: Asker
  parseOptions: ParseOptions
  /** The frame greeting each new socket (a function: the documents change with a reload). */
  hello: () => HelloMessage
  /** The hashed client id of a request (its real address, through trusted proxies). */
  clientOf: (req: http.IncomingMessage) => string
  /** Whether the request's Host header names this server. */
  hostAllowed: (host: string | undefined) => boolean
  /** Origins allowed besides the server's own (ALLOWED_ORIGINS and PUBLIC_ORIGIN). */
  allowedOrigins: readonly string[]
  refusals: RefusalLog
  /** Stores a `feedback` frame (transport/feedback.ts) and resolves to its `ack` or error frame. */
  feedback?: (message: FeedbackMessage) => Promise<AckMessage | ErrorMessage>
}

export interface WebSocketEndpoint {
  /** Refuses new upgrades and new asks; no socket is closed yet (in-flight asks are answered). */
  drain(): void
  /** Closes every socket with 1001, resolves once they are all gone. */
  close(): Promise<void>
  /** Open sockets, for tests, metrics and the load bench. */
  readonly size: number
  /** Bytes sent to peers and not yet read by them, all sockets together. */
  readonly bufferedBytes: number
}

const WS_PATH = '/ws'

interface State {
  deps: WebSocketDeps
  wss: WebSocketServer
  peers: WeakMap<WebSocket, Peer>
  perAddress: Map<string, number>
  closing: boolean
}

/** Answers an upgrade request with a plain HTTP error and ends the socket. */
export function refuseRaw(socket: Duplex, code: ErrorCode, extraHeaders = ''): void {
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

/** Why an upgrade must be refused, or null to accept it. Logs the refusals worth logging. */
function upgradeRefusal(state: State, req: http.IncomingMessage, client: string): ErrorCode | null {
  const { deps } = state
  if (state.closing) return 'shutting_down'
  if (pathOf(req.url) !== WS_PATH) return 'not_found'
  if (!deps.hostAllowed(req.headers.host)) {
    deps.refusals('upgrade_refused', 'host_not_allowed', { host: req.headers.host, client })
    return 'host_not_allowed'
  }
  if (!isOriginAllowed(req.headers.origin, req.headers.host, deps.allowedOrigins)) {
    deps.refusals('upgrade_refused', 'origin_not_allowed', { origin: req.headers.origin, client })
    return 'origin_not_allowed'
  }
  if ((state.perAddress.get(client) ?? 0) >= deps.config.maxConnectionsPerIp) {
    deps.refusals('upgrade_refused', 'too_many_connections', { client })
    return 'too_many_connections'
  }
  return null
}

function onUpgrade(state: State, req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
  // A client resetting mid-handshake must not become an unhandled 'error' event.
  socket.on('error', () => socket.destroy())
  const client = state.deps.clientOf(req)
  const refusal = upgradeRefusal(state, req, client)
  if (refusal) refuseRaw(socket, refusal)
  else state.wss.handleUpgrade(req, socket, head, (ws) => onConnection(state, ws, client))
}

function onConnection(state: State, ws: WebSocket, client: string): void {
  const { config, logger, refusals } = state.deps
  state.perAddress.set(client, (state.perAddress.get(client) ?? 0) + 1)
  const peer = new Peer(ws, client, config, (code) => refusals('connection_closed', code, { client }))
  state.peers.set(ws, peer)
  ws.on('pong', () => {
    peer.alive = true
  })
  ws.on('message', (data, isBinary) => onMessage(state, peer, data, isBinary))
  // ws reports protocol faults (over-cap frame → 1009, bad UTF-8 → 1007) here and closes itself.
  ws.on('error', (err) => logger.debug({ event: 'socket_error', client, err: err.message }, 'socket error'))
  ws.on('close', () => {
    const n = (state.perAddress.get(client) ?? 1) - 1
    if (n > 0) state.perAddress.set(client, n)
    else state.perAddress.delete(client)
  })
  peer.send(state.deps.hello())
}

function onMessage(state: State, peer: Peer, data: RawData, isBinary: boolean): void {
  // Frames still arriving after the server closed this peer get no reply: it is gone.
  if (!peer.open) return
  const { logger, parseOptions } = state.deps
  let id: string | null = null
  try {
    if (isBinary) {
      peer.sendError(null, 'binary_not_supported')
      peer.shut('binary_not_supported')
      return
    }
    const parsed = parseClientMessage(data.toString(), parseOptions)
    id = parsed.ok ? parsed.message.id : parsed.id
    const meta = { id, via: 'ws' as const, client: peer.client }
    // Every frame costs a token, valid or not, so garbage cannot be sent faster than questions.
    const token = peer.bucket.take()
    if (!token.ok) {
      logRefusal(logger, meta, 'rate_limited')
      state.deps.refusals.count('rate_limited')
      peer.refuse(id, 'rate_limited', undefined, token.retryAfterMs)
      return
    }
    if (!parsed.ok) {
      logRefusal(logger, meta, parsed.code)
      state.deps.refusals.count(parsed.code)
      peer.refuse(id, parsed.code, parsed.message)
      return
    }
    if (state.closing) {
      peer.sendError(id, 'shutting_down')
      return
    }
    if (parsed.message.type === 'feedback') return void vote(state, peer, parsed.message)
    const { type: _type, id: askId, ...request } = parsed.message
    void answer(state, peer, askId, request, meta)
  } catch (err) {
    // Only a bug can land here; the ask still gets its one reply.
    logger.error({ err, id }, 'websocket handler failed')
    peer.sendError(id, 'internal')
  }
}

async function answer(state: State, peer: Peer, id: string, request: Parameters<Asker>[0], meta: Parameters<Asker>[1]): Promise<void> {
  try {
    const outcome = await state.deps.asker(request, meta)
    if (outcome.ok) peer.send({ type: 'answer', id, ...outcome.body })
    else peer.sendError(id, outcome.code, outcome.message, outcome.retryAfterMs)
  } catch (err) {
    state.deps.logger.error({ err, id }, 'websocket ask failed')
    peer.sendError(id, 'internal')
  }
}

async function vote(state: State, peer: Peer, message: FeedbackMessage): Promise<void> {
  if (!state.deps.feedback) return peer.sendError(message.id, 'unknown_type', 'This server does not take feedback.')
  try {
    peer.send(await state.deps.feedback(message))
  } catch (err) {
    state.deps.logger.error({ err, id: message.id }, 'websocket feedback failed')
    peer.sendError(message.id, 'internal')
  }
}

/** Heartbeat as in ws's README: a peer that did not answer the previous ping is cut. */
function startHeartbeat(state: State): NodeJS.Timeout {
  const timer = setInterval(() => {
    for (const ws of state.wss.clients) {
      const peer = state.peers.get(ws)
      if (!peer) continue
      if (!peer.alive) {
        state.deps.logger.debug({ event: 'heartbeat_timeout', client: peer.client }, 'peer dropped')
        ws.terminate()
        continue
      }
      peer.alive = false
      ws.ping()
    }
  }, state.deps.config.heartbeatMs)
  timer.unref()
  return timer
}

function closeAll(state: State): Promise<void> {
  const gone = [...state.wss.clients].map(
    (ws) =>
      new Promise<void>((resolve) => {
        if (ws.readyState === ws.CLOSED) return resolve()
        ws.once('close', () => resolve())
        const peer = state.peers.get(ws)
        if (peer) peer.shut('shutting_down')
        else ws.terminate()
      }),
  )
  return Promise.all(gone).then(() => new Promise<void>((resolve) => state.wss.close(() => resolve())))
}

export function attachWebSocket(server: http.Server, deps: WebSocketDeps): WebSocketEndpoint {
  // allowSynchronousEvents: false makes ws emit one message per event-loop turn, so 10,000 frames
  // in one write are interleaved with other sockets' traffic instead of handled in one block.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: deps.config.maxPayloadBytes,
    perMessageDeflate: false,
    allowSynchronousEvents: false,
  })
  const state: State = { deps, wss, peers: new WeakMap(), perAddress: new Map(), closing: false }
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => onUpgrade(state, req, socket, head))
  const heartbeat = startHeartbeat(state)
  return {
    get size() {
      return wss.clients.size
    },
    get bufferedBytes() {
      let n = 0
      for (const ws of wss.clients) n += ws.bufferedAmount
      return n
    },
    drain() {
      state.closing = true
    },
    async close() {
      state.closing = true
      clearInterval(heartbeat)
      await closeAll(state)
    },
  }
}
