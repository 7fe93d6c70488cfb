// The staff view end to end: a real server with a staff token, the built admin bundle, real
// Chromium. The token is asked once per browser session; a question asked through the API shows
// up in the log, the unanswered report and the feedback list. `npm run build` first in a lone run.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../helpers/server.ts'
import { BACKENDS, testStore, type BackendName } from '../helpers/databases.ts'
import { axeSerious, collectPageErrors, launch, VIEWPORTS } from './browser.ts'

const TOKEN = 'staff-token-for-the-browser-test'
const ASKED = 'envois de fonds des migrants'
const MISSED = 'zqxw frobnication quantique martienne'

/** One server per backend, each with the same questions and vote logged. */
const servers = {} as Record<BackendName, RunningServer>
const stores: Array<Awaited<ReturnType<typeof testStore>>> = []
let server: RunningServer
let browser: Browser
const contexts: BrowserContext[] = []
const pageErrors: string[] = []

async function seeded(backend: BackendName): Promise<RunningServer> {
  const db = await testStore(backend)
  stores.push(db)
  const s = await startServer({ adminToken: TOKEN }, undefined, { store: db.store })
  const answered = (await (await fetch(`${s.url}/api/ask?q=${encodeURIComponent(ASKED)}`)).json()) as { answerId: string }
  await fetch(`${s.url}/api/ask?q=${encodeURIComponent(MISSED)}`)
  await fetch(`${s.url}/api/ask?q=${encodeURIComponent(MISSED)}`)
  const vote = await fetch(`${s.url}/api/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ answerId: answered.answerId, vote: 'down', reason: 'outdated', comment: 'chiffres anciens' }),
  })
  expect(vote.status).toBe(204)
  return s
}

beforeAll(async () => {
  browser = await launch()
  for (const backend of BACKENDS) servers[backend] = await seeded(backend)
  server = servers.sqlite
})
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()))
  expect(pageErrors.splice(0)).toEqual([])
})
afterAll(async () => {
  await browser?.close()
  for (const s of Object.values(servers)) await s.close()
  for (const db of stores) await db.cleanup()
})

async function open(base = server.url): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop })
  contexts.push(context)
  const page = await context.newPage()
  collectPageErrors(page, pageErrors)
  await page.goto(`${base}/admin`)
  return page
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('Staff token').fill(token)
  await page.getByRole('button', { name: 'Open' }).click()
}

describe('/admin in Chromium', () => {
  it.each(BACKENDS)(
    'on %s: asks for the token, then shows the logged question, the grouped unanswered one, the feedback and the chart',
    async (backend) => {
      const page = await open(servers[backend].url)
      await signIn(page, TOKEN)
      const log = page.locator('#log table')
      await expect.poll(() => log.textContent(), { timeout: 15_000 }).toContain(ASKED)
      const unanswered = await page.locator('#unanswered table').textContent()
      expect(unanswered).toContain(MISSED)
      expect(unanswered).toMatch(/^Unanswered.*Times.*\b2\b/s)
      const feedback = await page.locator('#feedback table').textContent()
      expect(feedback).toContain('chiffres anciens')
      expect(feedback).toContain(ASKED)
      expect(await page.locator('#chart svg[role=img] rect').count()).toBeGreaterThan(3)
      expect(await axeSerious(page)).toEqual([])
    },
  )

  it('keeps the token for the browser session (no second prompt on reload) and searches the log', async () => {
    const page = await open()
    await signIn(page, TOKEN)
    await page.locator('#log table').waitFor()
    await page.reload()
    await page.locator('#log table').waitFor()
    expect(await page.getByLabel('Staff token').count()).toBe(0)
    await page.getByLabel('Words').fill('frobnication')
    await page.getByRole('button', { name: 'Search' }).click()
    await expect.poll(async () => page.locator('#log tbody tr').count(), { timeout: 10_000 }).toBe(2)
    expect(await page.locator('#log tbody').textContent()).not.toContain(ASKED)
  })

  it('a wrong token brings the prompt back with a message', async () => {
    const page = await open()
    await signIn(page, 'not-the-staff-token-at-all')
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').textContent()).toContain('refused')
    expect(await page.getByLabel('Staff token').count()).toBe(1)
  })
})
