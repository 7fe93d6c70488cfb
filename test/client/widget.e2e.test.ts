// widget.js end to end: the real Sourcier server, host pages served from other origins by a
// second plain HTTP server, and real Chromium.
import http from 'node:http'
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launch } from './browser.ts'
import { startServer, type RunningServer } from '../helpers/server.ts'
import { DEFAULT_WIDGET_OPTIONS } from '../../client/src/widget/options.ts'

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

// Host page elements named like the widget's own: the widget's styles must not reach them.
const LEAK_PROBE = `<div class="sourcier sc-app sw"><p class="sc-title sw-title">Host heading</p><button class="sc-btn sw-launcher">Host button</button><mark>host mark</mark><textarea class="sc-input"></textarea></div>`

/** A document the options page restricts the search to. */
const onlyDocument = () => sourcier.engine.corpus.documents[1]!.id

/** The focused element, looking through open shadow roots. */
const deepActive = (page: Page) =>
  page.evaluate(() => {
    let a: Element | null = document.activeElement
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement
    return a
      ? {
          tag: a.tagName.toLowerCase(),
          inWidget: a.getRootNode() !== document,
          label: a.getAttribute('aria-label') ?? a.textContent?.trim() ?? '',
        }
      : null
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
      'content-security-policy': `default-src 'none'; script-src 'self' ${s}; style-src 'self' ${s}; connect-src ${s} ${sourcier.wsUrl.replace(/\/ws$/, '')}; img-src 'self'; require-trusted-types-for 'script'`,
    },
  })
  pages.set('/inline', {
    html: hostHtml(
      `<section id="help-desk"><h2>Help desk</h2><div id="assistant"></div></section>${snippet(s, 'data-target="#assistant" data-title="Ask the corpus"')}`,
    ),
  })
  pages.set('/options', {
    html: hostHtml(
      snippet(
        s,
        `data-position="left" data-language="fr" data-title="Policy finder" data-accent="#0a7d4f" data-open data-starters="Qu’est-ce que la migration circulaire ?|Que disent les textes des diasporas ?" data-documents="${onlyDocument()}"`,
      ),
    ),
  })
  const badSnippet = snippet(s, 'data-target="#nowhere" data-position="sideways"')
  pages.set('/twice', { html: hostHtml(badSnippet + badSnippet) })
  pages.set('/leak', { html: hostHtml(LEAK_PROBE + snippet(s)) })
  pages.set('/leak-bare', { html: hostHtml(LEAK_PROBE) })
  browser = await launch()
})

afterAll(async () => {
  await browser?.close()
  await sourcier?.close()
  await host?.close()
  await stranger?.close()
})

async function openPage(
  url: string,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page; errors: string[]; requests: string[] }> {
  // Reduced motion: the panel's slide-in would otherwise be caught mid-way by boxes and screenshots.
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' })
  const page = await context.newPage()
  const errors: string[] = []
  const requests: string[] = []
  page.on('request', (req) => requests.push(req.url()))
  page.on('pageerror', (err) => errors.push(err.message))
  page.on('console', (msg) => {
    // Failed loads are reported below with their URL (browsers ask every server for a favicon).
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(msg.text())
  })
  page.on('response', (res) => {
    if (res.status() >= 400 && !res.url().endsWith('/favicon.ico')) errors.push(`${res.status()} ${res.url()}`)
  })
  await page.goto(url)
  await page.waitForFunction(() => 'Sourcier' in window)
  return { context, page, errors, requests }
}

const launcher = (page: Page) => page.locator('sourcier-widget .sw-launcher')
const panel = (page: Page) => page.locator('sourcier-widget .sw-panel')
const input = (page: Page) => page.locator('sourcier-widget .sc-input')
const cards = (page: Page) => page.locator('sourcier-widget .sc-card')
/** A card's quote without its guillemets and the « … » that mark where the best sentence sits in its paragraph. */
const bare = (quote: string) =>
  quote
    .replace(/^«\s*|\s*»$/g, '')
    .replace(/^…\s*|\s*…$/g, '')
    .trim()

