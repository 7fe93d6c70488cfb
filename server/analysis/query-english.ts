import type { Alternative, Concept } from './types.ts'
import { termOf } from './analyze.ts'
import { type EnglishWord, englishWords, frenchCognates } from './english.ts'
import { ENGLISH_FUNCTION_WORDS } from './language.ts'
import type { Group, ParserContext } from './query-words.ts'
import { distinct } from './query-words.ts'

/**
 * The same for English, as glossary keys: "doe" is "does" once `englishKey` drops the -s; "us"
 * is left out, it may be the US.
 */
export const ENGLISH_BOILERPLATE: ReadonlySet<string> = new Set(
  `what which how why who when where do doe say said tell me document text corpus according
  explain describe mention give list there mean the is are be`
    .split(/\s+/)
    .filter(Boolean),
)

/** The English parser's word-level parts: translation of a glossary entry, and one word alone. */
function englishWordParts(ctx: ParserContext) {
  const { vocabulary, english, englishSpeller, o } = ctx
  const alt = (display: string, weight: number): Alternative => ({ terms: ctx.termsOf(display), display, weight })

  const translated = (label: string, value: { en: string; fr: string[] } | Group, scale = 1): Concept => {
    if (Array.isArray(value)) {
      const c = ctx.groupConcept(label, value, '')
      for (const a of c.alternatives) a.weight = (a.weight === 1 ? 1 : o.acronymWeight) * scale
      return c
    }
    return { label, alternatives: distinct(value.fr.map((f, k) => alt(f, (1 - k * o.renderingDecay) * scale))) }
  }

  /**
   * An English word the glossary lacks but French shares ("coherence", "strategy" → « stratégie »):
   * the corpus word it is a cognate of, if the corpus does not know the English form itself.
   */
  function cognateConcept(key: string, proper: boolean): Concept | undefined {
    if (ctx.known(termOf(key))) return undefined
    for (const form of frenchCognates(key)) {
      const term = vocabulary.termOfWord.get(form)
      if (term !== undefined)
        return { label: key, alternatives: [{ terms: [term], display: ctx.shown(form), weight: o.cognateWeight }], key: proper }
    }
    return undefined
  }

  /** A word no glossary phrase covers: corrected into a glossary key, a cognate, or the word itself. */
  function singleWord(word: EnglishWord, corrections: Map<string, string>): Concept | undefined {
    const { key, minor, proper, noun } = word
    if (ENGLISH_FUNCTION_WORDS.has(key)) return undefined
    if (minor) return undefined
    // A word the glossary lacks may be French as well (« migration », « diaspora », « 2006 »).
    const bridged = ctx.bridge.english(key)
    const fixed = vocabulary.words.has(key) ? undefined : englishSpeller.suggest(key)
    const entry = fixed === undefined ? undefined : english.match([fixed])[0]?.value
    if (fixed !== undefined && entry) {
      corrections.set(key, fixed)
      return translated(fixed, entry, o.correctionWeight)
    }
    // A real English word (the bridge knows it) is not a typo of a French one: « reliable » is not
    // « rentable ». One whose stem the corpus says (« adaptation ») is still matched by it.
    const realEnglish = bridged.length > 0 && !vocabulary.words.has(key) && !ctx.known(termOf(key))
    const c =
      cognateConcept(key, proper) ??
      (realEnglish ? { label: key, alternatives: [], unknown: true } : ctx.wordConcept(key, termOf(key), corrections, proper))
    // The glossary covers the field: an English noun neither it nor the corpus knows names
    // something off-topic ("weather"); an unknown adjective ("joint") only lowers coverage.
    // The bridge's renderings are guesses: the word stays unknown to the corpus (the no-answer
    // decision still counts it as off-domain), but paragraphs that say a rendering can match it.
    if (c.unknown && bridged.length > 0) c.alternatives = bridged
    else if (c.unknown && noun) c.key = true
    return c
  }

  return { translated, singleWord }
}

/**
 * The English part of query understanding: glossary phrases translated into the corpus's French,
 * acronyms, cognates ("coherence" → « cohérence »), and English spelling correction.
 */
export function createEnglishParser(ctx: ParserContext): (question: string, corrections: Map<string, string>) => Concept[] {
  const { english } = ctx
  const { translated, singleWord } = englishWordParts(ctx)
  return (question, corrections) => {
    const words = englishWords(question).filter((w) => !ENGLISH_BOILERPLATE.has(w.key))
    const concepts: Concept[] = []
    let i = 0
    const flush = (until: number) => {
      for (; i < until; i++) {
        const c = singleWord(words[i]!, corrections)
        if (c) concepts.push(c)
      }
    }
    for (const m of english.match(words.map((w) => w.keys))) {
      flush(m.start)
      const c = translated(
        words
          .slice(m.start, m.end)
          .map((w) => w.key)
          .join(' '),
        m.value,
      )
      // "Asia", "Brazil": a name stays a name once translated.
      if (m.end - m.start === 1 && words[m.start]!.proper && !Array.isArray(m.value)) c.key = true
      concepts.push(c)
      i = m.end
    }
    flush(words.length)
    return concepts
  }
}
