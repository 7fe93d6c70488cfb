/**
 * Refusal logging that a client cannot turn into a flood: the first refusal of each kind in a
 * window is logged (attacker-controlled fields cut short), the others are only counted, and one
 * summary line per kind says how many were suppressed. Every refusal is also counted in metrics.
 */
import type { Logger } from '../logger.ts'

export interface RefusalLogOptions {
  /** Window after which counts are summarised and the next refusal is logged again, in ms. Defaults to 10000. */
  windowMs: number
  /** Longest string field written, in characters (longer ones end with « … »). Defaults to 120. */
  maxFieldLength: number
}

export const DEFAULT_REFUSAL_LOG_OPTIONS: RefusalLogOptions = { windowMs: 10_000, maxFieldLength: 120 }

export interface RefusalLog {
  /** One refusal: `code` is its error code, `fields` what the log line should say about it. */
  (event: string, code: string, fields?: Record<string, unknown>): void
  /** Counts a refusal in metrics without logging it (frames already have their debug line). */
  count(code: string): void
  /** Writes the pending summaries and stops the timer. */
  close(): void
}

/** A string cut to `max` characters, with its original length; other values unchanged. */
export function truncateField(value: unknown, max: number): unknown {
  if (typeof value !== 'string' || value.length <= max) return value
  return `${value.slice(0, max)}… (${value.length} chars)`
}

export function createRefusalLog(
  logger: Logger,
  onRefusal: (code: string) => void = () => {},
  options: Partial<RefusalLogOptions> = {},
): RefusalLog {
  const o = { ...DEFAULT_REFUSAL_LOG_OPTIONS, ...options }
  const suppressed = new Map<string, { event: string; code: string; count: number }>()
  const logged = new Set<string>()

  function flush(): void {
    for (const { event, code, count } of suppressed.values())
      if (count > 0)
        logger.warn(
          { event, code, suppressed: count, windowMs: o.windowMs },
          `${count} more ${event} (${code}) in the last ${o.windowMs / 1000} s`,
        )
    suppressed.clear()
    logged.clear()
  }
  const timer = setInterval(flush, o.windowMs)
  timer.unref()

  const log = (event: string, code: string, fields: Record<string, unknown> = {}) => {
    onRefusal(code)
    const key = `${event}\u0000${code}`
    if (logged.has(key)) {
      const s = suppressed.get(key) ?? { event, code, count: 0 }
      s.count++
      suppressed.set(key, s)
      return
    }
    logged.add(key)
    const safe = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, truncateField(v, o.maxFieldLength)]))
    logger.info({ event, code, ...safe }, `${event}: ${code}`)
  }
  return Object.assign(log, {
    count: onRefusal,
    close() {
      clearInterval(timer)
      flush()
    },
  })
}
