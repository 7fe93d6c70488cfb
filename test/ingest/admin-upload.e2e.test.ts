// Staff upload end to end in real Chromium: the upload panel (client/src/admin/upload.ts) sends a
// PDF with its metadata, shows progress and the result; then a delegate's question that only the
// new document answers gets a card citing its page. `npm test` builds first; in a lone run call
// `npm run build` before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { makeReportPdf } from '../../scripts/ingest-fixtures.ts'
import { bundleExport, launch } from '../client/browser.ts'
import { startUploadServer, TOKEN, type UploadServer } from '../helpers/uploads.ts'

let server: UploadServer
let browser: Browser
let panel: string

beforeAll(async () => {
  ;[server, browser, panel] = await Promise.all([startUploadServer(), launch(), bundleExport('client/src/admin/upload.ts', 'mountUploadPanel')])
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('upload through the staff panel', () => {
  it('uploads a PDF, reports progress, and the new document answers with its page in the citation', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    await page.goto(`${server.url}/`)
    await page.waitForSelector('.sourcier[data-status=online]')
    // The panel is mounted on the chat page: evaluated through DevTools, as the CSP refuses script tags.
    await page.evaluate(panel)
    await page.evaluate((token) => {
      const root = document.createElement('div')
      root.id = 'staff'
      document.body.prepend(root)
      const w = window as unknown as { mountUploadPanel(r: HTMLElement, o: object): void }
      w.mountUploadPanel(root, { token: () => token, pollMs: 50 })
    }, TOKEN)

    await page.setInputFiles('#staff input[type=file]', { name: 'rapport.pdf', mimeType: 'application/pdf', buffer: await makeReportPdf() })
    await page.fill('#staff input[name=title]', 'Le travail saisonnier dans les vignobles')
    await page.fill('#staff input[name=shortTitle]', 'Travail saisonnier')
    await page.fill('#staff input[name=year]', '2019')
    await page.fill('#staff input[name=id]', 'saisonniers')
    // The chat page's full-height layout covers the panel set above it: submit the form itself.
    await page.$eval('#staff form', (f) => (f as HTMLFormElement).requestSubmit())
    const seen = await page.evaluateHandle(() => {
      const texts: string[] = []
      const status = document.querySelector('#staff .upload-status')!
      new MutationObserver(() => texts.push(status.textContent ?? '')).observe(status, { childList: true, characterData: true, subtree: true })
      return texts
    })
    await page.waitForFunction(() => /Added|Not added/.test(document.querySelector('#staff .upload-status')?.textContent ?? ''))
    expect(await page.textContent('#staff .upload-status')).toMatch(/Added “saisonniers”: 3 pages, 10 paragraphs/)
    // Progress was shown on the way (sending, then the server's stages polled by upload id).
    const texts = (await seen.jsonValue()) as string[]
    expect(texts.some((t) => /^Sending|^Sent|^Received|^Read page|^Parsed|^Indexing/.test(t))).toBe(true)

    await page.getByRole('textbox', { name: /Votre question|Your question/ }).fill('Comment sont payés les cueilleurs de safran du Quercy ?')
    await page.keyboard.press('Enter')
    const card = page.locator('.sc-card').first()
    await card.waitFor()
    expect(await card.getAttribute('data-document')).toBe('saisonniers')
    expect(await card.locator('.sc-label').textContent()).toBe('§ 4, p. 2')
    expect(await card.locator('.sc-card-title').textContent()).toBe('Travail saisonnier (2019)')
    expect(errors).toEqual([])
    await context.close()
  })
})
