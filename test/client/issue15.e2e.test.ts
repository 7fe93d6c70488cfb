// Issue 15 end to end: links that survive, the dossier, trust signals, history with undo, and
// the rough edges, on the real server over the shipped corpus with the built bundle in real
// Chromium. `npm test` builds first; in a lone run call `npm run build` before.
//
// So that the `uncertain` rendering is tested whatever the confidence model's calibration, one
// server here runs the real engine behind a decorator that marks questions about diasporas
// `uncertain` with a reason (the wire format the contract names), with a real SQLite store behind
// it so that feedback is stored and acknowledged.
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import mammoth from 'mammoth'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Engine } from '../../server/engine.ts'
import { sharedEngine, startServer, type RunningServer } from '../helpers/server.ts'
import { testStore } from '../helpers/databases.ts'
import { askInChat, axeSerious, collectPageErrors, launch, openChat } from './browser.ts'

const SHOTS = '/tmp/shots-issue15'
const QUESTION = 'cohérence des politiques migratoires'
const QUESTION2 = 'envois de fonds et développement'
const UNSURE = 'rôle des diasporas dans le développement'
const REASON = 'Les extraits touchent la question sans y répondre directement.'
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

let server: RunningServer
let trust: RunningServer
let browser: Browser
let db: Awaited<ReturnType<typeof testStore>>
const contexts: BrowserContext[] = []
const pageErrors: string[] = []

/** The real engine; answers get an id, and questions about diasporas come back `uncertain`. */
function trustingEngine(engine: Engine): Engine {
  const decorated = Object.create(engine) as Engine
  decorated.ask = (request) => {
    const body = engine.ask(request)
    const extra = { answerId: randomUUID(), ...(request.documents ? { documents: request.documents } : {}) }
    const unsure = /diaspora/i.test(request.question) && body.status === 'answered'
    return { ...body, ...extra, ...(unsure ? { status: 'uncertain', reason: REASON } : {}) } as unknown as ReturnType<Engine['ask']>
  }
  return decorated
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  const engine = await sharedEngine()
  db = await testStore('sqlite')
  ;[server, trust, browser] = await Promise.all([startServer(), startServer({}, trustingEngine(engine), { store: db.store }), launch()])
})
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()))
  expect(pageErrors.splice(0)).toEqual([])
})
afterAll(async () => {
  await browser?.close()
  await Promise.all([server?.close(), trust?.close()])
  await db?.cleanup()
})

interface OpenOptions {
  url?: string
  base?: RunningServer
  locale?: string
  colorScheme?: 'light' | 'dark'
  viewport?: { width: number; height: number }
}

async function open(options: OpenOptions = {}): Promise<Page> {
  const base = options.base ?? server
  const context = await browser.newContext({
    locale: options.locale ?? 'fr-FR',
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? DESKTOP,
    reducedMotion: 'reduce',
  })
  contexts.push(context)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.url })
  const page = await context.newPage()
  collectPageErrors(page, pageErrors)
  await openChat(page, options.url ?? `${base.url}/`)
  return page
}

const ask = askInChat

const readClipboard = (page: Page) =>
  page.evaluate(async () => {
    const [item] = await navigator.clipboard.read()
    const text = async (type: string) => (item!.types.includes(type) ? (await item!.getType(type)).text() : '')
    return { plain: await text('text/plain'), html: await text('text/html') }
  })

const liveText = (page: Page) => page.textContent('[aria-live=polite]')
const activeClass = (page: Page) => page.evaluate(() => document.activeElement?.className ?? '')

