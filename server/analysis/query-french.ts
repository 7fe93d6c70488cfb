import type { Alternative, Concept, Token } from './types.ts'
import { fold } from './analyze.ts'
import { distinct, type ParserContext } from './query-words.ts'
import { createParaphraseMatcher } from './paraphrases.ts'

/** Question boilerplate (folded): words about asking, not about the subject. */
export const FRENCH_BOILERPLATE: ReadonlySet<string> = new Set(
  `selon document documents texte textes corpus dit dire disent explique expliquer mentionne
  mentionnent evoque evoquent parle parlent parler indique indiquent comment pourquoi combien
  quoi quel quelle quels quelles est-ce qu'est-ce existe existe-t-il y-a-t-il peut-on sait-on
  consiste entend entend-on savoir cite citer donne donner dites est sont peut peuvent faut
  doit doivent fait font faire depuis quand notamment mieux bien aussi eux apres eu`
    .split(/\s+/)
    .filter(Boolean),
)

/**
 * Everyday phrases (« faire venir sa famille »): the corpus's phrases (« regroupement familial »)
 * join the concept of the phrase's first word (first or last word measured alike on dev). The
 * user's words stay their own concepts, so a paragraph using them is found as before.
 */
function paraphraseAlternatives(
  ctx: ParserContext,
  paraphrases: ReturnType<typeof createParaphraseMatcher>,
  tokens: Token[],
): Map<number, Alternative[]> {
  const at = new Map<number, Alternative[]>()
  for (const m of paraphrases(tokens))
    at.set(
      m.start,
      m.corpus.map((c) => ({
        terms: ctx.termsOf(c),
        display: c,
        weight: ctx.o.paraphraseWeight,
        ...(ctx.corpusWording(c) ? {} : { displayable: false }),
      })),
    )
  return at
}

/** The user's own word, unknown to the corpus: the bridge's renderings replace it. */
function bridged(ctx: ParserContext, c: Concept, term: string): void {
  if (!c.unknown) return
  const extra = ctx.bridge.french(term)
  // Guesses: the word stays unknown to the corpus for the no-answer decision. Its own form,
  // which no paragraph holds, would only inflate the concept's rarity.
  if (extra.length > 0) c.alternatives = extra
}

/**
 * The French part of query understanding: boilerplate dropped, thesaurus groups and acronyms
 * matched as phrases, every other word taken as itself, corrected, or related through its family
 * and the glossary pivot.
 */
export function createFrenchParser(ctx: ParserContext): (question: string, corrections: Map<string, string>) => Concept[] {
  const { vocabulary, french } = ctx

  /** Thesaurus and acronym matches; « eu » in « ont eu lieu » is a word the corpus writes in lowercase, not the EU. */
  const groupMatches = (tokens: Token[]) =>
    french.match(tokens.map((t) => t.term)).filter((m) => {
      const t = tokens[m.start]!
      const acronymOnly = m.end - m.start === 1 && m.value.every((g) => g.kind === 'acronym')
      return !acronymOnly || t.surface !== t.surface.toLowerCase() || !vocabulary.lowercase.has(fold(t.surface))
    })

  const isBoilerplate = (surface: string) => FRENCH_BOILERPLATE.has(fold(surface.toLowerCase()))
  const paraphrases = createParaphraseMatcher(ctx.paraphrases, ctx.o.analyzer, isBoilerplate)

  const paraphrasedAt = (tokens: Token[]) => paraphraseAlternatives(ctx, paraphrases, tokens)

  /** The concept of tokens[i] (with the parts of a compound that follow it) and how many tokens it took. */
  function singleWord(tokens: Token[], i: number, until: number, corrections: Map<string, string>): [Concept, number] {
    const t = tokens[i]!
    // A compound (« main-d’œuvre ») is followed by its parts: one concept, two ways to match.
    const parts: Token[] = []
    while (t.term.includes('-') && i + 1 + parts.length < until && tokens[i + 1 + parts.length]!.end <= t.end)
      parts.push(tokens[i + 1 + parts.length]!)
    const c = ctx.wordConcept(t.surface, t.term, corrections)
    // Only a word the thesaurus left alone gets here; the user's word itself is searched as typed.
    const own = c.alternatives[0]
    if (!c.unknown && own?.weight === 1 && own.terms.length === 1)
      c.alternatives = distinct([...c.alternatives, ...ctx.pivot(own.terms[0]!)])
    bridged(ctx, c, t.term)
    if (parts.length > 0) {
      // An unseen compound of known words (« co-développement ») is known by its parts.
      c.alternatives.push({ terms: parts.map((p) => p.term), display: t.surface, weight: 1 })
      c.unknown = undefined
    }
    return [c, 1 + parts.length]
  }

  return (question, corrections) => {
    const all = ctx.o.analyzer(question)
    const content = all.filter((t) => !isBoilerplate(t.surface))
    const tokens = content.length > 0 ? content : all
    const concepts: Concept[] = []
    const paraphrased = paraphrasedAt(tokens)
    let i = 0
    /** The concept of tokens [i, i + taken), with the corpus's phrases of an everyday phrase ending there. */
    const push = (c: Concept, taken: number) => {
      for (let j = i; j < i + taken; j++) {
        const extra = paraphrased.get(j)
        if (extra) c.alternatives = distinct([...c.alternatives, ...extra])
      }
      concepts.push(c)
      i += taken
    }
    const flushWords = (until: number) => {
      while (i < until) push(...singleWord(tokens, i, until, corrections))
    }
    for (const m of groupMatches(tokens)) {
      flushWords(m.start)
      const first = tokens[m.start]!
      const last = tokens[m.end - 1]!
      const matched = tokens
        .slice(m.start, m.end)
        .map((t) => t.term)
        .join(' ')
      push(ctx.groupConcept(question.slice(first.start, last.end), m.value, matched), m.end - m.start)
    }
    flushWords(tokens.length)
    return concepts
  }
}
