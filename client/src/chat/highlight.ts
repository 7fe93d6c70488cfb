/**
 * Splits a paragraph at the server's offsets into plain, highlighted (`<mark>`) and best-sentence
 * runs. Pure, so it is unit-tested without a browser; `renderSegments` turns the runs into text
 * nodes and elements, never HTML.
 */
import { h } from './h.ts'

export interface Segment {
  text: string
  /** Inside one of the matched words. */
  mark: boolean
  /** Inside the best sentence. */
  best: boolean
}

export interface SegmentOptions {
  /** Only this slice of the text, as [start, end). Defaults to the whole text. */
  range?: { start: number; end: number }
  /** The best sentence, emphasised. Defaults to none. */
  best?: { start: number; end: number }
}

/**
 * Offsets come over the wire: they are clamped to the text and out-of-order or overlapping
 * highlights are tolerated, so a bad frame shows fewer marks instead of garbled text.
 */
export function segments(text: string, highlights: ReadonlyArray<readonly [number, number]>, options: SegmentOptions = {}): Segment[] {
  const clamp = (n: number, lo: number, hi: number) => (Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.trunc(n))) : lo)
  const from = clamp(options.range?.start ?? 0, 0, text.length)
  const to = clamp(options.range?.end ?? text.length, from, text.length)
  const bestStart = options.best ? clamp(options.best.start, 0, text.length) : 0
  const bestEnd = options.best ? clamp(options.best.end, bestStart, text.length) : 0
  const marked = new Uint8Array(to - from)
  for (const [s, e] of highlights) {
    for (let i = clamp(s, from, to); i < clamp(e, from, to); i++) marked[i - from] = 1
  }
  const out: Segment[] = []
  let runStart = from
  const flagsAt = (i: number) => ({ mark: marked[i - from] === 1, best: i >= bestStart && i < bestEnd })
  for (let i = from + 1; i <= to; i++) {
    const prev = flagsAt(i - 1)
    if (i < to) {
      const cur = flagsAt(i)
      if (cur.mark === prev.mark && cur.best === prev.best) continue
    }
    out.push({ text: text.slice(runStart, i), ...prev })
    runStart = i
  }
  return out
}

/** The runs as DOM: `<mark>` for matched words inside an optional `<strong>` for the best sentence. */
export function renderSegments(segs: Segment[]): Node[] {
  const nodes: Node[] = []
  let strong: HTMLElement | null = null
  for (const seg of segs) {
    const node: Node = seg.mark ? h('mark', {}, seg.text) : document.createTextNode(seg.text)
    if (seg.best) {
      if (!strong) nodes.push((strong = h('strong', { class: 'sc-best' })))
      strong.appendChild(node)
    } else {
      strong = null
      nodes.push(node)
    }
  }
  return nodes
}
