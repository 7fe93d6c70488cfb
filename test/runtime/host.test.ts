// The engine host: atomic reloads (every ask answered, by the old engine or the new one, never by
// a half-built one), coded refusals as outcomes, serialised reloads, a failed build leaving the
// current engine serving.
import { describe, expect, it } from 'vitest'
import { createEngine } from '../../server/engine.ts'
import { EMPTY_LEXICON } from '../../server/analysis/lexicon.ts'
import { createEngineHost, hostOf } from '../../server/runtime/host.ts'
import type { Corpus } from '../../server/corpus/types.ts'
import { FIXTURE } from '../search/fixture.ts'

const build = (corpus: Corpus) => createEngine(corpus, { lexicon: EMPTY_LEXICON })

/** The fixture with its OIM document only: questions about the Forum find nothing any more. */
const OIM_ONLY: Corpus = { ...FIXTURE, documents: FIXTURE.documents.filter((d) => d.id === 'oim') }

const firstDocument = (outcome: Awaited<ReturnType<Awaited<ReturnType<typeof createEngineHost>>['ask']>>) =>
  outcome.ok ? (outcome.body.extracts[0] ?? outcome.body.nearest?.[0])?.document.id : outcome.code

describe('engine host', () => {
  it('answers from the first corpus, then from the reloaded one, bumping the version', async () => {
    const host = await createEngineHost({ corpus: FIXTURE, build })
    expect(host.version).toBe(1)
    expect(firstDocument(await host.ask({ question: 'Forum mondial FMMD Bruxelles' }))).toBe('sg')
    const versions: number[] = []
    host.onReload((v) => versions.push(v))
    await host.reload(OIM_ONLY)
    expect(host.version).toBe(2)
    expect(versions).toEqual([2])
    expect(host.corpus).toBe(OIM_ONLY)
    // The sg document is gone: filtering on it is now a coded refusal, not a crash.
    expect(await host.ask({ question: 'Forum mondial', documents: ['sg'] })).toMatchObject({ ok: false, code: 'unknown_document' })
    await host.close()
  })

  it('answers asks made during a reload with the old engine, and later ones with the new', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const host = hostOf(build(FIXTURE), async (corpus) => {
      await gate // the build is "in progress" until released
      return build(corpus)
    })
    const reloaded = host.reload(OIM_ONLY)
    const during = await Promise.all([1, 2, 3].map(() => host.ask({ question: 'Forum mondial FMMD Bruxelles' })))
    expect(during.map(firstDocument)).toEqual(['sg', 'sg', 'sg'])
    expect(host.version).toBe(1)
    release()
    await reloaded
    expect(host.version).toBe(2)
    const after = await host.ask({ question: 'Forum mondial FMMD Bruxelles', documents: ['sg'] })
    expect(after).toMatchObject({ ok: false, code: 'unknown_document' })
  })

  it('keeps serving the current engine when a build fails, and runs the next reload', async () => {
    let fail = true
    const host = hostOf(build(FIXTURE), (corpus) => {
      if (fail) throw new Error('parse failed')
      return build(corpus)
    })
    await expect(host.reload(OIM_ONLY)).rejects.toThrow('parse failed')
    expect(host.version).toBe(1)
    expect(firstDocument(await host.ask({ question: 'Forum mondial FMMD Bruxelles' }))).toBe('sg')
    fail = false
    await host.reload(OIM_ONLY)
    expect(host.version).toBe(2)
    expect(host.corpus).toBe(OIM_ONLY)
  })

  it('applies concurrent reloads in the order asked', async () => {
    const host = hostOf(build(FIXTURE), build)
    await Promise.all([host.reload(OIM_ONLY), host.reload(FIXTURE)])
    expect(host.version).toBe(3)
    expect(host.corpus).toBe(FIXTURE)
  })

  it('refuses to reload when made from a bare engine, and rejects asks once closed', async () => {
    const host = hostOf(build(FIXTURE))
    await expect(host.reload(OIM_ONLY)).rejects.toThrow(/cannot reload/)
    expect(host.version).toBe(1)
    await host.close()
    await expect(host.ask({ question: 'Forum' })).rejects.toThrow(/closed/)
  })
})
