// The staff API through a real server on both backends: the Bearer check (404 without a
// configured token, 401, 403), the questions query and its filters, the CSV export, the feedback
// list with its answers, the unanswered report grouped by normalized text, the SVG chart.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { serversClosedAfterEach, type RunningServer } from '../helpers/server.ts'
import { BACKENDS, questionRecord, testStore } from '../helpers/databases.ts'
import { bearerMatches } from '../../server/transport/admin-auth.ts'
import { csvField } from '../../server/storage/report.ts'
import type { QuestionRecord } from '../../server/storage/types.ts'

const server = serversClosedAfterEach(afterEach)
const TOKEN = 'staff-token-for-tests-0123456789'
const auth = { authorization: `Bearer ${TOKEN}` }
const DAY = 86_400_000

const record = questionRecord

describe('staff token', () => {
  it('without ADMIN_TOKEN, /admin and /api/admin/* do not exist (404), even with a token sent', async () => {
    const s = await server()
    for (const path of ['/admin', '/api/admin/questions', '/api/admin/feedback', '/api/admin/questions.csv']) {
      const res = await fetch(`${s.url}${path}`, { headers: auth })
      expect([path, res.status]).toEqual([path, 404])
    }
  })

  it('401 unauthorized without Bearer (with WWW-Authenticate), 403 forbidden when wrong, 200 when right', async () => {
    const s = await server({ adminToken: TOKEN })
    const none = await fetch(`${s.url}/api/admin/questions`)
    expect([none.status, ((await none.json()) as { code: string }).code]).toEqual([401, 'unauthorized'])
    expect(none.headers.get('www-authenticate')).toContain('Bearer')
    const basic = await fetch(`${s.url}/api/admin/questions`, { headers: { authorization: `Basic ${btoa(`x:${TOKEN}`)}` } })
    expect(basic.status).toBe(401)
    for (const wrong of [`${TOKEN}x`, TOKEN.slice(0, -1), TOKEN.toUpperCase()]) {
      const res = await fetch(`${s.url}/api/admin/questions`, { headers: { authorization: `Bearer ${wrong}` } })
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([403, 'forbidden'])
    }
    expect((await fetch(`${s.url}/api/admin/questions`, { headers: auth })).status).toBe(200)
    expect((await fetch(`${s.url}/api/admin/questions`, { headers: { authorization: `bearer  ${TOKEN}` } })).status).toBe(200)
  })

  it('the /admin page is served without a token (it asks for one) but only when ADMIN_TOKEN is set', async () => {
    const s = await server({ adminToken: TOKEN })
    const res = await fetch(`${s.url}/admin`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toContain('/dist/admin.js')
  })

  it('bearerMatches compares whole tokens', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true)
    expect(bearerMatches(`Bearer ${TOKEN} extra`, TOKEN)).toBe(false)
    expect(bearerMatches('Bearer ', TOKEN)).toBe(false)
    expect(bearerMatches(undefined, TOKEN)).toBe(false)
    expect(bearerMatches('Bearer ', '')).toBe(false)
  })
})

