import type { Language } from '../protocol/types.ts'
import { fold } from './analyze.ts'

/** English function words and question words; none is a French word. */
export const ENGLISH_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `the of and what which how why who whom whose when where is are was were be been being does do did
  to for with about by from that this these those their there its it or not can could should
  would will shall may might must has have had into than then they them we our you your i my any
  some such other per according say says said tell give between within among whether if also
  very most more many much each both all only one same less least every whole several various in at`
    .split(/\s+/)
    .filter(Boolean),
)

/** French function words frequent in questions; none is an English word. */
export const FRENCH_FUNCTION_WORDS: ReadonlySet<string> = new Set(
  `le la les des du de est sont quel quelle quels quelles comment pourquoi pour sur dans par et un
  une que qui au aux ce cette ces il elle ils elles selon avec leur leurs entre quoi sont ont fait
  peut doivent doit lors dont ou pays`
    .split(/\s+/)
    .filter(Boolean),
)

export interface LanguageOptions {
  /** Weight of a content word known to only one of the two vocabularies. Defaults to 0.5. */
  vocabularyWeight: number
}

export const DEFAULT_LANGUAGE_OPTIONS: LanguageOptions = { vocabularyWeight: 0.5 }

export interface Vocabularies {
  /** Is this folded word an English word of the field (glossary side)? */
  isEnglish(word: string): boolean
  /** Does this folded word occur in the French corpus? */
  isFrench(word: string): boolean
}

/**
 * French or English, from function words plus content words known to only one side: questions
 * are short ("remittance costs?"), so function words alone often say nothing. Ties go to French,
 * the corpus's language.
 */
export function detectLanguage(text: string, vocabularies: Vocabularies, options: Partial<LanguageOptions> = {}): Language {
  const { vocabularyWeight } = { ...DEFAULT_LANGUAGE_OPTIONS, ...options }
  let en = 0
  let fr = 0
  // Elisions are French evidence (« l’OIM », « qu’est-ce »), possessive 's English.
  fr += (text.match(/\b(?:[ldjmnstc]|qu)['’]\p{L}/giu) ?? []).length
  en += (text.match(/\p{L}['’]s\b/gu) ?? []).length
  for (const m of text.toLowerCase().matchAll(/\p{L}+/gu)) {
    const w = fold(m[0])
    if (ENGLISH_FUNCTION_WORDS.has(w)) en++
    else if (FRENCH_FUNCTION_WORDS.has(w)) fr++
    else {
      const e = vocabularies.isEnglish(w)
      const f = vocabularies.isFrench(w)
      if (e && !f) en += vocabularyWeight
      if (f && !e) fr += vocabularyWeight
    }
  }
  return en > fr ? 'en' : 'fr'
}
