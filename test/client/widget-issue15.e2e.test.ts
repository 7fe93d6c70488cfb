// The widget's share of issue 15: its API asks with a document filter and opens a paragraph, and
// the rough edges of the widget on a host page, in real Chromium against the real server. The host
// page is the server's own widget demo: an intranet page with its own banner, navigation and main.
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { axeSerious, axeViolations, launch } from './browser.ts'
import { startServer, type RunningServer } from '../helpers/server.ts'

const SHOTS = '/tmp/shots-issue15'
const NONSENSE = ['zqxw frobnication quantique du blockchain martien', 'glorpt vexillologie des licornes']

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  ;[server, browser] = await Promise.all([startServer(), launch()])
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function demo(
  viewport = { width: 1280, height: 800 },
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce', locale: 'fr-FR', colorScheme })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  await page.goto(`${server.url}/widget-demo.html`)
  await page.waitForFunction(() => 'Sourcier' in window)
  return { context, page, errors }
}

const inWidget = (page: Page, selector: string) => page.locator(`sourcier-widget ${selector}`)

async function waitForTurns(page: Page, n: number) {
  await page.waitForFunction(
    (count) => document.querySelector('sourcier-widget')?.shadowRoot?.querySelectorAll('.sc-turn:not([aria-busy])').length === count,
    n,
  )
}

describe('widget API (issue 15)', () => {
  it('Sourcier.ask(question, { documents }) asks within those documents and the turn shows the filter', async () => {
    const { context, page, errors } = await demo()
    const doc = server.engine.corpus.documents[1]!
    await page.evaluate((id) => window.Sourcier!.ask('migration et développement', { documents: [id] }), doc.id)
    await waitForTurns(page, 1)
    const docs = await inWidget(page, '.sc-card').evaluateAll((els) => els.map((el) => el.getAttribute('data-document')))
    expect(new Set(docs)).toEqual(new Set([doc.id]))
    expect(await inWidget(page, '.sc-filter-chip').textContent()).toBe(`Dans : ${doc.shortTitle} (${doc.year})`)
    await expect(page.evaluate(() => window.Sourcier!.ask('x', { documents: 'idm' as unknown as string[] }))).rejects.toThrow(
      /documents must be an array/,
    )
    expect(errors).toEqual([])
    await context.close()
  })

  it('« Partager » in the widget copies a ?q= link to the Sourcier server’s own page, not the host page', async () => {
    const { context, page, errors } = await demo()
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
    await page.evaluate(() => window.Sourcier!.ask('envois de fonds des migrants'))
    await waitForTurns(page, 1)
    await inWidget(page, '.sc-share').click()
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.url}/?q=envois+de+fonds+des+migrants`)
    expect(errors).toEqual([])
    await context.close()
  })

  it('Sourcier.show(paragraphId) opens the panel on that paragraph', async () => {
    const { context, page, errors } = await demo()
    const id = server.engine.corpus.documents[0]!.paragraphs[5]!.id
    await page.evaluate((p) => window.Sourcier!.show(p), id)
    await inWidget(page, '.sc-reader .sc-para--cited').waitFor()
    expect(await inWidget(page, '.sc-reader .sc-para--cited').getAttribute('data-paragraph')).toBe(id)
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('widget rough edges (regressions)', () => {
  it('regression: with the reader open the panel shows one « × », the reader going back with « ‹ Retour »', async () => {
    const { context, page, errors } = await demo()
    await page.getByRole('button', { name: 'Ask about remittances' }).click()
    await inWidget(page, '.sc-card').first().waitFor()
    await inWidget(page, '.sc-card')
      .first()
      .getByRole('button', { name: /^Voir dans le document/ })
      .click()
    await inWidget(page, '.sc-reader .sc-para--cited').waitFor()
    const crosses = await page.evaluate(
      () =>
        [...document.querySelector('sourcier-widget')!.shadowRoot!.querySelectorAll('button')].filter(
          (b) => b.textContent?.trim() === '×' && b.getClientRects().length > 0,
        ).length,
    )
    expect(crosses).toBe(1)
    const back = inWidget(page, '.sc-reader').getByRole('button', { name: 'Retour à la conversation' })
    expect(await back.textContent()).toBe('‹ Retour')
    await page.screenshot({ path: `${SHOTS}/widget-reader.png` })
    await back.click()
    expect(await inWidget(page, '.sc-reader').isHidden()).toBe(true)
    expect(await inWidget(page, '.sw-panel').isVisible()).toBe(true)
    expect(errors).toEqual([])
    await context.close()
  })

  it('regression: the host page has one banner and unique landmarks with the widget open (axe landmark-no-duplicate-banner, landmark-unique)', async () => {
    const { context, page, errors } = await demo()
    await page.getByRole('button', { name: 'Open the assistant' }).click()
    await inWidget(page, '.sc-input').waitFor()
    for (const [i, q] of NONSENSE.entries()) {
      await inWidget(page, '.sc-input').fill(q)
      await inWidget(page, '.sc-input').press('Enter')
      await waitForTurns(page, i + 1)
    }
    const violations = await axeViolations(page)
    expect(violations.filter((v) => v.id.startsWith('landmark'))).toEqual([])
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  })

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`the dossier opens in the widget at phone size (${colorScheme}), exports a .docx, and « ‹ Retour » goes back to the conversation`, async () => {
      const { context, page, errors } = await demo({ width: 390, height: 844 }, colorScheme)
      await page.evaluate(() => window.Sourcier!.ask('envois de fonds des migrants'))
      await inWidget(page, '.sc-card').first().waitFor()
      await inWidget(page, '.sc-card .sc-pin').first().click()
      await inWidget(page, '.sc-dossier-btn').click()
      await inWidget(page, '.sc-dossier-item').waitFor()
      expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth)).toBe(0)
      await page.screenshot({ path: `${SHOTS}/widget-dossier-phone-${colorScheme}.png` })
      expect(await axeSerious(page)).toEqual([])
      // The Word export's bundle is fetched from the Sourcier server into the host page on first use.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        inWidget(page, '.sc-dossier').getByRole('button', { name: 'Télécharger (.docx)' }).click(),
      ])
      expect(download.suggestedFilename()).toBe('sourcier-dossier.docx')
      await inWidget(page, '.sc-dossier').getByRole('button', { name: 'Retour à la conversation' }).click()
      expect(await inWidget(page, '.sc-dossier').isHidden()).toBe(true)
      expect(errors).toEqual([])
      await context.close()
    })
  }

  it('regression docx-second-global: a Word export leaves no global but window.Sourcier on the host page', async () => {
    const { context, page, errors } = await demo({ width: 1280, height: 800 }, 'light')
    await page.evaluate(() => window.Sourcier!.ask('envois de fonds des migrants'))
    await inWidget(page, '.sc-card .sc-pin').first().click()
    await inWidget(page, '.sc-dossier-btn').click()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      inWidget(page, '.sc-dossier').getByRole('button', { name: 'Télécharger (.docx)' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('sourcier-dossier.docx')
    expect(await page.evaluate(() => 'SourcierDocx' in window)).toBe(false)
    expect(errors).toEqual([])
    await context.close()
  })
})
