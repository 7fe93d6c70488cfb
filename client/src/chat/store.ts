/**
 * The conversation, kept in localStorage so that it survives a reload and a closed tab (issue 15:
 * support staff come back to it), and cleared only by « Effacer ».
 */
import * as z from 'zod/mini'
import { AnswerBodySchema, type AnswerBody } from '../../../server/protocol/types.ts'

export interface Turn {
  /** The ask id, also the key of the reply. */
  id: string
  question: string
  documents?: string[]
  answer?: AnswerBody
  error?: { code: string; message: string }
}

// A turn saved by an older page (another answer shape) is dropped rather than shown broken.
const TurnSchema = z.object({
  id: z.string(),
  question: z.string(),
  documents: z.optional(z.array(z.string())),
  answer: z.optional(AnswerBodySchema),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
})

export interface StoreOptions {
  /** localStorage key. Defaults to "sourcier.chat". */
  key: string
  /** Turns kept; older ones are dropped first. Defaults to 40. */
  maxTurns: number
}

export const DEFAULT_STORE_OPTIONS: StoreOptions = { key: 'sourcier.chat', maxTurns: 40 }

export interface Store {
  load(): Turn[]
  save(turns: Turn[]): void
  clear(): void
}

/** Storage can be missing or throw (privacy modes, sandboxed iframes): the chat works without it. */
export function localStore(): Storage | null {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

/** Reads a JSON value, or null when it is missing or unreadable. */
export function readJson(key: string): unknown {
  try {
    return JSON.parse(localStore()?.getItem(key) ?? 'null')
  } catch {
    return null
  }
}

/** Writes a JSON value; false when storage refused it (quota, privacy mode). */
export function writeJson(key: string, value: unknown): boolean {
  try {
    localStore()?.setItem(key, JSON.stringify(value))
    return true
  } catch {
    return false
  }
}

export function createStore(options: Partial<StoreOptions> = {}): Store {
  const { key, maxTurns } = { ...DEFAULT_STORE_OPTIONS, ...options }
  return {
    load() {
      const parsed = readJson(key)
      if (!Array.isArray(parsed)) return []
      return parsed.flatMap((t: unknown) => {
        const turn = TurnSchema.safeParse(t)
        return turn.success ? [turn.data] : []
      })
    },
    save(turns) {
      let kept = turns.slice(-maxTurns)
      // On quota errors, drop the oldest half until it fits rather than lose the whole history.
      while (kept.length) {
        if (writeJson(key, kept)) return
        kept = kept.slice(Math.ceil(kept.length / 2))
      }
      localStore()?.removeItem(key)
    },
    clear() {
      localStore()?.removeItem(key)
    },
  }
}
