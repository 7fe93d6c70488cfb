/**
 * Stage 5: body lines → units (paragraphs and headings) in reading order. Blank lines separate
 * blocks; a block that starts in lower case or with punctuation, or that follows a page break
 * while the previous one is mid-sentence, continues the previous block (the PDF broke it, not the
 * author). A blank line after a sentence without its full stop is a paragraph end: the extraction
 * drops some final full stops, so a missing one proves nothing. Official paragraph numbers are
 * taken only in sequence, so « 14 et 15 septembre » at a line start never becomes paragraph 14.
 */
import { PAGE_BREAK } from './debris.ts'
import { joinLines, type Vocabulary } from './join.ts'
import type { ParagraphKind } from './types.ts'

export interface SegmentOptions {
  /** The document numbers its paragraphs (« 12. Le … »). Defaults to false. */
  numbered: boolean
  /** A list is kept with its introducing sentence while the whole stays under this many characters. Defaults to 1500. */
  maxListChars: number
  /** An unnumbered block longer than this is split at its real paragraph ends (short last lines). Defaults to 1600. */
  maxChars: number
}

export const DEFAULT_SEGMENT_OPTIONS: SegmentOptions = {
  numbered: false,
  maxListChars: 1500,
  maxChars: 1600,
}

export interface Unit {
  kind: ParagraphKind
  text: string
  /** Official paragraph number, or null. */
  number: number | null
  /** Heading depth (1 = chapter) for kind 'heading', else 0. */
  level: number
  /** List marker of a list item (« a », « • »), or null. */
  marker: string | null
  /** Body line range [start, end) the unit came from. */
  start: number
  end: number
}

interface Block {
  lines: string[]
  start: number
  end: number
  afterPage: boolean
  number: number | null
}

