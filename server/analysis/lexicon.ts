import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

/**
 * The field's lexical resources, written by hand as data files (data/*.json): an English→French
 * glossary, French synonym groups, and acronym equivalences across both languages.
 */
export interface GlossaryEntry {
  /** Lowercase English base form, possibly several words ("brain drain"). */
  en: string
  /** French renderings as the corpus says them, most frequent first. */
  fr: string[]
}

export interface SynonymGroup {
  terms: string[]
}

export interface AcronymEntry {
  forms: string[]
  fr?: string | undefined
  en?: string | undefined
}

/**
 * The vocabulary bridge (data/bridge.json, built by `npm run lexicon:build` from FreeDict,
 * Apertium, WordNet and mythes-fr, filtered by the corpus): for an English key or a French word,
 * renderings the corpus says, each with how many independent sources or kinds of evidence agree.
 */
export interface Bridge {
  en: Record<string, Array<[string, number]>>
  fr: Record<string, Array<[string, number]>>
}

/**
 * A phrase-level paraphrase (data/paraphrases.json): everyday or journalistic wording (« faire
 * venir sa famille ») of an idea the corpus says in administrative phrases (« regroupement familial »).
 */
export interface ParaphraseEntry {
  /** The corpus's own phrases for the idea, most telling first. */
  corpus: string[]
  /** How a delegate or the public says it; each must keep at least two content words. */
  everyday: string[]
}

export interface Lexicon {
  glossary: GlossaryEntry[]
  thesaurus: SynonymGroup[]
  acronyms: AcronymEntry[]
  /** Absent: no bridge (the hand-written files alone). */
  bridge?: Bridge | undefined
  /** Absent: no phrase-level paraphrases. */
  paraphrases?: ParaphraseEntry[] | undefined
}

/** No glossary, no synonyms, no acronyms: the engine with the corpus alone. */
export const EMPTY_LEXICON: Lexicon = { glossary: [], thesaurus: [], acronyms: [] }

export interface LexiconOptions {
  /** Folder holding glossary.json, thesaurus.json, acronyms.json, bridge.json and paraphrases.json. Defaults to "data". */
  dir: string
  /** Told about a file that is missing or malformed; the engine then runs without it. Defaults to a no-op. */
  onProblem: (file: string, reason: string) => void
}

export const DEFAULT_LEXICON_OPTIONS: LexiconOptions = { dir: 'data', onProblem: () => {} }

const glossarySchema = z.array(z.object({ en: z.string().min(1), fr: z.array(z.string().min(1)).min(1) }))
const thesaurusSchema = z.array(z.object({ terms: z.array(z.string().min(1)).min(2) }))
// The bridge holds some 15 000 entries: a zod record of tuples takes a few hundred milliseconds to
// check them, a plain loop a few, and the engine loads the lexicon at every start.
const isRenderings = (v: unknown): boolean =>
  typeof v === 'object' &&
  v !== null &&
  Object.values(v).every(
    (list) =>
      Array.isArray(list) && list.every((r) => Array.isArray(r) && typeof r[0] === 'string' && r[0] !== '' && typeof r[1] === 'number'),
  )
const bridgeSchema = z.custom<Bridge>(
  (v) => typeof v === 'object' && v !== null && isRenderings((v as Bridge).en) && isRenderings((v as Bridge).fr),
  {
    message: 'expected { en, fr } of [rendering, votes] lists',
  },
)
const paraphraseSchema = z.array(z.object({ corpus: z.array(z.string().min(1)).min(1), everyday: z.array(z.string().min(1)).min(1) }))
const acronymSchema = z.array(z.object({ forms: z.array(z.string().min(1)).min(1), fr: z.string().optional(), en: z.string().optional() }))

function readData<T>(file: string, schema: z.ZodType<T>, onProblem: (file: string, reason: string) => void): T | undefined {
  let raw: string
  try {
    raw = readFileSync(file, 'utf8')
  } catch {
    onProblem(file, 'missing')
    return undefined
  }
  try {
    const parsed = schema.safeParse(JSON.parse(raw))
    if (parsed.success) return parsed.data
    onProblem(file, parsed.error.issues[0]?.message ?? 'does not match its format')
  } catch (e) {
    onProblem(file, (e as Error).message)
  }
  return undefined
}

const readList = <T>(file: string, schema: z.ZodType<T[]>, onProblem: (file: string, reason: string) => void): T[] =>
  readData(file, schema, onProblem) ?? []

/**
 * Reads the data files. A missing or malformed file degrades retrieval (no English
 * mapping, no synonyms) but must not stop the server, so it is reported and replaced by [].
 */
export function loadLexicon(options: Partial<LexiconOptions> = {}): Lexicon {
  const { dir, onProblem } = { ...DEFAULT_LEXICON_OPTIONS, ...options }
  return {
    glossary: readList(path.join(dir, 'glossary.json'), glossarySchema, onProblem),
    thesaurus: readList(path.join(dir, 'thesaurus.json'), thesaurusSchema, onProblem),
    acronyms: readList(path.join(dir, 'acronyms.json'), acronymSchema, onProblem),
    bridge: readData(path.join(dir, 'bridge.json'), bridgeSchema, onProblem),
    paraphrases: readData(path.join(dir, 'paraphrases.json'), paraphraseSchema, onProblem),
  }
}
