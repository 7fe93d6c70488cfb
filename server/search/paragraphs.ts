/**
 * Per-paragraph analysis as flat typed arrays over one term table, instead of a Token object per
 * word and a Map per paragraph: at 100× the corpus (68k paragraphs, millions of tokens) those
 * objects were most of the heap and most of a warm start. A question re-ranks about 30 candidates
 * and composes extracts from a few of them, so `tokens`, `positions`, `sentenceOf` and `sentences`
 * are derived on demand for those, and the most recently derived are kept (a bounded cache), so
 * that ranking and composing the same candidates derive them once.
 */
import type { AnswerType, Token } from '../analysis/types.ts'
import type { Span } from '../analysis/sentences.ts'
import type { CorpusDocument, Paragraph } from '../corpus/types.ts'

/** Every paragraph's tokens and sentences, paragraph after paragraph (plain data: the snapshot saves it as is). */
export interface ParagraphArrays {
  /** Term table: token t's term is `terms[termIds[t]]`. */
  terms: string[]
  /** Paragraph i's tokens are t in [tokenStart[i], tokenStart[i + 1]). Length: paragraphs + 1. */
  tokenStart: Int32Array
  termIds: Int32Array
  /** Token t's character offsets in its paragraph's text: offsets[2t] (start), offsets[2t + 1] (end). */
  offsets: Uint32Array
  /** Token t's sentence, an index among its paragraph's sentences. */
  sentenceOf: Uint16Array
  /** Paragraph i's sentences are k in [sentenceStart[i], sentenceStart[i + 1]). */
  sentenceStart: Int32Array
  /** Sentence k's span in its paragraph's text: sentences[2k] (start), sentences[2k + 1] (end). */
  sentences: Uint32Array
}

/** What a question reads of one paragraph's analysis, derived from the arrays. */
export interface DerivedParagraph {
  tokens: Token[]
  positions: Map<string, number[]>
  sentenceOf: Uint16Array
  sentences: Span[]
}

export interface ParagraphCacheOptions {
  /**
   * Derived paragraphs kept, most recent first out last: a question's candidates and the extracts
   * composed from them are derived once. Defaults to 1024 (a few dozen questions' candidates).
   */
  size: number
}

export const DEFAULT_PARAGRAPH_CACHE_OPTIONS: ParagraphCacheOptions = { size: 1024 }

/** One paragraph's analysis, added in paragraph order to a `ParagraphArraysBuilder`. */
export interface ParagraphAnalysis {
  tokens: readonly Token[]
  sentenceOf: ArrayLike<number>
  sentences: readonly Span[]
}

/** Collects paragraphs' analyses into `ParagraphArrays` (plain arrays first: the total is not known in advance). */
export function createParagraphArraysBuilder() {
  const termId = new Map<string, number>()
  const tokenStart = [0]
  const termIds: number[] = []
  const offsets: number[] = []
  const sentenceOf: number[] = []
  const sentenceStart = [0]
  const sentences: number[] = []
  return {
    add(a: ParagraphAnalysis): void {
      a.tokens.forEach((t, j) => {
        let id = termId.get(t.term)
        if (id === undefined) termId.set(t.term, (id = termId.size))
        termIds.push(id)
        offsets.push(t.start, t.end)
        sentenceOf.push(a.sentenceOf[j]!)
      })
      for (const s of a.sentences) sentences.push(s.start, s.end)
      tokenStart.push(termIds.length)
      sentenceStart.push(sentences.length / 2)
    },
    finish(): ParagraphArrays {
      return {
        terms: [...termId.keys()],
        tokenStart: Int32Array.from(tokenStart),
        termIds: Int32Array.from(termIds),
        offsets: Uint32Array.from(offsets),
        sentenceOf: Uint16Array.from(sentenceOf),
        sentenceStart: Int32Array.from(sentenceStart),
        sentences: Uint32Array.from(sentences),
      }
    },
  }
}

/** Paragraph i's tokens; `text` is its text (a token's surface is its slice). */
function deriveTokens(a: ParagraphArrays, i: number, text: string): Token[] {
  const tokens: Token[] = []
  for (let t = a.tokenStart[i]!; t < a.tokenStart[i + 1]!; t++) {
    const start = a.offsets[2 * t]!
    const end = a.offsets[2 * t + 1]!
    tokens.push({ term: a.terms[a.termIds[t]!]!, surface: text.slice(start, end), start, end })
  }
  return tokens
}

