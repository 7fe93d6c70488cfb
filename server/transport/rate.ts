/**
 * Token bucket: a client may ask `burst` questions at once, then `perSecond` per second. Refill
 * is computed lazily from the clock on each take, so an idle bucket costs no timer.
 */
import { DEFAULT_CONFIG } from '../config.ts'

export interface RateOptions {
  /** Bucket size: questions allowed in one burst. Defaults to 20 (Config.rateBurst). */
  burst: number
  /** Tokens added per second. Defaults to 5 (Config.ratePerSecond). */
  perSecond: number
  /** Clock in milliseconds; tests may pass their own. Defaults to performance.now. */
  now: () => number
}

export const DEFAULT_RATE_OPTIONS: RateOptions = {
  burst: DEFAULT_CONFIG.rateBurst,
  perSecond: DEFAULT_CONFIG.ratePerSecond,
  now: () => performance.now(),
}

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number }

export class TokenBucket {
  private tokens: number
  private last: number
  private readonly o: RateOptions

  constructor(options: Partial<RateOptions> = {}) {
    this.o = { ...DEFAULT_RATE_OPTIONS, ...options }
    this.tokens = this.o.burst
    this.last = this.o.now()
  }

  private refill(): void {
    const now = this.o.now()
    // A clock that goes backwards (test clocks) must not drain the bucket.
    const elapsed = Math.max(0, now - this.last)
    this.tokens = Math.min(this.o.burst, this.tokens + (elapsed * this.o.perSecond) / 1000)
    this.last = now
  }

  /** Takes one token, or says how long until one is available. */
  take(): TakeResult {
    this.refill()
    if (this.tokens >= 1) {
      this.tokens -= 1
      return { ok: true }
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - this.tokens) * 1000) / this.o.perSecond) }
  }

  /** True when the bucket has refilled completely: forgetting it then changes nothing. */
  isFull(): boolean {
    this.refill()
    return this.tokens >= this.o.burst
  }
}

/** Takes between two sweeps of KeyedBuckets: bounds the map without a timer to clean up. */
const SWEEP_EVERY = 1_000

/**
 * One bucket per key (a hashed client address for REST). Full buckets are swept now and then, so
 * the map only holds clients that asked recently.
 */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>()
  private takes = 0
  constructor(private readonly options: Partial<RateOptions> = {}) {}

  take(key: string): TakeResult {
    if (++this.takes % SWEEP_EVERY === 0) this.sweep()
    let bucket = this.buckets.get(key)
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(this.options)))
    return bucket.take()
  }

  sweep(): void {
    for (const [key, bucket] of this.buckets) if (bucket.isFull()) this.buckets.delete(key)
  }

  get size(): number {
    return this.buckets.size
  }
}
