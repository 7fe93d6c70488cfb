// The server's headers in real Chromium: the chat page runs and answers without one CSP violation,
// and frame-ancestors lets an allowed origin frame the page while another origin is refused.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launch } from '../client/browser.ts'
import { startServer, type RunningServer } from '../helpers/server.ts'

let browser: Browser
let host: http.Server
let hostUrl: string
let sourcier: RunningServer

beforeAll(async () => {
  browser = await launch()
  // A host page on another origin (another port) that frames whatever `?src=` names.
  host = http.createServer((req, res) => {
    const src = new URL(req.url ?? '/', 'http://x').searchParams.get('src') ?? ''
    res.setHeader('content-type', 'text/html; charset=utf-8')
    res.end(`<!doctype html><title>host</title><iframe src="${src.replace(/"/g, '')}" width="600" height="400"></iframe>`)
  })
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r))
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`
  sourcier = await startServer({ allowedOrigins: [hostUrl] })
})

afterAll(async () => {
  await browser?.close()
  await sourcier?.close()
  await new Promise((r) => host?.close(r))
})

async function withViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = []
    ;(window as unknown as { __csp: string[] }).__csp = seen
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
  return () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)
}

describe('Content-Security-Policy in Chromium', () => {
  it('the chat page loads, connects and answers without a violation', async () => {
    const page = await browser.newPage()
    const violations = await withViolations(page)
    const socket = page.waitForEvent('websocket')
    await page.goto(`${sourcier.url}/`)
    const ws = await socket
    expect(ws.url()).toBe(sourcier.wsUrl)
    const answer = ws.waitForEvent('framereceived', {
      predicate: (f) => typeof f.payload === 'string' && f.payload.includes('"type":"answer"'),
    })
    await page.getByRole('textbox').first().fill('envois de fonds des migrants')
    await page.keyboard.press('Enter')
    await answer
    expect(await violations()).toEqual([])
    await page.close()
  })

  it('an allowed origin may frame the page; another origin may not', async () => {
    const page = await browser.newPage()
    await page.goto(`${hostUrl}/?src=${encodeURIComponent(`${sourcier.url}/`)}`)
    const framed = page.frames().find((f) => f !== page.mainFrame())!
    await framed.waitForSelector('#app')
    expect(framed.url()).toBe(`${sourcier.url}/`)

    // The same page seen from another origin: localhost instead of 127.0.0.1.
    const other = hostUrl.replace('127.0.0.1', 'localhost')
    await page.goto(`${other}/?src=${encodeURIComponent(`${sourcier.url}/`)}`)
    // Chromium replaces the refused document with its error page; on a loaded machine the frame's
    // URL may still be empty when goto returns, so wait for the replacement rather than assume it.
    const refused = page.frames().find((f) => f !== page.mainFrame())!
    await expect.poll(() => refused.url()).toMatch(/^chrome-error:/)
    expect(await refused.$('#app')).toBeNull()
    await page.close()
  })
})
