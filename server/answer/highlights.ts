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
}

export const HIGHLIGHT_DEFAULTS: HighlightOptions = { mergeAcrossSpace: true }

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
  const merge = options.mergeAcrossSpace ?? HIGHLIGHT_DEFAULTS.mergeAcrossSpace
  const marks = tokens
    .filter((t) => terms.has(t.term) && t.start >= 0 && t.end <= text.length && t.start < t.end)
    .map((t): [number, number] => [t.start, t.end])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
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
