/**
 * The corpus folder → Corpus. Every file is checked on its own: an empty, binary or non-UTF-8
 * file, a file without a manifest entry or an entry without a file is skipped with a reason, and
 * the other documents still serve.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { buildVocabulary } from './join.ts'
import { parseManifest } from './manifest.ts'
import { normalizeText } from './normalize.ts'
import { parseDocument, type DocumentParseOptions } from './parse.ts'
import type { Corpus, CorpusDocument, DocumentMeta, SkippedFile } from './types.ts'

export interface LoadCorpusOptions {
  /** Logs skipped files. Defaults to a no-op. */
  onSkip: (file: string, reason: string) => void
  /** Parser options. Defaults to DEFAULT_DOCUMENT_PARSE_OPTIONS. */
  parse: Partial<DocumentParseOptions>
}

export const DEFAULT_LOAD_CORPUS_OPTIONS: LoadCorpusOptions = {
  onSkip: () => {},
  parse: {},
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Why a file's bytes cannot be a corpus text, or null when they can. */
export function checkText(bytes: Uint8Array): { text: string } | { reason: string } {
  if (bytes.length === 0) return { reason: 'empty file' }
  if (bytes.includes(0)) return { reason: 'binary file (contains NUL bytes)' }
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return { reason: 'not valid UTF-8' }
  }
  if (!text.trim()) return { reason: 'empty file (whitespace only)' }
  return { text: text.replace(/^\uFEFF/, '') }
}

export async function loadCorpus(dir: string, options: Partial<LoadCorpusOptions> = {}): Promise<Corpus> {
  const o = { ...DEFAULT_LOAD_CORPUS_OPTIONS, ...options }
  const skipped: SkippedFile[] = []
  const skip = (file: string, reason: string) => {
    skipped.push({ file, reason })
    o.onSkip(file, reason)
  }
  let files: string[]
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort()
  } catch (err) {
    // A missing folder is reported like a bad file: the server still starts and /healthz says why.
    skip(dir, `corpus folder cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
    return { documents: [], skipped }
  }
  let manifestJson = '[]'
  try {
    manifestJson = await readFile(path.join(dir, 'manifest.json'), 'utf8')
  } catch {
    skip('manifest.json', 'manifest.json is missing: no document can be described')
  }
  const manifest = parseManifest(manifestJson)
  for (const s of manifest.skipped) skip(s.file, s.reason)
  const byFile = new Map(manifest.entries.map((e) => [e.file, e]))
  const invalidFiles = new Set(manifest.skipped.map((s) => s.file))
  for (const e of manifest.entries) if (!files.includes(e.file)) skip(e.file, 'listed in manifest.json but the file is missing')

  const texts: Array<{ meta: DocumentMeta; text: string }> = []
  for (const file of files) {
    const meta = byFile.get(file)
    if (!meta) {
      if (!invalidFiles.has(file)) skip(file, 'no entry in manifest.json')
      continue
    }
    let bytes: Uint8Array
    try {
      bytes = await readFile(path.join(dir, file))
    } catch (err) {
      // A folder named *.txt or a file without read permission must skip one document, not stop the server.
      skip(file, `file cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
      continue
    }
    const checked = checkText(bytes)
    if ('reason' in checked) skip(file, checked.reason)
    else texts.push({ meta, text: checked.text })
  }

  // Hyphenation is decided from the vocabulary of the whole corpus, so that a word broken in one
  // document is recognised from its unbroken form in another.
  const vocab = buildVocabulary(texts.map((t) => normalizeText(t.text, o.parse.normalize)))
  const documents: CorpusDocument[] = texts
    .sort((a, b) => manifest.entries.indexOf(a.meta) - manifest.entries.indexOf(b.meta))
    .map(({ meta, text }) => {
      const { paragraphs, anomalies } = parseDocument(text, meta, vocab, o.parse)
      return { ...meta, paragraphs, anomalies }
    })
  return { documents, skipped }
}
