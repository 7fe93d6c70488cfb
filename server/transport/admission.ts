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

/** Waiting tasks, one FIFO per client; insertion order of clients is the round-robin order. */
class RoundRobin {
  private readonly queues = new Map<string, Task[]>()
  size = 0

  queuedBy(client: string): number {
    return this.queues.get(client)?.length ?? 0
  }

  /** Tasks that would run before one more from `client`: each client gets one turn per round. */
  ahead(client: string): number {
    const rounds = this.queuedBy(client) + 1
    let n = rounds - 1
    for (const [other, q] of this.queues) if (other !== client) n += Math.min(q.length, rounds)
    return n
  }

  push(task: Task): void {
    const q = this.queues.get(task.meta.client)
    if (q) q.push(task)
    else this.queues.set(task.meta.client, [task])
    this.size++
  }

  /** The next client's oldest task; that client moves to the back of the round. */
  shift(): Task | undefined {
    const first = this.queues.entries().next()
    if (first.done) return undefined
    const [client, q] = first.value
    const task = q.shift()!
    this.queues.delete(client)
    if (q.length > 0) this.queues.set(client, q)
    this.size--
    return task
  }
}

export function createAdmission(run: Run, options: Partial<AdmissionOptions> = {}): Admission {
  const o = { ...DEFAULT_ADMISSION_OPTIONS, ...options }
  const queue = new RoundRobin()
  let running = 0
  let askMs = INITIAL_ASK_MS
  const idleWaiters: Array<() => void> = []
  let scheduled = false

  const expectedWaitMs = (client: string) => ((queue.ahead(client) + running) * askMs) / o.concurrency

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
      const task = queue.shift()
      if (!task) break
      // Estimates can be wrong (a burst of long questions): a task that already waited past twice
      // the budget is refused rather than answered late.
      if (o.now() - task.enqueuedAt > 2 * o.maxWaitMs) task.resolve(overloaded(askMs))
      else void execute(task)
      if (o.concurrency === 1) break
    }
    // With every slot taken, the next pump is scheduled by `execute` when an ask ends: scheduling
    // it here too made the main thread spin on setImmediate while a worker pool answered, and
    // that spin took a core from the workers (about 1 ms of CPU per reply under bench:load).
    if (queue.size > 0) {
      if (running < o.concurrency) schedule()
    } else if (running === 0) for (const w of idleWaiters.splice(0)) w()
  }

  function schedule(): void {
    if (scheduled) return
    scheduled = true
    setImmediate(pump)
  }

  return {
    ask(request, meta) {
      const wait = expectedWaitMs(meta.client)
      if (queue.size >= o.maxQueued || queue.queuedBy(meta.client) >= o.maxQueuedPerClient || wait > o.maxWaitMs) {
        return Promise.resolve(overloaded(wait))
      }
      return new Promise<AskOutcome>((resolve) => {
        queue.push({ request, meta, enqueuedAt: o.now(), resolve })
        schedule()
      })
    },
    get queued() {
      return queue.size
    },
    get running() {
      return running
    },
    idle() {
      if (queue.size === 0 && running === 0) return Promise.resolve()
      return new Promise<void>((resolve) => idleWaiters.push(resolve))
    },
  }
}
