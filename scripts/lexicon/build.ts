// `npm run lexicon:build`: rebuilds data/bridge.json, the vocabulary bridge, from open lexical
// resources installed as Debian packages (FreeDict, Apertium, WordNet, mythes-fr), keeping only
// what the corpus says. Deterministic: the same packages and corpus give the same file.
import { writeFileSync } from 'node:fs'
import { analyze, fold } from '../../server/analysis/analyze.ts'
import { englishKey } from '../../server/analysis/english.ts'
import { ENGLISH_FUNCTION_WORDS } from '../../server/analysis/language.ts'
import { loadLexicon } from '../../server/analysis/lexicon.ts'
import { loadCorpus } from '../../server/corpus/load.ts'
import { type CorpusStats, corpusStats, paragraphsWith, phraseCount } from './corpus-stats.ts'
import { apertiumEnglishFrench, ensurePackages, readFreeDict, readMythes, readWordnetLemmas } from './sources.ts'

export interface BridgeBuildOptions {
  /**
   * A rendering whose rarest term is in more than this share of the corpus's paragraphs is too
   * general to help, and a French word said that often finds its paragraphs alone. A share, so
   * the limit follows the corpus as documents are added. Defaults to 0.28, as the pivot's
   * `maxDfShare` (151 of the shipped 541 paragraphs: the former count of 150 gives the same file).
   */
  maxDfShare: number
  /** Renderings kept per English key or French word, best first. Defaults to 3. */
  maxRenderings: number
  /** Folder of the corpus the bridge is filtered against. Defaults to "corpus". */
  corpus: string
  /** File written. Defaults to "data/bridge.json". */
  out: string
}

export const DEFAULT_BRIDGE_BUILD_OPTIONS: BridgeBuildOptions = {
  maxDfShare: 0.28,
  maxRenderings: 3,
  corpus: 'corpus',
  out: 'data/bridge.json',
}

/** The build's limits for one corpus: the share turned into a paragraph count. */
interface Limits {
  maxDf: number
  maxRenderings: number
}

const termsOf = (s: string) =>
  analyze(s)
    .map((t) => t.term)
    .filter((t) => !t.includes('-'))

/** A French rendering the corpus says, at a usable frequency: its analysed terms, else undefined. */
function inCorpus(stats: CorpusStats, text: string, maxDf: number): string[] | undefined {
  const terms = termsOf(text)
  if (terms.length === 0 || terms.length > 5) return undefined
  if (phraseCount(stats, terms) === 0) return undefined
  const rarest = Math.min(...terms.map((t) => stats.postings.get(t)?.size ?? 0))
  return rarest <= maxDf ? terms : undefined
}

type Votes = Map<string, { text: string; sources: Set<string> }>
const vote = (votes: Votes, text: string, source: string) => {
  const key = fold(text.toLowerCase())
  const v = votes.get(key) ?? { text, sources: new Set<string>() }
  v.sources.add(source)
  votes.set(key, v)
}

/** The kept renderings of one key: in the corpus, most sources first, then the corpus's most frequent. */
function best(stats: CorpusStats, votes: Votes, o: Limits): Array<[string, number]> {
  const seen = new Set<string>()
  return [...votes.values()]
    .map((v) => ({ ...v, terms: inCorpus(stats, v.text, o.maxDf) }))
    .filter((v) => v.terms !== undefined)
    .map((v) => ({ ...v, count: phraseCount(stats, v.terms!) }))
    .sort((a, b) => b.sources.size - a.sources.size || b.count - a.count || a.text.localeCompare(b.text))
    .filter((v) => {
      const k = v.terms!.join(' ')
      if (seen.has(k)) return false
      seen.add(k)
      return true
    })
    .slice(0, o.maxRenderings)
    .map((v) => [v.text, v.sources.size])
}

/**
 * English key → French renderings, from FreeDict both ways and Apertium through Spanish. Glossary
 * keys are kept too: the parser prefers the glossary, and the bridge can be measured without it.
 */