const NUMBERED = /^\s*(\d{1,3})\.\s+(?=\S)/
// Dashes are not list markers here: the corpus wraps « – » parenthetical dashes to line starts.
// « 7. » items exist only where paragraphs are unnumbered; elsewhere they are paragraph numbers.
const LIST_START = /^\s*(?:([a-z]|[ivx]{1,4})[.)](?=\s)|([•▪])(?=\s)|(\d{1,2})\.(?=\s))/
const LETTER_LIST_START = /^\s*(?:([a-z]|[ivx]{1,4})[.)](?=\s)|([•▪])(?=\s))/
// A line the extractor indents starts a page; if it also reads as a heading (or a caption), it
// starts a block.
const PAGE_HEADING = /^\s+(?:(?:[IVX]+|[A-H]|\d+(?:\.\d+)+)\.?\s+\p{Lu}|\d{1,2}\.\s+\p{Lu}[’']?\p{Lu}|[\p{Lu}’' -]{6,}$)/u
const OPEN_END = /[\p{L},\d(’'-]$/u
// No paragraph, title or list item ends on one of these: the next block goes on with it.
const DANGLING = /(?:^|\s)(?:de|du|des|la|le|les|et|à|en|pour|sur|au|aux|par|dans|avec|un|une|d’|l’)$/
// Figure captions, and photo captions (they end with a © credit).
const CAPTION = /^(?:Figure|Tableau|Graphique|Carte)\b/

/** A photo caption ends with its © credit within a few lines, before any blank line. */
function creditAhead(lines: readonly string[], i: number): boolean {
  for (let k = i; k < Math.min(lines.length, i + 5) && lines[k]!.trim() && lines[k] !== PAGE_BREAK; k++) {
    if (lines[k]!.includes('©')) return true
  }
  return false
}

function blocks(lines: readonly string[], numbered: boolean): Block[] {
  const out: Block[] = []
  let cur: Block | null = null
  let afterPage = false
  let expected = 1
  const close = () => {
    if (cur?.lines.length) out.push(cur)
    cur = null
  }
  lines.forEach((line, i) => {
    if (line === PAGE_BREAK || !line.trim()) {
      close()
      if (line === PAGE_BREAK) afterPage = true
      return
    }
    const m = numbered ? NUMBERED.exec(line) : null
    const number = m && Number(m[1]) === expected ? expected++ : null
    const prevLine = cur?.lines.at(-1)?.trim() ?? ''
    const pageStart = /^\s+\S/.test(line) && /[.!?]$/.test(prevLine)
    if (number !== null || (pageStart && (PAGE_HEADING.test(line) || creditAhead(lines, i)))) close()
    if (!cur) {
      cur = { lines: [], start: i, end: i, afterPage, number }
      afterPage = false
    }
    cur.lines.push(line)
    cur.end = i + 1
  })
  close()
  return out
}

const startsLower = (b: Block) => /^[\s“"«(]*\p{Ll}/u.test(b.lines[0]!) && !LETTER_LIST_START.test(b.lines[0]!)

const isCaps = (text: string) => {
  const letters = text.replace(/[^\p{L}]/gu, '')
  return letters.length >= 4 && letters === letters.toUpperCase()
}

/** Heading depth of a block's text, or 0 when it is not a heading. */
export function headingLevel(text: string, lineCount: number, numbered: boolean): number {
  if (text.length > 400 || lineCount > 10 || CAPTION.test(text) || DANGLING.test(text)) return 0
  const noFullStop = !/[.;:,]$/.test(text)
  if (/^[IVX]+\.\s+\S/.test(text) && noFullStop) return 1
  if (isCaps(text) && text.length <= 250 && noFullStop) return 1
  if (/^[A-H]\.\s+\p{Lu}/u.test(text) && noFullStop) return 2
  const section = /^(\d+(?:\.\d+)+)\.?\s+\p{Lu}/u.exec(text)
  if (section && noFullStop) return section[1]!.split('.').length
  if (!numbered && /^\d{1,2}\.\s+\p{Lu}/u.test(text) && text.length <= 200 && noFullStop) return 2
  if (
    lineCount <= 3 &&
    text.length <= 120 &&
    /^(?:\p{Lu}|\(\p{Lu}[^)]*\)$)/u.test(text) &&
    !/[.:;,!?…»”]$/.test(text) &&
    !NUMBERED.test(text) &&
    !text.includes('•') &&
    !/^(?:Modérat|Orateur|Lieu)/.test(text)
  )
    return 3
  return 0
}

/** Splits an over-long unnumbered block where a line ends a sentence well short of the margin. */
function splitLong(lines: string[], maxChars: number): string[][] {
  const total = lines.reduce((n, l) => n + l.length, 0)
  if (total <= maxChars) return [lines]
  const width = Math.max(...lines.map((l) => l.trim().length))
  const parts: string[][] = [[]]
  for (const line of lines) {
    parts.at(-1)!.push(line)
    const t = line.trim()
    if (/[.!?»”]$/.test(t) && t.length < width * 0.7) parts.push([])
  }
  return parts.filter((p) => p.length)
}

interface SegmentContext {
  vocab: Vocabulary
  o: SegmentOptions
  /** What starts a list item here: letters and bullets, and « 7. » only where paragraphs are unnumbered. */
  listStart: RegExp
}

/** Body lines → units: blocks mended (1), classified (2), lists kept with their introduction (3). */
export function segment(lines: readonly string[], vocab: Vocabulary, options: Partial<SegmentOptions> = {}): Unit[] {
  const o = { ...DEFAULT_SEGMENT_OPTIONS, ...options }
  const ctx: SegmentContext = { vocab, o, listStart: o.numbered ? LETTER_LIST_START : LIST_START }
  const units: Unit[] = []
  for (const b of mendBlocks(blocks(lines, o.numbered), ctx)) classify(b, units, ctx)
  return keepListsWithIntroduction(units, o.maxListChars)
}

/** 1. Blocks, with the PDF's breaks inside paragraphs mended. */
function mendBlocks(blocks: readonly Block[], { vocab, o, listStart }: SegmentContext): Block[] {
  const isHeading = (b: Block) =>
    b.number === null && b.lines.length <= 10 && headingLevel(joinLines(b.lines, vocab), b.lines.length, o.numbered) > 0
  const merged: Block[] = []
  // The block as first met: whether it was a heading is only asked when a page break follows it.
  let head: Block | undefined
  for (const b of blocks) {
    const prev = merged.at(-1)
    const prevText = prev?.lines.at(-1)?.trim() ?? ''
    const continues =
      prev &&
      b.number === null &&
      (startsLower(b) ||
        /^\s*[.,;:)»]/.test(b.lines[0]!) ||
        (DANGLING.test(prevText) && !listStart.test(b.lines[0]!)) ||
        (b.afterPage && OPEN_END.test(prevText) && !listStart.test(b.lines[0]!) && !isHeading(head!) && !isHeading(b)))
    if (continues) {
      prev.lines.push(...b.lines)
      prev.end = b.end
    } else {
      merged.push({ ...b, lines: [...b.lines] })
      head = b
    }
  }
  return merged
}

/**
 * 2. One mended block → units, appended to `units`: a run-in heading split off (« Cohérence des
 * politiques » / « À l’occasion … »), then a caption, a heading (a title set over two blocks
 * joined), or paragraphs and lists.
 */
function classify(b: Block, units: Unit[], ctx: SegmentContext): void {
  const { vocab, o } = ctx
  let lines = b.lines
  const first = lines[0]!.trim()
  const width = Math.max(...lines.map((l) => l.trim().length))
  if (
    b.number === null &&
    lines.length >= 3 &&
    first.length <= width * 0.8 &&
    !/[.:;,!?]$/.test(first) &&
    /^\p{Lu}/u.test(first) &&
    /^\s*\p{Lu}/u.test(lines[1]!) &&
    headingLevel(first, 1, o.numbered) > 0 &&
    !ctx.listStart.test(first)
  ) {
    units.push({
      kind: 'heading',
      text: first,
      number: null,
      level: headingLevel(first, 1, o.numbered),
      marker: null,
      start: b.start,
      end: b.start + 1,
    })
    lines = lines.slice(1)
  }
  const text = joinLines(lines, vocab)
  if (b.number === null && (text.includes('©') || CAPTION.test(text))) {
    units.push({ kind: 'caption', text, number: null, level: 0, marker: null, start: b.start, end: b.end })
    return
  }
  const level = b.number === null ? headingLevel(text, lines.length, o.numbered) : 0
  const prev = units.at(-1)
  // A title set over two blocks (« … RENFORCEMENT DES CAPACITES » / « EN MATIERE DE … »).
  if (
    level === 1 &&
    prev?.kind === 'heading' &&
    prev.level === 1 &&
    prev.end <= b.start &&
    isCaps(prev.text) &&
    isCaps(text) &&
    !/^[\dIVX]/.test(text)
  ) {
    prev.text += ` ${text}`
    prev.end = b.end
    return
  }
  if (level) units.push({ kind: 'heading', text, number: null, level, marker: null, start: b.start, end: b.end })
  else units.push(...bodyUnits(b, lines, ctx))
}

/** A block that is neither heading nor caption: numbered paragraph, list items packed within maxListChars, or body text split where over-long. */
function bodyUnits(b: Block, lines: readonly string[], { vocab, o, listStart }: SegmentContext): Unit[] {
  // Items of a list inside one block stay in the block, one per line.
  const items: string[][] = []
  for (const line of lines) {
    if (!items.length || listStart.test(line)) items.push([])
    items.at(-1)!.push(line)
  }
  const lm = listStart.exec(lines[0]!)
  const marker = lm && b.number === null ? (lm[1] ?? lm[2] ?? lm[3] ?? null) : null
  const unit = (kind: ParagraphKind, t: string, number: number | null): Unit => ({
    kind,
    text: t,
    number,
    level: 0,
    marker,
    start: b.start,
    end: b.end,
  })
  if (b.number !== null) return [unit(items.length > 1 ? 'list' : 'body', items.map((i) => joinLines(i, vocab)).join('\n'), b.number)]
  if (items.length > 1 || marker !== null) {
    const out: Unit[] = []
    let pack = ''
    for (const t of items.map((i) => joinLines(i, vocab))) {
      if (pack && pack.length + t.length > o.maxListChars) {
        out.push(unit('list', pack, null))
        pack = ''
      }
      pack = pack ? `${pack}\n${t}` : t
    }
    out.push(unit(items.length === 1 && pack.endsWith('?') ? 'question' : 'list', pack, null))
    return out
  }
  return splitLong([...lines], o.maxChars).map((chunk) => {
    const t = joinLines(chunk, vocab)
    return unit(/^[«“]/.test(t) ? 'quote' : 'body', t, null)
  })
}

/** 3. Keep lists with the sentence that introduces them, within maxListChars. */
function keepListsWithIntroduction(units: readonly Unit[], maxListChars: number): Unit[] {
  const out: Unit[] = []
  for (const u of units) {
    const prev = out.at(-1)
    const intro = prev && (prev.kind === 'body' || prev.kind === 'list') && (/[:…]$/.test(prev.text) || prev.kind === 'list')
    if (prev && intro && u.marker !== null && u.kind !== 'question' && prev.text.length + u.text.length < maxListChars) {
      prev.text += `\n${u.text}`
      prev.kind = 'list'
      prev.end = u.end
      continue
    }
    out.push(u)
  }
  return out
}
