/**
 * Highlights: where the question's words stand in the paragraph, as offsets into the verbatim
 * text, so the client can mark them without re-analysing anything.
 */
import type { Token } from '../analysis/types.ts'

export interface HighlightOptions {
  /**
   * Join two matched words separated by exactly one space (« politiques migratoires » becomes one
   * mark). Defaults to true: one mark reads better than two touching ones.
   */
  mergeAcrossSpace: boolean
  /** Tokens a phrase's next word may be after the previous one (articles in between are not tokens). Defaults to 3 (the engine passes the ranker's phraseGap through ComposeOptions). */
  phraseGap: number
}

export const DEFAULT_HIGHLIGHT_OPTIONS: HighlightOptions = { mergeAcrossSpace: true, phraseGap: 3 }

/**
 * Sorted, non-overlapping `[start, end]` offsets in `text` of the tokens whose term is in
 * `terms`. Overlapping tokens (a hyphenated compound and its parts) become one mark; tokens
 * outside the text or empty are ignored rather than trusted.
 */
export function highlightOffsets(
  text: string,
  tokens: readonly Token[],
  terms: ReadonlySet<string>,
  options: Partial<HighlightOptions> = {},
): Array<[number, number]> {
  const marks = tokens.filter((t) => terms.has(t.term)).map((t): [number, number] => [t.start, t.end])
  return mergeMarks(text, marks, options.mergeAcrossSpace ?? DEFAULT_HIGHLIGHT_OPTIONS.mergeAcrossSpace)
}

/**
 * Highlights that do not mislead: a phrase of the question (« envois de fonds ») is marked only
 * where it stands as a phrase, not each of its words wherever they occur (« Fonds pour la
 * réalisation des objectifs »); a single word only where it is the word, not a part of a
 * hyphenated compound (« Femmes » in « ONU-Femmes », « nationaux » in « non-nationaux ») unless
 * every part of the compound is asked for. `phrases` are analyzer-term sequences, one per
 * alternative the user may see (the engine leaves out those not displayable).
 */
export function phraseHighlights(
  text: string,
  tokens: readonly Token[],
  phrases: ReadonlyArray<readonly string[]>,
  options: Partial<HighlightOptions> = {},
): Array<[number, number]> {
  const o = { ...DEFAULT_HIGHLIGHT_OPTIONS, ...options }
  const byFirst = new Map<string, Array<readonly string[]>>()
  for (const p of phrases) if (p.length > 0) byFirst.set(p[0]!, [...(byFirst.get(p[0]!) ?? []), p])
  const marks: Array<[number, number]> = []
  // Tokens that are parts of a compound token before them (the analyzer emits the compound first).
  const partOf = compoundParents(tokens)
  tokens.forEach((t, i) => {
    for (const p of byFirst.get(t.term) ?? []) {
      const end = phraseEnd(tokens, i, p, o.phraseGap, partOf)
      if (end < 0) continue
      const parent = partOf[i]!
      if (p.length === 1 && parent >= 0) {
        if (allPartsAsked(tokens, parent, phrases)) marks.push([tokens[parent]!.start, tokens[parent]!.end])
        continue
      }
      marks.push([t.start, tokens[end]!.end])
    }
  })
  return mergeMarks(text, marks, o.mergeAcrossSpace)
}

/** For each token, the index of the compound token containing it, or -1. */
function compoundParents(tokens: readonly Token[]): Int32Array {
  const parent = new Int32Array(tokens.length).fill(-1)
  let open = -1
  tokens.forEach((t, i) => {
    if (open >= 0 && t.start >= tokens[open]!.start && t.end <= tokens[open]!.end) parent[i] = open
    else open = t.term.includes('-') ? i : -1
  })
  return parent
}

/** Index of the phrase's last token when it starts at token i (each next word within `gap`), else -1. */
function phraseEnd(tokens: readonly Token[], i: number, phrase: readonly string[], gap: number, partOf: Int32Array): number {
  let at = i
  for (let k = 1; k < phrase.length; k++) {
    let next = -1
    for (let j = at + 1; j < tokens.length && j <= at + gap + countParts(partOf, at, j); j++)
      if (tokens[j]!.term === phrase[k]) {
        next = j
        break
      }
    if (next < 0) return -1
    at = next
  }
  return at
}

/** Compound parts between two tokens do not count against the phrase gap. */
function countParts(partOf: Int32Array, from: number, to: number): number {
  let n = 0
  for (let j = from + 1; j < to; j++) if (partOf[j]! >= 0) n++
  return n
}

/** Whether every part of the compound at `parent` is a one-word phrase of the question. */
function allPartsAsked(tokens: readonly Token[], parent: number, phrases: ReadonlyArray<readonly string[]>): boolean {
  const single = new Set(phrases.filter((p) => p.length === 1).map((p) => p[0]!))
  for (let j = parent + 1; j < tokens.length && tokens[j]!.end <= tokens[parent]!.end; j++) if (!single.has(tokens[j]!.term)) return false
  return true
}

function mergeMarks(text: string, raw: Array<[number, number]>, merge: boolean): Array<[number, number]> {
  const marks = raw.filter(([s, e]) => s >= 0 && e <= text.length && s < e).sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const out: Array<[number, number]> = []
  for (const m of marks) {
    const last = out.at(-1)
    if (last && (m[0] <= last[1] || (merge && m[0] === last[1] + 1 && text[last[1]] === ' '))) {
      last[1] = Math.max(last[1], m[1])
    } else {
      out.push([m[0], m[1]])
    }
  }
  return out
}
