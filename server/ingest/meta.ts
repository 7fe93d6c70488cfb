/**
 * The metadata staff give with an upload (the manifest's own field names), validated, and the id
 * suggested from the title when none is given.
 */
import { z } from 'zod'
import { fold } from '../analysis/analyze.ts'
import { ID_MESSAGE, ID_PATTERN } from '../corpus/manifest.ts'
import type { DocumentMeta } from '../corpus/types.ts'
import { SourcierError } from '../errors.ts'

const text = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, `${name} is required`)
    .max(500)

export const uploadMetaSchema = z.object({
  id: z.string().trim().max(80).regex(ID_PATTERN, ID_MESSAGE).optional(),
  title: text('title'),
  shortTitle: text('shortTitle').optional(),
  publisher: text('publisher').optional(),
  year: z.coerce
    .number({ error: 'year must be a year such as 2019' })
    .int('year must be a whole number')
    .min(1900, 'year must be between 1900 and 2100')
    .max(2100, 'year must be between 1900 and 2100'),
  series: z.string().trim().max(500).optional(),
  symbol: z.string().trim().max(100).optional(),
  language: z.literal('fr', { error: 'language must be "fr": the analysers are French' }).default('fr'),
})

export type UploadMeta = z.infer<typeof uploadMetaSchema>

// Words an id leaves out: articles, prepositions and conjunctions say nothing of the document.
const ID_STOP_WORDS = new Set([
  'le',
  'la',
  'les',
  'l',
  'de',
  'du',
  'des',
  'd',
  'et',
  'en',
  'a',
  'au',
  'aux',
  'un',
  'une',
  'the',
  'of',
  'and',
  'dans',
  'sur',
  'pour',
])

/** « Le travail saisonnier dans les vignobles » (2019) → « travail-saisonnier-vignobles-2019 ». */
export function suggestId(title: string, year?: number): string {
  // fold, not NFD alone: it also expands ligatures (« Œuvre » → oeuvre, not uvre).
  const words = fold(title)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !ID_STOP_WORDS.has(w))
  let id = ''
  for (const w of words) {
    if (id && id.length + w.length + 1 > 40) break
    id = id ? `${id}-${w}` : w
  }
  id ||= 'document'
  return year && !id.endsWith(String(year)) ? `${id}-${year}` : id
}

/** Upload metadata → the fields of a document's metadata it sets (an upload and a PUT alike). */
export function documentMeta(
  m: UploadMeta,
): Pick<DocumentMeta, 'title' | 'shortTitle' | 'publisher' | 'year' | 'language' | 'series' | 'symbol'> {
  return {
    title: m.title,
    shortTitle: m.shortTitle ?? m.title,
    publisher: m.publisher ?? '',
    year: m.year,
    language: m.language,
    // Blank fields never reach here (parseUploadMeta, the PUT's partialMeta drop them), so a set field is a non-empty one.
    ...(m.series ? { series: m.series } : {}),
    ...(m.symbol ? { symbol: m.symbol } : {}),
  }
}

/** Form fields → validated metadata; `bad_message` naming the first wrong field. Blank fields count as absent. */
export function parseUploadMeta(fields: Record<string, unknown>): UploadMeta & { id: string } {
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => !(typeof v === 'string' && v.trim() === '')))
  const parsed = uploadMetaSchema.safeParse(present)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const field = issue.path.join('.')
    throw new SourcierError('bad_message', issue.message.includes(field) ? issue.message : `${field}: ${issue.message}`)
  }
  return { ...parsed.data, id: parsed.data.id ?? suggestId(parsed.data.shortTitle ?? parsed.data.title, parsed.data.year) }
}
