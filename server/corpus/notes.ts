/**
 * Stage 4: footnotes and endnotes. `detachNotes` lifts note blocks out of the line stream (they
 * sit at the foot of a page, often in the middle of a paragraph); `attachNotes` later finds each
 * note's call in the segmented text, removes the marker glued to the word and hands the note to
 * the paragraph that calls it.
 */
import { PAGE_BREAK } from './debris.ts'
import { joinLines, type Vocabulary } from './join.ts'
import type { Note } from './types.ts'

export interface NotesOptions {
  /** Lines that open an endnote section, whose entries are lettered (« a  Pacte … »). Defaults to (Renvois), Renvois, Notes. */
  endnoteHeadings: readonly string[]
  /** How many footnote numbers may be missing before a number is no longer taken for a note. Defaults to 1. */
  maxGap: number
}

export const DEFAULT_NOTES_OPTIONS: NotesOptions = {
  endnoteHeadings: ['(Renvois)', 'Renvois', 'Notes', '(Notes)'],
  maxGap: 1,
}

export interface DetachedNote extends Note {
  /** Index in the returned body lines before which the note block stood. */
  at: number
}

const SEPARATOR = /^(?: {20,}|\s*_{5,}\s*)$/
/** The rule the ingest readers (docx.ts, layout.ts) write before notes, so that SEPARATOR finds them. */
export const NOTE_RULE = '__________'
// U+FFFD: one font of the corpus lost its « 8 » glyph, so « 1� » is note 18.
const NOTE_START = /^\s*([\d\uFFFD]{1,3})\s+(?=\S)/
const ENDNOTE_START = /^\s*([a-z])\s{2,}(?=\S)/
const PAGE_START = /^\s+\S/

/** « 18 » printed as « 18 » or with lost glyphs (« 1� »). */
function sameNumber(printed: string, n: number): boolean {
  const digits = String(n)
  return printed.length === digits.length && [...printed].every((c, i) => c === '\uFFFD' || c === digits[i])
}

/** The number of the note `line` starts, when it is the expected one or a few after it; else null. */
function noteNumberAt(line: string, expected: number, maxGap: number): number | null {
  const m = NOTE_START.exec(line)
  if (!m) return null
  for (let n = expected; n <= expected + maxGap; n++) if (sameNumber(m[1]!, n)) return n
  // Annexes start their notes again at 1; only a sentence-like note text is taken for one.
  if (expected > 2 && m[1] === '1' && /^\p{Lu}\S*\s+\S/u.test(line.slice(m[0].length))) return 1
  return null
}

/**
 * Splits lines into body lines and notes. A note block starts after a separator rule, or after a
 * blank line with the next expected note number; it ends where a new page starts (a page number,
 * or a line indented by the extractor), which is then marked PAGE_BREAK in the body so that the
 * segmenter can continue a paragraph interrupted by the notes.
 */
