/**
 * One document's text → paragraphs: normalise, remove debris, rejoin drop capitals, detach notes,
 * segment, attach notes, then give each paragraph its section path, label and stable id.
 */
import { normalizeText, type NormalizeOptions } from './normalize.ts'
import { removeDebris, type DebrisOptions, type DebrisReport } from './debris.ts'
import { rejoinDropCaps, type Vocabulary } from './join.ts'
import { detachNotes, attachNotes, type NotesOptions } from './notes.ts'
import { segment, type SegmentOptions, type Unit } from './segment.ts'
import type { DocumentMeta, Paragraph } from './types.ts'

export interface DocumentParseOptions {
  /** Defaults to DEFAULT_NORMALIZE_OPTIONS. */
  normalize: Partial<NormalizeOptions>
  /** Defaults to DEFAULT_DEBRIS_OPTIONS. */
  debris: Partial<DebrisOptions>
  /** Defaults to DEFAULT_NOTES_OPTIONS. */
  notes: Partial<NotesOptions>
  /** Defaults to DEFAULT_SEGMENT_OPTIONS; `numbered` always comes from the document's meta. */
  segment: Partial<Omit<SegmentOptions, 'numbered'>>
  /** Longest section title kept in a label before it is cut with « … ». Defaults to 60. */
  maxLabelTitle: number
}

export const DEFAULT_DOCUMENT_PARSE_OPTIONS: DocumentParseOptions = {
  normalize: {},
  debris: {},
  notes: {},
  segment: {},
  maxLabelTitle: 60,
}

export interface ParsedDocument {
  paragraphs: Paragraph[]
  anomalies: string[]
  debris: DebrisReport
}

/** The text a document's lines become once debris is gone: what the « nothing is lost » check starts from. */
export function cleanLines(
  raw: string,
  vocab: Vocabulary,
  options: Partial<DocumentParseOptions> = {},
): { lines: string[]; debris: DebrisReport } {
  const { lines, report } = removeDebris(normalizeText(raw, options.normalize).split('\n'), options.debris)
  return { lines: rejoinDropCaps(lines, vocab), debris: report }
}

const CODE = /^((?:\d+(?:\.\d+)*|[IVX]+|[A-H])\.?)\s/

function shorten(title: string, max: number): string {
  const t = title.replace(/\s+/g, ' ').trim()
  if (t.length <= max) return t
  const cut = t.slice(0, max)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,;:–-]+$/, '')}…`
}

/** « § 12 » for numbered paragraphs; otherwise the section and the rank in it: « 1.2, Cohérence des politiques, al. 3 ». */
function labelFor(section: string[], rank: number, lastNumber: number | null, marker: string | null, maxTitle: number): string {
  if (lastNumber !== null) return marker ? `§ ${lastNumber}, ${marker})` : `§ ${lastNumber}, al. ${rank + 1}`
  const inner = section.at(-1)
  if (!inner) return `al. ${rank}`
  const outerCode = CODE.test(inner)
    ? null
    : section
        .map((s) => CODE.exec(s)?.[1])
        .filter(Boolean)
        .at(-1)
  return `${outerCode ? `${outerCode.replace(/\.$/, '')}, ` : ''}${shorten(inner, maxTitle)}, al. ${rank}`
}

export function parseDocument(
  raw: string,
  meta: Pick<DocumentMeta, 'id' | 'numbered'>,
  vocab: Vocabulary,
  options: Partial<DocumentParseOptions> = {},
): ParsedDocument {
  const o = { ...DEFAULT_DOCUMENT_PARSE_OPTIONS, ...options }
  const { lines, debris } = cleanLines(raw, vocab, o)
  const { body, notes, anomalies } = detachNotes(lines, vocab, o.notes)
  const units: Array<Unit & { notes: Paragraph['notes'] }> = segment(body, vocab, { ...o.segment, numbered: meta.numbered }).map((u) => ({
    ...u,
    notes: [],
  }))
  // A note called from a heading belongs to the first paragraph under it.
  const redirect = (i: number) => {
    let j = i
    while (units[j]?.kind === 'heading' && j + 1 < units.length) j++
    return j
  }
  anomalies.push(...attachNotes(units, notes, { redirect, vocab }))

  const paragraphs: Paragraph[] = []
  const stack: Array<{ level: number; text: string }> = []
  let rank = 0
  let lastNumber: number | null = null
  let expected = 1
  for (const u of units) {
    const text = u.text.trim()
    if (!text) continue
    if (u.kind === 'heading') {
      while (stack.length && stack.at(-1)!.level >= u.level) stack.pop()
      stack.push({ level: u.level, text })
      rank = 0
      lastNumber = null
    } else if (u.number !== null) {
      if (u.number !== expected) anomalies.push(`paragraph ${u.number} follows ${expected - 1}`)
      expected = u.number + 1
      lastNumber = u.number
      rank = 0
    } else rank++
    const n = paragraphs.length + 1
    const section = stack.map((s) => s.text)
    paragraphs.push({
      id: meta.numbered && u.number !== null ? `${meta.id}-p${u.number}` : `${meta.id}-${n}`,
      documentId: meta.id,
      n,
      number: u.number,
      label:
        u.kind === 'heading'
          ? shorten(text, o.maxLabelTitle)
          : u.number !== null
            ? `§ ${u.number}`
            : labelFor(section, rank, lastNumber, u.marker, o.maxLabelTitle),
      section: u.kind === 'heading' ? section.slice(0, -1) : section,
      kind: u.kind,
      text,
      notes: u.notes,
    })
  }
  const lost = (raw.match(/\uFFFD/g) ?? []).length
  if (lost) anomalies.push(`${lost} character(s) lost by the PDF extraction (U+FFFD) left as they are`)
  for (const p of paragraphs)
    if (p.kind !== 'heading' && p.text.length > 3000) anomalies.push(`${p.id} is ${p.text.length} characters long`)
  return { paragraphs, anomalies, debris }
}
