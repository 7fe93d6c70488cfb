// npm run ingest as a user runs it: a real process writing the SQLite store in DATA_DIR, with no
// server running; failures exit 1 with the code and what failed.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCorruptPdf, makeReportPdf } from '../../scripts/ingest-fixtures.ts'
import { openSqliteStore } from '../../server/storage/sqlite.ts'
import { freshDataDir } from '../helpers/databases.ts'

const data = freshDataDir()
beforeAll(async () => {
  writeFileSync(path.join(data.dir, 'rapport.pdf'), await makeReportPdf())
  writeFileSync(path.join(data.dir, 'abime.pdf'), makeCorruptPdf())
})
afterAll(() => data.remove())

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', ...args], {
    env: { ...process.env, DATA_DIR: data.dir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString()
  })
  child.stderr.on('data', (b: Buffer) => {
    err += b.toString()
  })
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })))
}

describe('npm run ingest', () => {
  it('adds a PDF into the store with a progress bar, then refuses the same id and a corrupt file with their codes', {
    timeout: 120_000,
  }, async () => {
    const ok = await cli([
      path.join(data.dir, 'rapport.pdf'),
      '--title',
      'Le travail saisonnier',
      '--short-title',
      'Saisonniers',
      '--year',
      '2019',
    ])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.out)).toMatchObject({ id: 'saisonniers-2019', pages: 3, paragraphs: 10 })
    expect(ok.err).toMatch(/page 3\/3/)
    const store = openSqliteStore(data.dir)
    const docs = await store.listDocuments()
    await store.close()
    expect(docs.map((d) => [d.id, d.pages, d.document.paragraphs.find((p) => p.number === 3)?.pages])).toEqual([
      ['saisonniers-2019', 3, { first: 1, last: 2 }],
    ])

    const [again, broken] = await Promise.all([
      cli([path.join(data.dir, 'rapport.pdf'), '--title', 'Le travail saisonnier', '--short-title', 'Saisonniers', '--year', '2019']),
      cli([path.join(data.dir, 'abime.pdf'), '--title', 'Abîmé', '--year', '2019']),
    ])
    expect([again.code, again.err]).toEqual([1, expect.stringMatching(/error duplicate_id: .*saisonniers-2019/)])
    expect([broken.code, broken.err]).toEqual([1, expect.stringMatching(/error corrupt_file: The PDF cannot be read/)])
  })
})
