// The data- attribute rules of widget.js (client/src/widget/options.ts).
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_WIDGET_OPTIONS, readWidgetOptions } from '../../client/src/widget/options.ts'

const ORIGIN = 'https://sourcier.example'

describe('readWidgetOptions', () => {
  it('gives the documented defaults for a bare script tag, the server being where the script came from', () => {
    const { options, warnings } = readWidgetOptions({}, ORIGIN)
    expect(options).toEqual({ ...DEFAULT_WIDGET_OPTIONS, server: ORIGIN })
    expect(warnings).toEqual([])
  })

  it('reads every attribute', () => {
    const { options, warnings } = readWidgetOptions(
      {
        server: 'https://sourcier.intranet.example.org/',
        language: 'en',
        position: 'left',
        title: 'Ask the corpus',
        accent: '#0a7d4f',
        starters: 'Qu’est-ce que la migration circulaire ? | What are remittances?',
        documents: 'idm-2005, sg-2008',
        open: '',
        target: '#assistant',
      },
      ORIGIN,
    )
    expect(warnings).toEqual([])
    expect(options).toEqual({
      server: 'https://sourcier.intranet.example.org',
      language: 'en',
      position: 'left',
      title: 'Ask the corpus',
      accent: '#0a7d4f',
      starters: ['Qu’est-ce que la migration circulaire ?', 'What are remittances?'],
      documents: ['idm-2005', 'sg-2008'],
      open: true,
      target: '#assistant',
    })
  })

  it('accepts language tags and case, and reads data-open values', () => {
    expect(readWidgetOptions({ language: 'fr-CH' }, ORIGIN).options.language).toBe('fr')
    expect(readWidgetOptions({ language: 'EN_gb' }, ORIGIN).options.language).toBe('en')
    expect(readWidgetOptions({ position: 'LEFT' }, ORIGIN).options.position).toBe('left')
    expect(readWidgetOptions({ open: 'true' }, ORIGIN).options.open).toBe(true)
    expect(readWidgetOptions({ open: 'false' }, ORIGIN).options.open).toBe(false)
  })

  it('ignores bad values with a warning naming the attribute, and keeps the default', () => {
    const { options, warnings } = readWidgetOptions(
      {
        server: 'javascript:alert(1)',
        language: 'de',
        position: 'top',
        accent: 'red; background: url(https://evil.example/x)',
        documents: 'ok-doc,../etc/passwd',
      },
      ORIGIN,
    )
    expect(options.server).toBe(ORIGIN)
    expect(options.language).toBeUndefined()
    expect(options.position).toBe('right')
    expect(options.accent).toBeUndefined()
    expect(options.documents).toEqual(['ok-doc'])
    expect(warnings.map((w) => /data-(\w+)/.exec(w)?.[1])).toEqual(['server', 'language', 'position', 'accent', 'documents'])
  })

  it('refuses a server URL with credentials, a path, a query or a non-http scheme', () => {
    for (const server of [
      'https://u:p@sourcier.example',
      'https://intranet.example/sourcier',
      'https://sourcier.example/?x=1',
      'ftp://sourcier.example',
      'not a url',
    ]) {
      expect(readWidgetOptions({ server }, ORIGIN).options.server).toBe(ORIGIN)
    }
  })

  it('never throws, and every option stays within its rules, whatever the attributes say', () => {
    const keys = ['server', 'language', 'position', 'title', 'accent', 'starters', 'documents', 'open', 'target', 'other']
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.string({ maxLength: 300 })), (data) => {
        const { options } = readWidgetOptions(data, ORIGIN)
        expect(['left', 'right']).toContain(options.position)
        expect([undefined, 'fr', 'en']).toContain(options.language)
        expect(options.server).toBe(new URL(options.server).origin)
        expect(options.title.length).toBeGreaterThan(0)
        expect(options.title.length).toBeLessThanOrEqual(200)
        expect(options.starters.length).toBeLessThanOrEqual(6)
        for (const s of options.starters) expect(s.trim()).toBe(s)
        for (const id of options.documents) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)
        if (options.accent !== undefined) expect(options.accent).not.toMatch(/[;:{}'"\\]|url/i)
      }),
    )
  })
})
