import nlp from 'compromise'
import { fold } from './analyze.ts'

/**
 * The key under which an English word is looked up in the glossary: lowercase, folded, plural
 * and possessive removed. compromise has already put nouns in the singular and verbs in the
 * infinitive; this catches what it leaves inside noun phrases ("health workers").
 */
export function englishKey(word: string): string {
  const w = fold(word.toLowerCase()).replace(/['’]s$/, '')
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1)
  return w
}

/**
 * An English question as glossary keys: nouns in the singular and verbs in the infinitive
 * through compromise ("sending remittances" → "send remittance"), then `englishKey`.
 */
export function englishWords(question: string): string[] {
  // The 'root' view gives singular nouns and infinitive verbs at a fraction of the cost of
  // nouns().toSingular() + verbs().toInfinitive() (≈0.3 ms against ≈4 ms per question).
  const doc = nlp(question)
  doc.compute('root')
  return (doc.text('root').match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).map(englishKey)
}