describe.each(BACKENDS)('staff API on %s', (backend) => {
  let db: Awaited<ReturnType<typeof testStore>>
  let s: RunningServer
  const get = (path: string) => fetch(`${s.url}${path}`, { headers: auth })
  beforeEach(async () => {
    db = await testStore(backend)
    s = await server({ adminToken: TOKEN }, undefined, { store: db.store })
  })
  afterEach(async () => {
    await db?.cleanup()
  })

  it('questions: filters by status, since and words; names the nearest passages', async () => {
    const pid = s.engine.corpus.documents[0]!.paragraphs[3]!.id
    const now = Date.now()
    await db.store.logAsks([
      record({ at: now - 3 * DAY, status: 'no_match', question: 'Réfugiés climatiques ?', paragraphs: [{ id: pid, score: 2 }] }),
      record({ at: now - DAY, status: 'uncertain', question: 'refugies du climat' }),
      record({ at: now, status: 'answered', question: 'envois de fonds' }),
    ])
    type Body = { questions: QuestionRecord[]; passages: Record<string, { source: string; reference: string; text: string }> }
    const all = (await (await get('/api/admin/questions')).json()) as Body
    expect(all.questions.map((q) => q.question)).toEqual(['envois de fonds', 'refugies du climat', 'Réfugiés climatiques ?'])
    expect(all.passages[pid]).toMatchObject({ reference: expect.any(String), text: expect.any(String) })
    const failed = (await (await get('/api/admin/questions?status=no_match,uncertain')).json()) as Body
    expect(failed.questions).toHaveLength(2)
    const since = new Date(now - 2 * DAY).toISOString()
    expect(((await (await get(`/api/admin/questions?since=${since}`)).json()) as Body).questions).toHaveLength(2)
    expect(((await (await get(`/api/admin/questions?q=${encodeURIComponent('RÉFUGIÉS')}`)).json()) as Body).questions).toHaveLength(2)
    for (const bad of ['status=lost', 'since=yesterday', 'limit=0']) {
      const res = await get(`/api/admin/questions?${bad}`)
      expect([bad, res.status, ((await res.json()) as { code: string }).code]).toEqual([bad, 400, 'bad_message'])
    }
  })

  it('questions.csv: text/csv with a header row, quoted fields, formulas defused', async () => {
    await db.store.logAsks([
      record({ question: 'virgule, "guillemets"\net ligne', paragraphs: [{ id: 'a-p1', score: 1.5 }] }),
      record({ question: '=HYPERLINK("http://evil")', at: Date.now() - 1 }),
      record({ question: 'asile;=1+1', at: Date.now() - 2 }),
    ])
    const res = await get('/api/admin/questions.csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    const text = await res.text()
    const [header] = text.split('\r\n')
    expect(header).toBe('at,answer_id,status,language,via,took_ms,documents,paragraphs,question')
    expect(text).toContain('"virgule, ""guillemets""\net ligne"')
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`)
    expect(text).toContain('a-p1:1.5')
    // regression: csv-formula-after-semicolon (French Excel splits on ;)
    expect(text).toContain(`"asile;'=1+1"`)
  })

  it('regression: csv-without-bom — the export starts with the UTF-8 byte order mark so that Excel shows « réfugiés »', async () => {
    await db.store.logAsks([record({ question: 'réfugiés climatiques' })])
    const bytes = new Uint8Array(await (await get('/api/admin/questions.csv')).arrayBuffer())
    expect([...bytes.slice(0, 5)]).toEqual([0xef, 0xbb, 0xbf, 0x61, 0x74]) // BOM, then "at"
    expect(new TextDecoder().decode(bytes)).toContain('réfugiés climatiques')
  })

  it('regression: admin-api-cacheable — every staff response is Cache-Control: no-store (delegates’ questions stay off the disk cache)', async () => {
    for (const path of [
      '/api/admin/questions',
      '/api/admin/questions.csv',
      '/api/admin/feedback',
      '/api/admin/report',
      '/api/admin/chart.svg',
      '/api/admin/documents',
    ]) {
      const res = await get(path)
      expect([path, res.status < 500, res.headers.get('cache-control')]).toEqual([path, true, 'no-store'])
    }
  })

  it('feedback: each vote with its answer, newest first', async () => {
    const r = record({ question: 'quota de migrants' })
    await db.store.logAsk(r)
    await db.store.addFeedback({ answerId: r.answerId, vote: 'down', reason: 'outdated', comment: 'chiffres de 2008', at: Date.now() })
    const body = (await (await get('/api/admin/feedback')).json()) as {
      feedback: Array<{ vote: string; reason: string; answer: QuestionRecord }>
    }
    expect(body.feedback).toHaveLength(1)
    expect(body.feedback[0]).toMatchObject({
      vote: 'down',
      reason: 'outdated',
      comment: 'chiffres de 2008',
      answer: { question: 'quota de migrants' },
    })
  })

  it('report: unanswered and uncertain grouped by normalized text, most frequent first; daily series; chart as SVG', async () => {
    const now = Date.now()
    await db.store.logAsks([
      record({ status: 'no_match', question: 'Réfugiés climatiques ?', at: now - 2000 }),
      record({ status: 'no_match', question: 'refugies  CLIMATIQUES', at: now - 1000 }),
      record({ status: 'uncertain', question: 'réfugiés climatiques', at: now }),
      record({ status: 'no_match', question: 'visa étudiant', at: now }),
      record({ status: 'answered', question: 'envois de fonds', at: now }),
    ])
    const body = (await (await get('/api/admin/report?days=7')).json()) as {
      unanswered: Array<{ normalized: string; question: string; count: number; byStatus: Record<string, number> }>
      series: { buckets: number[]; counts: Record<string, number[]> }
    }
    expect(body.unanswered.map((g) => [g.normalized, g.count])).toEqual([
      ['refugies climatiques', 3],
      ['visa etudiant', 1],
    ])
    expect(body.unanswered[0]).toMatchObject({ question: 'réfugiés climatiques', byStatus: { no_match: 2, uncertain: 1 } })
    expect(body.series.buckets.length).toBeGreaterThanOrEqual(7)
    const total = (s: string) => body.series.counts[s]!.reduce((a, b) => a + b, 0)
    expect([total('answered'), total('uncertain'), total('no_match')]).toEqual([1, 1, 3])
    const svg = await get('/api/admin/chart.svg?days=7')
    expect(svg.headers.get('content-type')).toContain('image/svg+xml')
    const markup = await svg.text()
    expect(markup).toMatch(/^<svg [^>]*role="img"/)
    expect(markup).toContain('5 questions')
    expect(markup).not.toMatch(/style=|<script/)
  })
})

describe('CSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['+33 1 23', "'+33 1 23"],
    ['-1', "'-1"],
    ['@sum', "'@sum"],
  ])('%s → %s', (input, out) => {
    expect(csvField(input)).toBe(out)
  })

  // French Excel splits a .csv on ; and ignores a quote that opens mid-field: every piece between
  // ; tab and line breaks becomes a cell (or a row start), and none of them may start a formula.
  it('regression: csv-formula-after-semicolon — no cell starts a formula when a spreadsheet splits on ; tab or line breaks', () => {
    const question = 'asile;=1+1;\n@SUM(A1)\t-2+3\r+cmd;x'
    const field = csvField(question)
    expect(field.startsWith('"')).toBe(true)
    const cells = field.split(/[;\t\r\n]/)
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([])
    expect(field).toBe(`"asile;'=1+1;\n'@SUM(A1)\t'-2+3\r'+cmd;x"`)
    expect(csvField('a;b')).toBe('"a;b"')
    expect(csvField('trait-d’union - moins')).toBe('trait-d’union - moins')
  })
})