describe('links that survive', () => {
  it('a ?q= link asks on load; reloading it shows the kept answer without asking again', async () => {
    const url = `${server.url}/?q=${encodeURIComponent(QUESTION)}`
    const page = await open({ url })
    await page.waitForSelector('.sc-turn:not([aria-busy]) .sc-card')
    expect(await page.textContent('.sc-question')).toContain(QUESTION)
    const asked: string[] = []
    page.on('websocket', (ws) => ws.on('framesent', (f) => asked.push(String(f.payload))))
    await page.reload()
    await page.waitForSelector('.sourcier[data-status=online]')
    await page.waitForSelector('.sc-turn .sc-card')
    expect(await page.locator('.sc-turn').count()).toBe(1)
    expect(asked.filter((f) => f.includes('"ask"'))).toEqual([])
    expect(page.url()).toBe(url)
  })

  it('a ?q=…&documents= link asks within that document, and the turn says so', async () => {
    const doc = server.engine.corpus.documents[1]!
    const page = await open({ url: `${server.url}/?q=${encodeURIComponent('migration et développement')}&documents=${doc.id}` })
    await page.waitForSelector('.sc-turn:not([aria-busy]) .sc-card')
    const docs = await page.locator('.sc-card').evaluateAll((els) => els.map((el) => el.getAttribute('data-document')))
    expect(new Set(docs)).toEqual(new Set([doc.id]))
    expect(await page.textContent('.sc-filter-chip')).toBe(`Dans : ${doc.shortTitle} (${doc.year})`)
  })

  it('a #p= link opens the reader and survives reload; back and forward close and reopen it', async () => {
    const page = await open()
    await ask(page, QUESTION)
    const card = page.locator('.sc-card').first()
    const id = (await card.getAttribute('data-paragraph'))!
    await card.getByRole('button', { name: /^Voir dans le document/ }).click()
    await page.locator('.sc-reader .sc-para--cited').waitFor()
    expect(page.url()).toBe(`${server.url}/#p=${id}`)
    await page.reload()
    await page.waitForSelector('.sourcier[data-status=online]')
    await page.locator('.sc-reader .sc-para--cited').waitFor()
    expect(await page.locator('.sc-reader .sc-para--cited').getAttribute('data-paragraph')).toBe(id)
    expect(page.url()).toBe(`${server.url}/#p=${id}`)
    await page.keyboard.press('Escape')
    expect(page.url()).toBe(`${server.url}/`)
    await page.goBack()
    await expect.poll(() => page.locator('.sc-reader').isVisible()).toBe(true)
    await page.locator('.sc-reader .sc-para--cited').waitFor()
    expect(await page.locator('.sc-reader .sc-para--cited').getAttribute('data-paragraph')).toBe(id)
    await page.goForward()
    await expect.poll(() => page.locator('.sc-reader').isVisible()).toBe(false)
  })

  it('« Partager » copies a link that asks the same question, filter included, and the link works', async () => {
    const doc = server.engine.corpus.documents[1]!
    const page = await open()
    await page.getByRole('combobox', { name: 'Documents' }).selectOption(doc.id)
    await ask(page, 'migration et développement')
    await page.clock.install()
    const share = page.getByRole('button', { name: /^Partager/ })
    await share.click()
    await expect.poll(() => share.textContent()).toBe('Lien copié')
    const { plain, html } = await readClipboard(page)
    const expected = `${server.url}/?q=migration+et+d%C3%A9veloppement&documents=${doc.id}`
    expect(plain).toBe(expected)
    expect(html).toBe(`<a href="${expected.replace('&', '&amp;')}">migration et développement</a>`)
    const other = await open({ url: plain })
    await other.waitForSelector('.sc-turn:not([aria-busy]) .sc-card')
    expect(new Set(await other.locator('.sc-card').evaluateAll((els) => els.map((el) => el.getAttribute('data-document'))))).toEqual(
      new Set([doc.id]),
    )
  })
})

