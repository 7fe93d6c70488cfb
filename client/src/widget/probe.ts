/**
 * Learns whether the host page's origin may use the server, before opening a WebSocket.
 *
 * A browser only sees a refused WebSocket upgrade (HTTP 403) as a failed connection, the same as
 * a server that is down, so the widget could not tell the user why it does not work. The server
 * answers `GET /api/access` with `{"allowed": boolean}` to any origin, applying the same
 * ALLOWED_ORIGINS check as at the upgrade (server/transport/app.ts).
 */

export type OriginStatus = 'allowed' | 'not_allowed' | 'unreachable'

export interface ProbeOptions {
  /** Path of the access route under the server's base URL. Defaults to "/api/access". */
  path: string
  /** Give up after this many milliseconds and let the chat show its own offline state. Defaults to 8000. */
  timeoutMs: number
}

export const DEFAULT_PROBE_OPTIONS: ProbeOptions = {
  path: '/api/access',
  timeoutMs: 8000,
}

export async function probeOrigin(server: string, options: Partial<ProbeOptions> = {}): Promise<OriginStatus> {
  const { path, timeoutMs } = { ...DEFAULT_PROBE_OPTIONS, ...options }
  try {
    const res = await fetch(server + path, {
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    })
    if (!res.ok) return 'unreachable'
    const body: unknown = await res.json()
    const allowed = typeof body === 'object' && body !== null ? (body as { allowed?: unknown }).allowed : undefined
    if (allowed === true) return 'allowed'
    return allowed === false ? 'not_allowed' : 'unreachable'
  } catch {
    // Down, blocked by the host page's connect-src, or an older server without the route: the
    // chat's connection state will say it is offline, which is the truth the page can see.
    return 'unreachable'
  }
}
