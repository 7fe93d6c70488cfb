/**
 * What every HTTP request meets before Express: a cap on requests one connection may have
 * unanswered (a client pipelining thousands of requests without reading would otherwise pile up
 * their responses in memory), the Host check, and 503 shutting_down once the server is stopping.
 * Also sets Node's request, header and keep-alive timeouts from the configuration.
 */
import type http from 'node:http'
import type { Socket } from 'node:net'
import type { Config } from '../config.ts'
import { ERRORS, errorBody, type ErrorCode } from '../errors.ts'

export interface HttpGuardDeps {
  config: Config
  hostAllowed: (host: string | undefined) => boolean
  isClosing: () => boolean
  /** A refusal, for the aggregated log and metrics. */
  refused: (event: string, code: string, fields?: Record<string, unknown>) => void
}

/** Writes `{code, message}` with the table's status, without Express. */
function refuse(res: http.ServerResponse, code: ErrorCode, close = false): void {
  const body = JSON.stringify(errorBody(code))
  const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }
  if (close) headers.Connection = 'close'
  res.writeHead(ERRORS[code].status, headers)
  res.end(body)
}

/** Wraps the app's request listener with the guard. */
export function guardRequests(app: http.RequestListener, deps: HttpGuardDeps): http.RequestListener {
  const pending = new WeakMap<Socket, number>()
  return (req, res) => {
    const socket = req.socket
    const n = (pending.get(socket) ?? 0) + 1
    if (n > deps.config.maxPipelinedRequests || socket.destroyed) {
      // The responses already queued on this socket are dropped with it: the client asked for more
      // than it reads, and cutting it is the only bound that does not grow with what it sends.
      if (!socket.destroyed) deps.refused('connection_cut', 'too_many_pipelined_requests', { pending: n })
      socket.destroy()
      return
    }
    pending.set(socket, n)
    let done = false
    const finish = () => {
      if (done) return
      done = true
      pending.set(socket, (pending.get(socket) ?? 1) - 1)
    }
    res.once('finish', finish)
    res.once('close', finish)
    closeWhenStopping(res, deps.isClosing)
    if (deps.isClosing()) return refuse(res, 'shutting_down', true)
    if (!deps.hostAllowed(req.headers.host)) {
      deps.refused('request_refused', 'host_not_allowed', { host: req.headers.host })
      return refuse(res, 'host_not_allowed')
    }
    app(req, res)
  }
}

/**
 * A response written once the stop began says Connection: close, so that the client does not send
 * its next request on a connection about to be cut (it would see a reset).
 */
function closeWhenStopping(res: http.ServerResponse, isClosing: () => boolean): void {
  const writeHead = res.writeHead
  res.writeHead = function (this: http.ServerResponse, ...args: Parameters<typeof writeHead>) {
    if (isClosing() && !res.headersSent) res.setHeader('Connection', 'close')
    return writeHead.apply(this, args)
  } as typeof writeHead
}

/** Node's HTTP timeouts from the configuration (headersTimeout may not exceed requestTimeout). */
export function applyTimeouts(server: http.Server, config: Config): void {
  server.requestTimeout = config.requestTimeoutMs
  server.headersTimeout = Math.min(config.headersTimeoutMs, config.requestTimeoutMs)
  server.keepAliveTimeout = config.keepAliveTimeoutMs
}
