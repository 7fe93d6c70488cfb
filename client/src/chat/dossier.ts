/**
 * The dossier: extracts pinned from any answer, in the user's order, with a one-line note, kept
 * in localStorage so that an e-mail can be assembled over several questions and reloads.
 */
import type { CopyExtract } from './copy.ts'
import { readJson, writeJson } from './store.ts'
import type { WireExtract } from './wire.ts'

export interface DossierItem {
  /** The paragraph id: one paragraph is pinned once. */
  key: string
  /** What the extract answered, shown under it in the dossier. */
  question: string
  extract: CopyExtract
}

export interface DossierState {
  items: DossierItem[]
  note: string
}

export interface Dossier {
  readonly state: DossierState
  has(key: string): boolean
  /** Pins, or unpins when already there; returns whether it is pinned now. */
  toggle(extract: WireExtract, question: string, caution?: string): boolean
  remove(key: string): void
  /** Moves an item by `delta` places; returns its new index. */
  move(key: string, delta: number): number
  /** Saves the note without telling subscribers: nothing renders it but its own input. */
  setNote(note: string): void
  /** Called after every change to the items. Returns the unsubscribe function. */
  subscribe(fn: () => void): () => void
}

export const DOSSIER_NOTE_MAX = 200

function loadState(key: string): DossierState {
  const raw = readJson(key) as Partial<DossierState> | null
  const items = Array.isArray(raw?.items)
    ? raw.items.filter(
        (i): i is DossierItem =>
          typeof i?.key === 'string' && typeof i?.extract?.citation !== 'undefined' && typeof i?.extract?.document?.id === 'string',
      )
    : []
  return { items, note: typeof raw?.note === 'string' ? raw.note.slice(0, DOSSIER_NOTE_MAX) : '' }
}

/** `storageKey`: localStorage key of the dossier. */
export function createDossier(storageKey: string): Dossier {
  const state = loadState(storageKey)
  const listeners = new Set<() => void>()
  const save = () => writeJson(storageKey, state)
  const changed = () => {
    save()
    for (const fn of listeners) fn()
  }
  const index = (key: string) => state.items.findIndex((i) => i.key === key)
  return {
    state,
    has: (key) => index(key) >= 0,
    toggle(extract, question, caution) {
      const key = extract.paragraph.id
      const i = index(key)
      if (i >= 0) state.items.splice(i, 1)
      else {
        const { document, paragraph, citation } = extract
        state.items.push({ key, question, extract: { document, paragraph, citation, ...(caution ? { caution } : {}) } })
      }
      changed()
      return i < 0
    },
    remove(key) {
      const i = index(key)
      if (i < 0) return
      state.items.splice(i, 1)
      changed()
    },
    move(key, delta) {
      const i = index(key)
      const j = Math.max(0, Math.min(state.items.length - 1, i + delta))
      if (i < 0 || i === j) return i
      const [item] = state.items.splice(i, 1)
      state.items.splice(j, 0, item!)
      changed()
      return j
    },
    setNote(note) {
      state.note = note.replace(/\s+/g, ' ').slice(0, DOSSIER_NOTE_MAX)
      // Every keystroke lands here; re-rendering the panel and rescanning the pins each time was waste.
      save()
    },
    subscribe(fn) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
  }
}
