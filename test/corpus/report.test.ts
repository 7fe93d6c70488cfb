// scripts/corpus.ts, as `npm run corpus` runs it: a real process over the shipped corpus.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { Paragraph } from '../../server/corpus/types.ts'

const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/corpus.ts', ...args], { maxBuffer: 64 << 20 })

describe('npm run corpus', () => {
  it('prints per document the paragraphs, numbered paragraphs, headings, notes and anomalies', async () => {
    const { stdout } = await run()
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^5 documents parsed in \d+ ms$/)
    expect(lines[1]!.split(/\s+/)).toEqual(['id', 'year', 'paragraphs', 'numbered', 'headings', 'captions', 'notes', 'anomalies'])
    const row = (id: string) =>
      lines
        .find((l) => l.startsWith(`${id} `))!
        .trim()
        .split(/\s+/)
    expect(row('idm-2005')).toEqual(['idm-2005', '2005', '23', '23', '14', '0', '12', '0'])
    expect(row('sg-2008').slice(3, 4)).toEqual(['75'])
    expect(stdout).toMatch(/^anomaly idm-2018: call of note 27 not found/m)
  })

  it('dumps every paragraph with --json', async () => {
    const { stdout } = await run('--json')
    const paragraphs = JSON.parse(stdout) as Paragraph[]
    expect(paragraphs.filter((p) => p.documentId === 'ateliers-capacites' && p.number !== null)).toHaveLength(17)
    expect(Object.keys(paragraphs[0]!).sort()).toEqual(['documentId', 'id', 'kind', 'label', 'n', 'notes', 'number', 'section', 'text'])
  })
})
