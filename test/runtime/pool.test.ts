// The worker pool answers exactly what the engine answers in process (the eval questions over the
// shipped corpus), reloads reach every worker, and the answer cache is emptied on reload.
import { readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import v8 from 'node:v8'
import { afterAll, describe, expect, it } from 'vitest'
import { loadCorpus } from '../../server/corpus/load.ts'
import { createEngine } from '../../server/engine.ts'
import { loadLexicon } from '../../server/analysis/lexicon.ts'
import { createEngineHost, type EngineHost } from '../../server/runtime/host.ts'
import { prepareIndex } from '../../server/runtime/snapshot.ts'
import type { AnswerBody } from '../../server/protocol/types.ts'
import { FIXTURE } from '../search/fixture.ts'

const questions = (
  JSON.parse(readFileSync('eval/questions.json', 'utf8')) as Array<{ question: string; context?: Array<{ question: string }> }>
).slice(0, 60)
const lexicon = loadLexicon()
const hosts: EngineHost[] = []
const temp: string[] = []
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()))
  await Promise.all(temp.map((d) => rm(d, { recursive: true, force: true })))
})

/** What must not differ between two engines: everything but the timing and the random answer id. */
function comparable(body: AnswerBody): unknown {
  const { tookMs: _t, answerId: _a, ...rest } = body as AnswerBody & { answerId?: string }
  return rest
}

describe('worker pool', () => {
  it('answers every question exactly as the in-process engine does', async () => {
    const corpus = await loadCorpus('corpus')
    const engine = createEngine(corpus, { lexicon })
    const pool = await createEngineHost({ corpus, engineOptions: { lexicon }, workers: 2 })
    hosts.push(pool)
    // All at once: both workers busy, replies matched to their asks whatever order they finish in.
    const outcomes = await Promise.all(questions.map((q) => pool.ask(q)))
    outcomes.forEach((outcome, i) => {
      expect(outcome.ok, questions[i]!.question).toBe(true)
      if (outcome.ok) expect(comparable(outcome.body)).toEqual(comparable(engine.ask(questions[i]!)))
    })
    expect(await pool.ask({ question: 'migration', documents: ['nope'] })).toMatchObject({ ok: false, code: 'unknown_document' })
  }, 120_000)

  it('answers as the in-process engine when its workers share one index snapshot', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'sourcier-pool-snapshot-'))
    temp.push(root)
    const prepared = await prepareIndex({ dataDir: root, corpusDir: 'corpus', lexicon, loadCorpus: (dir) => loadCorpus(dir) })
    const engine = createEngine(prepared.corpus, { lexicon, index: prepared.index })
    const problems: string[] = []
    const pool = await createEngineHost({
      corpus: prepared.corpus,
      engineOptions: { lexicon },
      workers: 2,
      indexFile: prepared.indexFile,
      onProblem: (m) => problems.push(m),
    })
    hosts.push(pool)
    const outcomes = await Promise.all(questions.map((q) => pool.ask(q)))
    outcomes.forEach((outcome, i) => {
      expect(outcome.ok, questions[i]!.question).toBe(true)
      if (outcome.ok) expect(comparable(outcome.body)).toEqual(comparable(engine.ask(questions[i]!)))
    })
    // Both workers restored the shared snapshot: none fell back to building its own index.
    expect(problems).toEqual([])
  }, 120_000)

  it('regression: snapshot-restore-silent — a snapshot the workers cannot use is reported, and they still answer', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'sourcier-pool-badsnap-'))
    temp.push(root)
    const prepared = await prepareIndex({ dataDir: root, corpusDir: 'corpus', lexicon, loadCorpus: (dir) => loadCorpus(dir) })
    const stale = path.join(root, 'stale.v8')
    await writeFile(stale, v8.serialize({ ...(v8.deserialize(await readFile(prepared.indexFile)) as object), version: 999 }))
    for (const [file, expected] of [
      [stale, /could not restore the shared index snapshot/],
      [path.join(root, 'missing.v8'), /unreadable/],
    ] as const) {
      const problems: string[] = []
      const pool = await createEngineHost({
        corpus: prepared.corpus,
        engineOptions: { lexicon },
        workers: 1,
        indexFile: file,
        onProblem: (m) => problems.push(m),
      })
      hosts.push(pool)
      expect(
        problems.some((m) => expected.test(m)),
        problems.join(' | '),
      ).toBe(true)
      expect(await pool.ask(questions[0]!)).toMatchObject({ ok: true })
    }
  }, 120_000)

  it('reloads every worker: after the swap no worker answers from the old corpus', async () => {
    const noLexicon = { glossary: [], thesaurus: [], acronyms: [] }
    const pool = await createEngineHost({ corpus: FIXTURE, engineOptions: { lexicon: noLexicon }, workers: 2 })
    hosts.push(pool)
    const ask = () => pool.ask({ question: 'Forum mondial', documents: ['sg'] })
    expect((await Promise.all([ask(), ask(), ask(), ask()])).every((o) => o.ok)).toBe(true)
    await pool.reload({ ...FIXTURE, documents: FIXTURE.documents.filter((d) => d.id === 'oim') })
    expect(pool.version).toBe(2)
    const after = await Promise.all([ask(), ask(), ask(), ask()])
    expect(after.map((o) => (o.ok ? 'ok' : o.code))).toEqual([
      'unknown_document',
      'unknown_document',
      'unknown_document',
      'unknown_document',
    ])
  }, 60_000)
})

describe('answer cache', () => {
  it('serves an identical question from the cache with a fresh answer id, and forgets it on reload', async () => {
    let builds = 0
    const noLexicon = { glossary: [], thesaurus: [], acronyms: [] }
    const host = await createEngineHost({
      corpus: FIXTURE,
      cacheSize: 10,
      build: (corpus) => {
        builds++
        const engine = createEngine(corpus, { lexicon: noLexicon })
        let asked = 0
        return { ...engine, ask: (r) => ({ ...engine.ask(r), tookMs: ++asked }) }
      },
    })
    hosts.push(host)
    const first = await host.ask({ question: 'transferts de fonds' })
    // Same question with other spacing: a hit (the engine's counter, in tookMs, is not consulted).
    const again = await host.ask({ question: '  transferts   de fonds ' })
    expect(first.ok && again.ok).toBe(true)
    if (!first.ok || !again.ok) return
    expect(first.body.tookMs).toBe(1)
    expect(again.body.tookMs).toBe(0)
    expect(again.body.extracts).toEqual(first.body.extracts)
    if ('answerId' in first.body)
      expect((again.body as { answerId: string }).answerId).not.toBe((first.body as { answerId: string }).answerId)
    // Other options are another answer.
    const limited = await host.ask({ question: 'transferts de fonds', limit: 1 })
    expect(limited.ok && limited.body.tookMs).toBe(2)
    await host.reload(FIXTURE)
    expect(builds).toBe(2)
    const fresh = await host.ask({ question: 'transferts de fonds' })
    expect(fresh.ok && fresh.body.tookMs).toBe(1)
  })
})
