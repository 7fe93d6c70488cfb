/** The conversation, kept in sessionStorage so that it survives a reload but not the tab. */
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
  /** sessionStorage key. Defaults to "sourcier.chat". */
  key?: string
  /** Turns kept; older ones are dropped first. Defaults to 40. */
  maxTurns?: number
}

export const STORE_DEFAULTS: Required<StoreOptions> = { key: 'sourcier.chat', maxTurns: 40 }

export interface Store {
  load(): Turn[]
  save(turns: Turn[]): void
  clear(): void
}

export function createStore(options: StoreOptions = {}): Store {
  const { key, maxTurns } = { ...STORE_DEFAULTS, ...options }
  // Storage can be missing or throw (privacy modes, sandboxed iframes): the chat works without it.
  const storage = (): Storage | null => {
    try {
      return window.sessionStorage
    } catch {
      return null
    }
  }
  return {
    load() {
      try {
        const parsed: unknown = JSON.parse(storage()?.getItem(key) ?? '[]')
        if (!Array.isArray(parsed)) return []
        return parsed.flatMap((t: unknown) => {
          const turn = TurnSchema.safeParse(t)
          return turn.success ? [turn.data] : []
        })
      } catch {
        return []
      }
    },
    save(turns) {
      let kept = turns.slice(-maxTurns)
      // On quota errors, drop the oldest half until it fits rather than lose the whole history.
      while (kept.length) {
        try {
          storage()?.setItem(key, JSON.stringify(kept))
          return
        } catch {
          kept = kept.slice(Math.ceil(kept.length / 2))
        }
      }
      storage()?.removeItem(key)
    },
    clear() {
      storage()?.removeItem(key)
    },
  }
}
