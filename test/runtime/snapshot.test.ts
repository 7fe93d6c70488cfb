// Fast start: the snapshot is saved on a cold start, loaded on the next, gives an engine whose
// answers equal the freshly built one's, and is rebuilt (the old one removed) when a corpus file
// changes.
import { cp, mkdir, mkdtemp, readdir, rm, appendFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCorpus } from '../../server/corpus/load.ts'
import { createEngine } from '../../server/engine.ts'
import { EMPTY_LEXICON, loadLexicon } from '../../server/analysis/lexicon.ts'
import { prepareIndex, readIndexSnapshot, snapshotKey } from '../../server/runtime/snapshot.ts'
import type { AnswerBody } from '../../server/protocol/types.ts'

const temp: string[] = []
afterAll(async () => {
  await Promise.all(temp.map((d) => rm(d, { recursive: true, force: true })))
})

const comparable = (b: AnswerBody) => {
  const { tookMs: _t, answerId: _a, ...rest } = b as AnswerBody & { answerId?: string }
  return rest
}

describe('index snapshot', () => {
  it('is built cold, loaded warm with identical answers, and rebuilt when a corpus file changes', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'sourcier-snapshot-'))
    temp.push(root)
    const corpusDir = path.join(root, 'corpus')
    await cp('corpus', corpusDir, { recursive: true })
    const lexicon = loadLexicon()
    const options = { dataDir: path.join(root, 'data'), corpusDir, lexicon, loadCorpus: (dir: string) => loadCorpus(dir) }

    const cold = await prepareIndex(options)
    expect(cold.warm).toBe(false)
    expect(cold.index).toBeDefined()
    const warm = await prepareIndex(options)
    expect(warm.warm).toBe(true)
    expect(warm.indexFile).toBe(cold.indexFile)
    expect(warm.corpus).toEqual(cold.corpus)

    const built = createEngine(cold.corpus, { lexicon, index: cold.index })
    const restoredIndex = await readIndexSnapshot(warm.indexFile, warm.corpus)
    expect(restoredIndex).toBeDefined()
    const restored = createEngine(warm.corpus, { lexicon, index: restoredIndex })
    const questions = (JSON.parse(readFileSync('eval/questions.json', 'utf8')) as Array<{ question: string }>).slice(0, 40)
    for (const q of questions) expect(comparable(restored.ask(q)), q.question).toEqual(comparable(built.ask(q)))

    // One byte more in one document: another key, a cold build, and the old snapshot gone.
    const file = (await readdir(corpusDir)).find((f) => f.endsWith('.txt'))!
    await appendFile(path.join(corpusDir, file), '\nUn paragraphe ajouté à la fin du document.\n')
    const changed = await prepareIndex(options)
    expect(changed.warm).toBe(false)
    expect(changed.indexFile).not.toBe(cold.indexFile)
    expect(await readdir(path.join(root, 'data', 'snapshots'))).toEqual([path.basename(path.dirname(changed.indexFile))])
  }, 120_000)

  it('reads a missing or corrupt snapshot as none, so that the caller builds instead of failing', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'sourcier-snapshot-'))
    temp.push(root)
    const corpus = await loadCorpus('corpus')
    expect(await readIndexSnapshot(path.join(root, 'gone.v8'), corpus)).toBeUndefined()
    await appendFile(path.join(root, 'corrupt.v8'), 'not a v8 serialisation')
    expect(await readIndexSnapshot(path.join(root, 'corrupt.v8'), corpus)).toBeUndefined()
  })

  it('keys on the lexicon too', async () => {
    expect(await snapshotKey('corpus', EMPTY_LEXICON)).not.toBe(await snapshotKey('corpus', loadLexicon()))
    expect(await snapshotKey('corpus', EMPTY_LEXICON)).toBe(await snapshotKey('corpus', EMPTY_LEXICON))
  })

  it('keys on the code the index is built from, not on the rest of the server', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'sourcier-snapshot-key-'))
    temp.push(root)
    await mkdir(path.join(root, 'search'))
    await mkdir(path.join(root, 'transport'))
    await writeFile(path.join(root, 'search', 'index.ts'), 'export const a = 1\n')
    await writeFile(path.join(root, 'transport', 'ws.ts'), 'export const b = 1\n')
    const options = { codeRoot: root, codePaths: ['search'] }
    const before = await snapshotKey('corpus', EMPTY_LEXICON, options)
    await appendFile(path.join(root, 'transport', 'ws.ts'), 'export const c = 2\n')
    expect(await snapshotKey('corpus', EMPTY_LEXICON, options)).toBe(before)
    await appendFile(path.join(root, 'search', 'index.ts'), 'export const d = 3\n')
    expect(await snapshotKey('corpus', EMPTY_LEXICON, options)).not.toBe(before)
  })
})
