// The chat page end to end: the real server over the shipped corpus, the built bundle, real
// Chromium. `npm test` builds first; in a lone run call `npm run build` before.
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, sharedEngine, type RunningServer } from '../helpers/server.ts'
import { loadConfig } from '../../server/config.ts'
import { createLogger } from '../../server/logger.ts'
import { createApp, type App } from '../../server/transport/app.ts'
import { escapeRegExp } from '../../server/analysis/regexp.ts'
import { askInChat, axeSerious, collectPageErrors, launch, openChat, readFirstExtract, VIEWPORTS } from './browser.ts'

const QUESTION = 'cohérence des politiques migratoires'
const NONSENSE = 'zqxw frobnication quantique du blockchain martien'

let server: RunningServer
let browser: Browser
const contexts: BrowserContext[] = []
const pageErrors: string[] = []

beforeAll(async () => {
  ;[server, browser] = await Promise.all([startServer(), launch()])
})
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()))
  expect(pageErrors.splice(0)).toEqual([])
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function open(
  options: { url?: string; locale?: string; colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: options.locale ?? 'fr-FR',
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? VIEWPORTS.desktop,
  })
  contexts.push(context)
  const page = await context.newPage()
  collectPageErrors(page, pageErrors)
  await openChat(page, options.url ?? `${server.url}/`)
  return page
}

const ask = askInChat

