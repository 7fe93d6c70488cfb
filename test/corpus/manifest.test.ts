import { describe, expect, it } from 'vitest'
import { parseManifest } from '../../server/corpus/manifest.ts'

const entry = (over: Record<string, unknown> = {}) => ({
  id: 'idm-2005',
  title: 'Titre',
  shortTitle: 'Court',
  publisher: 'OIM',
  year: 2005,
  file: 'idm-2005.txt',
  source: '000_x.txt',
  language: 'fr',
  numbered: true,
  ...over,
})

describe('parseManifest', () => {
  it('reads valid entries', () => {
    const { entries, skipped } = parseManifest(
      JSON.stringify([entry(), entry({ id: 'sg-2008', file: 'sg.txt', source: undefined, numbered: false })]),
    )
    expect(skipped).toEqual([])
    expect(entries.map((e) => [e.id, e.source, e.numbered])).toEqual([
      ['idm-2005', '000_x.txt', true],
      ['sg-2008', undefined, false],
    ])
  })

  it('skips an entry with a bad field, naming the file and the field', () => {
    const { entries, skipped } = parseManifest(JSON.stringify([entry({ year: 'deux mille' }), entry({ id: 'ok', file: 'ok.txt' })]))
    expect(entries.map((e) => e.id)).toEqual(['ok'])
    expect(skipped).toHaveLength(1)
    expect(skipped[0]!.file).toBe('idm-2005.txt')
    expect(skipped[0]!.reason).toContain('year')
  })

  it('refuses ids that are not URL-safe', () => {
    const { skipped } = parseManifest(JSON.stringify([entry({ id: 'IDM 2005/x' })]))
    expect(skipped[0]!.reason).toContain('id')
  })

  it('skips a duplicate id and a file listed twice', () => {
    const { entries, skipped } = parseManifest(JSON.stringify([entry(), entry({ file: 'autre.txt' }), entry({ id: 'autre' })]))
    expect(entries).toHaveLength(1)
    expect(skipped.map((s) => [s.file, s.reason])).toEqual([
      ['autre.txt', 'duplicate document id "idm-2005"'],
      ['idm-2005.txt', 'file listed twice in manifest.json'],
    ])
  })

  it('reports a manifest that is not JSON or not an array', () => {
    expect(parseManifest('{').skipped[0]!.reason).toMatch(/not valid JSON/)
    expect(parseManifest('{"id": 1}').skipped[0]!.reason).toMatch(/array/)
  })
})