describe('dossier', () => {
  it('pins by keyboard from two answers, reorders, keeps a note across reloads, exports an e-mail and a .docx that agree', async () => {
    const page = await open()
    await ask(page, QUESTION)
    const pin = (n: number) => page.locator('.sc-turn').last().locator('.sc-card').nth(n).locator('.sc-pin')
    await pin(0).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => liveText(page)).toBe('Extrait ajouté au dossier (1 extrait).')
    expect(await pin(0).getAttribute('aria-pressed')).toBe('true')
    await pin(1).focus()
    await page.keyboard.press('Space')
    await ask(page, QUESTION2)
    await pin(0).click()
    await expect.poll(() => liveText(page)).toBe('Extrait ajouté au dossier (3 extraits).')
    const dossierBtn = page.getByRole('button', { name: 'Dossier (3)' })
    await dossierBtn.click()
    const panel = page.getByRole('dialog', { name: /Dossier d’extraits/ })
    await panel.waitFor()
    expect(await dossierBtn.getAttribute('aria-expanded')).toBe('true')
    const quotes = () => panel.locator('.sc-dossier-quote').allTextContents()
    const [a, b, c] = await quotes()
    // The third one up, by keyboard: the focus stays on its « Monter ».
    await panel
      .locator('.sc-dossier-item')
      .nth(2)
      .getByRole('button', { name: /^Monter/ })
      .focus()
    await page.keyboard.press('Enter')
    await expect.poll(quotes).toEqual([a, c, b])
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Monter/)
    await expect.poll(() => liveText(page)).toBe('Extrait déplacé en position 2 sur 3.')
    await panel.getByRole('textbox', { name: /^Note/ }).fill('Réponse à Mme Diallo, dossier 2026-114')
    await page.screenshot({ path: `${SHOTS}/dossier-desktop.png` })
    await page.reload()
    await page.waitForSelector('.sourcier[data-status=online]')
    await page.getByRole('button', { name: 'Dossier (3)' }).click()
    await expect.poll(quotes).toEqual([a, c, b])
    expect(await panel.getByRole('textbox', { name: /^Note/ }).inputValue()).toBe('Réponse à Mme Diallo, dossier 2026-114')

    await panel.getByRole('button', { name: 'Copier pour un e-mail' }).click()
    await expect.poll(async () => (await readClipboard(page)).plain).toMatch(/^Réponse à Mme Diallo/)
    const { plain, html } = await readClipboard(page)
    const lines = plain.split('\n')
    expect(lines[0]).toBe('Réponse à Mme Diallo, dossier 2026-114')
    expect(lines.slice(1, 4).map((l) => l.replace(/ \[\d\]$/, ''))).toEqual([a, c, b])
    expect(lines[4]).toBe('')
    expect(lines[5]).toBe('Sources :')
    const sources = lines.slice(6)
    expect(sources.length).toBeGreaterThan(0)
    for (const [i, s] of sources.entries()) expect(s).toMatch(new RegExp(`^${i + 1}\\. .+, \\d{4}, `))
    // Every [n] names a listed source; one list for the whole dossier.
    for (const l of lines.slice(1, 4)) expect(Number(/\[(\d)\]$/.exec(l)![1])).toBeLessThanOrEqual(sources.length)
    expect(html.match(/<ol>/g)).toHaveLength(1)
    expect((html.match(/<li>/g) ?? []).length).toBe(sources.length)
    expect(html).toContain('<cite>')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Télécharger (.docx)' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('sourcier-dossier.docx')
    const { value } = await mammoth.extractRawText({ buffer: await readFile((await download.path())!) })
    const docxLines = value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
    expect(docxLines).toEqual(['Dossier Sourcier', ...lines.filter(Boolean)])
  })

  it('removes an extract, moving the focus to the next one, and unpins it on its card', async () => {
    const page = await open()
    await ask(page, QUESTION)
    const pins = page.locator('.sc-card .sc-pin')
    await pins.nth(0).click()
    await pins.nth(1).click()
    await page.getByRole('button', { name: 'Dossier (2)' }).click()
    const panel = page.getByRole('dialog', { name: /Dossier d’extraits/ })
    await panel
      .locator('.sc-dossier-item')
      .first()
      .getByRole('button', { name: /^Retirer/ })
      .click()
    await expect.poll(() => panel.locator('.sc-dossier-item').count()).toBe(1)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Retirer/)
    expect(await pins.nth(0).getAttribute('aria-pressed')).toBe('false')
    expect(await page.getByRole('button', { name: 'Dossier (1)' }).count()).toBe(1)
    await page.keyboard.press('Escape')
    expect(await panel.isHidden()).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Dossier (1)')
  })
})

