// Origin rule, address hashing, and the headers a real server sends (CSP, frame-ancestors, CORP).
import http from 'node:http'
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAddressHasher, isOriginAllowed } from '../../server/transport/security.ts'
import { createApp, type App } from '../../server/transport/app.ts'
import { loadConfig, type Config } from '../../server/config.ts'
import { createLogger } from '../../server/logger.ts'
import { sharedEngine } from '../helpers/server.ts'

describe('isOriginAllowed', () => {
  const allowed = ['https://intranet.example.org']
  it.each([
    [undefined, 'sourcier.example', [], true],
    ['https://sourcier.example', 'sourcier.example', [], true],
    ['http://sourcier.example:3000', 'sourcier.example:3000', [], true],
    ['HTTP://Sourcier.Example:3000', 'sourcier.example:3000', [], true],
    ['http://sourcier.example:3001', 'sourcier.example:3000', [], false],
    ['https://intranet.example.org', 'sourcier.example', [], false],
    ['https://intranet.example.org', 'sourcier.example', allowed, true],
    ['https://sourcier.example', 'sourcier.example', allowed, true],
    ['https://intranet.example.org.evil.example', 'sourcier.example', allowed, false],
    ['null', 'sourcier.example', allowed, false],
    ['https://sourcier.example', undefined, [], false],
  ] as const)('Origin %s on Host %s with %j → %s', (origin, host, list, expected) => {
    expect(isOriginAllowed(origin, host, list)).toBe(expected)
  })
})

describe('createAddressHasher', () => {
  it('is stable for one salt, differs across salts, and never contains the address', () => {
    const a = createAddressHasher(Buffer.from('salt-a'))
    const b = createAddressHasher(Buffer.from('salt-b'))
    expect(a('203.0.113.7')).toBe(a('203.0.113.7'))
    expect(a('203.0.113.7')).not.toBe(a('203.0.113.8'))
    expect(a('203.0.113.7')).not.toBe(b('203.0.113.7'))
    expect(a('203.0.113.7')).toMatch(/^[\w-]{12}$/)
    expect(a('203.0.113.7')).not.toContain('203')
  })
})

describe('headers from a real server', () => {
  let publicDir: string
  const apps: App[] = []
  beforeAll(async () => {
    publicDir = await mkdtemp(path.join(tmpdir(), 'sourcier-public-'))
    await mkdir(path.join(publicDir, 'dist'))
    await writeFile(path.join(publicDir, 'index.html'), '<!doctype html><title>t</title>')
    await writeFile(path.join(publicDir, 'dist', 'widget.js'), 'window.w = 1')
    await writeFile(path.join(publicDir, 'dist', 'app.css'), '.sourcier{}')
  })
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()))
    await rm(publicDir, { recursive: true, force: true })
  })

  async function start(allowedOrigins: string[], overrides: Partial<Config> = {}) {
    const config = { ...loadConfig({}), allowedOrigins, logLevel: 'silent' as const, ...overrides }
    const app = createApp({ engine: await sharedEngine(), config, logger: createLogger('silent'), publicDir })
    apps.push(app)
    await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r))
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  }

  const csp = (res: Response) =>
    new Map(
      res.headers
        .get('content-security-policy')!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    )

  it('sends a strict CSP and same-origin framing by default', async () => {
    const url = await start([])
    const res = await fetch(`${url}/`)
    expect(res.status).toBe(200)
    const d = csp(res)
    expect(d.get('default-src')).toEqual(["'self'"])
    expect(d.get('script-src')).toEqual(["'self'"])
    expect(d.get('style-src')).toEqual(["'self'"])
    expect(d.get('img-src')).toEqual(["'self'", 'data:'])
    const host = url.replace('http://', '')
    expect(d.get('connect-src')).toEqual(["'self'", `ws://${host}`, `wss://${host}`])
    expect(d.get('frame-ancestors')).toEqual(["'self'"])
    expect(d.has('upgrade-insecure-requests')).toBe(false)
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin')
  })

  it('lets the allowed origins frame the page and adds their WebSocket origins', async () => {
    const url = await start(['https://intranet.example.org', 'http://wiki.example.org:8080'])
    const d = csp(await fetch(`${url}/`))
    expect(d.get('frame-ancestors')).toEqual(["'self'", 'https://intranet.example.org', 'http://wiki.example.org:8080'])
    expect(d.get('connect-src')).toEqual(expect.arrayContaining(['wss://intranet.example.org', 'ws://wiki.example.org:8080']))
    expect((await fetch(`${url}/`)).headers.get('x-frame-options')).toBeNull()
  })

  it('lets other sites load /widget.js and /dist assets', async () => {
    const url = await start([])
    for (const p of ['/widget.js', '/dist/widget.js', '/dist/app.css']) {
      const res = await fetch(`${url}${p}`)
      expect(res.status, p).toBe(200)
      expect(res.headers.get('cross-origin-resource-policy'), p).toBe('cross-origin')
      expect(res.headers.get('access-control-allow-origin'), p).toBe('*')
    }
    expect(await (await fetch(`${url}/widget.js`)).text()).toBe('window.w = 1')
  })

  it.each([
    ['answers any host (HOST not loopback, no ALLOWED_HOSTS)', { host: '0.0.0.0' }, 200],
    ['answers loopback names only (the default)', {}, 421],
  ] as const)('never echoes a forged Host header into the CSP, on a server that %s', async (_what, overrides, status) => {
    const url = await start([], overrides)
    const { port } = new URL(url)
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/', headers: { host: "x; script-src * 'unsafe-inline'" } }, (r) => {
          r.resume()
          resolve(r)
        })
        .on('error', reject)
    })
    expect(res.statusCode).toBe(status)
    const header = String(res.headers['content-security-policy'])
    expect(header).not.toContain('unsafe-inline')
    if (status === 200) expect(header).toContain("script-src 'self'")
  })

  it('answers 404 JSON for a missing file and never a stack for a malformed URL', async () => {
    const url = await start([])
    const missing = await fetch(`${url}/nope.html`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ code: 'not_found', message: expect.any(String) })
    const malformed = await fetch(`${url}/%E0%A4%A`)
    expect(malformed.status).toBeGreaterThanOrEqual(400)
    expect(malformed.status).toBeLessThan(500)
    expect(await malformed.text()).not.toMatch(/\bat .*\(|node_modules/)
  })
})