describe('chat page', () => {
  it('asks with Enter and shows a cited card with highlighted words, announced to screen readers', async () => {
    const page = await open()
    expect(await page.textContent('.sc-status-text')).toBe('Connecté')
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toContain('sc-input')
    await ask(page, QUESTION)
    expect(await page.textContent('.sc-summary')).toMatch(/^\d+ passages? (de \d+ documents|d’un document) : .+\(\d{4}\)/)
    const card = page.locator('.sc-card').first()
    expect(await card.locator('h3').textContent()).toMatch(/\(\d{4}\)$/)
    expect((await card.locator('.sc-label').textContent())?.trim()).not.toBe('')
    expect(await card.locator('mark').count()).toBeGreaterThan(0)
    await expect.poll(() => page.textContent('[aria-live=polite]')).toMatch(/^Réponse reçue\. \d+ passage/)
    // Focus stays in the text box, ready for a follow-up.
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('sc-input')
  })

  it('regression: a starter question asked from the keyboard leaves the focus in the question box', async () => {
    const page = await open()
    // Focus starts in the question box; going back reaches the filter, then the starters.
    await page.keyboard.press('Shift+Tab')
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('sc-filter')
    await page.keyboard.press('Shift+Tab')
    const starter = await page.evaluate(() => document.activeElement?.className === 'sc-starter' && document.activeElement.textContent)
    expect(starter).toBeTruthy()
    await page.keyboard.press('Enter')
    await page.waitForSelector('.sc-turn:not([aria-busy]) .sc-card')
    expect(await page.textContent('.sc-question')).toContain(starter as string)
    // The starters are gone: the focus must not fall back to the body.
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('sc-input')
  })

  it('regression: the empty screen is not scrolled past its heading on a phone', async () => {
    const page = await open({ viewport: VIEWPORTS.phone })
    const top = await page
      .locator('.sc-empty-title')
      .evaluate((el) => el.getBoundingClientRect().top - el.closest('.sc-log')!.getBoundingClientRect().top)
    expect(top).toBeGreaterThanOrEqual(0)
  })

  it('Shift+Enter adds a line instead of sending', async () => {
    const page = await open()
    const box = page.getByRole('textbox', { name: 'Votre question' })
    await box.fill('première ligne')
    await page.keyboard.press('Shift+Enter')
    await page.keyboard.type('seconde ligne')
    expect(await box.inputValue()).toBe('première ligne\nseconde ligne')
    expect(await page.locator('.sc-turn').count()).toBe(0)
    await page.getByRole('button', { name: 'Envoyer' }).click()
    await page.waitForSelector('.sc-turn:not([aria-busy])')
    expect(await page.textContent('.sc-question')).toContain('première ligne\nseconde ligne')
  })

  it('copies one extract, then the whole answer, as plain text and HTML for an e-mail', async () => {
    const page = await open()
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
    await ask(page, QUESTION)
    const readClipboard = () =>
      page.evaluate(async () => {
        const [item] = await navigator.clipboard.read()
        return { plain: await (await item!.getType('text/plain')).text(), html: await (await item!.getType('text/html')).text() }
      })
    const card = page.locator('.sc-card').first()
    const title = await card.locator('h3').textContent()
    const label = await card.locator('.sc-label').textContent()
    const copyOne = card.getByRole('button', { name: /^Copier l’extrait/ })
    // The page's clock stands still until runFor, so « Copié » shows for as long as the test needs.
    await page.clock.install()
    await copyOne.click()
    await expect.poll(() => copyOne.textContent()).toBe('Copié')
    const one = await readClipboard()
    const lines = one.plain.split('\n')
    expect(lines[0]).toMatch(new RegExp(`^« .+ » — ${escapeRegExp(`${title}, ${label}`)} \\[1\\]$`))
    expect(lines[1]).toBe('')
    expect(lines[2]).toBe('Sources :')
    expect(lines[3]).toMatch(new RegExp(`^1\\. .+, \\d{4}, ${escapeRegExp(label!)}$`))
    expect(lines).toHaveLength(4)
    expect(one.html).toContain('<ol><li>')
    expect(one.html).toContain(`<cite>${title}, ${label}</cite>`)
    // Regression (copy-label-stuck): a second click while « Copié » showed left the button reading
    // « Copié » for good, once both restore timers had run.
    await page.evaluate(() => navigator.clipboard.writeText(''))
    await copyOne.click()
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).not.toBe('')
    await expect
      .poll(async () => {
        await page.clock.runFor(1_000)
        return copyOne.textContent()
      })
      .toBe('Copier')

    const cards = await page.locator('.sc-card').count()
    const documents = new Set(await page.locator('.sc-card h3').allTextContents()).size
    await page.getByRole('button', { name: 'Copier la réponse' }).click()
    await expect.poll(async () => (await readClipboard()).plain.split('\n').filter((l) => l.startsWith('« ')).length).toBe(cards)
    const all = await readClipboard()
    expect(all.plain).toContain(`\nSources :\n1. `)
    // One source per document quoted, however many of its paragraphs the answer cites.
    expect(all.plain).toContain(`\n${documents}. `)
    expect(all.plain).not.toContain(`\n${documents + 1}. `)
    expect((all.html.match(/<li>/g) ?? []).length).toBe(documents)
  })

  it('copies through the copy event where the async Clipboard API is missing', async () => {
    const page = await open()
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
    await ask(page, QUESTION)
    // What older browsers and locked-down iframes offer: no ClipboardItem.
    await page.evaluate(() => Reflect.deleteProperty(window, 'ClipboardItem'))
    await page
      .locator('.sc-card')
      .first()
      .getByRole('button', { name: /^Copier l’extrait/ })
      .click()
    await expect
      .poll(() =>
        page
          .locator('.sc-card')
          .first()
          .getByRole('button', { name: /^Copier l’extrait/ })
          .textContent(),
      )
      .toBe('Copié')
    const types = await page.evaluate(async () => {
      const [item] = await navigator.clipboard.read()
      return { types: [...item!.types].sort(), plain: await (await item!.getType('text/plain')).text() }
    })
    expect(types.types).toEqual(['text/html', 'text/plain'])
    expect(types.plain).toMatch(/^« .+ » — .+\n\nSources :\n1\. /s)
  })

  it('opens the paragraph in its document from the keyboard, then closes back to the button', async () => {
    const page = await open()
    await ask(page, QUESTION)
    const card = page.locator('.sc-card').first()
    const paragraphId = await card.getAttribute('data-paragraph')
    const view = card.getByRole('button', { name: /^Voir dans le document/ })
    await view.focus()
    await page.keyboard.press('Enter')
    const reader = page.getByRole('dialog')
    await reader.locator('.sc-para--cited').waitFor()
    expect(await reader.locator('.sc-para--cited').getAttribute('data-paragraph')).toBe(paragraphId)
    expect(await reader.locator('[aria-current=true]').count()).toBe(1)
    expect(await reader.locator('.sc-para').count()).toBeGreaterThan(1)
    // regression: the text has no control of its own, so its scroller takes the focus (axe scrollable-region-focusable).
    expect(await reader.locator('.sc-reader-body').getAttribute('tabindex')).toBe('0')
    await expect.poll(() => reader.locator('.sc-para--cited').evaluate(isInView)).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('sc-reader-title')
    const link = reader.getByRole('link', { name: /^Lien vers ce paragraphe/ })
    expect(await link.getAttribute('href')).toBe(`${server.url}/#p=${paragraphId}`)
    // « Plus de contexte » widens the view around the same cited paragraph, keeping the focus on the button.
    const shownBefore = await reader.locator('.sc-para').count()
    await reader.getByRole('button', { name: 'Plus de contexte' }).click()
    await expect.poll(() => reader.locator('.sc-para').count()).toBeGreaterThan(shownBefore)
    expect(await reader.locator('.sc-para--cited').getAttribute('data-paragraph')).toBe(paragraphId)
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Plus de contexte')
    await page.keyboard.press('Escape')
    expect(await reader.isHidden()).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Voir dans le document/)
  })

  it('a permalink opens the same view directly', async () => {
    const probe = await open()
    await ask(probe, QUESTION)
    const paragraphId = await probe.locator('.sc-card').first().getAttribute('data-paragraph')
    const page = await open({ url: `${server.url}/#p=${paragraphId}` })
    const cited = page.getByRole('dialog').locator('.sc-para--cited')
    await cited.waitFor()
    expect(await cited.getAttribute('data-paragraph')).toBe(paragraphId)
    await expect.poll(() => cited.evaluate(isInView)).toBe(true)
    // regression: closing it left the focus on the body, where the permalink had found it.
    await page.keyboard.press('Escape')
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('sc-input')
    // regression: following the same permalink again did nothing (the hash had not changed).
    expect(page.url()).toBe(`${server.url}/`)
    await page.evaluate((id) => (location.hash = `p=${id}`), paragraphId)
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true)
  })

  it('a ?p= permalink opens the view too', async () => {
    const probe = await open()
    await ask(probe, QUESTION)
    const paragraphId = await probe.locator('.sc-card').first().getAttribute('data-paragraph')
    const page = await open({ url: `${server.url}/?p=${paragraphId}` })
    await page.getByRole('dialog').locator('.sc-para--cited').waitFor()
    expect(await page.getByRole('dialog').locator('.sc-para--cited').getAttribute('data-paragraph')).toBe(paragraphId)
  })

  it('an unknown permalink says the paragraph cannot be found', async () => {
    const page = await open({ url: `${server.url}/#p=no-such-paragraph` })
    await expect.poll(() => page.textContent('.sc-reader-title')).toBe('Ce paragraphe est introuvable.')
  })

  it('says plainly when the corpus does not answer', async () => {
    const page = await open()
    await ask(page, NONSENSE)
    expect(await page.textContent('.sc-noanswer')).toBe('Le corpus ne répond pas à cette question.')
    expect(await page.locator('.sc-summary').count()).toBe(0)
    // Anything else shown is set apart from the sentence, never as an answer.
    expect(await page.locator('.sc-reply > .sc-cards').count()).toBe(0)
    await expect.poll(() => page.textContent('[aria-live=polite]')).toBe('Le corpus ne répond pas à cette question.')
  })

  it('for an English question, shows which French terms were searched', async () => {
    const page = await open({ locale: 'en-GB' })
    expect(await page.textContent('.sc-status-text')).toBe('Connected')
    await ask(page, 'What role do remittances play in development?')
    const searched = page.locator('.sc-searched')
    expect(await searched.textContent()).toMatch(/^French terms searched:/)
    const terms = await searched.locator('.sc-term').allTextContents()
    expect(terms.length).toBeGreaterThan(0)
    expect(terms.join(' ')).not.toMatch(/remittances/i)
  })

  it('the document filter restricts the extracts to one document', async () => {
    const page = await open()
    const options = await page.locator('.sc-filter option').evaluateAll((els) => els.map((o) => (o as HTMLOptionElement).value))
    expect(options.length).toBeGreaterThan(2)
    await page.getByRole('combobox', { name: 'Documents' }).selectOption(options[2]!)
    await ask(page, 'migration et développement')
    const docs = await page.locator('.sc-card').evaluateAll((els) => els.map((el) => el.getAttribute('data-document')))
    expect(docs.length).toBeGreaterThan(0)
    expect(new Set(docs)).toEqual(new Set([options[2]]))
  })

  it('starter questions on the empty screen ask, and follow-ups send the conversation as context', async () => {
    const page = await open()
    const sent: Array<{ question: string; context?: Array<{ question: string }> }> = []
    page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload)))))
    await page.reload()
    await page.waitForSelector('.sourcier[data-status=online]')
    const starters = page.getByRole('list', { name: 'Questions suggérées' }).getByRole('button')
    expect(await starters.count()).toBeGreaterThan(1)
    const first = await starters.first().textContent()
    await starters.first().click()
    await page.waitForSelector('.sc-turn:not([aria-busy])')
    await ask(page, 'et pour les envois de fonds ?')
    expect(sent.map((m) => m.question)).toEqual([first, 'et pour les envois de fonds ?'])
    expect(sent[0]!.context).toBeUndefined()
    expect(sent[1]!.context).toEqual([{ question: first }])
  })

  it('the conversation survives a reload and a new tab, and can be cleared', async () => {
    const page = await open()
    await ask(page, QUESTION)
    const cards = await page.locator('.sc-card').count()
    await page.reload()
    await page.waitForSelector('.sourcier[data-status=online]')
    expect(await page.textContent('.sc-question')).toContain(QUESTION)
    expect(await page.locator('.sc-card').count()).toBe(cards)
    // localStorage, not sessionStorage: a second tab of the same browser finds it too.
    const tab = await page.context().newPage()
    await tab.goto(`${server.url}/`)
    await tab.waitForSelector('.sc-turn .sc-card')
    await tab.close()
    await page.getByRole('button', { name: 'Effacer la conversation' }).click()
    expect(await page.locator('.sc-turn').count()).toBe(0)
    expect(await page.locator('.sc-starter').count()).toBeGreaterThan(0)
    // The undo takes the focus: « Effacer » itself is gone.
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('sc-undo')
    await page.reload()
    await page.waitForSelector('.sourcier[data-status=online]')
    expect(await page.locator('.sc-turn').count()).toBe(0)
  })

  it('chooses the language from the browser, switches it and remembers the choice', async () => {
    const page = await open({ locale: 'en-US' })
    expect(await page.getAttribute('.sourcier', 'lang')).toBe('en')
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    expect(await page.getByRole('button', { name: 'Send' }).count()).toBe(1)
    await page.getByRole('button', { name: 'Passer l’interface en français' }).click()
    expect(await page.getByRole('button', { name: 'Envoyer' }).count()).toBe(1)
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('fr')
    await page.reload()
    await page.waitForSelector('.sourcier[data-status=online]')
    expect(await page.getAttribute('.sourcier', 'lang')).toBe('fr')
  })

  it('a phone-width page does not scroll sideways', async () => {
    const page = await open({ viewport: VIEWPORTS.phone })
    await ask(page, QUESTION)
    await page.locator('.sc-card button[aria-controls]').first().click()
    const overflow = () =>
      page.evaluate(() =>
        [document.documentElement, ...document.querySelectorAll('.sourcier, .sourcier *')]
          .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'hidden')
          .map((el) => el.className || el.tagName),
      )
    expect(await overflow()).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.phone.width)
    await readFirstExtract(page)
    expect(await overflow()).toEqual([])
  })

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`axe finds no serious violation (${colorScheme})`, async () => {
      const page = await open({ colorScheme })
      expect(await axeSerious(page)).toEqual([])
      await ask(page, QUESTION)
      await ask(page, NONSENSE)
      await page.locator('.sc-card button[aria-controls]').first().click()
      await readFirstExtract(page)
      expect(await axeSerious(page)).toEqual([])
    })
  }
})