describe('trust signals', () => {
  it('an uncertain answer shows its labelled notice; copies and pinned extracts carry it', async () => {
    const page = await open({ base: trust })
    await ask(page, UNSURE)
    const note = page.getByRole('note')
    expect(await note.textContent()).toBe(`!Réponse incertaine : ${REASON}`)
    await expect.poll(() => liveText(page)).toMatch(/^Réponse incertaine : .+ Réponse reçue\./)
    await page.getByRole('button', { name: 'Copier la réponse' }).click()
    await expect.poll(async () => (await readClipboard(page)).plain).toMatch(/^Réponse incertaine/)
    const { plain, html } = await readClipboard(page)
    expect(plain.split('\n')[0]).toBe(`Réponse incertaine : ${REASON}`)
    expect(html.split('\n')[0]).toBe(`<p><strong>Réponse incertaine : ${REASON}</strong></p>`)
    await page.locator('.sc-card .sc-pin').first().click()
    await page.getByRole('button', { name: 'Dossier (1)' }).click()
    expect(await page.textContent('.sc-dossier-caution')).toBe(`Réponse incertaine : ${REASON}`)
    await page.getByRole('button', { name: 'Copier pour un e-mail' }).click()
    await expect.poll(async () => (await readClipboard(page)).plain).toMatch(new RegExp(`\\[1\\] \\(Réponse incertaine : ${REASON}\\)\n`))
    await page.screenshot({ path: `${SHOTS}/uncertain-desktop.png` })
  })

  it('a real `uncertain` answer of the server’s own confidence model shows the server’s reason', async () => {
    // Whichever of these the current calibration calls uncertain (the page's server runs this engine).
    const candidates = [
      'coût des envois de fonds',
      'droits des travailleurs domestiques',
      'intégration des migrants dans les villes',
      'retour volontaire',
      'visa',
      'fuite des cerveaux',
    ]
    const found = candidates
      .map((question) => ({ question, body: server.engine.ask({ question }) }))
      .find((c) => c.body.status === 'uncertain')
    expect(found, 'one of the candidates is uncertain').toBeDefined()
    const page = await open()
    await ask(page, found!.question)
    expect(await page.getByRole('note').textContent()).toBe(`!Réponse incertaine : ${found!.body.reason}`)
    expect(await page.locator('.sc-turn').getAttribute('data-status')).toBe('uncertain')
  })

  it('feedback goes out as the contract’s message, is stored, and the server’s ack shows beside the thumbs', async () => {
    const page = await open({ base: trust })
    const sent: Array<Record<string, unknown>> = []
    const received: Array<Record<string, unknown>> = []
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload))))
      ws.on('framereceived', (f) => received.push(JSON.parse(String(f.payload))))
    })
    await page.reload()
    await page.waitForSelector('.sourcier[data-status=online]')
    await ask(page, QUESTION)
    const answerId = received.find((m) => m.type === 'answer')!.answerId
    const card = page.locator('.sc-card').first()
    const group = card.getByRole('group', { name: /^Avis sur / })
    await group.getByRole('button', { name: 'Pas utile' }).click()
    await page.getByRole('combobox', { name: 'Raison (facultatif)' }).selectOption('outdated')
    await page.getByRole('textbox', { name: 'Commentaire (facultatif)' }).fill('texte de 2005 remplacé')
    await page.getByRole('button', { name: 'Envoyer l’avis' }).click()
    await expect.poll(() => group.getAttribute('data-state')).toBe('ack')
    const feedback = sent.find((m) => m.type === 'feedback')!
    expect(feedback).toEqual({
      type: 'feedback',
      id: expect.any(String),
      answerId,
      vote: 'down',
      paragraphId: await card.getAttribute('data-paragraph'),
      reason: 'outdated',
      comment: 'texte de 2005 remplacé',
    })
    expect(received.find((m) => m.id === feedback.id)).toEqual({ type: 'ack', id: feedback.id })
    expect(await group.locator('.sc-feedback-status').textContent()).toBe('Merci, avis reçu.')
    await expect.poll(() => liveText(page)).toBe('Merci, avis reçu.')
    expect(await group.getByRole('button', { name: 'Pas utile' }).getAttribute('aria-pressed')).toBe('true')
    const stored = await db.store.feedback({ since: 0, limit: 10 })
    expect(stored).toEqual([expect.objectContaining({ answerId, vote: 'down', paragraphId: feedback.paragraphId, reason: 'outdated' })])
  })
})

