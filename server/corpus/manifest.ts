/**
 * corpus/manifest.json: what a citation needs about each document. Validation is per entry, so
 * that one bad entry skips one document, never the corpus.
 */
import { z } from 'zod'
import type { DocumentMeta, SkippedFile } from './types.ts'

/** A document id: lower-case words of letters and digits joined by hyphens (permalinks use it). Uploads check the same rule. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
/** The refusal naming ID_PATTERN's rule. */
export const ID_MESSAGE = 'id must be lower-case letters, digits and hyphens'

const entrySchema = z.object({
  id: z.string().regex(ID_PATTERN, ID_MESSAGE),
  title: z.string().trim().min(1),
  shortTitle: z.string().trim().min(1),
  publisher: z.string().trim().min(1),
  year: z.number().int().min(1900).max(2100),
  file: z.string().regex(/^[^/\\]+\.txt$/, 'file must be a .txt file name inside the corpus folder'),
  source: z.string().optional(),
  symbol: z.string().optional(),
  series: z.string().optional(),
  language: z.literal('fr'),
  numbered: z.boolean(),
})

/**
 * Parses manifest.json text. Entries that fail validation, or repeat an id or a file, are reported
 * in `skipped` under their file name (or their position when they have none).
 */
export function parseManifest(json: string): { entries: DocumentMeta[]; skipped: SkippedFile[] } {
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch (err) {
    return { entries: [], skipped: [{ file: 'manifest.json', reason: `manifest.json is not valid JSON: ${(err as Error).message}` }] }
  }
  if (!Array.isArray(data))
    return { entries: [], skipped: [{ file: 'manifest.json', reason: 'manifest.json must be an array of documents' }] }
  const entries: DocumentMeta[] = []
  const skipped: SkippedFile[] = []
  const ids = new Set<string>()
  const files = new Set<string>()
  data.forEach((raw, i) => {
    const name = typeof raw?.file === 'string' ? raw.file : `manifest.json entry ${i + 1}`
    const parsed = entrySchema.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      skipped.push({ file: name, reason: `invalid manifest entry: ${issue.path.join('.') || 'entry'}: ${issue.message}` })
    } else if (ids.has(parsed.data.id)) skipped.push({ file: name, reason: `duplicate document id "${parsed.data.id}"` })
    else if (files.has(parsed.data.file)) skipped.push({ file: name, reason: 'file listed twice in manifest.json' })
    else {
      ids.add(parsed.data.id)
      files.add(parsed.data.file)
      entries.push(parsed.data)
    }
  })
  return { entries, skipped }
}