/** Types a question into the widget's chat and waits for the first cited extract. */
async function askInPanel(page: Page, question = QUESTION) {
  await input(page).fill(question)
  await input(page).press('Enter')
  await cards(page).first().waitFor()
}

describe('widget.js on a host page of another origin', () => {
  it('is served at /widget.js as JavaScript that other sites may embed', async () => {
    const res = await fetch(`${sourcier.url}/widget.js`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect(await res.text()).toContain('sourcier:ready')
  })

  it('the one-line snippet shows a launcher, fetches nothing more until opened, and adds one global', async () => {
    const { context, page, errors, requests } = await openPage(`${host.origin}/`)
    await expect.poll(() => launcher(page).isVisible()).toBe(true)
    // An intranet page view costs the server one cached script, nothing more, until the panel opens.
    expect(requests.filter((u) => u.startsWith(sourcier.url))).toEqual([`${sourcier.url}/widget.js`])
    expect(await panel(page).isVisible()).toBe(false)
    const box = (await launcher(page).boundingBox())!
    // Bottom-right corner by default.
    expect(box.x + box.width).toBeGreaterThan(1280 - 60)
    expect(box.y + box.height).toBeGreaterThan(800 - 60)
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false')
    // Regression: the launcher's font was once an invalid shorthand, silently dropped.
    expect(await launcher(page).evaluate((el) => [getComputedStyle(el).fontSize, getComputedStyle(el).fontWeight])).toEqual(['15px', '600'])
    // The only global the widget adds, even once the panel has opened and the chat is running.
    const bare = await openPlain(`${host.origin}/leak-bare`)
    const before = new Set(await bare.page.evaluate(() => Object.keys(window)))
    await bare.context.close()
    await page.evaluate(() => window.Sourcier!.ask('migration'))
    await cards(page).first().waitFor()
    const added = (await page.evaluate(() => Object.keys(window))).filter((k) => !before.has(k))
    expect(added).toEqual(['Sourcier'])
    await page.evaluate(() => window.Sourcier!.close())
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
    expect(corpusText).toContain(bare(quote).slice(0, 40))
    await page.screenshot({ path: `${SHOTS}/host-answer-desktop.png` })

    await card
      .getByRole('button', { name: /^Cop(ier|y)/ })
      .first()
      .click()
    // The copy is asynchronous (Clipboard API): wait for it to land.
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('«')
    const clip = await page.evaluate(() => navigator.clipboard.readText())
    expect(clip).toMatch(/Sources?\s*:?/)
    expect(clip).toContain(card0Title.trim().slice(0, 10))
    // Rich text too, for pasting into an email client.
    const html = await page.evaluate(async () => {
      const [item] = await navigator.clipboard.read()
      return item?.types.includes('text/html') ? (await item.getType('text/html')).text() : ''
    })
    expect(html).toMatch(/<(blockquote|p)[\s>]/)
    expect(html).toContain('«')
    expect(errors).toEqual([])
    await context.close()
  })
})

/** Computed styles and boxes of the widget's main parts, to compare two host pages. */
const widgetLook = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('sourcier-widget')!.shadowRoot!
    const pick = (selector: string) => {
      const el = root.querySelector(selector)
      if (!el) return null
      const cs = getComputedStyle(el)
      const r = el.getBoundingClientRect()
      return {
        box: [r.x, r.y, r.width, r.height].map(Math.round),
        style: [
          'display',
          'position',
          'font-size',
          'font-family',
          'line-height',
          'color',
          'background-color',
          'border-top-width',
          'padding-top',
          'letter-spacing',
        ].map((p) => cs.getPropertyValue(p)),
      }
    }
    return Object.fromEntries(
      [
        '.sw-launcher',
        '.sw-panel',
        '.sw-title',
        '.sw-close',
        '.sc-input',
        '.sc-send',
        '.sc-card',
        '.sc-quote',
        '.sc-quote mark',
        '.sc-card .sc-btn',
      ].map((s) => [s, pick(s)]),
    )
  })