describe('rate limit', () => {
  it('questions refused for their rate are asked again after the wait the server names, and all are answered', async () => {
    const strict = await startServer({ rateBurst: 1, ratePerSecond: 1 })
    try {
      const page = await open({ url: `${strict.url}/` })
      const errors: string[] = []
      page.on('websocket', (ws) =>
        ws.on('framereceived', (f) => String(f.payload).includes('"rate_limited"') && errors.push('rate_limited')),
      )
      await page.reload()
      await page.waitForSelector('.sourcier[data-status=online]')
      const box = page.getByRole('textbox', { name: 'Votre question' })
      for (const q of ['envois de fonds', 'cohérence des politiques', 'renforcement des capacités']) {
        await box.fill(q)
        await page.keyboard.press('Enter')
      }
      await page.waitForFunction(() => document.querySelectorAll('.sc-turn:not([aria-busy])').length === 3, null, { timeout: 15_000 })
      expect(errors.length).toBeGreaterThan(0)
      expect(await page.locator('.sc-error').count()).toBe(0)
      // Each question got its answer (a cited summary or the plain no-answer sentence), none an error.
      expect(await page.locator('.sc-turn :is(.sc-summary, .sc-noanswer)').count()).toBe(3)
    } finally {
      await strict.close()
    }
  })
})

