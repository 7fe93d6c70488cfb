/**
 * The form questions are grouped and searched by: lower case, accents and punctuation dropped,
 * spaces collapsed. « Qu'est-ce que le Pacte ? » and « qu est ce que le pacte » are one question
 * in the staff report. Computed once when logging, so both databases compare plain strings.
 */
export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}
