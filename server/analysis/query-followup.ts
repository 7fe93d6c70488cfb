import type { Concept } from './types.ts'

const FOLLOW_UP = /^\s*(?:et\b|and\b|what about\b|how about\b|qu['’]en est-il\b|same\b|idem\b)/i
// A pronoun or demonstrative that points back (« ces visas », "did it look at") marks a follow-up
// only in a short question: a question with its own topic stands alone even if it says "this".
const ANAPHORA =
  /(?<![\p{L}-])(?:it|its|they|them|their|those|these|the latter|ces|cette|cet|ceux-ci|celles-ci|celui-ci|celle-ci|ce dernier|ces derniers|ils|elles)(?![\p{L}-])/iu

/**
 * Every ask from the chat carries the conversation, so merging it must be the exception: a
 * complete question ("What is brain drain?" after a question on remittances) stands alone.
 */
export function isFollowUp(question: string, concepts: ReadonlyArray<Concept>): boolean {
  const knownConcepts = concepts.filter((c) => !c.unknown).length
  return FOLLOW_UP.test(question) || knownConcepts === 0 || (knownConcepts <= 2 && ANAPHORA.test(question))
}

/**
 * The previous question's concepts that the follow-up does not replace, marked as context. The
 * follow-up replaces what it parallels: « et pour les pays d’origine ? » after « pays de
 * destination » (a shared word), "what about Asia?" after "Africa" (both names).
 */
export function carriedOver(now: ReadonlyArray<Concept>, before: ReadonlyArray<Concept>): Concept[] {
  const termsNow = new Set(now.flatMap((c) => c.alternatives.flatMap((a) => a.terms)))
  const keyNow = now.some((c) => c.key)
  const replaced = (c: Concept) => (keyNow && c.key) || c.alternatives.some((a) => a.terms.some((t) => termsNow.has(t)))
  return before.filter((c) => !c.unknown && !replaced(c)).map((c) => ({ ...c, fromContext: true }))
}
