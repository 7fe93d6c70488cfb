/**
 * The answer cache: a bounded LRU of answer bodies keyed by the normalised question and every
 * option that changes the answer (document filter, limit, conversation context). The host clears
 * it on every reload, and keys carry the engine version too, so an answer computed by an engine
 * being replaced can never be served after the swap.
 */
import { randomUUID } from 'node:crypto'
import { LRUCache } from 'lru-cache'
import type { AskRequest } from '../engine.ts'
import type { AnswerBody } from '../protocol/types.ts'
import type { EngineHost } from './host.ts'

export interface AnswerCacheOptions {
  /** Answers kept, least recently used dropped first; 0 turns the cache off. Defaults to 1000. */
  size: number
}

export const DEFAULT_ANSWER_CACHE_OPTIONS: AnswerCacheOptions = { size: 1000 }

/**
 * Whitespace runs and Unicode composition do not change an answer; case does (« UE » is the
 * Union, « eu » a past participle), so it is kept.
 */
export function normaliseQuestion(question: string): string {
  return question.normalize('NFC').trim().replace(/\s+/gu, ' ')
}

/** The cache key of a request: question, limit, sorted document filter, context questions. */
export function cacheKey(request: AskRequest, version: number): string {
  return JSON.stringify([
    version,
    normaliseQuestion(request.question),
    request.limit ?? null,
    request.documents?.length ? [...new Set(request.documents)].sort() : null,
    (request.context ?? []).map((turn) => normaliseQuestion(turn.question)),
  ])
}

/** Keyed by `cacheKey`, computed once per ask by the caller (a miss both reads and writes). */
export interface AnswerCache {
  get(key: string): AnswerBody | undefined
  set(key: string, body: AnswerBody): void
  clear(): void
  readonly size: number
}

export function createAnswerCache(options: Partial<AnswerCacheOptions> = {}): AnswerCache {
  const o = { ...DEFAULT_ANSWER_CACHE_OPTIONS, ...options }
  if (o.size <= 0) return { get: () => undefined, set: () => undefined, clear: () => undefined, size: 0 }
  const lru = new LRUCache<string, AnswerBody>({ max: o.size })
  return {
    get(key) {
      const body = lru.get(key)
      if (!body) return undefined
      // Each answer is its own (feedback is keyed by answerId); the timing is the cache's.
      return { ...body, answerId: randomUUID(), tookMs: 0 }
    },
    set(key, body) {
      lru.set(key, body)
    },
    clear() {
      lru.clear()
    },
    get size() {
      return lru.size
    },
  }
}

/**
 * The host with the cache in front: a hit never reaches the engine (nor a worker); the cache is
 * cleared on every reload, and an answer computed while a reload swapped the engine is not kept.
 */
export function withAnswerCache(host: EngineHost, cache: AnswerCache): EngineHost {
  host.onReload(() => cache.clear())
  return {
    get version() {
      return host.version
    },
    get corpus() {
      return host.corpus
    },
    concurrency: host.concurrency,
    async ask(request) {
      const version = host.version
      const key = cacheKey(request, version)
      const hit = cache.get(key)
      if (hit) return { ok: true, body: hit }
      const outcome = await host.ask(request)
      if (outcome.ok && host.version === version) cache.set(key, outcome.body)
      return outcome
    },
    reload: (corpus) => host.reload(corpus),
    onReload: (listener) => host.onReload(listener),
    close: () => host.close(),
  }
}
