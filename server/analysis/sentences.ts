/**
 * French-aware sentence splitting, so that the composer can quote whole sentences. Works on
 * offsets into the original text: the composer's best span, the highlights and the citation all
 * index the verbatim paragraph.
 */

/** Character offsets of a span in the original text: text.slice(start, end). */
export interface Span {
  start: number
  end: number
}

export interface SentenceOptions {
  /**
   * Words that end with a period without ending the sentence, compared lowercased. Single letters
   * (initials « J. », list markers « a. ») never end a sentence either. Defaults to the French
   * and bibliographic abbreviations of `DEFAULT_SENTENCE_OPTIONS.abbreviations` (M., MM., Mme, art.,
   * No., n°, p., pp., cf., etc., env., vol., chap., éd., ex. of « p. ex. », …).
   */
  abbreviations: ReadonlySet<string>
}

export const DEFAULT_SENTENCE_OPTIONS: SentenceOptions = {
  abbreviations: new Set([
    'm',
    'mm',
    'mme',
    'mmes',
    'mlle',
    'mlles',
    'me',
    'dr',
    'pr',
    'st',
    'ste',
    'art',
    'no',
    'nos',
    'n°',
    'nº',
    'p',
    'pp',
    'cf',
    'etc',
    'env',
    'vol',
    'vols',
    'chap',
    'éd',
    'ed',
    'eds',
    'éds',
    'ex',
    'al',
    'fig',
    'tab',
    'op',
    'cit',
    'ibid',
    'id',
    'réf',
    'ref',
    'par',
    'sect',
    'suiv',
    'sq',
    'sqq',
    'resp',
    'vs',
    'coll',
    'dir',
    'trad',
    'hab',
    'mio',
    'mrd',
    'inc',
    'ltd',
    'co',
  ]),
}

const TERMINATOR = /[.?!…]/
// Closing marks that belong to the sentence they follow: « … fin. » (with the French space), (… fin.)
const CLOSING_SPACED = /[»”)\]}]/
// Straight quotes and apostrophes close only when glued to the period, else they may open the next one.
const CLOSING_GLUED = /["'’]/
const SPACE = /\s/
const LOWER = /\p{Ll}/u
const WORD_CHAR = /[\p{L}\p{N}°º]/u
// Heading and list numbering at the start of a sentence: « II. LA COHÉRENCE », « 2.1. Les … », « a. ».
const MARKER = /^(?:[IVXLCDM]+|[ivxlcdm]+|\d+(?:\.\d+)*|\p{L})$/u
// A numbered item on a new line starts a sentence even when the previous line has no period:
// lists of titles or references (« …, 2002\n3. Le droit international … »).
const LINE_ITEM = /\n[^\S\n]*(?:\d+(?:\.\d+)*\.|[a-z]\)|\(\w{1,4}\))\s/y

/**
 * Sentences of `text` as ordered, non-overlapping spans that cover every non-space character;
 * each span starts and ends on a non-space character. A period, ellipsis, « ? » or « ! » ends a
 * sentence when followed by space and then something other than a lowercase letter or
 * punctuation, unless it follows an abbreviation, an initial, a heading number, or is an omission
 * « (…) ». Semicolons and colons never end a sentence.
 */
export function splitSentences(text: string, options: Partial<SentenceOptions> = {}): Span[] {
  const abbreviations = options.abbreviations ?? DEFAULT_SENTENCE_OPTIONS.abbreviations
  const spans: Span[] = []
  const len = text.length
  let i = skipSpace(text, 0)
  let start = i
  while (i < len) {
    if (text[i] === '\n') {
      LINE_ITEM.lastIndex = i
      const lineEnd = trimEnd(text, i)
      if (LINE_ITEM.test(text) && lineEnd > start) {
        spans.push({ start, end: lineEnd })
        start = skipSpace(text, i)
      }
      i++
      continue
    }
    if (!TERMINATOR.test(text[i]!)) {
      i++
      continue
    }
    const runStart = i
    while (i < len && TERMINATOR.test(text[i]!)) i++
    let end = i
    // Attach closing quotes and brackets, possibly after a (non-breaking) space.
    for (;;) {
      if (end < len && CLOSING_GLUED.test(text[end]!)) {
        end++
        continue
      }
      const k = skipSpace(text, end)
      if (k < len && CLOSING_SPACED.test(text[k]!)) {
        end = k + 1
        continue
      }
      break
    }
    const next = skipSpace(text, end)
    if (next === end && next < len) continue // no space after: « 3.5 », « www.iom.int », « ?! »
    if (next < len && !startsSentence(text[next]!)) continue
    if (!endsSentence(text, start, runStart, i, abbreviations)) continue
    spans.push({ start, end })
    start = next
    i = next
  }
  const last = trimEnd(text, len)
  if (start < last) spans.push({ start, end: last })
  return spans
}

function endsSentence(text: string, start: number, runStart: number, runEnd: number, abbreviations: ReadonlySet<string>): boolean {
  // An omission mark « (…) » or « […] » is inside a sentence.
  const before = text[runStart - 1]
  if (before === '(' || before === '[') return false
  // Only a lone period can follow an abbreviation; « ? », « ! » and « … » always end.
  if (runEnd - runStart !== 1 || text[runStart] !== '.') return true
  let w = runStart
  while (w > start && WORD_CHAR.test(text[w - 1]!)) w--
  const word = text.slice(w, runStart)
  if (!word) return true
  if (abbreviations.has(word.toLowerCase())) return false
  if (/^\p{L}$/u.test(word)) return false
  // Only the marker itself so far: the numbering of a heading or list item.
  return !(runStart - start <= 12 && MARKER.test(text.slice(start, runStart)))
}

function startsSentence(ch: string): boolean {
  return !LOWER.test(ch) && !/[,;:.?!…)\]}»”-]/.test(ch)
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && SPACE.test(text[i]!)) i++
  return i
}

function trimEnd(text: string, i: number): number {
  while (i > 0 && SPACE.test(text[i - 1]!)) i--
  return i
}
