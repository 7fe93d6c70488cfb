/**
 * The question log between the transport and the Store: answering never waits for the database.
 * `record` appends to a bounded in-memory buffer and returns; a writer drains it in batches. When
 * the database is down or full, the batch goes back to the buffer and is retried with backoff;
 * past `bufferSize` records the oldest are dropped and counted (the `dropped` figure /metrics and
 * /healthz report). Feedback is not buffered: its sender is told `storage_unavailable` and resends.
 */
import type { FeedbackInput, QuestionRecord, Store } from './types.ts'

export interface QuestionLogOptions {
  /** Keep the question text; false stores null instead (LOG_QUESTIONS). Defaults to true. */
  logQuestions: boolean
  /** Records held while the database is unreachable (LOG_BUFFER_SIZE). Defaults to 10000. */
  bufferSize: number
  /** Records per database write. Defaults to 500. */
  batchSize: number
  /** First retry delay after a failed write, doubled up to maxRetryMs. Defaults to 500. */
  retryMs: number
  /** Longest retry delay. Defaults to 15000. */
  maxRetryMs: number
  /** Days kept (RETENTION_DAYS); older rows are purged. Defaults to 180. */
  retentionDays: number
  /** Purge interval; the first purge runs at start. Defaults to 3600000 (hourly). */
  purgeEveryMs: number
  /** Reports a failed write or purge (the logger); called once per state change, not per retry. */
  onError: (what: 'write' | 'purge' | 'feedback', err: unknown) => void
  /** Reports that the database is reachable again after a failure. */
  onRecovered: () => void
}

export const DEFAULT_QUESTION_LOG_OPTIONS: QuestionLogOptions = {
  logQuestions: true,
  bufferSize: 10_000,
  batchSize: 500,
  retryMs: 500,
  maxRetryMs: 15_000,
  retentionDays: 180,
  purgeEveryMs: 3_600_000,
  onError: () => {},
  onRecovered: () => {},
}

export type FeedbackResult = 'ok' | 'not_found' | 'unavailable'

export interface QuestionLogState {
  /** `unavailable` from a failed write until the next successful one. */
  status: 'ok' | 'unavailable'
  backend: Store['backend']
  /** Records waiting to be written. */
  pending: number
  /** Records dropped because the buffer was full, since start. */
  dropped: number
  /** Records written, since start. */
  written: number
  /** The last failure's message while unavailable. */
  error?: string
}

export interface QuestionLog {
  /** Queues one ask for the log; never throws, never waits. */
  record(record: QuestionRecord): void
  feedback(feedback: FeedbackInput): Promise<FeedbackResult>
  state(): QuestionLogState
  /** Writes what is buffered now; resolves once it is written or has failed (tests, shutdown). */
  flush(): Promise<void>
  /** Deletes rows older than the retention; returns how many. */
  purge(now?: number): Promise<number>
  /** Stops the timers and makes a last attempt to write the buffer. Does not close the Store. */
  close(): Promise<void>
}

const DAY_MS = 86_400_000
const message = (err: unknown) => (err instanceof Error ? err.message : String(err)) || 'unknown error'

export function createQuestionLog(store: Store, options: Partial<QuestionLogOptions> = {}): QuestionLog {
  return new BufferedQuestionLog(store, { ...DEFAULT_QUESTION_LOG_OPTIONS, ...options })
}

class BufferedQuestionLog implements QuestionLog {
  private readonly buffer: QuestionRecord[] = []
  private dropped = 0
  private written = 0
  private failure: string | null = null
  private delay: number
  private writing: Promise<void> | null = null
  private retry: NodeJS.Timeout | null = null
  private closed = false
  private scheduled = false
  /** Records of the batch being written: out of the buffer, not yet committed. */
  private inflight = 0
  private readonly purger: NodeJS.Timeout

  constructor(
    private readonly store: Store,
    private readonly o: QuestionLogOptions,
  ) {
    this.delay = o.retryMs
    this.purger = setInterval(() => void this.purge(), o.purgeEveryMs)
    this.purger.unref()
    void this.purge()
  }

  record(record: QuestionRecord): void {
    this.buffer.push(this.o.logQuestions ? record : { ...record, question: null })
    this.trim()
    // Batch whatever arrives in the same turn of the event loop; while a retry is pending, wait for it.
    if (this.scheduled || this.writing || this.retry || this.closed) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      void this.flush()
    })
  }

  async feedback(f: FeedbackInput): Promise<FeedbackResult> {
    // An answer given a moment ago may still be in the buffer: write it first, or the vote on it
    // would be refused as unknown.
    const pending = () => this.buffer.some((r) => r.answerId === f.answerId)
    // A batch being written has left the buffer but is not committed yet: wait for it too.
    if (this.writing || pending()) await this.flush()
    if (pending()) return 'unavailable'
    try {
      const found = await this.store.addFeedback(f)
      this.succeeded()
      return found ? 'ok' : 'not_found'
    } catch (err) {
      this.failed('feedback', err)
      this.scheduleRetry()
      return 'unavailable'
    }
  }

  state(): QuestionLogState {
    const s: QuestionLogState = {
      status: this.failure === null ? 'ok' : 'unavailable',
      backend: this.store.backend,
      pending: this.buffer.length + this.inflight,
      dropped: this.dropped,
      written: this.written,
    }
    if (this.failure !== null) s.error = this.failure
    return s
  }

  flush(): Promise<void> {
    this.writing ??= this.drain().finally(() => {
      this.writing = null
    })
    return this.writing
  }

  async purge(now = Date.now()): Promise<number> {
    try {
      return await this.store.purge(now - this.o.retentionDays * DAY_MS)
    } catch (err) {
      this.failed('purge', err)
      return 0
    }
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.retry) clearTimeout(this.retry)
    this.retry = null
    clearInterval(this.purger)
    await this.flush()
  }

  /** Drops the oldest records beyond the cap, counting them. */
  private trim(): void {
    const over = this.buffer.length - this.o.bufferSize
    if (over > 0) {
      this.buffer.splice(0, over)
      this.dropped += over
    }
  }

  private failed(what: 'write' | 'purge' | 'feedback', err: unknown): void {
    if (this.failure === null) this.o.onError(what, err)
    this.failure = message(err)
  }

  private succeeded(): void {
    if (this.failure !== null) this.o.onRecovered()
    this.failure = null
    this.delay = this.o.retryMs
  }

  private async drain(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.o.batchSize)
      this.inflight = batch.length
      try {
        await this.store.logAsks(batch)
        this.inflight = 0
        this.written += batch.length
        this.succeeded()
      } catch (err) {
        this.inflight = 0
        // Back at the front, in order; what no longer fits is the oldest, dropped and counted.
        this.buffer.unshift(...batch)
        this.trim()
        this.failed('write', err)
        this.scheduleRetry()
        return
      }
    }
  }

  /**
   * Retries the buffer after a failure, backing off. With an empty buffer it probes the database
   * instead, so the state goes back to `ok` once the database is back even if nobody asks.
   */
  private scheduleRetry(): void {
    if (this.closed || this.retry) return
    this.retry = setTimeout(() => {
      this.retry = null
      void this.retryNow()
    }, this.delay)
    this.retry.unref()
    this.delay = Math.min(this.o.maxRetryMs, this.delay * 2)
  }

  private async retryNow(): Promise<void> {
    if (this.buffer.length > 0) return this.flush()
    const health = await this.store.health()
    if (health.ok) this.succeeded()
    else {
      this.failed('write', new Error(health.error))
      this.scheduleRetry()
    }
  }
}
