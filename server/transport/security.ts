/**
 * Who may talk to the server, and the headers that keep browsers honest: the Origin check shared
 * by the WebSocket upgrade and the REST API, the address hash used instead of addresses in logs
 * and rate-limit keys, and helmet's Content-Security-Policy built from ALLOWED_ORIGINS.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import helmet from 'helmet'
import type { RequestHandler } from 'express'

/**
 * True when a request with this Origin header may use the server: no Origin (curl, Node clients
 * and same-origin navigations send none), the server's own origin (compared with the Host
 * header, on http or https so a TLS-terminating proxy works), or one of `allowed`.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true
  const o = origin.toLowerCase()
  if (allowed.includes(o)) return true
  if (!host) return false
  const h = host.toLowerCase()
  return o === `http://${h}` || o === `https://${h}`
}

/**
 * Returns a function mapping a client address to a short salted hash. The salt is random per
 * process, so logs can correlate one client's lines without ever holding the address, and the
 * hash cannot be reversed by enumerating the IPv4 space.
 */
export function createAddressHasher(salt: Buffer = randomBytes(16)): (address: string | undefined) => string {
  return (address) =>
    createHash('sha256')
      .update(salt)
      .update(address ?? '')
      .digest('base64url')
      .slice(0, 12)
}

// A Host header is client input; only a plain host[:port] may be echoed into a CSP header.
const PLAIN_HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i

function ownWebSocketOrigins(req: IncomingMessage): string {
  const host = req.headers.host
  return host && PLAIN_HOST.test(host) ? `ws://${host} wss://${host}` : ''
}

/**
 * helmet with a CSP that the chat page and the widget's frame respect: everything from 'self',
 * WebSocket connections to this server and to the allowed origins, framing by 'self' and the
 * allowed origins only.
 */
export function securityHeaders(allowedOrigins: readonly string[]): RequestHandler {
  const wsAllowed = allowedOrigins.map((o) => o.replace(/^http/, 'ws'))
  return helmet({
    contentSecurityPolicy: {
      // helmet's defaults add upgrade-insecure-requests, which breaks a plain-http intranet install.
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ownWebSocketOrigins, ...wsAllowed],
        frameAncestors: ["'self'", ...allowedOrigins],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // X-Frame-Options cannot name other origins; with allowed origins, frame-ancestors alone decides.
    xFrameOptions: allowedOrigins.length ? false : { action: 'sameorigin' },
  })
}

/**
 * The widget script and the assets it loads are embedded by other sites: helmet's default
 * `Cross-Origin-Resource-Policy: same-origin` would make browsers refuse them.
 */
export const crossOriginAsset: RequestHandler = (_req, res, next) => {
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin')
  res.setHeader('Access-Control-Allow-Origin', '*')
  next()
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]']
const isLoopbackBind = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host)

/**
 * Returns "may this Host header be answered": the names of ALLOWED_HOSTS and PUBLIC_ORIGIN's host
 * when set; with neither, loopback names only when the server listens on loopback (a page on
 * evil.example rebinding its name to 127.0.0.1 then gets 421), any host otherwise. An entry
 * without a port matches every port.
 */
export function createHostCheck(config: {
  host: string
  allowedHosts: readonly string[]
  publicOrigin: string
}): (host: string | undefined) => boolean {
  const names = [...config.allowedHosts]
  if (config.publicOrigin) names.push(new URL(config.publicOrigin).host)
  if (names.length === 0 && !isLoopbackBind(config.host)) return () => true
  if (names.length === 0) names.push(...LOOPBACK_HOSTS)
  const exact = new Set(names.map((n) => n.toLowerCase()))
  return (host) => {
    if (!host) return false
    const h = host.toLowerCase()
    return exact.has(h) || exact.has(h.replace(/:\d{1,5}$/, ''))
  }
}
