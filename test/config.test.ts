import { describe, expect, it } from 'vitest'
import { ConfigError, DEFAULT_CONFIG, loadConfig } from '../server/config.ts'

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual(DEFAULT_CONFIG)
  })

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080', HOST: '0.0.0.0', CORPUS_DIR: '/srv/corpus', LOG_LEVEL: 'debug',
      ALLOWED_ORIGINS: 'https://intranet.example.org, http://localhost:8000/',
    })
    expect(c.port).toBe(8080)
    expect(c.host).toBe('0.0.0.0')
    expect(c.corpusDir).toBe('/srv/corpus')
    expect(c.logLevel).toBe('debug')
    expect(c.allowedOrigins).toEqual(['https://intranet.example.org', 'http://localhost:8000'])
  })

  it.each([
    ['PORT', 'abc'], ['PORT', '70000'], ['LOG_LEVEL', 'loud'], ['ALLOWED_ORIGINS', 'intranet'],
    ['ALLOWED_ORIGINS', 'https://a.example/path'], ['RATE_BURST', '0'],
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
})
