/**
 * The staff token check for /admin and /api/admin/* (and the ingest upload API): `Authorization:
 * Bearer <ADMIN_TOKEN>`. Without a configured token the staff routes do not exist (404), so an
 * install that never set one exposes nothing. The comparison runs over SHA-256 digests with
 * timingSafeEqual: equal lengths whatever the guess, no early exit on the first wrong byte.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { RequestHandler } from 'express'
import { sendError } from './rest.ts'

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()

/** True when `header` is `Bearer <token>` with exactly this token. Constant time in the guess. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return timingSafeEqual(digest(m?.[1] ?? ''), digest(token)) && m !== null
}

/**
 * Express middleware: 404 `not_found` when no token is configured, 401 `unauthorized` without a
 * Bearer header, 403 `forbidden` when it is wrong, else next().
 */
export function requireAdmin(token: string): RequestHandler {
  return (req, res, next) => {
    if (!token) return sendError(res, 'not_found')
    const header = req.headers.authorization
    if (!header || !/^Bearer\s+\S/i.test(header)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="sourcier-admin"')
      return sendError(res, 'unauthorized')
    }
    if (!bearerMatches(header, token)) return sendError(res, 'forbidden')
    next()
  }
}

/** 404 for everything under the staff paths when ADMIN_TOKEN is unset (used for /admin pages). */
export function adminEnabled(token: string): RequestHandler {
  return (_req, res, next) => (token ? next() : sendError(res, 'not_found'))
}