/** The chat server on a given port (0: any), so that a test can stop it and start it again on the same one. */
async function listen(port: number): Promise<App> {
  const config = { ...loadConfig({}), logLevel: 'silent' as const }
  const app = createApp({ engine: await sharedEngine(), config, logger: createLogger('silent') })
  await new Promise<void>((resolve) => app.server.listen(port, '127.0.0.1', resolve))
  return app
}

describe('reconnection', () => {
  it('survives a server restart: the question asked while it is down is answered after it comes back', async () => {
    let app = await listen(0)
    const port = (app.server.address() as AddressInfo).port
    try {
      const page = await open({ url: `http://127.0.0.1:${port}/` })
      await app.close()
      await page.waitForSelector('.sourcier:is([data-status=reconnecting], [data-status=offline])')
      expect(await page.isVisible('.sc-banner')).toBe(true)
      await page.getByRole('textbox', { name: 'Votre question' }).fill(QUESTION)
      await page.keyboard.press('Enter')
      expect(await page.locator('.sc-turn[aria-busy=true]').count()).toBe(1)
      app = await listen(port)
      await page.waitForSelector('.sourcier[data-status=online]', { timeout: 15_000 })
      await page.waitForSelector('.sc-turn:not([aria-busy]) .sc-card', { timeout: 10_000 })
      expect(await page.locator('.sc-turn').count()).toBe(1)
      expect(await page.isVisible('.sc-banner')).toBe(false)
      await expect.poll(() => page.textContent('[aria-live=polite]')).toMatch(/^Réponse reçue|^État de la connexion : Connecté$/)
    } finally {
      await app.close()
    }
  })
})

