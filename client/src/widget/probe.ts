/**
 * Learns whether the host page's origin may use the server, before opening a WebSocket.
 *
 * A browser only sees a refused WebSocket upgrade (HTTP 403) as a failed connection, the same as
 * a server that is down, so the widget could not tell the user why it does not work. The server
 * applies the same ALLOWED_ORIGINS to CORS on its REST API as to the WebSocket upgrade, which the
 * page can observe: a CORS request succeeds only from an allowed origin, while a no-cors request
 * to the same URL succeeds whenever the server is reachable at all.
 */

export type OriginStatus = 'allowed' | 'not_allowed' | 'unreachable'

export interface ProbeOptions {
  /** Path, under the server's base URL, of a cheap GET route that carries the server's CORS policy. Defaults to "/api/documents". */
  path: string
  /** Give up on each request after this many milliseconds. Defaults to 8000. */
  timeoutMs: number
}

export const DEFAULT_PROBE_OPTIONS: ProbeOptions = {
  path: '/api/documents',
  timeoutMs: 8000,
}

export async function probeOrigin(server: string, options: Partial<ProbeOptions> = {}): Promise<OriginStatus> {
  const { path, timeoutMs } = { ...DEFAULT_PROBE_OPTIONS, ...options }
  const url = server + path
  const init = { credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) } as const
  try {
    await fetch(url, { ...init, mode: 'cors' })
    return 'allowed'
  } catch {
    try {
      await fetch(url, { ...init, mode: 'no-cors', signal: AbortSignal.timeout(timeoutMs) })
      return 'not_allowed'
    } catch {
      return 'unreachable'
    }
  }
}
