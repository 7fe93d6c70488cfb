/**
 * Longest-match lookup of multi-word entries in a sequence of keys (analyzer terms for French,
 * normalised words for English). The dictionary is indexed by first key so a lookup costs a few
 * comparisons per position.
 */
export interface PhraseDictionary<T> {
  add(keys: string[], value: T): void
  /**
   * Non-overlapping matches, left to right, longest first at each position. Each position of
   * the sequence may offer several keys (an English word's root and its inflected form).
   */
  match(sequence: ReadonlyArray<string | readonly string[]>): Array<{ start: number; end: number; value: T }>
}

export function createPhraseDictionary<T>(): PhraseDictionary<T> {
  const byFirst = new Map<string, Array<{ keys: string[]; value: T }>>()
  return {
    add(keys, value) {
      const first = keys[0]
      if (first === undefined) return
      const list = byFirst.get(first) ?? []
      if (list.some((e) => e.keys.join(' ') === keys.join(' '))) return
      list.push({ keys, value })
      list.sort((a, b) => b.keys.length - a.keys.length)
      byFirst.set(first, list)
    },
    match(sequence) {
      const found: Array<{ start: number; end: number; value: T }> = []
      const keysAt = (i: number): readonly string[] => {
        const k = sequence[i]
        return k === undefined ? [] : typeof k === 'string' ? [k] : k
      }
      for (let i = 0; i < sequence.length; ) {
        let hit: { keys: string[]; value: T } | undefined
        for (const first of keysAt(i))
          for (const e of byFirst.get(first) ?? [])
            if ((!hit || e.keys.length > hit.keys.length) && e.keys.every((k, j) => keysAt(i + j).includes(k))) hit = e
        if (hit) {
          found.push({ start: i, end: i + hit.keys.length, value: hit.value })
          i += hit.keys.length
        } else i++
      }
      return found
    },
  }
}
