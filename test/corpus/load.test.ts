import { mkdir, mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkText, loadCorpus } from '../../server/corpus/load.ts'
import type { Corpus } from '../../server/corpus/types.ts'

describe('checkText', () => {
  it('accepts UTF-8 text and drops a byte-order mark', () => {
    expect(checkText(new TextEncoder().encode('\uFEFFMigration'))).toEqual({ text: 'Migration' })
  })

  it('names what is wrong with empty, binary and non-UTF-8 files', () => {
    expect(checkText(new Uint8Array())).toEqual({ reason: 'empty file' })
    expect(checkText(new TextEncoder().encode(' \n '))).toEqual({ reason: 'empty file (whitespace only)' })
    expect(checkText(Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]))).toEqual({ reason: 'binary file (contains NUL bytes)' })
    expect(checkText(Uint8Array.from([0x63, 0x6f, 0x68, 0xe9, 0x72, 0x65, 0x6e, 0x63, 0x65]))).toEqual({ reason: 'not valid UTF-8' })
  })
})

describe('loadCorpus without a folder', () => {
  it('reports the folder as skipped instead of throwing', async () => {
    const corpus = await loadCorpus('/nonexistent/sourcier-corpus')
    expect(corpus).toEqual({
      documents: [],
      skipped: [{ file: '/nonexistent/sourcier-corpus', reason: 'corpus folder cannot be read (ENOENT)' }],
    })
  })
})

describe('loadCorpus with bad files', () => {
  let dir: string
  let corpus: Corpus
  const logged: string[] = []

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sourcier-corpus-'))
    const manifest = JSON.parse(await readFile('corpus/manifest.json', 'utf8')) as Array<Record<string, unknown>>
    const good = manifest.find((e) => e.id === 'idm-2005')!
    await copyFile(path.join('corpus', String(good.file)), path.join(dir, String(good.file)))
    const extra = (id: string, file: string) => ({ ...good, id, file })
    await writeFile(path.join(dir, 'vide.txt'), '')
    await writeFile(path.join(dir, 'latin1.txt'), Buffer.from([0x63, 0x6f, 0x68, 0xe9, 0x72, 0x65, 0x6e, 0x63, 0x65]))
    await writeFile(path.join(dir, 'scan.txt'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02]))
    await writeFile(path.join(dir, 'orphelin.txt'), 'Un texte sans entrée dans le manifeste.')
    await writeFile(path.join(dir, 'double.txt'), 'Même identifiant qu’un autre document.')
    // Bug: a folder named like a text (or a file without read permission) made loadCorpus throw,
    // so the server did not start at all.
    await mkdir(path.join(dir, 'dossier.txt'))
    await writeFile(
      path.join(dir, 'manifest.json'),
      JSON.stringify([
        good,
        extra('vide', 'vide.txt'),
        extra('latin1', 'latin1.txt'),
        extra('scan', 'scan.txt'),
        extra('idm-2005', 'double.txt'),
        extra('absent', 'absent.txt'),
        extra('dossier', 'dossier.txt'),
      ]),
    )
    corpus = await loadCorpus(dir, { onSkip: (file, reason) => logged.push(`${file}: ${reason}`) })
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('still serves the good document', () => {
    expect(corpus.documents.map((d) => d.id)).toEqual(['idm-2005'])
    expect(corpus.documents[0]!.paragraphs.filter((p) => p.number !== null)).toHaveLength(23)
  })

  it('skips each bad file by name with its reason, and logs it (regression: unreadable-file-stops-load)', () => {
    const reasons = Object.fromEntries(corpus.skipped.map((s) => [s.file, s.reason]))
    expect(reasons).toEqual({
      'vide.txt': 'empty file',
      'latin1.txt': 'not valid UTF-8',
      'scan.txt': 'binary file (contains NUL bytes)',
      'double.txt': 'duplicate document id "idm-2005"',
      'absent.txt': 'listed in manifest.json but the file is missing',
      'orphelin.txt': 'no entry in manifest.json',
      'dossier.txt': 'file cannot be read (EISDIR)',
    })
    expect(logged).toHaveLength(corpus.skipped.length)
  })

  it('skips everything, by name, when the manifest is missing', async () => {
    await rm(path.join(dir, 'manifest.json'))
    const bare = await loadCorpus(dir)
    expect(bare.documents).toEqual([])
    expect(bare.skipped.map((s) => s.file)).toContain('manifest.json')
    expect(bare.skipped.map((s) => s.file)).toContain('orphelin.txt')
  })
})