describe('reconnection keeps the log', () => {
  it('regression: the hello of a reconnection re-renders no answered turn (their open forms and focus stay)', async () => {
    let app = await listen(0)
    const port = (app.server.address() as AddressInfo).port
    try {
      const page = await open({ url: `http://127.0.0.1:${port}/` })
      await ask(page, QUESTION)
      // A mark on the element itself: a re-render replaces the element and loses it.
      await page.$eval('.sc-turn', (el) => {
        ;(el as HTMLElement & { probe?: boolean }).probe = true
      })
      await app.close()
      await page.waitForSelector('.sourcier:is([data-status=reconnecting], [data-status=offline])')
      app = await listen(port)
      await page.waitForSelector('.sourcier[data-status=online]', { timeout: 15_000 })
      // The server says hello before it answers: once this answer is in, the hello was handled.
      await ask(page, NONSENSE)
      expect(await page.$eval('.sc-turn', (el) => (el as HTMLElement & { probe?: boolean }).probe)).toBe(true)
    } finally {
      await app.close()
    }
  })
})

function isInView(el: Element): boolean {
  const r = el.getBoundingClientRect()
  const scroller = el.closest('.sc-reader-body')!.getBoundingClientRect()
  return r.top < scroller.bottom && r.bottom > scroller.top
}