describe('conversation', () => {
  it('regression: « Effacer » can be undone, and the restored conversation survives a reload', async () => {
    const page = await open()
    await ask(page, QUESTION)
    await page.getByRole('button', { name: 'Effacer la conversation' }).click()
    expect(await page.locator('.sc-turn').count()).toBe(0)
    expect(await page.textContent('.sc-undo-bar')).toBe('Conversation effacée. Annuler')
    await page.screenshot({ path: `${SHOTS}/undo-desktop.png` })
    await page.keyboard.press('Enter')
    expect(await page.locator('.sc-turn .sc-card').count()).toBeGreaterThan(0)
    expect(await page.locator('.sc-undo-bar').isHidden()).toBe(true)
    await page.reload()
    await page.waitForSelector('.sc-turn .sc-card')
    expect(await page.textContent('.sc-question')).toContain(QUESTION)
  })

  it('exports the whole conversation as one HTML file with its quotes and sources', async () => {
    const page = await open()
    await ask(page, QUESTION)
    await ask(page, QUESTION2)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Exporter la conversation (HTML)' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('sourcier-conversation.html')
    const html = await readFile((await download.path())!, 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain(`<h2>${QUESTION}</h2>`)
    expect(html).toContain(`<h2>${QUESTION2}</h2>`)
    expect((html.match(/<p>Sources :<\/p>/g) ?? []).length).toBe(2)
    expect(html).not.toMatch(/<script|<link/)
  })
})

describe('rough edges (regressions)', () => {
  it('regression: the filter no longer stays silently — the composer says it is on, and the turn offers every document', async () => {
    const doc = server.engine.corpus.documents[1]!
    const page = await open()
    await page.getByRole('combobox', { name: 'Documents' }).selectOption(doc.id)
    expect(await page.textContent('.sc-filter-note')).toBe(
      `Les prochaines questions chercheront seulement dans : ${doc.shortTitle} (${doc.year}).`,
    )
    await ask(page, 'migration et développement')
    expect(await page.textContent('.sc-filter-chip')).toBe(`Dans : ${doc.shortTitle} (${doc.year})`)
    await page.getByRole('button', { name: 'Chercher dans tous les documents' }).click()
    await page.waitForFunction(() => document.querySelectorAll('.sc-turn:not([aria-busy])').length === 2)
    expect(await page.locator('.sc-turn').last().locator('.sc-filter-chip').count()).toBe(0)
    expect(await page.getByRole('combobox', { name: 'Documents' }).inputValue()).toBe('')
    expect(await page.locator('.sc-filter-note').isHidden()).toBe(true)
    expect(
      new Set(
        await page
          .locator('.sc-turn')
          .last()
          .locator('.sc-card')
          .evaluateAll((els) => els.map((el) => el.getAttribute('data-document'))),
      ).size,
    ).toBeGreaterThan(1)
  })

  it('regression: on a phone (390×844) the French terms searched do not push the first English extract below the fold', async () => {
    const page = await open({ locale: 'en-GB', viewport: PHONE })
    await ask(page, 'What role do remittances play in the development of countries of origin?')
    expect(await page.locator('.sc-searched').count()).toBe(1)
    // The terms take one line until asked for; the first quote starts inside the visible log.
    expect(await page.locator('.sc-searched').evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(40)
    const { quoteTop, logBottom } = await page.evaluate(() => ({
      quoteTop: document.querySelector('.sc-card .sc-quote')!.getBoundingClientRect().top,
      logBottom: document.querySelector('.sc-log')!.getBoundingClientRect().bottom,
    }))
    expect(quoteTop).toBeLessThan(logBottom - 40)
    await page.locator('.sc-searched summary').click()
    expect(await page.locator('.sc-searched .sc-term').first().isVisible()).toBe(true)
    await page.screenshot({ path: `${SHOTS}/english-phone.png` })
  })
})

describe('accessibility of the new states (axe: no serious or critical violation)', () => {
  for (const viewport of [DESKTOP, PHONE]) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`${viewport.width}×${viewport.height}, ${colorScheme}: uncertain + filter + feedback form, dossier, undo`, async () => {
        const tag = `${viewport === DESKTOP ? 'desktop' : 'phone'}-${colorScheme}`
        const page = await open({ base: trust, viewport, colorScheme })
        // A document that answers the question, so that the filtered answer has extracts to pin.
        const doc = server.engine.ask({ question: UNSURE }).extracts[0]!.document
        await page.getByRole('combobox', { name: 'Documents' }).selectOption(doc.id)
        await ask(page, UNSURE)
        await page.locator('.sc-card .sc-pin').first().click()
        await page.locator('.sc-turn-actions').getByRole('button', { name: 'Pas utile' }).click()
        expect(await axeSerious(page)).toEqual([])
        await page.screenshot({ path: `${SHOTS}/answer-${tag}.png` })
        await page.getByRole('button', { name: 'Dossier (1)' }).click()
        await page.locator('.sc-dossier-item').waitFor()
        expect(await axeSerious(page)).toEqual([])
        await page.screenshot({ path: `${SHOTS}/dossier-${tag}.png` })
        await page.keyboard.press('Escape')
        await page.getByRole('button', { name: 'Effacer la conversation' }).click()
        expect(await axeSerious(page)).toEqual([])
      }, 120_000)
    }
  }
})