export function detachNotes(
  lines: readonly string[],
  vocab: Vocabulary,
  options: Partial<NotesOptions> = {},
): { body: string[]; notes: DetachedNote[]; anomalies: string[] } {
  const o = { ...DEFAULT_NOTES_OPTIONS, ...options }
  const body: string[] = []
  const raw: Array<{ marker: string; lines: string[]; at: number }> = []
  const anomalies: string[] = []
  let expected = 1
  let inNotes = false
  let notesInBlock = 0
  let inEndnotes = false

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (inEndnotes) {
      const m = ENDNOTE_START.exec(line)
      if (m) raw.push({ marker: m[1]!, lines: [line.slice(m[0].length)], at: body.length })
      else if (line !== PAGE_BREAK && line.trim()) {
        if (raw.at(-1)) raw.at(-1)!.lines.push(line)
        else body.push(line)
      }
      continue
    }
    if (o.endnoteHeadings.includes(line.trim())) {
      body.push(line)
      inEndnotes = true
      inNotes = false
      continue
    }
    if (SEPARATOR.test(line)) {
      inNotes = true
      notesInBlock = 0
      continue
    }
    const prev = body.at(-1)
    const n = noteNumberAt(line, expected, o.maxGap)
    // A note needs text above it to be called from: before any, a number starts body text.
    const hasBody = () => body.some((l) => l.trim() && l !== PAGE_BREAK)
    if (n !== null && (inNotes || !prev?.trim() || prev === PAGE_BREAK) && hasBody()) {
      if (n > expected) anomalies.push(`footnote ${expected} missing (found ${n})`)
      expected = n + 1
      raw.push({ marker: String(n), lines: [line.replace(NOTE_START, '')], at: body.length })
      inNotes = true
      notesInBlock++
      continue
    }
    const tail = n === null && !inNotes ? noteContinuation(lines, i, body, raw.at(-1)?.lines) : 0
    if (tail) {
      raw.at(-1)!.lines.push(...lines.slice(i, i + tail))
      body.push(PAGE_BREAK)
      i += tail - 1
      continue
    }
    if (inNotes) {
      if (line === PAGE_BREAK || PAGE_START.test(line)) {
        inNotes = false
        body.push(PAGE_BREAK)
        if (line !== PAGE_BREAK) body.push(line)
      } else if (line.trim()) {
        if (notesInBlock) raw.at(-1)!.lines.push(line)
        else {
          // A separator rule with no note under it: keep the text, it is body.
          inNotes = false
          body.push(line)
        }
      }
      continue
    }
    body.push(line)
  }
  const notes = raw.map((r) => ({ marker: r.marker, text: joinLines(r.lines, vocab), at: r.at }))
  return { body, notes, anomalies }
}

/**
 * A note too long for its page goes on, unnumbered, at the foot of the next one, where it
 * interrupts the body mid-word (« témoignages supplé- / [note's tail] / mentaires de … »). Returns
 * how many lines from `i` are such a tail, or 0: the previous note must end mid-sentence, the body
 * above must break off mid-sentence before a blank line, and the block must run without a blank
 * line up to a new page whose first line continues in lower case.
 */
function noteContinuation(lines: readonly string[], i: number, body: readonly string[], lastNote: readonly string[] | undefined): number {
  const noteEnd = lastNote?.at(-1)?.trimEnd()
  if (!noteEnd || /[.;:!?)»”]$/.test(noteEnd)) return 0
  const above = body.at(-2)?.trimEnd()
  if (body.at(-1)?.trim() !== '' || !above || /[.;:!?»”]$/.test(above)) return 0
  let j = i
  while (j < lines.length && lines[j]!.trim() && lines[j] !== PAGE_BREAK && !PAGE_START.test(lines[j]!)) j++
  return j > i && /^\s+\p{Ll}/u.test(lines[j] ?? '') ? j - i : 0
}

/** A stretch of segmented text that may call notes: a paragraph or a heading. */
export interface NoteHost {
  text: string
  /** Body line range [start, end) the unit came from, to bound the search for a call. */
  start: number
  end: number
  notes: Note[]
}

/**
 * Where a note's marker may be printed at its call. Numbers: glued to a lower-case word, an
 * acronym (« OIM1) ») or closing punctuation, never inside a number (« 61/208 », « section 3.2 »,
 * « G20 »); a lost glyph (U+FFFD) may stand for any digit. Letters: `certain` after punctuation
 * (« internationales.d Ainsi »), else glued to a word of four letters or more (« l’hommea »),
 * captured so that `attachNotes` can check it against the vocabulary. The marker always ends the
 * match.
 */
function callPattern(marker: string, certain = true): RegExp {
  if (/^\d+$/.test(marker)) {
    const digits = [...marker].map((d) => `[${d}\\uFFFD]`).join('')
    return new RegExp(`(?<=(?:\\p{Ll}|\\p{Lu}{2}|[.,;:)»”’"]))(?<!\\p{N}[.,/]?)${digits}(?![\\p{N}\\uFFFD])`, 'gu')
  }
  return certain
    ? new RegExp(`(?<=[.,;:)»”])${marker}(?=[\\s.,;:)]|$)`, 'gu')
    : new RegExp(`(?<!\\p{L})(\\p{L}{4,})${marker}(?=[\\s.,;:)]|$)`, 'gu')
}