describe('no answer in the panel', () => {
  it('says plainly that the corpus does not answer', async () => {
    const { context, page } = await openPage(`${host.origin}/`)
    await launcher(page).click()
    await input(page).fill('recette du gâteau au chocolat et à la pistache')
    await input(page).press('Enter')
    const none = page.locator('sourcier-widget .sc-noanswer')
    await none.waitFor()
    expect(await none.textContent()).toMatch(/ne répond pas|does not answer/)
    await page.screenshot({ path: `${SHOTS}/host-no-answer.png` })
    await context.close()
  })
})

describe('the context view inside the panel', () => {
  it('opens the cited paragraph among its neighbours; Escape closes the view first, then the panel', async () => {
    const { context, page, errors } = await openPage(`${host.origin}/`)
    await launcher(page).click()
    await askInPanel(page)
    const card = cards(page).first()
    const start = bare((await card.locator('.sc-quote').textContent())!).slice(0, 30)
    await card.getByRole('button', { name: /Voir dans le document|View in document/ }).click()
    const cited = page.locator('sourcier-widget .sc-reader .sc-para--cited')
    await cited.waitFor()
    expect(await cited.textContent()).toContain(start)
    expect(await page.locator('sourcier-widget .sc-reader .sc-para').count()).toBeGreaterThan(1)
    await page.screenshot({ path: `${SHOTS}/host-context-view.png` })
    await page.keyboard.press('Escape')
    expect(await page.locator('sourcier-widget .sc-reader').isVisible()).toBe(false)
    expect(await panel(page).isVisible()).toBe(true)
    expect((await deepActive(page))?.inWidget).toBe(true)
    await page.keyboard.press('Escape')
    expect(await panel(page).isVisible()).toBe(false)
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('isolation', () => {
  it('hostile host CSS changes nothing in the widget', async () => {
    const looks = []
    for (const path of ['/', '/hostile']) {
      const { context, page } = await openPage(`${host.origin}${path}`)
      await launcher(page).click()
      await askInPanel(page)
      // Let the answer's smooth scroll settle before measuring.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 600))))
      await page.evaluate(() => document.querySelector('sourcier-widget')!.shadowRoot!.querySelector('.sc-log')?.scrollTo(0, 0))
      looks.push(await widgetLook(page))
      await page.screenshot({ path: `${SHOTS}/host-${path === '/' ? 'clean' : 'hostile'}-answer.png` })
      await context.close()
    }
    const [clean, hostile] = looks
    for (const part of Object.values(clean!)) expect(part).not.toBeNull()
    expect(hostile).toEqual(clean)
  })

  it('the widget’s styles do not reach host elements that share its class names', async () => {
    const look = (page: Page) =>
      page.evaluate(() =>
        [...document.querySelectorAll('.sourcier, .sourcier *')].map((el) => {
          const cs = getComputedStyle(el)
          return [
            el.tagName,
            cs.display,
            cs.fontSize,
            cs.fontFamily,
            cs.color,
            cs.backgroundColor,
            cs.padding,
            cs.borderTopWidth,
            cs.position,
          ].join('|')
        }),
      )
    const bare = await openPlain(`${host.origin}/leak-bare`)
    const before = await look(bare.page)
    await bare.context.close()
    const { context, page } = await openPage(`${host.origin}/leak`)
    await launcher(page).click()
    await input(page).waitFor()
    expect(await look(page)).toEqual(before)
    await context.close()
  })

  it('works under a strict host Content-Security-Policy that allows only the server, Trusted Types included', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.addInitScript(() => {
      ;(window as unknown as { violations: string[] }).violations = []
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      )
    })
    const response = await page.goto(`${host.origin}/csp`)
    expect(response!.headers()['content-security-policy']).toContain("style-src 'self' http://127.0.0.1")
    await page.waitForFunction(() => 'Sourcier' in window)
    await launcher(page).click()
    await askInPanel(page)
    // Both stylesheets apply: the widget's own (fixed launcher) and the chat's, from the server.
    expect(await launcher(page).evaluate((el) => getComputedStyle(el).position)).toBe('fixed')
    expect(
      await cards(page)
        .first()
        .evaluate((el) => getComputedStyle(el).borderTopLeftRadius),
    ).not.toBe('0px')
    // The context view fetches from the server too.
    await cards(page)
      .first()
      .getByRole('button', { name: /Voir dans le document|View in document/ })
      .click()
    await page.locator('sourcier-widget .sc-reader .sc-para--cited').waitFor()
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([])
    await context.close()
  })
})

/** A host page without the widget. */
async function openPlain(url: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  await page.goto(url)
  return { context, page }
}

describe('a host page whose origin is not in ALLOWED_ORIGINS', () => {
  it('says plainly that this site is not allowed, instead of failing silently', async () => {
    const { context, page, errors } = await openPage(`${stranger.origin}/`)
    await launcher(page).click()
    const notice = page.locator('sourcier-widget .sw-notice[role="alert"]')
    await notice.waitFor()
    const text = (await notice.textContent())!
    expect(text).toMatch(/not allowed|n’est pas autorisé/)
    expect(text).toContain(stranger.origin)
    expect(await input(page).count()).toBe(0)
    // Still a dialog the keyboard can leave.
    await page.keyboard.press('Escape')
    expect(await panel(page).isVisible()).toBe(false)
    await launcher(page).click()
    await page.screenshot({ path: `${SHOTS}/host-not-allowed.png` })
    expect(errors).toEqual([])
    await context.close()
  })
})

describe('a server that has gone away', () => {
  it('opens anyway and shows the chat’s reconnecting state, not an error page or nothing', async () => {
    const gone = await startServer({ allowedOrigins: [host.origin] })
    pages.set('/gone', { html: hostHtml(snippet(gone.url)) })
    const { context, page } = await openPage(`${host.origin}/gone`)
    await gone.close()
    await launcher(page).click()
    await input(page).waitFor()
    await expect.poll(() => page.locator('sourcier-widget .sw-chat').getAttribute('data-status')).toMatch(/reconnecting|offline/)
    expect(await page.locator('sourcier-widget .sw-notice').count()).toBe(0)
    await context.close()
  })
})

describe('the Sourcier JavaScript API', () => {
  it('open, close, ask and on("answer") drive the widget', async () => {
    const { context, page, errors } = await openPage(`${host.origin}/`)
    expect(await page.evaluate(() => typeof window.Sourcier?.open)).toBe('function')
    await page.evaluate(() => window.Sourcier!.open())
    expect(await panel(page).isVisible()).toBe(true)
    await page.evaluate(() => window.Sourcier!.close())
    expect(await panel(page).isVisible()).toBe(false)

    const answer = await page.evaluate(
      (q) =>
        new Promise<{ type: string; status: string; extracts: number; events: string[] }>((resolve) => {
          const events: string[] = []
          // A faulty host handler is reported on the page but does not stop the others.
          window.Sourcier!.on('answer', () => {
            throw new Error('host handler failed')
          })
          window.Sourcier!.on('open', () => events.push('open'))
          const off = window.Sourcier!.on('answer', (a) => {
            const m = a as { type: string; status: string; extracts: unknown[] }
            off()
            resolve({ type: m.type, status: m.status, extracts: m.extracts.length, events })
          })
          window.Sourcier!.ask(q)
        }),
      QUESTION,
    )
    expect(answer).toEqual({ type: 'answer', status: 'answered', extracts: expect.any(Number), events: ['open'] })
    expect(answer.extracts).toBeGreaterThan(0)
    await expect.poll(() => errors).toContain('host handler failed')
    expect(await panel(page).isVisible()).toBe(true)
    await cards(page).first().waitFor()

    const misuse = await page.evaluate(() =>
      [
        () => window.Sourcier!.ask(''),
        () => window.Sourcier!.ask(42 as unknown as string),
        () => window.Sourcier!.on('nope' as 'answer', () => {}),
      ].map((f) => {
        try {
          f()
          return 'no error'
        } catch (err) {
          return `${(err as Error).name}: ${(err as Error).message}`
        }
      }),
    )
    expect(misuse).toEqual([
      expect.stringMatching(/^TypeError: Sourcier\.ask\(question\): question must be a non-empty string/),
      expect.stringMatching(/^TypeError: Sourcier\.ask/),
      expect.stringMatching(/^TypeError: Sourcier\.on\(event, fn\): event must be one of answer, error, open, close/),
    ])
    await context.close()
  })

  it('fires sourcier:ready; a second copy of the script and bad attributes are reported in the console, not fatal', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.addInitScript(() => {
      document.addEventListener(
        'sourcier:ready',
        () =>
          ((window as unknown as { readyFired: number }).readyFired = ((window as unknown as { readyFired?: number }).readyFired ?? 0) + 1),
      )
    })
    const logs: string[] = []
    page.on('console', (msg) => logs.push(`${msg.type()}: ${msg.text()}`))
    await page.goto(`${host.origin}/twice`)
    await page.waitForFunction(() => 'Sourcier' in window)
    await expect.poll(() => logs.some((l) => l.includes('more than once'))).toBe(true)
    expect(await page.evaluate(() => (window as unknown as { readyFired: number }).readyFired)).toBe(1)
    expect(await page.locator('sourcier-widget').count()).toBe(1)
    expect(logs.filter((l) => /^warning: Sourcier: widget\.js is included more than once/.test(l))).toHaveLength(1)
    expect(logs).toContain('warning: Sourcier: ignoring data-position="sideways"; using right.')
    expect(logs).toContain('error: Sourcier: data-target="#nowhere" matches no element; showing the launcher instead.')
    expect(await launcher(page).isVisible()).toBe(true)
    await context.close()
  })
})

describe('keyboard and screen reader', () => {
  it('is a labelled dialog; Tab stays inside while open; Escape closes and focus returns to the launcher', async () => {
    const { context, page } = await openPage(`${host.origin}/`)
    // Reach the launcher from the host page with the keyboard.
    await page.getByRole('link', { name: 'A link of the host page' }).focus()
    await page.keyboard.press('Tab')
    expect(await deepActive(page)).toMatchObject({ inWidget: true, label: 'Sourcier' })
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await deepActive(page))?.tag).toBe('textarea')
    const dialog = page.getByRole('dialog', { name: 'Sourcier' })
    expect(await dialog.getAttribute('aria-modal')).toBe('true')

    const seen = new Set<string>()
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab')
      const active = await deepActive(page)
      expect(active?.inWidget).toBe(true)
      seen.add(`${active?.tag}:${active?.label}`)
    }
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Shift+Tab')
      expect((await deepActive(page))?.inWidget).toBe(true)
    }
    // Regression: the close button's focus ring was once the header's own colour, hence invisible.
    await page.locator('sourcier-widget .sw-close').focus()
    const ring = await page
      .locator('sourcier-widget .sw-close')
      .evaluate((el) => [
        getComputedStyle(el).outlineStyle,
        getComputedStyle(el).outlineColor,
        getComputedStyle(el.parentElement!).backgroundColor,
      ])
    expect(ring[0]).toBe('solid')
    expect(ring[1]).not.toBe(ring[2])
    // The trap cycles through the panel's controls, close button included, not one element.
    expect(seen.size).toBeGreaterThan(3)
    expect([...seen].some((s) => /^button:(Close|Fermer)$/.test(s))).toBe(true)

    await page.keyboard.press('Escape')
    expect(await panel(page).isVisible()).toBe(false)
    expect(await deepActive(page)).toMatchObject({ inWidget: true, label: 'Sourcier' })
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false')

    // The close button does the same.
    await page.keyboard.press('Enter')
    await expect.poll(async () => (await deepActive(page))?.tag).toBe('textarea')
    await page.locator('sourcier-widget .sw-close').click()
    expect(await panel(page).isVisible()).toBe(false)
    expect((await deepActive(page))?.label).toBe('Sourcier')
    await context.close()
  })
})

