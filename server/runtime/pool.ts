/**
 * The engine host over a pool of worker threads: each worker holds its own engine over the same
 * corpus, an ask goes to the worker with the fewest asks in flight, so answers use every core and
 * a slow question never blocks the socket loop. A reload starts a new generation of workers and
 * swaps it in once every one of them is built; the old generation finishes the asks it holds, then
 * exits. A worker that dies fails its asks (the caller answers `internal`) and is replaced.
 */
import os from 'node:os'
import { Worker } from 'node:worker_threads'
import type { Corpus } from '../corpus/types.ts'
import type { AskRequest, EngineSetup } from '../engine.ts'
import type { AskOutcome, EngineHost } from './host.ts'
import { createGenerations } from './generations.ts'
import { readSharedIndexSnapshot } from './snapshot.ts'
import type { IndexSnapshot } from '../search/snapshot.ts'

export type PoolRequest = { type: 'ask'; id: number; request: AskRequest }
export type PoolReply =
  | { type: 'ready'; restored: boolean }
  | { type: 'answer'; id: number; outcome: AskOutcome }
  | { type: 'failed'; id: number; message: string }

export interface PoolOptions {
  /** Worker threads. Defaults to the machine's cores (os.availableParallelism()). */
  size: number
  /** Options of every worker's engine (lexicon, models …): plain data, copied to each worker. Required. */
  engineOptions: EngineSetup
  /**
   * An index snapshot of the first corpus: read once, its arrays shared by every worker, which
   * restore it instead of building. Defaults to none.
   */
  indexFile?: string
  /**
   * Told when the snapshot cannot serve (unreadable, or a worker could not restore it): the workers
   * then build their own index, which takes minutes on a large corpus. Defaults to a no-op.
   */
  onProblem: (message: string) => void
}

interface Pending {
  resolve(outcome: AskOutcome): void
  reject(err: Error): void
}

interface PoolWorker {
  worker: Worker
  inFlight: Map<number, Pending>
  /** Set once the pool stops it on purpose: its exit is not a crash to replace. */
  retired: boolean
  /** Called when its last ask in flight is answered (retiring a generation waits for it). */
  onDrained?: () => void
}

const WORKER_URL = new URL('./worker-entry.mjs', import.meta.url)

/** Starts one worker over `corpus`; resolves once its engine is built. */
function startWorker(
  corpus: Corpus,
  engineOptions: EngineSetup,
  snapshot: IndexSnapshot | undefined,
  onExit: (w: PoolWorker) => void,
  onProblem: (message: string) => void = () => {},
): Promise<PoolWorker> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: { corpus, options: engineOptions, snapshot } })
    const w: PoolWorker = { worker, inFlight: new Map(), retired: false }
    let ready = false
    worker.on('message', (m: PoolReply) => {
      if (m.type === 'ready') {
        ready = true
        if (snapshot && !m.restored) onProblem('an engine worker could not restore the shared index snapshot and built its own index')
        return resolve(w)
      }
      const pending = w.inFlight.get(m.id)
      if (!pending) return
      w.inFlight.delete(m.id)
      if (m.type === 'answer') pending.resolve(m.outcome)
      else pending.reject(new Error(`engine worker failed: ${m.message}`))
      if (w.inFlight.size === 0) w.onDrained?.()
    })
    worker.on('error', (err) => {
      if (!ready) reject(err)
      for (const p of w.inFlight.values()) p.reject(err)
      w.inFlight.clear()
    })
    worker.on('exit', () => {
      for (const p of w.inFlight.values()) p.reject(new Error('engine worker exited'))
      w.inFlight.clear()
      if (ready && !w.retired) onExit(w)
      else reject(new Error('engine worker exited before it was ready'))
    })
  })
}

async function startGeneration(
  corpus: Corpus,
  o: PoolOptions,
  snapshot: IndexSnapshot | undefined,
  onExit: (w: PoolWorker) => void,
): Promise<PoolWorker[]> {
  const started = await Promise.allSettled(
    Array.from({ length: o.size }, () => startWorker(corpus, o.engineOptions, snapshot, onExit, o.onProblem)),
  )
  const failed = started.find((s) => s.status === 'rejected')
  if (failed) {
    for (const s of started) if (s.status === 'fulfilled') void s.value.worker.terminate()
    throw (failed as PromiseRejectedResult).reason
  }
  return started.map((s) => (s as PromiseFulfilledResult<PoolWorker>).value)
}

/** Stops a generation's workers once each has answered the asks it holds. */
async function retire(workers: PoolWorker[]): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      w.retired = true
      if (w.inFlight.size > 0) await new Promise<void>((resolve) => (w.onDrained = resolve))
      await w.worker.terminate()
    }),
  )
}

export async function createWorkerPool(
  corpus: Corpus,
  options: Partial<PoolOptions> & Pick<PoolOptions, 'engineOptions'>,
): Promise<EngineHost> {
  const o: PoolOptions = { size: os.availableParallelism(), onProblem: () => {}, ...options }
  let current = corpus
  let closed = false
  let nextId = 0
  // Kept while the first corpus serves, for a crashed worker's replacement; shared, so it costs one copy.
  let snapshot = o.indexFile ? await readSharedIndexSnapshot(o.indexFile) : undefined
  if (o.indexFile && !snapshot) o.onProblem(`index snapshot ${o.indexFile} unreadable: each engine worker builds its own index`)
  const generations = createGenerations(swap)

  // A crashed worker of the serving generation is replaced over the same corpus.
  const replace = (dead: PoolWorker) => {
    const at = workers.indexOf(dead)
    if (at < 0 || closed) return
    const corpusNow = current
    startWorker(corpusNow, o.engineOptions, corpusNow === corpus ? snapshot : undefined, replace, o.onProblem).then(
      (w) => (workers[at] === dead && current === corpusNow && !closed ? (workers[at] = w) : void retire([w])),
      () => undefined,
    )
  }
  let workers = await startGeneration(corpus, o, snapshot, replace)

  function leastBusy(): PoolWorker {
    let best = workers[0]!
    for (const w of workers) if (!w.retired && w.inFlight.size < best.inFlight.size) best = w
    return best
  }

  async function swap(next: Corpus): Promise<void> {
    const fresh = await startGeneration(next, o, undefined, replace)
    if (closed) return void retire(fresh)
    const old = workers
    workers = fresh
    current = next
    snapshot = undefined
    generations.advance()
    void retire(old)
  }

  return {
    get version() {
      return generations.version
    },
    get corpus() {
      return current
    },
    concurrency: 2 * o.size,
    ask(request) {
      if (closed) return Promise.reject(new Error('engine host closed'))
      const w = leastBusy()
      const id = nextId++
      return new Promise<AskOutcome>((resolve, reject) => {
        w.inFlight.set(id, { resolve, reject })
        w.worker.postMessage({ type: 'ask', id, request } satisfies PoolRequest)
      })
    },
    reload: generations.reload,
    onReload: generations.onReload,
    async close() {
      closed = true
      await generations.settled()
      await retire(workers)
    },
  }
}
