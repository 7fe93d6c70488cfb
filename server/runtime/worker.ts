/**
 * A worker thread of the engine pool (pool.ts): builds one engine over the corpus it is given and
 * answers asks one after another. Messages in: {type:'ask', id, request}; out: {type:'ready',
 * restored} once built (restored: from the shared snapshot), then {type:'answer', id, outcome} or {type:'failed', id, message} for each ask.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createEngine, type EngineSetup } from '../engine.ts'
import type { Corpus } from '../corpus/types.ts'
import { askEngine } from './host.ts'
import { restoreIndexSnapshot } from './snapshot.ts'
import type { IndexSnapshot } from '../search/snapshot.ts'
import type { PoolReply, PoolRequest } from './pool.ts'

const { corpus, options, snapshot } = workerData as { corpus: Corpus; options: EngineSetup; snapshot?: IndexSnapshot }
// The snapshot when there is one (a restart, or the main thread's cold build): no re-analysis.
// Its arrays are shared with the other workers (pool.ts reads it once).
const index = snapshot ? restoreIndexSnapshot(snapshot, corpus) : undefined
const engine = createEngine(corpus, { ...options, index })
const port = parentPort!

port.on('message', (message: PoolRequest) => {
  let reply: PoolReply
  try {
    reply = { type: 'answer', id: message.id, outcome: askEngine(engine, message.request) }
  } catch (err) {
    reply = { type: 'failed', id: message.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) }
  }
  port.postMessage(reply)
})
port.postMessage({ type: 'ready', restored: index !== undefined } satisfies PoolReply)
