/**
 * Stage 1 of the corpus pipeline: character-level clean-up of a PDF extraction. Line structure and
 * leading spaces are kept on purpose: later stages read page breaks and footnote separators from
 * them.
 */

export interface NormalizeOptions {
  /**
   * Words that end in an apostrophe and take the next word with no space (« l’ OIM » → « l’OIM »).
   * Defaults to the French elided forms c, d, j, l, m, n, s, t, qu, jusqu, lorsqu, puisqu, quoiqu.
   */
  elided: readonly string[]
}

export const DEFAULT_NORMALIZE_OPTIONS: NormalizeOptions = {
  elided: ['c', 'd', 'j', 'l', 'm', 'n', 's', 't', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu'],
}

// Spaces that PDF extractors emit for justification or typography; all become a plain space.
const ODD_SPACES = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g
// C0/C1 controls except the newline, zero-width characters and the byte-order mark.
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/g
// Symbol fonts put bullets in the Private Use Area (U+F0B7 is Symbol's bullet); other PUA glyphs
// carry no text.
const PUA_BULLET = /[\uF0A7\uF0B7\uF076\uF0D8]/g
const PUA = /[\uE000-\uF8FF]/g

/** NFC, one kind of space, one kind of newline, no soft hyphens or controls, elisions glued. */
export function normalizeText(raw: string, options: Partial<NormalizeOptions> = {}): string {
  const { elided } = { ...DEFAULT_NORMALIZE_OPTIONS, ...options }
  const elision = new RegExp(`(?<!\\p{L})(${elided.join('|')})([’'])[ ]+(?=\\p{L})`, 'giu')
  return (
    raw
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      .replace(ODD_SPACES, ' ')
      .replace(/\u00AD/g, '')
      .replace(/[\u2010\u2011]/g, '-')
      .replace(PUA_BULLET, '•')
      .replace(PUA, '')
      .replace(CONTROLS, '')
      .replace(elision, '$1$2')
      // « œ uvre »: the ligature was extracted as a separate glyph; no French word is a lone « œ ».
      .replace(/(?<!\p{L})([œŒ]) (?=\p{Ll})/gu, '$1')
  )
}
