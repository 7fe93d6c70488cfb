/**
 * The engine host: the one object the transport asks questions through. It owns the current
 * engine (in process here; a worker pool behind the same interface), swaps it atomically on
 * `reload`, and turns an engine's coded refusal (SourcierError) into an outcome. Admission control
 * (hardening) wraps `ask`; ingest calls `reload` after an upload.
 */
import type { Corpus } from '../corpus/types.ts'
import { createEngine, type AskRequest, type Engine, type EngineSetup } from '../engine.ts'
import { createWorkerPool } from './pool.ts'
import { createAnswerCache, withAnswerCache } from './cache.ts'
import { readIndexSnapshot } from './snapshot.ts'
import { createGenerations } from './generations.ts'
import type { SearchIndex } from '../search/index.ts'
import type { AnswerBody } from '../protocol/types.ts'
import { SourcierError, type ErrorCode } from '../errors.ts'

export type AskOutcome = { ok: true; body: AnswerBody } | { ok: false; code: ErrorCode; message: string; retryAfterMs?: number }

export interface EngineHost {
  /**
   * Answers one question with the engine current when it is called. A coded refusal (bad document
   * filter …) is an `ok: false` outcome; anything else (a bug) rejects, for the caller to log.
   */
  ask(request: AskRequest): Promise<AskOutcome>
  /**
   * Builds an engine over `corpus` and swaps it in once built; questions asked meanwhile are
   * answered by the previous engine, none is lost. Reloads run one after another; a failed build
   * leaves the current engine in place and rejects.
   */
  reload(corpus: Corpus): Promise<void>
  /** Starts at 1, +1 per completed reload: a cached answer or a snapshot names the version it came from. */
  readonly version: number
  /** The corpus the current engine answers from (documents list, hello frame, health check). */
  readonly corpus: Corpus
  /** Asks worth running at once: 1 in process, two per worker (admission control's default). */
  readonly concurrency: number
  /** Called after each swap with the new version (the app refreshes what it derives from the corpus). */
  onReload(listener: (version: number) => void): void
  /** Stops answering: later asks reject. Resolves when every resource is released. */
  close(): Promise<void>
}

export interface EngineHostOptions {
  /**
   * Builds an in-process engine over a corpus, for the first corpus (when no engine is given) and
   * every reload. Defaults to `createEngine(corpus, engineOptions)`.
   */
  build?: (corpus: Corpus) => Engine | Promise<Engine>
  /** Options of every engine built (lexicon, models); plain data, copied to each worker. */
  engineOptions?: EngineSetup
  /** An engine already built, served until the first reload (in process only). */
  engine?: Engine
  /** The first corpus, built with `build`, when no engine is given. */
  corpus?: Corpus
  /** Worker threads answering (server/runtime/pool.ts); 0 answers in process. Defaults to 0. */
  workers?: number
  /** Answers kept by the answer cache (server/runtime/cache.ts); 0 turns it off. Defaults to 0. */
  cacheSize?: number
  /** The first corpus's index, already built (snapshot.ts `prepareIndex`, cold start). */
  index?: SearchIndex
  /** The first corpus's index snapshot, which workers (and the in-process engine, without `index`) load. */
  indexFile?: string
  /** Told when the index snapshot cannot serve the workers (pool.ts `onProblem`). Defaults to a no-op. */
  onProblem?: (message: string) => void
}

/** Runs one engine call and maps a coded refusal onto an outcome; a bug propagates. */
export function askEngine(engine: Engine, request: AskRequest): AskOutcome {
  try {
    return { ok: true, body: engine.ask(request) }
  } catch (err) {
    if (err instanceof SourcierError) return { ok: false, code: err.code, message: err.message }
    throw err
  }
}

function cannotBuild(): never {
  throw new Error('this engine host was created without a build function: it cannot reload')
}

/**
 * The engine host the server runs: in process, or over a pool of worker threads (`workers` > 0,
 * which needs `corpus` and `engineOptions`), with the answer cache in front when `cacheSize` > 0.
 * Resolves once the first engine (or every worker's) is built.
 */
export async function createEngineHost(options: EngineHostOptions): Promise<EngineHost> {
  const { workers = 0, cacheSize = 0, engineOptions } = options
  let host: EngineHost
  if (workers > 0) {
    if (!options.corpus || !engineOptions) throw new TypeError('a worker pool needs a corpus and engineOptions')
    host = await createWorkerPool(options.corpus, {
      size: workers,
      engineOptions,
      ...(options.indexFile ? { indexFile: options.indexFile } : {}),
      ...(options.onProblem ? { onProblem: options.onProblem } : {}),
    })
  } else {
    const build = options.build ?? (engineOptions ? (corpus: Corpus) => createEngine(corpus, engineOptions) : undefined)
    const first = async (corpus: Corpus) => {
      const index = options.index ?? (options.indexFile ? await readIndexSnapshot(options.indexFile, corpus) : undefined)
      return index && engineOptions && !options.build ? createEngine(corpus, { ...engineOptions, index }) : build!(corpus)
    }
    const engine = options.engine ?? (options.corpus && build ? await first(options.corpus) : undefined)
    if (!engine) throw new TypeError('createEngineHost needs an engine, or a corpus and a way to build one')
    host = hostOf(engine, build)
  }
  return cacheSize > 0 ? withAnswerCache(host, createAnswerCache({ size: cacheSize })) : host
}

/**
 * A host over an engine already built, synchronously (createApp given a bare engine, tests,
 * benches). Without `build` it cannot reload: reload rejects rather than keep serving the old corpus
 * while claiming a new version.
 */
export function hostOf(engine: Engine, build: NonNullable<EngineHostOptions['build']> = cannotBuild): EngineHost {
  let current = engine
  let closed = false
  const generations = createGenerations(swap)

  async function swap(corpus: Corpus): Promise<void> {
    // Let the asks already queued run on the current engine before the build takes the thread.
    await new Promise((resolve) => setImmediate(resolve))
    const next = await build(corpus)
    if (closed) return
    current = next
    generations.advance()
  }

  return {
    get version() {
      return generations.version
    },
    get corpus() {
      return current.corpus
    },
    concurrency: 1,
    async ask(request) {
      if (closed) throw new Error('engine host closed')
      return askEngine(current, request)
    },
    reload: generations.reload,
    onReload: generations.onReload,
    async close() {
      closed = true
      await generations.settled()
    },
  }
}