describe('accessibility (axe-core)', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`finds no serious or critical violation in the open panel with an answer (${colorScheme})`, async () => {
      const { context, page } = await openPage(`${host.origin}/`)
      await page.emulateMedia({ colorScheme })
      await launcher(page).click()
      await askInPanel(page)
      await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' })
      const violations = await page.evaluate(async () => {
        type Rule = { id: string; impact: string; nodes: Array<{ target: unknown[] }> }
        const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: Rule[]; passes: Rule[] }> } }).axe
        const result = await axe.run({ fromShadowDom: ['sourcier-widget', '.sw'] })
        return {
          serious: result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} (${v.nodes.length})`),
          // Proof that axe looked inside the shadow root: the widget's buttons were checked.
          buttonsChecked: result.passes.find((p) => p.id === 'button-name')?.nodes.length ?? 0,
        }
      })
      expect(violations.serious).toEqual([])
      expect(violations.buttonsChecked).toBeGreaterThan(5)
      await page.screenshot({ path: `${SHOTS}/host-answer-${colorScheme}.png` })
      await context.close()
    })
  }
})

describe('options', () => {
  it('data- attributes set position, language, title, accent, starters, documents and open-on-load', async () => {
    const { context, page } = await openPage(`${host.origin}/options`)
    // Open on load, without taking focus away from the host page.
    await input(page).waitFor()
    expect(await panel(page).isVisible()).toBe(true)
    expect((await deepActive(page))?.inWidget ?? false).toBe(false)
    const lbox = (await launcher(page).boundingBox())!
    expect(lbox.x).toBeLessThan(60)
    expect(await page.locator('sourcier-widget .sw-title').textContent()).toBe('Policy finder')
    expect(await launcher(page).textContent()).toBe('Policy finder')
    expect(await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(10, 125, 79)')
    expect(await page.locator('sourcier-widget .sw-close').getAttribute('aria-label')).toBe('Fermer')
    expect(await page.locator('sourcier-widget .sc-starter').allTextContents()).toEqual([
      'Qu’est-ce que la migration circulaire ?',
      'Que disent les textes des diasporas ?',
    ])
    const documents = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          window.Sourcier!.on('answer', (a) =>
            resolve((a as { extracts: Array<{ document: { id: string } }> }).extracts.map((x) => x.document.id)),
          )
          window.Sourcier!.ask('migration')
        }),
    )
    expect(documents.length).toBeGreaterThan(0)
    expect(new Set(documents)).toEqual(new Set([onlyDocument()]))
    await page.screenshot({ path: `${SHOTS}/host-options.png` })
    // Switching the chat's language switches the frame's own words too.
    await page.locator('sourcier-widget .sc-lang').click()
    await expect.poll(() => page.locator('sourcier-widget .sw-close').getAttribute('aria-label')).toBe('Close')
    await context.close()
  })

  it('inline mode renders into data-target, without launcher, and answers there', async () => {
    const { context, page } = await openPage(`${host.origin}/inline`)
    expect(await launcher(page).count()).toBe(0)
    const target = (await page.locator('#assistant').boundingBox())!
    const box = (await panel(page).boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(target.x)
    expect(box.x + box.width).toBeLessThanOrEqual(target.x + target.width + 1)
    expect(box.y).toBeGreaterThanOrEqual(target.y)
    expect(await page.getByRole('region', { name: 'Ask the corpus' }).isVisible()).toBe(true)
    await askInPanel(page)
    // The conversation scrolls inside the panel: the heading and the question box stay in it.
    const after = (await panel(page).boundingBox())!
    expect(after).toEqual(box)
    expect(Math.round(box.height)).toBe(480)
    const inputBox = (await input(page).boundingBox())!
    expect(inputBox.y + inputBox.height).toBeLessThanOrEqual(box.y + box.height)
    await page.evaluate(() => window.Sourcier!.close())
    expect(await panel(page).isVisible()).toBe(true)
    await page.screenshot({ path: `${SHOTS}/host-inline.png` })
    await context.close()
  })
})

describe('phone size', () => {
  it('at 360 px the launcher and the open panel fit, and nothing scrolls sideways (regression: a long paragraph label once pushed cards past the panel)', async () => {
    const { context, page } = await openPage(`${host.origin}/`, { width: 360, height: 740 })
    const lbox = (await launcher(page).boundingBox())!
    expect(lbox.x).toBeGreaterThanOrEqual(0)
    expect(lbox.x + lbox.width).toBeLessThanOrEqual(360)
    await page.screenshot({ path: `${SHOTS}/host-closed-phone.png` })
    await launcher(page).click()
    await askInPanel(page)
    // Polled: the panel slides in (a few pixels) unless the user prefers reduced motion.
    await expect.poll(async () => Object.values((await panel(page).boundingBox())!).map(Math.round)).toEqual([0, 0, 360, 740])
    const overflow = await page.evaluate(() => {
      const root = document.querySelector('sourcier-widget')!.shadowRoot!
      const wide = [...root.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
      return {
        page: document.documentElement.scrollWidth - innerWidth,
        wide: wide.map((el) => `${el.className}: ${el.textContent?.slice(0, 40)}`),
      }
    })
    expect(overflow).toEqual({ page: 0, wide: [] })
    await page.screenshot({ path: `${SHOTS}/host-answer-phone.png` })
    // Turned sideways, the panel still takes the whole screen rather than a 200 px sliver.
    await page.setViewportSize({ width: 740, height: 360 })
    await expect.poll(async () => Object.values((await panel(page).boundingBox())!).map(Math.round)).toEqual([0, 0, 740, 360])
    await page.screenshot({ path: `${SHOTS}/host-answer-phone-landscape.png` })
    await context.close()
  })
})

describe('the demo page /widget-demo.html', () => {
  const attributes = ['server', ...Object.keys(DEFAULT_WIDGET_OPTIONS)].map(
    (k) => `data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
  )

  it('documents every option and drives the widget through the API under the server’s own CSP', async () => {
    const { context, page, errors } = await openPage(`${sourcier.url}/widget-demo.html`)
    const documented = await page.locator('#options tbody th code').allTextContents()
    expect(documented).toEqual(attributes)
    await page.screenshot({ path: `${SHOTS}/demo-closed-desktop.png`, fullPage: true })
    await page.getByRole('button', { name: 'Ask about remittances' }).click()
    await cards(page).first().waitFor()
    await page.locator('[data-demo="log"] li').first().waitFor()
    expect(await page.locator('[data-demo="log"] li').first().textContent()).toMatch(/^answered: \d+ extract/)
    await page.screenshot({ path: `${SHOTS}/demo-open-desktop.png` })
    await page.getByRole('button', { name: /^(Close|Fermer)$/ }).click()
    expect(await panel(page).isVisible()).toBe(false)
    expect(errors).toEqual([])
    await context.close()
  })

  it('is usable at phone size, open and closed, without sideways scrolling', async () => {
    const { context, page, errors } = await openPage(`${sourcier.url}/widget-demo.html`, { width: 360, height: 740 })
    const scroll = () => page.evaluate(() => document.documentElement.scrollWidth - innerWidth)
    expect(await scroll()).toBe(0)
    await page.screenshot({ path: `${SHOTS}/demo-closed-phone.png` })
    await launcher(page).click()
    await input(page).waitFor()
    await expect.poll(async () => Object.values((await panel(page).boundingBox())!).map(Math.round)).toEqual([0, 0, 360, 740])
    await page.screenshot({ path: `${SHOTS}/demo-open-phone.png` })
    await page.locator('sourcier-widget .sc-starter').first().click()
    await cards(page).first().waitFor()
    expect(await scroll()).toBe(0)
    await page.screenshot({ path: `${SHOTS}/demo-answer-phone.png` })
    expect(errors).toEqual([])
    await context.close()
  })
})
