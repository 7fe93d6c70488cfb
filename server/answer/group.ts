/**
 * Near-duplicate grouping: reports often restate a point in the next paragraph or two, and five
 * extracts saying the same thing would hide the other answers. A repeat is folded into the
 * higher-ranked extract's `related` list instead.
 */

/** What grouping needs of a ranked hit. */
export interface GroupItem {
  documentId: string
  /** Reading-order ordinal of the paragraph in its document. */
  n: number
  text: string
  /** The paragraph's analyzer terms in reading order. */
  terms: readonly string[]
}

export interface GroupOptions {
  /** Paragraphs at most this far apart in reading order count as neighbours. Defaults to 2. */
  maxDistance: number
  /** Jaccard similarity of the two term sets from which neighbours are duplicates. Defaults to 0.6. */
  minJaccard: number
  /**
   * Length, in terms, of a shared run of consecutive terms that makes neighbours duplicates even
   * below `minJaccard` (a long paragraph that repeats a short one whole). Defaults to 8.
   */
  sharedRun: number
  /** Fold a paragraph whose text is identical to a higher-ranked one's, in any document. Defaults to true. */
  foldIdentical: boolean
  /** Most groups formed; later items only fold into existing ones. Defaults to Infinity. */
  limit: number
}

export const DEFAULT_GROUP_OPTIONS: GroupOptions = { maxDistance: 2, minJaccard: 0.6, sharedRun: 8, foldIdentical: true, limit: Infinity }

export interface Group {
  /** Index, in the input, of the hit kept as an extract. */
  lead: number
  /** Indexes of the hits folded into it, in rank order. */
  related: number[]
}

/**
 * Groups ranked items (best first): an item is folded into the group of the first higher-ranked
 * item it duplicates (lead or already-folded member): a neighbour in the same document with
 * similar terms, or the identical text anywhere; otherwise it leads a new group. Groups come
 * out in the rank order of their leads.
 */
export function groupNearDuplicates(items: readonly GroupItem[], options: Partial<GroupOptions> = {}): Group[] {
  const o = { ...DEFAULT_GROUP_OPTIONS, ...options }
  const groups: Group[] = []
  const groupOf: Array<number | undefined> = []
  // Term sets are built only for the neighbours actually compared (most ranked hits are in other
  // documents or far apart): building one per hit was most of the composer's grouping cost.
  const sets: Array<Set<string> | undefined> = []
  const setOf = (k: number) => (sets[k] ??= new Set(items[k]!.terms))
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!
    let into = -1
    for (let j = 0; j < i && into < 0; j++) {
      const other = items[j]!
      const g = groupOf[j]
      if (g === undefined) continue
      if (o.foldIdentical && other.text.trim() === item.text.trim()) into = g
      else if (
        other.documentId === item.documentId &&
        Math.abs(other.n - item.n) <= o.maxDistance &&
        (jaccard(setOf(j), setOf(i)) >= o.minJaccard || sharesRun(other.terms, item.terms, o.sharedRun))
      )
        into = g
    }
    if (into >= 0) {
      groups[into]!.related.push(i)
      groupOf.push(into)
    } else if (groups.length < o.limit) {
      groupOf.push(groups.length)
      groups.push({ lead: i, related: [] })
    } else {
      // Past the limit: not shown, so nothing may be folded into it either.
      groupOf.push(undefined)
    }
  }
  return groups
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0
  let shared = 0
  for (const t of a) if (b.has(t)) shared++
  return shared / (a.size + b.size - shared)
}

/**
 * True when `a` and `b` have `n` consecutive terms in common. Longest-common-run dynamic
 * programming over matching positions only, so the cost follows the shared words, not |a|·|b|.
 */
function sharesRun(a: readonly string[], b: readonly string[], n: number): boolean {
  const positions = new Map<string, number[]>()
  a.forEach((t, i) => {
    const list = positions.get(t)
    if (list) list.push(i)
    else positions.set(t, [i])
  })
  // Lengths of the common runs ending at the previous term of `b`, keyed by their end in `a`.
  let previous = new Map<number, number>()
  for (const t of b) {
    const current = new Map<number, number>()
    for (const i of positions.get(t) ?? []) {
      const run = (previous.get(i - 1) ?? 0) + 1
      if (run >= n) return true
      current.set(i, run)
    }
    previous = current
  }
  return false
}
