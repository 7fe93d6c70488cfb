// Staff upload end to end in real Chromium: /admin (token asked once) sends a PDF with its
// metadata from the upload panel, shows progress and the result; then, on the chat page, a
// question only the new document answers gets a card citing its page. `npm test` builds first;
// in a lone run call `npm run build` before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { makeReportPdf } from '../../scripts/ingest-fixtures.ts'
import { askInChat, collectPageErrors, launch, openChat } from '../client/browser.ts'
import { startUploadServer, TOKEN, type UploadServer } from '../helpers/uploads.ts'

let server: UploadServer
let browser: Browser

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startUploadServer(), launch()])
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('upload through /admin', () => {
  it('uploads a PDF, reports progress, and the new document answers with its page in the citation', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    const errors: string[] = []
    collectPageErrors(page, errors)
    await page.goto(`${server.url}/admin`)
    await page.getByLabel('Staff token').fill(TOKEN)
    await page.getByRole('button', { name: 'Open' }).click()
    const panel = page.locator('#upload')
    await panel.waitFor()

    await panel
      .locator('input[type=file]')
      .setInputFiles({ name: 'rapport.pdf', mimeType: 'application/pdf', buffer: await makeReportPdf() })
    await panel.getByLabel('Title', { exact: true }).fill('Le travail saisonnier dans les vignobles')
    await panel.getByLabel(/Short title/).fill('Travail saisonnier')
    await panel.getByLabel('Year').fill('2019')
    await panel.getByLabel(/^Id/).fill('saisonniers')
    const seen = await page.evaluateHandle(() => {
      const texts: string[] = []
      const status = document.querySelector('#upload .upload-status')!
      new MutationObserver(() => texts.push(status.textContent ?? '')).observe(status, {
        childList: true,
        characterData: true,
        subtree: true,
      })
      return texts
    })
    await panel.getByRole('button', { name: 'Upload' }).click()
    await page.waitForFunction(() => /Added|Not added/.test(document.querySelector('#upload .upload-status')?.textContent ?? ''))
    expect(await panel.locator('.upload-status').textContent()).toMatch(/Added “saisonniers”: 3 pages, 10 paragraphs/)
    // Progress was shown on the way: sending, then the server's stages polled by upload id.
    const texts = (await seen.jsonValue()) as string[]
    expect(texts.some((t) => /^Sending|^Sent|^Received|^Read page|^Parsed|^Indexing/.test(t))).toBe(true)

    await openChat(page, `${server.url}/`)
    await askInChat(page, 'Comment sont payés les cueilleurs de safran du Quercy ?')
    const card = page.locator('.sc-card').first()
    await card.waitFor()
    expect(await card.getAttribute('data-document')).toBe('saisonniers')
    expect(await card.locator('.sc-label').textContent()).toBe('§ 4, p. 2')
    expect(await card.locator('.sc-card-title').textContent()).toBe('Travail saisonnier (2019)')
    expect(errors).toEqual([])
    await context.close()
  })
})