export interface AttachOptions {
  /** Host index a note found in host i goes to (a heading hands its notes on). Defaults to i. */
  redirect?: (hostIndex: number) => number
  /** Words of the corpus, to tell « l’hommea » (a call) from « donc » (a word). Defaults to an empty vocabulary. */
  vocab?: Vocabulary
}

interface Call {
  host: number
  index: number
  length: number
}

const before = (a: Call, b: Call) => a.host < b.host || (a.host === b.host && a.index < b.index)

/** Calls of `re` in hosts after `from` and before hosts[until], in reading order, that `accept` keeps. */
function* calls(
  hosts: readonly NoteHost[],
  marker: string,
  re: RegExp,
  from: Call,
  accept: (m: RegExpExecArray) => boolean,
  until = hosts.length,
): Generator<Call> {
  for (let h = from.host; h < until; h++) {
    for (const m of hosts[h]!.text.matchAll(re)) {
      const c = { host: h, index: m.index + m[0].length - marker.length, length: marker.length }
      if ((h > from.host || m.index >= from.index + from.length) && accept(m)) yield c
    }
  }
}

/**
 * Finds each note's call, strips the marker from the text and attaches the note to the host that
 * calls it. Footnote calls are found in order, on the pages before their block. Endnote calls
 * after punctuation are certain; one glued to a word (« l’hommea ») is taken nearest before the
 * next certain call, since « entraînera » earlier in the text looks just the same. A note whose
 * call cannot be found goes to the host just before its block, and is reported.
 */
export function attachNotes(hosts: NoteHost[], notes: readonly DetachedNote[], options: AttachOptions = {}): string[] {
  const redirect = options.redirect ?? ((i: number) => i)
  const vocab = options.vocab ?? new Map<string, number>()
  const anomalies: string[] = []
  const found = new Map<DetachedNote, Call>()
  const start: Call = { host: 0, index: 0, length: 0 }

  let cursor = start
  for (const note of notes.filter((n) => /^\d+$/.test(n.marker))) {
    let until = cursor.host
    while (until < hosts.length && hosts[until]!.start < note.at) until++
    const c = calls(hosts, note.marker, callPattern(note.marker), cursor, () => true, until).next().value
    if (c) found.set(note, (cursor = c))
  }

  const letters = notes.filter((n) => !/^\d+$/.test(n.marker))
  cursor = start
  for (const note of letters) {
    const c = calls(hosts, note.marker, callPattern(note.marker), cursor, () => true).next().value
    if (c) found.set(note, (cursor = c))
  }
  const glued = (m: RegExpExecArray) => vocab.has(m[1]!.toLowerCase())
  letters.forEach((note, i) => {
    if (found.has(note)) return
    const prev =
      letters
        .slice(0, i)
        .map((n) => found.get(n))
        .filter(Boolean)
        .at(-1) ?? start
    const next = letters
      .slice(i + 1)
      .map((n) => found.get(n))
      .find(Boolean)
    let pick: Call | undefined
    for (const c of calls(hosts, note.marker, callPattern(note.marker, false), prev, glued)) {
      if (next && !before(c, next)) break
      pick = c
      if (!next) break
    }
    if (pick) found.set(note, pick)
  })

  // Strip from the end so that earlier offsets stay valid.
  for (const c of [...found.values()].sort((a, b) => (before(a, b) ? 1 : -1))) {
    const host = hosts[c.host]!
    host.text = host.text.slice(0, c.index) + host.text.slice(c.index + c.length)
  }
  for (const note of notes) {
    let h = found.get(note)?.host
    if (h === undefined) {
      anomalies.push(`call of note ${note.marker} not found; note kept with the preceding paragraph`)
      h = 0
      hosts.forEach((x, i) => {
        if (x.start < note.at) h = i
      })
    }
    hosts[Math.min(hosts.length - 1, redirect(h))]?.notes.push({ marker: note.marker, text: note.text })
  }
  return anomalies
}
