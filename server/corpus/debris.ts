/**
 * Stage 2: page furniture. Works on normalised lines and returns lines again, so that the later
 * stages still see blank lines and leading spaces. A page-number line becomes PAGE_BREAK rather
 * than disappearing, because it is the only sign that a footnote block has ended in some texts.
 */

/** A line that stands for a page boundary; a form feed cannot survive normalizeText. */
export const PAGE_BREAK = '\f'

export interface DebrisOptions {
  /** Shortest run of tiny lines taken for vertical (rotated) text. Defaults to 8. */
  verticalRun: number
  /** Longest trimmed line, in characters, counted as part of a vertical-text run. Defaults to 8. */
  verticalWidth: number
  /** Headings that open a table of contents. Defaults to CONTENU, SOMMAIRE, TABLE DES MATIÈRES, CONTENTS. */
  tocHeadings: readonly string[]
}

export const DEFAULT_DEBRIS_OPTIONS: DebrisOptions = {
  verticalRun: 8,
  verticalWidth: 8,
  tocHeadings: ['CONTENU', 'SOMMAIRE', 'TABLE DES MATIÈRES', 'CONTENTS'],
}

export interface DebrisReport {
  pageNumbers: number
  /** Note calls found alone on a line and put back after their word. */
  noteCalls: number
  urlLines: number
  verticalLines: number
  tocLines: number
}

const PAGE_NUMBER = /^\s*\d{1,3}\s*$/
const URL_LINE = /^\s*(?:https?:\/\/|www\.|mailto:)\S+\s*$/
const compact = (s: string) => s.replace(/\s+/g, '').replace(/^mailto:/, '')

/**
 * Removes page numbers (→ PAGE_BREAK; a number alone between a word and the punctuation after it
 * is a note call instead, put back after the word), URL lines that repeat a link already printed in the text
 * (PDF link annotations), vertical-text debris and tables of contents.
 */
export function removeDebris(lines: readonly string[], options: Partial<DebrisOptions> = {}): { lines: string[]; report: DebrisReport } {
  const o = { ...DEFAULT_DEBRIS_OPTIONS, ...options }
  const report: DebrisReport = { pageNumbers: 0, noteCalls: 0, urlLines: 0, verticalLines: 0, tocLines: 0 }
  const drop = new Array<boolean>(lines.length).fill(false)

  // A URL line is debris when it repeats: either the same line elsewhere or a link the running
  // text already carries (possibly wrapped over several lines, hence the whitespace-free compare).
  const counts = new Map<string, number>()
  for (const l of lines) if (URL_LINE.test(l)) counts.set(l.trim(), (counts.get(l.trim()) ?? 0) + 1)
  const prose = compact(lines.filter((l) => !URL_LINE.test(l)).join(''))
  lines.forEach((l, i) => {
    if (!URL_LINE.test(l)) return
    if ((counts.get(l.trim()) ?? 0) > 1 || prose.includes(compact(l))) {
      drop[i] = true
      report.urlLines++
    }
  })

  // Vertical text: a long run of lines of a few characters each (blank lines allowed inside).
  let runStart = -1
  let runCount = 0
  const closeRun = (end: number) => {
    if (runCount >= o.verticalRun) {
      for (let k = runStart; k < end; k++)
        if (!drop[k] && lines[k]!.trim()) {
          drop[k] = true
          report.verticalLines++
        }
    }
    runStart = -1
    runCount = 0
  }
  lines.forEach((l, i) => {
    const t = l.trim()
    if (!t) return
    if (t.length <= o.verticalWidth && !PAGE_NUMBER.test(l)) {
      if (runStart < 0) runStart = i
      runCount++
    } else closeRun(i)
  })
  closeRun(lines.length)

  // Table of contents: from its heading to the first real sentence after a blank line.
  const toc = new RegExp(`^\\s*(?:${o.tocHeadings.join('|')})\\s*$`, 'i')
  for (let i = 0; i < lines.length; i++) {
    if (!toc.test(lines[i]!)) continue
    let j = i
    for (; j < lines.length; j++) {
      const t = lines[j]!.trim()
      const prevBlank = j > i && !lines[j - 1]!.trim()
      if (prevBlank && t.length > 60 && /[.!?]$/.test(t)) break
    }
    for (let k = i; k < j; k++)
      if (!drop[k] && lines[k]!.trim()) {
        drop[k] = true
        report.tocLines++
      }
    i = j
  }

  const out: string[] = []
  lines.forEach((l, i) => {
    if (drop[i]) return
    let last = out.length - 1
    while (last >= 0 && !out[last]!.trim()) last--
    if (PAGE_NUMBER.test(l) && last >= 0 && out[last] !== PAGE_BREAK && /^\s*[.,;:)]/.test(lines[i + 1] ?? '')) {
      // A superscript note call set on its own line (« … souhaités » / 1 / « . Les … »): it goes
      // back after the word it follows, where attachNotes will find it.
      out[last] = out[last]!.trimEnd() + l.trim()
      report.noteCalls++
    } else if (PAGE_NUMBER.test(l)) {
      report.pageNumbers++
      out.push(PAGE_BREAK)
    } else out.push(l)
  })
  return { lines: out, report }
}
