/**
 * The engine host: the one object the transport asks questions through. It owns the current
 * engine (in process here; a worker pool behind the same interface), swaps it atomically on
 * `reload`, and turns an engine's coded refusal (SourcierError) into an outcome. Admission control
 * (hardening) wraps `ask`; ingest calls `reload` after an upload.
 */
import type { Corpus } from '../corpus/types.ts'
import type { AskRequest, Engine } from '../engine.ts'
import type { AnswerBody } from '../protocol/types.ts'
import { SourcierError, type ErrorCode } from '../errors.ts'

export type AskOutcome =
  | { ok: true; body: AnswerBody }
  | { ok: false; code: ErrorCode; message: string; retryAfterMs?: number }

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
  /** Called after each swap with the new version (the app refreshes what it derives from the corpus). */
  onReload(listener: (version: number) => void): void
  /** Stops answering: later asks reject. Resolves when every resource is released. */
  close(): Promise<void>
}

export interface EngineHostOptions {
  /** Builds an engine over a corpus, for the first corpus (when no engine is given) and every reload. */
  build: (corpus: Corpus) => Engine | Promise<Engine>
  /** An engine already built, served until the first reload. */
  engine?: Engine
  /** The first corpus, built with `build`, when no engine is given. */
  corpus?: Corpus
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
 * The in-process host: the engine runs on the calling thread. Resolves once the first engine is
 * built (from `options.engine` or `options.corpus`).
 */
export async function createEngineHost(options: EngineHostOptions): Promise<EngineHost> {
  const engine = options.engine ?? (options.corpus ? await options.build(options.corpus) : undefined)
  if (!engine) throw new TypeError('createEngineHost needs an engine or a corpus')
  return hostOf(engine, options.build)
}

/**
 * A host over an engine already built, synchronously (createApp given a bare engine, tests,
 * benches). Without `build` it cannot reload: reload rejects rather than keep serving the old corpus
 * while claiming a new version.
 */
export function hostOf(engine: Engine, build: EngineHostOptions['build'] = cannotBuild): EngineHost {
  let current = engine
  let version = 1
  let closed = false
  let reloading: Promise<void> = Promise.resolve()
  const listeners: Array<(version: number) => void> = []

  async function swap(corpus: Corpus): Promise<void> {
    // Let the asks already queued run on the current engine before the build takes the thread.
    await new Promise((resolve) => setImmediate(resolve))
    const next = await build(corpus)
    if (closed) return
    current = next
    version++
    for (const listener of listeners) listener(version)
  }

  return {
    get version() {
      return version
    },
    get corpus() {
      return current.corpus
    },
    async ask(request) {
      if (closed) throw new Error('engine host closed')
      return askEngine(current, request)
    },
    reload(corpus) {
      const run = reloading.then(() => swap(corpus))
      // A failed reload must not block the next one.
      reloading = run.catch(() => undefined)
      return run
    },
    onReload(listener) {
      listeners.push(listener)
    },
    async close() {
      closed = true
      await reloading
    },
  }
}
