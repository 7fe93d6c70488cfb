// widget.js end to end: the real Sourcier server, host pages served from other origins by a
// second plain HTTP server, and real Chromium.
import http from 'node:http'
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startServer, type RunningServer } from '../helpers/server.ts'

const SHOTS = '/tmp/shots-widget'
const QUESTION = 'transferts de fonds des migrants'

interface HostPage {
  html: string
  headers?: Record<string, string>
}

/** A plain HTTP server for host pages: the intranet site that embeds the widget. */
async function startHost(pages: Map<string, HostPage>) {
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname
    if (pathname === '/favicon.ico') return res.writeHead(204).end()
    const page = pages.get(pathname)
    if (!page) return res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers }).end(page.html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // "localhost" and the Sourcier server's "127.0.0.1" are different sites, as an intranet and its Sourcier would be.
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const snippet = (server: string, attrs = '') =>
  `<script src="${server}/widget.js" data-server="${server}"${attrs ? ' ' + attrs : ''} async></script>`

const hostHtml = (body: string, head = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Intranet</title>${head}</head><body><h1>Intranet</h1><p>Welcome to the staff intranet.</p><a href="#top">A link of the host page</a>${body}</body></html>`

const HOSTILE_CSS = `<style>
  * { all: unset; }
  html { font-size: 40px !important; }
  body { font: 38px/3 "Comic Sans MS", cursive !important; color: lime !important; letter-spacing: 4px; }
  button { display: none !important; }
  div, section, ol, li, p, h2, h3, textarea, input { background: yellow !important; border: 9px dashed red !important; padding: 30px !important; margin: 20px !important; }
  mark { background: red !important; color: white !important; }
  [class], [class] * { box-sizing: content-box !important; }
  sourcier-widget { display: none !important; }
  .sourcier, .sw, .sw-panel, .sw-launcher { display: none !important; }
</style>`

/** The focused element, looking through open shadow roots. */
const deepActive = (page: Page) =>
  page.evaluate(() => {
    let a: Element | null = document.activeElement
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement
    return a ? { tag: a.tagName.toLowerCase(), inWidget: a.getRootNode() !== document, label: a.getAttribute('aria-label') ?? a.textContent?.trim() ?? '' } : null
  })

let sourcier: RunningServer
let host: Awaited<ReturnType<typeof startHost>>
let stranger: Awaited<ReturnType<typeof startHost>>
let browser: Browser
const pages = new Map<string, HostPage>()

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  host = await startHost(pages)
  stranger = await startHost(pages)
  sourcier = await startServer({ allowedOrigins: [host.origin] })
  const s = sourcier.url
  pages.set('/', { html: hostHtml(snippet(s)) })
  pages.set('/hostile', { html: hostHtml(snippet(s), HOSTILE_CSS) })
  pages.set('/csp', {
    html: hostHtml(snippet(s)),
    headers: {
      'content-security-policy': `default-src 'none'; script-src 'self' ${s}; style-src 'self' ${s}; connect-src ${s} ${sourcier.wsUrl.replace(/\/ws$/, '')}; img-src 'self'`,
    },
  })
  pages.set('/inline', {
    html: hostHtml(`<section id="help-desk"><h2>Help desk</h2><div id="assistant"></div></section>${snippet(s, 'data-target="#assistant" data-title="Ask the corpus"')}`),
  })
  pages.set('/options', {
    html: hostHtml(snippet(s, 'data-position="left" data-language="en" data-title="Policy finder" data-accent="#0a7d4f" data-open')),
  })
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
})

afterAll(async () => {
  await browser?.close()
  await sourcier?.close()
  await host?.close()
  await stranger?.close()
})

async function openPage(url: string, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text())
  })
  await page.goto(url)
  await page.waitForFunction(() => 'Sourcier' in window)
  return { context, page, errors }
}

const launcher = (page: Page) => page.locator('sourcier-widget .sw-launcher')
const panel = (page: Page) => page.locator('sourcier-widget .sw-panel')
const input = (page: Page) => page.locator('sourcier-widget .sc-input')
const cards = (page: Page) => page.locator('sourcier-widget .sc-card')

/** Types a question into the widget's chat and waits for the first cited extract. */
async function askInPanel(page: Page, question = QUESTION) {
  await input(page).fill(question)
  await input(page).press('Enter')
  await cards(page).first().waitFor()
}

describe('widget.js on a host page of another origin', () => {
  it('the one-line snippet shows a launcher and nothing else until opened', async () => {
    const { context, page, errors } = await openPage(`${host.origin}/`)
    await expect.poll(() => launcher(page).isVisible()).toBe(true)
    expect(await panel(page).isVisible()).toBe(false)
    const box = (await launcher(page).boundingBox())!
    // Bottom-right corner by default.
    expect(box.x + box.width).toBeGreaterThan(1280 - 60)
    expect(box.y + box.height).toBeGreaterThan(800 - 60)
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false')
    // The only global the widget adds.
    const globals = await page.evaluate(() => Object.keys(window).filter((k) => /sourcier/i.test(k)))
    expect(globals).toEqual(['Sourcier'])
    await page.screenshot({ path: `${SHOTS}/host-closed-desktop.png` })
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('asking through the widget', () => {
  it('opens from the launcher, asks, shows a cited extract with highlights, and copies it for an email', async () => {
    const { context, page, errors } = await openPage(`${host.origin}/`)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin })
    await launcher(page).click()
    expect(await panel(page).isVisible()).toBe(true)
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true')
    // Focus goes into the panel, onto the question box once the chat is mounted.
    await expect.poll(async () => (await deepActive(page))?.tag).toBe('textarea')
    await page.screenshot({ path: `${SHOTS}/host-open-desktop.png` })
    await askInPanel(page)
    const card = cards(page).first()
    const quote = (await card.locator('.sc-quote').textContent())!
    expect(quote.length).toBeGreaterThan(40)
    // The extract is the corpus's own words: it occurs verbatim in a paragraph of the engine's corpus.
    const corpusText = sourcier.engine.corpus.documents.flatMap((d) => d.paragraphs.map((p) => p.text)).join('\n')
    const card0Title = (await card.locator('.sc-card-title').textContent())!
    expect(sourcier.engine.corpus.documents.some((d) => card0Title.includes(d.shortTitle))).toBe(true)
    expect(corpusText).toContain(quote.replace(/^«\s*|\s*»$/g, '').slice(0, 40))
    await page.screenshot({ path: `${SHOTS}/host-answer-desktop.png` })

    await card.getByRole('button', { name: /^Cop(ier|y)/ }).first().click()
    const clip = await page.evaluate(() => navigator.clipboard.readText())
    expect(clip).toContain('«')
    expect(clip).toMatch(/Sources?\s*:?/)
    expect(clip).toContain(card0Title.trim().slice(0, 10))
    expect(errors).toEqual([])
    await context.close()
  })
})
