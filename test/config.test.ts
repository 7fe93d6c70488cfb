import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type Config, ConfigError, DEFAULT_CONFIG, loadConfig } from '../server/config.ts'

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual(DEFAULT_CONFIG)
  })

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      CORPUS_DIR: '/srv/corpus',
      LOG_LEVEL: 'debug',
      ALLOWED_ORIGINS: 'https://intranet.example.org, http://localhost:8000/',
    })
    expect(c.port).toBe(8080)
    expect(c.host).toBe('0.0.0.0')
    expect(c.corpusDir).toBe('/srv/corpus')
    expect(c.logLevel).toBe('debug')
    expect(c.allowedOrigins).toEqual(['https://intranet.example.org', 'http://localhost:8000'])
  })

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['ALLOWED_ORIGINS', 'intranet'],
    ['ALLOWED_ORIGINS', 'https://a.example/path'],
    ['RATE_BURST', '0'],
  ])('rejects %s=%s with one sentence naming the variable', (name, value) => {
    let err: unknown
    try {
      loadConfig({ [name]: value })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    const message = (err as Error).message
    expect(message).toContain(name)
    expect(message).not.toContain('\n')
  })

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000)
  })

  // A token with a space passed the check but `Bearer my token …` can never match it: every staff
  // request got 403 with nothing saying why.
  it('regression: admin-token-with-space — ADMIN_TOKEN / METRICS_TOKEN with spaces or non-ASCII are refused at start', () => {
    for (const name of ['ADMIN_TOKEN', 'METRICS_TOKEN']) {
      for (const bad of ['mon jeton du personnel 2026', 'jeton-du-personnel-été-2026']) {
        expect(() => loadConfig({ [name]: bad })).toThrow(ConfigError)
        expect(() => loadConfig({ [name]: bad })).toThrow(name)
      }
    }
    expect(loadConfig({ ADMIN_TOKEN: ' s3cret-Token_0123456789 ' }).adminToken).toBe('s3cret-Token_0123456789')
  })
})

describe('README', () => {
  // The configuration table is what operators read; it must name every variable loadConfig reads,
  // with DEFAULT_CONFIG's default.
  const readme = readFileSync('README.md', 'utf8')
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1))
  const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| (.+?) \|/gm)].map((m) => ({ variable: m[1]!, shown: m[2]! }))
  const field = (variable: string) => variable.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof Config

  it('lists exactly the fields of DEFAULT_CONFIG, once each', () => {
    expect(rows.map((r) => field(r.variable)).sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort())
  })

  it('gives each variable its default from DEFAULT_CONFIG', () => {
    for (const { variable, shown } of rows) {
      const value = DEFAULT_CONFIG[field(variable)]
      if (Array.isArray(value) || value === '') expect(value.length, variable).toBe(0)
      else expect(shown, variable).toBe(`\`${value}\``)
    }
  })
})