function englishBridge(stats: CorpusStats, o: Limits, apertium: Map<string, string[]>) {
  const byKey = new Map<string, Votes>()
  const add = (english: string, french: string, source: string) => {
    const key = english.toLowerCase().split(/\s+/).map(englishKey).join(' ')
    if (!/^[a-z][a-z' -]*[a-z]$/.test(key) || ENGLISH_FUNCTION_WORDS.has(key)) return
    const votes = byKey.get(key) ?? new Map()
    vote(votes, french, source)
    byKey.set(key, votes)
  }
  for (const [en, frs] of readFreeDict('freedict-eng-fra')) for (const fr of frs) add(en, fr, 'freedict-eng-fra')
  for (const [fr, ens] of readFreeDict('freedict-fra-eng')) for (const en of ens) add(en, fr, 'freedict-fra-eng')
  for (const [en, frs] of apertium) for (const fr of frs) add(en, fr, 'apertium')
  const out: Record<string, Array<[string, number]>> = {}
  for (const key of [...byKey.keys()].sort()) {
    const kept = best(stats, byKey.get(key)!, o)
    if (kept.length > 0) out[key] = kept
  }
  return out
}

/** French word → its English translations (FreeDict both ways, Apertium reversed), folded. */
function frenchToEnglish(apertium: Map<string, string[]>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  const add = (fr: string, en: string) => {
    const k = fr.toLowerCase().trim()
    const set = out.get(k) ?? new Set<string>()
    set.add(en.toLowerCase().trim())
    out.set(k, set)
  }
  for (const [fr, ens] of readFreeDict('freedict-fra-eng')) for (const en of ens) add(fr, en)
  for (const [en, frs] of readFreeDict('freedict-eng-fra')) for (const fr of frs) add(fr, en)
  for (const [en, frs] of apertium) for (const fr of frs) add(fr, en)
  return out
}

/**
 * French word → synonyms the corpus says, from mythes-fr, whose senses are lumped together
 * (« riche » lists « pompeux » and « fertile »). A synonym is kept only with evidence of the same
 * sense beyond the thesaurus: a shared English translation (the bilingual graph), or both a
 * mutual listing and a paragraph where it stands with another synonym of the same sense the
 * corpus uses (the corpus's sense).
 */
function frenchBridge(stats: CorpusStats, o: Limits, english: Map<string, Set<string>>, glossary: Map<string, string[]>) {
  const mythes = readMythes()
  const heads = [...new Set([...mythes.keys(), ...english.keys()])].sort()
  const out: Record<string, Array<[string, number]>> = {}
  for (const head of heads) {
    const headTerms = termsOf(head)
    if (headTerms.length === 0 || headTerms.length > 3) continue
    // A word the corpus already says often finds its paragraphs alone.
    if (phraseCount(stats, headTerms) > o.maxDf) continue
    const votes: Votes = new Map()
    thesaurusVotes(stats, o, english, mythes, head, votes)
    // Through the field's own glossary: « boulot » → "job" → « emploi ». Each English word that
    // leads to a rendering is one vote.
    for (const e of english.get(head) ?? []) {
      const key = e.split(/\s+/).map(englishKey).join(' ')
      for (const fr of (glossary.get(key) ?? []).slice(0, 2)) vote(votes, fr, `glossary:${key}`)
    }
    const kept = best(stats, votes, o).filter(([text]) => termsOf(text).join(' ') !== headTerms.join(' '))
    if (kept.length > 0) out[head] = kept
  }
  return out
}

/** mythes-fr's synonyms of a head, each voted for by its evidence of sharing the head's sense. */
function thesaurusVotes(
  stats: CorpusStats,
  o: Limits,
  english: Map<string, Set<string>>,
  mythes: Map<string, string[][]>,
  head: string,
  votes: Votes,
): void {
  const headKey = termsOf(head).join(' ')
  const listed = (a: string, b: string) => (mythes.get(a) ?? []).some((sense) => sense.some((s) => s.toLowerCase() === b))
  const ownEnglish = english.get(head) ?? new Set<string>()
  for (const sense of mythes.get(head) ?? []) {
    const present = sense.map((s) => ({ s, terms: inCorpus(stats, s, o.maxDf) })).filter((x) => x.terms && x.terms.join(' ') !== headKey)
    for (const { s, terms } of present) {
      const shared = [...(english.get(s.toLowerCase()) ?? [])].some((e) => ownEnglish.has(e))
      if (shared) vote(votes, s, 'bilingual')
      if (!listed(s.toLowerCase(), head)) continue
      const where = paragraphsWith(stats, terms!)
      const together = present.some((other) => other.s !== s && [...paragraphsWith(stats, other.terms!)].some((p) => where.has(p)))
      if (together) vote(votes, s, 'corpus-sense')
    }
  }
}

async function main() {
  const o = DEFAULT_BRIDGE_BUILD_OPTIONS
  const versions = ensurePackages()
  const stats = corpusStats(await loadCorpus(o.corpus))
  const limits: Limits = { maxDf: Math.floor(o.maxDfShare * stats.paragraphs), maxRenderings: o.maxRenderings }
  const apertium = apertiumEnglishFrench(readWordnetLemmas())
  const en = englishBridge(stats, limits, apertium)
  const glossary = new Map(loadLexicon().glossary.map((e) => [e.en.split(/\s+/).map(englishKey).join(' '), e.fr]))
  const fr = frenchBridge(stats, limits, frenchToEnglish(apertium), glossary)
  const bridge = { sources: versions, options: { maxDfShare: o.maxDfShare, ...limits }, en, fr }
  writeFileSync(o.out, `${JSON.stringify(bridge, null, 0).replace(/\],"/g, '],\n"')}\n`)
  console.log(`${o.out}: ${Object.keys(en).length} English keys, ${Object.keys(fr).length} French words`)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
