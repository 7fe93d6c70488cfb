/**
 * Admission control in front of the engine: one bounded queue of asks for the whole process,
 * served round-robin across clients so that a client asking a lot waits behind itself, not in
 * front of others. An ask that cannot be answered within the time budget is refused at once with
 * `overloaded` and a retryAfterMs, instead of waiting silently.
 */
import { ERRORS } from '../errors.ts'
import type { AskRequest } from '../engine.ts'
import type { AskMeta, AskOutcome } from './ask.ts'

export interface AdmissionOptions {
  /** Asks waiting, all clients together. Defaults to 256 (Config.maxQueuedAsks). */
  maxQueued: number
  /** Asks waiting from one client. Defaults to 32 (Config.maxQueuedPerClient). */
  maxQueuedPerClient: number
  /** Longest expected wait before an ask runs, in ms. Defaults to 200 (Config.maxQueueWaitMs). */
  maxWaitMs: number
  /** Asks running at once. Defaults to 1 (Config.maxConcurrentAsks). */
  concurrency: number
  /** Clock in ms. Defaults to performance.now. */
  now: () => number
}

export const DEFAULT_ADMISSION_OPTIONS: AdmissionOptions = {
  maxQueued: 256,
  maxQueuedPerClient: 32,
  maxWaitMs: 200,
  concurrency: 1,
  now: () => performance.now(),
}

export type Run = (request: AskRequest, meta: AskMeta) => AskOutcome | Promise<AskOutcome>

export interface Admission {
  ask(request: AskRequest, meta: AskMeta): Promise<AskOutcome>
  /** Asks waiting. */
  readonly queued: number
  /** Asks running. */
  readonly running: number
  /** Resolves when nothing is queued or running (shutdown waits for it). */
  idle(): Promise<void>
}

interface Task {
  request: AskRequest
  meta: AskMeta
  enqueuedAt: number
  resolve: (outcome: AskOutcome) => void
}

/** Weight of the latest ask in the running mean of ask durations. */
const EWMA_WEIGHT = 0.2
/** Assumed ask duration before any was measured, in ms. */
const INITIAL_ASK_MS = 5

export function overloaded(retryAfterMs: number): AskOutcome {
  return { ok: false, code: 'overloaded', message: ERRORS.overloaded.message, retryAfterMs: Math.max(100, Math.ceil(retryAfterMs)) }
}

export function createAdmission(run: Run, options: Partial<AdmissionOptions> = {}): Admission {
  const o = { ...DEFAULT_ADMISSION_OPTIONS, ...options }
  // Insertion order is the round-robin order: a served client moves to the back.
  const queues = new Map<string, Task[]>()
  let queued = 0
  let running = 0
  let askMs = INITIAL_ASK_MS
  const idleWaiters: Array<() => void> = []
  let scheduled = false

  /** Expected wait of one more ask from `client`: round-robin gives each client one turn per round. */
  function expectedWaitMs(client: string): number {
    const rounds = (queues.get(client)?.length ?? 0) + 1
    let ahead = rounds - 1
    for (const [other, q] of queues) if (other !== client) ahead += Math.min(q.length, rounds)
    return ((ahead + running) * askMs) / o.concurrency
  }

  function next(): Task | undefined {
    const first = queues.entries().next()
    if (first.done) return undefined
    const [client, q] = first.value
    const task = q.shift()!
    queues.delete(client)
    if (q.length > 0) queues.set(client, q)
    queued--
    return task
  }

  async function execute(task: Task): Promise<void> {
    running++
    const t0 = o.now()
    try {
      task.resolve(await run(task.request, task.meta))
    } catch {
      task.resolve({ ok: false, code: 'internal', message: ERRORS.internal.message })
    } finally {
      askMs = askMs * (1 - EWMA_WEIGHT) + (o.now() - t0) * EWMA_WEIGHT
      running--
      schedule()
    }
  }

  // Each ask starts in its own macrotask, so sockets are read between two asks even with an
  // engine that answers synchronously.
  function pump(): void {
    scheduled = false
    while (running < o.concurrency) {
      const task = next()
      if (!task) break
      const waited = o.now() - task.enqueuedAt
      // Estimates can be wrong (a burst of long questions): a task that already waited past twice
      // the budget is refused rather than answered late.
      if (waited > 2 * o.maxWaitMs) task.resolve(overloaded(askMs))
      else void execute(task)
      if (o.concurrency === 1) break
    }
    if (queued > 0) schedule()
    else if (running === 0) for (const w of idleWaiters.splice(0)) w()
  }

  function schedule(): void {
    if (scheduled) return
    scheduled = true
    setImmediate(pump)
  }

  return {
    ask(request, meta) {
      const q = queues.get(meta.client)
      const wait = expectedWaitMs(meta.client)
      if (queued >= o.maxQueued || (q?.length ?? 0) >= o.maxQueuedPerClient || wait > o.maxWaitMs) {
        return Promise.resolve(overloaded(wait))
      }
      return new Promise<AskOutcome>((resolve) => {
        const task = { request, meta, enqueuedAt: o.now(), resolve }
        if (q) q.push(task)
        else queues.set(meta.client, [task])
        queued++
        schedule()
      })
    },
    get queued() {
      return queued
    },
    get running() {
      return running
    },
    idle() {
      if (queued === 0 && running === 0) return Promise.resolve()
      return new Promise<void>((resolve) => idleWaiters.push(resolve))
    },
  }
}
