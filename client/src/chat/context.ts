/** Which earlier questions go with a new one as `context`, so the server can resolve follow-ups. Pure. */
import type { Turn } from './store.ts'

/**
 * The last `max` questions before `before` (an index into `turns`) that can carry a topic: a
 * question the corpus did not answer, or that failed, would turn « et pour les femmes ? » after
 * « Quelle est la capitale du Pérou ? » into a search for capitals. Questions still waiting for
 * their reply count, since the user is usually following them up.
 */
export function followUpContext(turns: readonly Turn[], before: number, max: number): Array<{ question: string }> {
  return turns
    .slice(0, before)
    .filter((t) => !t.error && t.answer?.status !== 'no_match')
    .slice(-max)
    .map((t) => ({ question: t.question }))
}