/** Paragraph i's term → positions, in reading order. */
function derivePositions(a: ParagraphArrays, i: number): Map<string, number[]> {
  const from = a.tokenStart[i]!
  const positions = new Map<string, number[]>()
  for (let t = from; t < a.tokenStart[i + 1]!; t++) {
    const term = a.terms[a.termIds[t]!]!
    const list = positions.get(term)
    if (list) list.push(t - from)
    else positions.set(term, [t - from])
  }
  return positions
}

function deriveSentences(a: ParagraphArrays, i: number): Span[] {
  const sentences: Span[] = []
  for (let k = a.sentenceStart[i]!; k < a.sentenceStart[i + 1]!; k++)
    sentences.push({ start: a.sentences[2 * k]!, end: a.sentences[2 * k + 1]! })
  return sentences
}

/**
 * One paragraph's analysis, each part derived on its first read: ranking reads positions and
 * sentences of ~30 candidates, and only the few extracts composed need tokens (one object and
 * one surface string per word, the most garbage a question would otherwise make).
 */
class LazyParagraph implements DerivedParagraph {
  #tokens?: Token[]
  #positions?: Map<string, number[]>
  #sentenceOf?: Uint16Array
  #sentences?: Span[]

  constructor(
    private readonly a: ParagraphArrays,
    private readonly i: number,
    private readonly text: string,
  ) {}

  get tokens(): Token[] {
    this.#tokens ??= deriveTokens(this.a, this.i, this.text)
    return this.#tokens
  }

  get positions(): Map<string, number[]> {
    this.#positions ??= derivePositions(this.a, this.i)
    return this.#positions
  }

  get sentenceOf(): Uint16Array {
    this.#sentenceOf ??= this.a.sentenceOf.slice(this.a.tokenStart[this.i]!, this.a.tokenStart[this.i + 1]!)
    return this.#sentenceOf
  }

  get sentences(): Span[] {
    this.#sentences ??= deriveSentences(this.a, this.i)
    return this.#sentences
  }
}

/** Derives paragraphs on demand (each part on its first read) and keeps the last `size` derived. */
export function createParagraphCache(arrays: ParagraphArrays, options: Partial<ParagraphCacheOptions> = {}) {
  const { size } = { ...DEFAULT_PARAGRAPH_CACHE_OPTIONS, ...options }
  const kept = new Map<number, DerivedParagraph>()
  return {
    arrays,
    get(i: number, text: string): DerivedParagraph {
      let d = kept.get(i)
      if (d) return d
      d = new LazyParagraph(arrays, i, text)
      // First in, first out: a Map iterates in insertion order.
      if (kept.size >= size) kept.delete(kept.keys().next().value!)
      kept.set(i, d)
      return d
    },
  }
}

export type ParagraphCache = ReturnType<typeof createParagraphCache>

/** Fields of an indexed paragraph that are not derived (sets shared between paragraphs that have the same). */
export interface ParagraphFacts {
  id: number
  paragraph: Paragraph
  document: CorpusDocument
  headingTerms: Set<string>
  titleTerms: Set<string>
  holds: Set<AnswerType>
}

/**
 * An indexed paragraph over the shared arrays: small and fixed-size, its analysis derived when
 * read. Read `tokens`, `positions` or `sentenceOf` once per use (each read goes through the cache).
 */
export class CompactParagraph {
  readonly id: number
  readonly paragraph: Paragraph
  readonly document: CorpusDocument
  readonly headingTerms: Set<string>
  readonly titleTerms: Set<string>
  readonly holds: Set<AnswerType>
  readonly #cache: ParagraphCache

  constructor(facts: ParagraphFacts, cache: ParagraphCache) {
    this.id = facts.id
    this.paragraph = facts.paragraph
    this.document = facts.document
    this.headingTerms = facts.headingTerms
    this.titleTerms = facts.titleTerms
    this.holds = facts.holds
    this.#cache = cache
  }

  get tokenCount(): number {
    const { tokenStart } = this.#cache.arrays
    return tokenStart[this.id + 1]! - tokenStart[this.id]!
  }

  get tokens(): Token[] {
    return this.#cache.get(this.id, this.paragraph.text).tokens
  }

  get positions(): Map<string, number[]> {
    return this.#cache.get(this.id, this.paragraph.text).positions
  }

  get sentenceOf(): Uint16Array {
    return this.#cache.get(this.id, this.paragraph.text).sentenceOf
  }

  get sentences(): Span[] {
    return this.#cache.get(this.id, this.paragraph.text).sentences
  }
}
