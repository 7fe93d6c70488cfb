// The chat core's contract for reuse (the widget's): mountChat into any root, including a
// ShadowRoot, several at once with no shared state, events, and destroy. Real server, Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { bundleExport, launch } from './browser.ts'
import { startServer, type RunningServer } from '../helpers/server.ts'

let server: RunningServer
let browser: Browser
let bundle: string

beforeAll(async () => {
  bundle = await bundleExport('client/src/chat/mount.ts', 'mountChat')
  ;[server, browser] = await Promise.all([startServer(), launch()])
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** A blank page of the real server's origin with mountChat available (evaluated: the CSP refuses script tags). */
async function blankPage(): Promise<Page> {
  const page = await browser.newPage({ locale: 'fr-FR' })
  await page.goto(`${server.url}/healthz`)
  await page.evaluate(bundle)
  return page
}

describe('mountChat', () => {
  it('mounts into a ShadowRoot and into a plain element at once, each with its own state and events', async () => {
    const page = await blankPage()
    const result = await page.evaluate(async (css) => {
      type Handle = { ask(q: string): void; on(e: string, fn: (p: unknown) => void): () => void; destroy(): void }
      const mount = (window as unknown as { mountChat: (root: HTMLElement, o: object) => Handle }).mountChat
      const host = document.body.appendChild(document.createElement('div'))
      const shadow = host.attachShadow({ mode: 'open' })
      const link = shadow.appendChild(document.createElement('link'))
      link.rel = 'stylesheet'
      link.href = css
      const styled = new Promise((resolve) => link.addEventListener('load', resolve, { once: true }))
      const inShadow = shadow.appendChild(document.createElement('div'))
      const plain = document.body.appendChild(document.createElement('div'))
      const a = mount(inShadow, { storageKey: 'chat.a', language: 'en', compact: true, title: 'Shadow chat' })
      const b = mount(plain, { storageKey: 'chat.b', documents: [] })
      const statuses: unknown[] = []
      a.on('status', (s) => statuses.push(s))
      const answered = (h: Handle) =>
        new Promise<{ id: string; status: string; extracts: unknown[] }>((resolve) => h.on('answer', (m) => resolve(m as never)))
      const pa = answered(a)
      const pb = answered(b)
      a.ask('remittances and development')
      b.ask('cohérence des politiques migratoires')
      // The answer can arrive before the stylesheet on a loaded machine; the style check needs both.
      const [ma, mb] = await Promise.all([pa, pb, styled])
      return {
        statuses,
        answers: [ma.extracts.length, mb.extracts.length],
        shadowCards: shadow.querySelectorAll('.sc-card').length,
        plainCards: plain.querySelectorAll('.sc-card').length,
        // Nothing leaked out of the shadow root into the document.
        documentCards: document.querySelectorAll('.sc-card').length,
        shadowHeading: shadow.querySelector('h2.sc-title')?.textContent,
        shadowLang: inShadow.lang,
        plainLang: plain.lang,
        shadowMain: shadow.querySelectorAll('main').length,
        cardColour: getComputedStyle(shadow.querySelector('.sc-card')!).borderTopStyle,
        stored: [JSON.parse(localStorage.getItem('chat.a') ?? '[]').length, JSON.parse(localStorage.getItem('chat.b') ?? '[]').length],
      }
    }, `${server.url}/dist/app.css`)
    expect(result.statuses).toEqual(['online'])
    expect(result.answers[0]).toBeGreaterThan(0)
    expect(result.answers[1]).toBeGreaterThan(0)
    expect(result.shadowCards).toBe(result.answers[0])
    expect(result.plainCards).toBe(result.documentCards)
    expect(result.shadowHeading).toBe('Shadow chat')
    expect([result.shadowLang, result.plainLang]).toEqual(['en', 'fr'])
    expect(result.shadowMain).toBe(0)
    // The shared stylesheet applies inside the shadow root.
    expect(result.cardColour).toBe('solid')
    expect(result.stored).toEqual([1, 1])
    await page.close()
  })

  it('on(…) returns an unsubscribe function, and destroy() empties the root and closes the socket', async () => {
    const page = await blankPage()
    const closed = new Promise<void>((resolve) => page.on('websocket', (ws) => ws.on('close', () => resolve())))
    const result = await page.evaluate(async () => {
      type Handle = { ask(q: string): void; on(e: string, fn: (p: unknown) => void): () => void; destroy(): void }
      const mount = (window as unknown as { mountChat: (root: HTMLElement, o: object) => Handle }).mountChat
      const root = document.body.appendChild(document.createElement('div'))
      const chat = mount(root, { storageKey: 'chat.c' })
      const seen: string[] = []
      const off = chat.on('answer', () => seen.push('first'))
      await new Promise<void>((resolve) => {
        chat.on('answer', () => resolve())
        off()
        chat.ask('envois de fonds')
      })
      chat.destroy()
      return { seen, children: root.childElementCount, classes: root.className, status: root.dataset.status ?? null }
    })
    expect(result).toEqual({ seen: [], children: 0, classes: '', status: null })
    await closed
    await page.close()
  })
})
