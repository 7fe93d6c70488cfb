// The conversation store in real Chromium storage (quota errors cannot be faked honestly in Node).
// store.ts is bundled and evaluated in a page of the real server, a real origin with localStorage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { bundleExport, launch } from './browser.ts'
import { startServer, type RunningServer } from '../helpers/server.ts'

let server: RunningServer
let browser: Browser
let page: Page

beforeAll(async () => {
  const bundle = await bundleExport('client/src/chat/store.ts', 'createStore')
  ;[server, browser] = await Promise.all([startServer(), launch()])
  page = await browser.newPage()
  await page.goto(`${server.url}/`)
  await page.evaluate(bundle)
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

type StoreFns = { load(): unknown[]; save(t: unknown[]): void; clear(): void }
const withStore = <T>(fn: string, arg?: unknown) =>
  page.evaluate(
    ([body, a]) => {
      localStorage.clear()
      const createStore = (window as unknown as { createStore: (o?: object) => StoreFns }).createStore
      return new Function('createStore', 'arg', body)(createStore, a)
    },
    [fn, arg] as const,
  ) as Promise<T>

describe('conversation store', () => {
  it('loads what it saved', async () => {
    const turns = [
      { id: 'a', question: 'q1' },
      { id: 'b', question: 'q2', error: { code: 'internal', message: 'x' } },
    ]
    expect(await withStore(`const s = createStore({ key: 'k' }); s.save(arg); return createStore({ key: 'k' }).load()`, turns)).toEqual(
      turns,
    )
  })

  it('keeps only the newest turns beyond maxTurns', async () => {
    const ids = await withStore<string[]>(
      `const s = createStore({ maxTurns: 3 }); s.save(Array.from({ length: 5 }, (_, i) => ({ id: 't' + i, question: 'q' }))); return s.load().map((t) => t.id)`,
    )
    expect(ids).toEqual(['t2', 't3', 't4'])
  })

  it('on a quota error keeps the newest turns instead of losing them all', async () => {
    const result = await withStore<{ kept: string[]; threw: boolean }>(`
      // Fill most of the origin's quota with someone else's data.
      const block = 'x'.repeat(1024 * 1024)
      let i = 0
      try { for (; i < 10; i++) localStorage.setItem('other' + i, block) } catch {}
      localStorage.removeItem('other' + (i - 1))
      const turns = Array.from({ length: 16 }, (_, n) => ({ id: 't' + n, question: 'y'.repeat(150 * 1024) }))
      let threw = false
      try { createStore().save(turns) } catch { threw = true }
      return { kept: createStore().load().map((t) => t.id), threw }
    `)
    expect(result.threw).toBe(false)
    expect(result.kept.length).toBeGreaterThan(0)
    expect(result.kept.length).toBeLessThan(16)
    expect(result.kept.at(-1)).toBe('t15')
  })

  it('reads corrupted or foreign data as an empty conversation', async () => {
    expect(await withStore(`localStorage.setItem('sourcier.chat', '{not json'); return createStore().load()`)).toEqual([])
    expect(await withStore(`localStorage.setItem('sourcier.chat', '{"a":1}'); return createStore().load()`)).toEqual([])
    expect(
      await withStore(
        `localStorage.setItem('sourcier.chat', JSON.stringify([{ id: 'ok', question: 'q' }, { id: 3 }, null, 'x'])); return createStore().load()`,
      ),
    ).toEqual([{ id: 'ok', question: 'q' }])
  })

  it('clear forgets the conversation', async () => {
    expect(await withStore(`const s = createStore(); s.save([{ id: 'a', question: 'q' }]); s.clear(); return s.load()`)).toEqual([])
  })
})
