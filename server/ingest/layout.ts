/**
 * PDF lines → the plain text the corpus pipeline reads (server/corpus/), in the conventions of
 * the shipped extractions: a page ends with its page number alone on a line (debris.ts turns it
 * into a page break), footnotes follow a « __________ » rule (notes.ts lifts them out), blank
 * lines separate paragraphs. What only the PDF knows is decided here: which lines are running
 * headers and footers (repeated at the top or foot of pages), which are footnotes (small type at
 * the foot) and which are headings (large type). Each output line remembers its page, so that
 * pages.ts can map paragraphs back to pages.
 */
import { NOTE_RULE } from '../corpus/notes.ts'
import type { PdfLine, PdfPage } from './pdf.ts'

export interface LayoutOptions {
  /** Lines looked at, at the top and at the foot of each page, for running headers and footers. Defaults to 2. */
  furnitureLines: number
  /** Share of pages (at least two) a top or foot line must recur on to be a running header or footer. Defaults to 0.5. */
  furnitureShare: number
  /** Type smaller than this share of the body size, at the foot of a page, is a footnote. Defaults to 0.9. */
  noteRatio: number
  /** Type larger than this share of the body size is a heading. Defaults to 1.15. */
  headingRatio: number
  /** A vertical gap wider than this many usual line spacings ends a paragraph. Defaults to 1.4. */
  paragraphGap: number
}

export const DEFAULT_LAYOUT_OPTIONS: LayoutOptions = {
  furnitureLines: 2,
  furnitureShare: 0.5,
  noteRatio: 0.9,
  headingRatio: 1.15,
  paragraphGap: 1.4,
}

export type LineRole = 'body' | 'heading' | 'note' | 'rule' | 'page' | 'blank'

export interface LaidOutText {
  /** The text for parseDocument. */
  text: string
  /**
   * The body and heading lines only, in order: a word hyphenated across a page break is whole
   * here, so the vocabulary built from it does not take its halves for words.
   */
  running: string
  /** One entry per line of `text`: the page it came from and what it is. */
  lines: Array<{ page: number; role: LineRole }>
  /** Running headers and footers dropped (page numbers aside), for the anomaly report. */
  furniture: string[]
  /** Page-number lines dropped. */
  pageNumbers: number
}

const PAGE_NUMBER_ONLY = /^(?:(?:page|p\.)\s*)?[-–—(]?\s*\d{1,4}\s*[-–—)]?(?:\s*(?:\/|sur|of)\s*\d{1,4})?$/i
const NOTE_START = /^\s*(?:\d{1,3}|[a-z]|[*†‡])\s*\S/

const furnitureKey = (text: string) => text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim()

/** The font size carrying the most characters: the body text's. */
export function bodySize(pages: readonly PdfPage[]): number {
  const chars = new Map<number, number>()
  for (const p of pages) for (const l of p.lines) chars.set(l.size, (chars.get(l.size) ?? 0) + l.text.length)
  return [...chars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 10
}

/** Lines to drop on each page: running headers and footers, and page numbers in the margins. */
export function findFurniture(pages: readonly PdfPage[], o: LayoutOptions): Array<Set<PdfLine>> {
  const edges = (p: PdfPage) => [...p.lines.slice(0, o.furnitureLines), ...p.lines.slice(-o.furnitureLines)]
  const seen = new Map<string, number>()
  for (const p of pages) for (const key of new Set(edges(p).map((l) => furnitureKey(l.text)))) seen.set(key, (seen.get(key) ?? 0) + 1)
  const recurring = (l: PdfLine) =>
    pages.length >= 2 && (seen.get(furnitureKey(l.text)) ?? 0) >= Math.max(2, pages.length * o.furnitureShare)
  return pages.map((p) => {
    const drop = new Set<PdfLine>()
    for (const l of edges(p)) {
      const margin = l.y < p.height * 0.12 || l.y > p.height * 0.88
      if (recurring(l) || (margin && PAGE_NUMBER_ONLY.test(l.text.trim()))) drop.add(l)
    }
    return drop
  })
}

/** How many lines at the foot of `lines` are footnotes: a run of small type that starts with a marker. */
export function footnoteCount(lines: readonly PdfLine[], body: number, o: LayoutOptions): number {
  let k = lines.length
  while (k > 0 && lines[k - 1]!.size < body * o.noteRatio) k--
  // The run's first line must open a note (« 1 Enquête … »), or small type is a caption, not a note.
  while (k < lines.length && !NOTE_START.test(lines[k]!.text)) k++
  return lines.length - k
}

/** The usual distance between two consecutive body lines, from the whole document. */
function usualLeading(pages: readonly PdfPage[], body: number): number {
  const gaps: number[] = []
  for (const p of pages) {
    for (let i = 1; i < p.lines.length; i++) {
      const a = p.lines[i - 1]!
      const b = p.lines[i]!
      if (a.size === body && b.size === body && b.y > a.y) gaps.push(b.y - a.y)
    }
  }
  gaps.sort((a, b) => a - b)
  return gaps[Math.floor(gaps.length / 2)] ?? body * 1.2
}

/** Lays the pages out as text for the corpus pipeline. */
export function layoutPages(pages: readonly PdfPage[], options: Partial<LayoutOptions> = {}): LaidOutText {
  const o = { ...DEFAULT_LAYOUT_OPTIONS, ...options }
  const body = bodySize(pages)
  const leading = usualLeading(pages, body)
  const furniture = findFurniture(pages, o)
  const out: string[] = []
  const roles: LaidOutText['lines'] = []
  const dropped = new Set<string>()
  let pageNumbers = 0
  const push = (text: string, page: number, role: LineRole) => {
    out.push(text)
    roles.push({ page, role })
  }
  pages.forEach((page, pi) => {
    const kept = page.lines.filter((l) => {
      if (!furniture[pi]!.has(l)) return true
      if (PAGE_NUMBER_ONLY.test(l.text.trim())) pageNumbers++
      else dropped.add(l.text.trim())
      return false
    })
    const notes = footnoteCount(kept, body, o)
    layoutBody(kept.slice(0, kept.length - notes), { body, leading, o }, (t, role) => push(t, page.number, role))
    if (notes) {
      push(NOTE_RULE, page.number, 'rule')
      for (const l of kept.slice(kept.length - notes)) push(l.text, page.number, 'note')
    }
    push(String(page.number % 1000), page.number, 'page')
  })
  const running = out.filter((_, i) => roles[i]!.role === 'body' || roles[i]!.role === 'heading').join('\n')
  return { text: out.join('\n'), running, lines: roles, furniture: [...dropped], pageNumbers }
}

interface Metrics {
  body: number
  leading: number
  o: LayoutOptions
}

/** Body and heading lines of one page, blank lines where a paragraph or a heading starts or ends. */
function layoutBody(lines: readonly PdfLine[], m: Metrics, push: (text: string, role: LineRole) => void): void {
  const left = Math.min(...lines.filter((l) => l.size === m.body).map((l) => l.x))
  let prev: PdfLine | undefined
  let prevHeading = false
  for (const l of lines) {
    const heading = l.size > m.body * m.o.headingRatio
    const gap = prev ? l.y - prev.y : 0
    const wide = prev !== undefined && gap > m.leading * m.o.paragraphGap
    // A first-line indent after a finished sentence also starts a paragraph.
    const indent = prev !== undefined && !heading && l.x > left + m.body * 0.8 && /[.!?:»”]$/.test(prev.text.trim())
    if (prev && (wide || indent || heading !== prevHeading)) push('', 'blank')
    push(l.text, heading ? 'heading' : 'body')
    prev = l
    prevHeading = heading
  }
}
