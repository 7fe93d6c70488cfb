/**
 * One WebSocket peer's bounded state: every frame the server sends it (answers and errors alike)
 * goes through `send`, which counts it against the peer's unread bytes; reads pause while too much
 * is unread, and a peer that keeps sending what is refused is closed instead of answered forever.
 */
import type { WebSocket } from 'ws'
import { ERRORS, errorBody, type ErrorCode, type ErrorSpec } from '../errors.ts'
import type { ErrorMessage, ServerMessage } from '../protocol/types.ts'
import { TokenBucket } from './rate.ts'

/** How long a closing peer gets to acknowledge the close frame before its socket is cut. */
export const CLOSE_GRACE_MS = 1_500

export interface PeerLimits {
  /** Unread bytes past which the peer is closed with 1013 slow_consumer. */
  maxBufferedBytes: number
  /** Refused frames allowed in a burst before 1008 policy_violation; forgiven over a minute. */
  maxViolations: number
  /** Asks per connection: burst and sustained rate. */
  rateBurst: number
  ratePerSecond: number
}

/** Reads pause once this share of maxBufferedBytes is unread and resume under a quarter of it. */
const PAUSE_SHARE = 0.5
const RESUME_SHARE = 0.25

export class Peer {
  alive = true
  readonly bucket: TokenBucket
  private readonly violations: TokenBucket
  /** Why the server closed this peer, once it did. */
  closedFor: ErrorCode | undefined

  constructor(
    readonly ws: WebSocket,
    readonly client: string,
    private readonly limits: PeerLimits,
    private readonly onClosedFor: (code: ErrorCode) => void = () => {},
  ) {
    this.bucket = new TokenBucket({ burst: limits.rateBurst, perSecond: limits.ratePerSecond })
    this.violations = new TokenBucket({ burst: limits.maxViolations, perSecond: limits.maxViolations / 60 })
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN && this.closedFor === undefined
  }

  /** Sends one frame unless it would leave more than maxBufferedBytes unread (then 1013). */
  send(message: ServerMessage): boolean {
    if (!this.open) return false
    const data = JSON.stringify(message)
    // A frame larger than the whole limit still goes out to a peer that has read everything.
    const unread = this.ws.bufferedAmount
    if (unread > 0 && unread + Buffer.byteLength(data) > this.limits.maxBufferedBytes) {
      this.shut('slow_consumer')
      return false
    }
    this.ws.send(data, () => this.maybeResume())
    // Stop reading a peer that does not read: what it sends meanwhile waits in the kernel, not here.
    if (this.ws.bufferedAmount > this.limits.maxBufferedBytes * PAUSE_SHARE && !this.ws.isPaused) this.ws.pause()
    return true
  }

  sendError(id: string | null, code: ErrorCode, message?: string, retryAfterMs?: number): void {
    const frame: ErrorMessage = { type: 'error', id, ...errorBody(code, message) }
    if (retryAfterMs !== undefined) frame.retryAfterMs = retryAfterMs
    this.send(frame)
  }

  /**
   * A refused frame: answered with its error while the peer has violations left, then the peer is
   * closed with 1008 rather than answered one error per frame.
   */
  refuse(id: string | null, code: ErrorCode, message?: string, retryAfterMs?: number): void {
    if (!this.violations.take().ok) {
      this.shut('policy_violation')
      return
    }
    this.sendError(id, code, message, retryAfterMs)
  }

  /** Closes with the code's close status and cuts the socket if the peer does not acknowledge. */
  shut(code: ErrorCode): void {
    if (this.closedFor !== undefined) return
    this.closedFor = code
    this.onClosedFor(code)
    this.ws.close((ERRORS[code] as ErrorSpec).wsClose ?? 1011, code)
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref()
  }

  private maybeResume(): void {
    if (this.ws.isPaused && this.open && this.ws.bufferedAmount <= this.limits.maxBufferedBytes * RESUME_SHARE) this.ws.resume()
  }
}
