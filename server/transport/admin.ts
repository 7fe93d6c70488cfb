/**
 * The staff API under /api/admin (behind requireAdmin) and the /admin page. JSON for the page and
 * for scripts; the CSV export; the status chart as SVG. Reads go straight to the Store, so every
 * replica sharing PostgreSQL shows the same log. A database that cannot be reached answers
 * `storage_unavailable`; answering questions is unaffected.
 */
import express, { type Request, type Response } from 'express'
import { z } from 'zod'
import type { Corpus } from '../corpus/types.ts'
import type { QuestionLog } from '../storage/question-log.ts'
import { groupQuestions, toCsv, toSeries } from '../storage/report.ts'
import type { QuestionQuery, QuestionRecord, Store } from '../storage/types.ts'
import { adminEnabled, requireAdmin } from './admin-auth.ts'
import { statusChartSvg } from './admin-chart.ts'
import { adminPage } from './admin-page.ts'
import { sendError } from './rest.ts'

export interface AdminDeps {
  token: string
  store: Store
  log: QuestionLog
  corpus: () => Corpus
}

const DAY_MS = 86_400_000
/** Questions scanned for the unanswered report: enough for months of a busy intranet. */
const REPORT_SCAN = 10_000
const PASSAGE_CHARS = 280

const status = z.enum(['answered', 'uncertain', 'no_match'])
const since = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const t = /^\d+$/.test(s) ? Number(s) : Date.parse(s)
    if (Number.isNaN(t)) ctx.addIssue({ code: 'custom', message: 'must be a date (2026-01-31) or epoch milliseconds' })
    return t
  })
const questionsQuery = z.object({
  status: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(status, { error: 'must be answered, uncertain or no_match (comma-separated)' }))
    .optional(),
  since: since.optional(),
  q: z.string().max(200, 'must be at most 200 characters').optional(),
  limit: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().min(1).max(10_000)).optional(),
})
const daysQuery = z.object({
  days: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().min(1).max(3660)).optional(),
})

/** Answers per day and status over the last `days` (30 when not given), as the report and its chart show them. */
async function dailySeries(store: Store, days = 30): Promise<{ from: number; series: ReturnType<typeof toSeries> }> {
  const from = Date.now() - days * DAY_MS
  return { from, series: toSeries(await store.statusCounts(from, DAY_MS), from, Date.now(), DAY_MS) }
}

/** Parses `req.query` or answers 400 bad_message naming the parameter; null when answered. */
function parse<T>(schema: z.ZodType<T>, req: Request, res: Response): T | null {
  const single = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]))
  const r = schema.safeParse(single)
  if (r.success) return r.data
  const issue = r.error.issues[0]!
  sendError(res, 'bad_message', `${issue.path.join('.') || 'query'}: ${issue.message}`)
  return null
}

/** Runs a Store read; a database failure becomes 503 storage_unavailable. */
function guarded(handler: (req: Request, res: Response) => Promise<void>): express.RequestHandler {
  return (req, res) =>
    handler(req, res).catch(() => {
      if (!res.headersSent)
        sendError(res, 'storage_unavailable', 'The database is unreachable; the staff view cannot read the log right now.')
    })
}

export interface PassageInfo {
  id: string
  document: string
  /** shortTitle (year). */
  source: string
  reference: string
  /** The paragraph's first characters. */
  text: string
}

/** What the page shows for a paragraph id: its document, reference and the start of its text. */
function passageTable(corpus: Corpus): Map<string, PassageInfo> {
  const byId = new Map<string, PassageInfo>()
  for (const d of corpus.documents) {
    for (const p of d.paragraphs) {
      const text = p.text.length > PASSAGE_CHARS ? `${p.text.slice(0, PASSAGE_CHARS)}…` : p.text
      byId.set(p.id, { id: p.id, document: d.id, source: `${d.shortTitle} (${d.year})`, reference: p.label, text })
    }
  }
  return byId
}

type WithParagraphs = Array<{ paragraphs: QuestionRecord['paragraphs'] }>

export function adminApi(deps: AdminDeps): express.Router {
  const { store } = deps
  // Rebuilt only when the engine host swaps in a new corpus.
  const tables = new WeakMap<Corpus, Map<string, PassageInfo>>()
  const passages = (records: WithParagraphs): Record<string, PassageInfo> => {
    const corpus = deps.corpus()
    let table = tables.get(corpus)
    if (!table) tables.set(corpus, (table = passageTable(corpus)))
    const out: Record<string, PassageInfo> = {}
    for (const r of records)
      for (const p of r.paragraphs) {
        const found = table.get(p.id)
        if (found) out[p.id] = found
      }
    return out
  }
  const router = express.Router()
  router.use('/admin', requireAdmin(deps.token), (_req, res, next) => {
    // Delegates' questions and comments: not kept in the staff browser's disk cache.
    res.setHeader('Cache-Control', 'no-store')
    next()
  })

  router.get(
    '/admin/questions',
    guarded(async (req, res) => {
      const q = parse(questionsQuery, req, res)
      if (!q) return
      const questions = await store.questions(q as QuestionQuery)
      res.json({ questions, passages: passages(questions) })
    }),
  )
  router.get(
    '/admin/questions.csv',
    guarded(async (req, res) => {
      const q = parse(questionsQuery, req, res)
      if (!q) return
      const csv = toCsv(await store.questions({ limit: 10_000, ...(q as QuestionQuery) }))
      res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', 'attachment; filename="sourcier-questions.csv"')
      // The UTF-8 byte order mark: without it Excel reads the file as Windows-1252 and every
      // accented question shows as « rÃ©fugiÃ©s ». LibreOffice and CSV libraries skip it.
      res.send(`\uFEFF${csv}`)
    }),
  )
  router.get(
    '/admin/feedback',
    guarded(async (req, res) => {
      const q = parse(z.object({ since: since.optional() }), req, res)
      if (!q) return
      const feedback = await store.feedback({ since: q.since })
      res.json({ feedback, passages: passages(feedback.flatMap((f) => (f.answer ? [f.answer] : []))) })
    }),
  )
  router.get(
    '/admin/report',
    guarded(async (req, res) => {
      const q = parse(daysQuery, req, res)
      if (!q) return
      const { from, series } = await dailySeries(store, q.days)
      const failed = await store.questions({ status: ['no_match', 'uncertain'], since: from, limit: REPORT_SCAN })
      const unanswered = groupQuestions(failed)
      res.json({ since: from, series, unanswered, passages: passages(unanswered), storage: deps.log.state() })
    }),
  )
  router.get(
    '/admin/chart.svg',
    guarded(async (req, res) => {
      const q = parse(daysQuery, req, res)
      if (!q) return
      const { series } = await dailySeries(store, q.days)
      res.type('image/svg+xml').send(statusChartSvg(series))
    }),
  )
  return router
}

/** GET /admin: the page (404 without ADMIN_TOKEN). The page itself holds no data; its API calls carry the token. */
export function adminPageRoute(token: string): express.Router {
  const router = express.Router()
  router.get(['/admin', '/admin/'], adminEnabled(token), (_req, res) => {
    res.type('html').send(adminPage())
  })
  return router
}
