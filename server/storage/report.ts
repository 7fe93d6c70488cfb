/**
 * What the staff view computes from the log: questions the corpus failed (no_match, uncertain)
 * grouped by normalized text, most frequent first; the CSV export; the time buckets of the chart.
 * Pure functions over Store results, the same for both backends.
 */
import { normalizeQuestion } from './normalize.ts'
import type { LoggedStatus, QuestionRecord, StatusCount } from './types.ts'

export interface QuestionGroup {
  /** The grouping key (normalizeQuestion); empty for asks logged without their text. */
  normalized: string
  /** The latest wording asked, or null when LOG_QUESTIONS=false. */
  question: string | null
  count: number
  byStatus: Partial<Record<LoggedStatus, number>>
  /** Epoch ms of the latest ask. */
  lastAt: number
  /** The passages that came nearest in the latest ask, best first. */
  paragraphs: QuestionRecord['paragraphs']
}

/** Groups asks by normalized text, most frequent first (then most recent). `records` newest first. */
export function groupQuestions(records: QuestionRecord[], limit = 50): QuestionGroup[] {
  const groups = new Map<string, QuestionGroup>()
  for (const r of records) {
    const key = r.question === null ? '' : normalizeQuestion(r.question)
    let g = groups.get(key)
    if (!g) {
      // Newest first: the first record seen is the latest, whose wording and passages are shown.
      g = { normalized: key, question: r.question, count: 0, byStatus: {}, lastAt: r.at, paragraphs: r.paragraphs }
      groups.set(key, g)
    }
    g.count++
    g.byStatus[r.status] = (g.byStatus[r.status] ?? 0) + 1
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.lastAt - a.lastAt).slice(0, limit)
}

export const CSV_HEADER = ['at', 'answer_id', 'status', 'language', 'via', 'took_ms', 'documents', 'paragraphs', 'question']

/**
 * One CSV field (RFC 4180 quoting). A value starting with = + - @ is prefixed with ' so that a
 * spreadsheet shows a typed question instead of running it as a formula. So is such a character
 * after a ; tab or line break inside the value: French Excel splits a .csv on ; (its list
 * separator) and does not honour quotes that open mid-field, so « asile;=1+1 » would otherwise
 * become a cell « =1+1 ». Fields holding ; or tab are quoted too, for the parsers that do.
 */
export function csvField(value: string): string {
  const safe = value.replace(/^(?=[=+\-@\t\r])/, "'").replace(/([;\t\r\n])(?=[=+\-@])/g, "$1'")
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

export function toCsv(records: QuestionRecord[]): string {
  const lines = [CSV_HEADER.join(',')]
  for (const r of records) {
    lines.push(
      [
        new Date(r.at).toISOString(),
        r.answerId,
        r.status,
        r.language,
        r.via,
        String(r.tookMs),
        (r.documents ?? []).join(' '),
        r.paragraphs.map((p) => `${p.id}:${p.score}`).join(' '),
        r.question ?? '',
      ]
        .map(csvField)
        .join(','),
    )
  }
  return `${lines.join('\r\n')}\r\n`
}

export interface ChartSeries {
  /** Bucket starts, epoch ms, oldest first, every bucket present (zeros included). */
  buckets: number[]
  counts: Record<LoggedStatus, number[]>
}

export const STATUSES: LoggedStatus[] = ['answered', 'uncertain', 'no_match']

/** Dense series from the Store's sparse counts: every bucket from `since` to `until`. */
export function toSeries(counts: StatusCount[], since: number, until: number, bucketMs: number): ChartSeries {
  const first = Math.floor(since / bucketMs) * bucketMs
  const buckets: number[] = []
  for (let t = first; t <= until; t += bucketMs) buckets.push(t)
  const index = new Map(buckets.map((t, i) => [t, i]))
  const series = Object.fromEntries(STATUSES.map((s) => [s, buckets.map(() => 0)])) as Record<LoggedStatus, number[]>
  for (const c of counts) {
    const i = index.get(c.bucket)
    if (i !== undefined && series[c.status]) series[c.status][i]! += c.count
  }
  return { buckets, counts: series }
}
