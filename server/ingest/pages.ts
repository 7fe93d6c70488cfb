/**
 * Paragraphs → the pages they span, by character offsets. The parser rejoins lines, undoes
 * hyphenation, lifts notes and markers out, so a paragraph's text is not a slice of the laid-out
 * text; its letters are, in order. Both sides are reduced to lower-case letters, each letter of
 * the laid-out text remembering its page; a paragraph is then found by its first and last letters,
 * searching forward from the previous paragraph.
 */
import type { Paragraph } from '../corpus/types.ts'
import type { LaidOutText } from './layout.ts'

export interface PageRange {
  first: number
  last: number
}

export interface PageOptions {
  /** Letters used to anchor a paragraph's start and end. Defaults to 24. */
  anchor: number
}

export const DEFAULT_PAGE_OPTIONS: PageOptions = { anchor: 24 }

const letters = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}]/gu, '')

/** The body and heading letters of the laid-out text, with the page of each. */
function letterStream(laid: LaidOutText): { text: string; pages: number[] } {
  const parts: string[] = []
  const pages: number[] = []
  laid.text.split('\n').forEach((line, i) => {
    const { page, role } = laid.lines[i]!
    if (role !== 'body' && role !== 'heading') return
    const l = letters(line)
    parts.push(l)
    for (let k = 0; k < l.length; k++) pages.push(page)
  })
  return { text: parts.join(''), pages }
}

/**
 * The page range of each paragraph, in order. A paragraph that cannot be found (text the parser
 * changed beyond letters) takes the page where the previous one ended, and is counted in `missed`.
 */
export function assignPages(
  paragraphs: readonly Pick<Paragraph, 'text'>[],
  laid: LaidOutText,
  options: Partial<PageOptions> = {},
): { pages: PageRange[]; missed: number } {
  const { anchor } = { ...DEFAULT_PAGE_OPTIONS, ...options }
  const stream = letterStream(laid)
  const out: PageRange[] = []
  let cursor = 0
  let missed = 0
  for (const p of paragraphs) {
    const l = letters(p.text)
    const head = l.slice(0, anchor)
    const tail = l.slice(-anchor)
    let start = head ? stream.text.indexOf(head, cursor) : -1
    if (start < 0 && head) start = stream.text.indexOf(head)
    // Where the whole paragraph survived letter for letter, its end is exactly there.
    const exact = start + l.length - tail.length
    let end = start < 0 ? -1 : stream.text.startsWith(tail, exact) ? exact : stream.text.indexOf(tail, start)
    if (start < 0 || end < 0) {
      missed++
      const page = stream.pages[Math.min(cursor, stream.pages.length - 1)] ?? 1
      out.push({ first: page, last: page })
      continue
    }
    end += tail.length - 1
    out.push({ first: stream.pages[start]!, last: stream.pages[end]! })
    cursor = end + 1
  }
  return { pages: out, missed }
}
