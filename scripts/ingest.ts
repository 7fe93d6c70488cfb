/**
 * npm run ingest -- path/to/file.pdf --title "…" --year 2019 [--short-title … --publisher … --series … --id …] [--replace]
 * npm run ingest -- --delete ID        npm run ingest -- --list
 * Adds a document to the store the server reads (DATABASE_URL, else SQLite in DATA_DIR), with no
 * server running; a running server picks the change up on its next document version check. The
 * same parsing, checks and error codes as POST /api/admin/documents.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../server/config.ts'
import { loadCorpus } from '../server/corpus/load.ts'
import { SourcierError } from '../server/errors.ts'
import { createDocumentLibrary, type DocumentLibrary, type LibraryProgress } from '../server/ingest/library.ts'
import { parseUploadMeta } from '../server/ingest/meta.ts'
import { openStore } from '../server/storage/open.ts'

const USAGE = `usage: npm run ingest -- FILE --title "…" --year 2019 [--short-title "…"] [--publisher "…"] [--series "…"] [--id ID] [--replace]
       npm run ingest -- --delete ID
       npm run ingest -- --list`

const options = {
  title: { type: 'string' },
  'short-title': { type: 'string' },
  publisher: { type: 'string' },
  year: { type: 'string' },
  series: { type: 'string' },
  symbol: { type: 'string' },
  language: { type: 'string' },
  id: { type: 'string' },
  replace: { type: 'boolean' },
  delete: { type: 'string' },
  list: { type: 'boolean' },
  help: { type: 'boolean' },
} as const

/** One line that redraws itself on a terminal, and plain lines in a log. */
function progressPrinter(out: NodeJS.WriteStream = process.stderr): (e: LibraryProgress) => void {
  const width = 30
  return (e) => {
    let line: string
    if (e.stage === 'read') {
      const done = Math.round((e.page / e.pages) * width)
      line = `reading  [${'#'.repeat(done)}${' '.repeat(width - done)}] page ${e.page}/${e.pages}`
      if (out.isTTY) return void out.write(`\r${line}${e.page === e.pages ? '\n' : ''}`)
      if (e.page !== e.pages && e.page % 10 !== 0) return
    } else if (e.stage === 'parse') line = 'parsing  paragraphs, notes, pages'
    else if (e.stage === 'done') line = `parsed   ${e.paragraphs} paragraphs`
    else if (e.stage === 'index') line = 'indexing (a running server reloads on its next check)'
    else line = `stored   (document version ${e.version})`
    out.write(`${line}\n`)
  }
}

async function add(library: DocumentLibrary, file: string, values: Record<string, string | boolean | undefined>): Promise<void> {
  const fields = {
    title: values.title,
    shortTitle: values['short-title'],
    publisher: values.publisher,
    year: values.year,
    series: values.series,
    symbol: values.symbol,
    language: values.language,
    id: values.id,
  }
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new SourcierError('not_found', `${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`)
  })
  const input = { bytes, fileName: path.basename(file) }
  const onProgress = progressPrinter()
  const meta = parseUploadMeta(fields)
  const result = values.replace
    ? await library.replace(meta.id, { meta, input }, onProgress).catch(async (err) => {
        if (err instanceof SourcierError && err.code === 'not_found') return library.add({ ...input, meta }, onProgress)
        throw err
      })
    : await library.add({ ...input, meta }, onProgress)
  console.log(JSON.stringify(result, null, 2))
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options, allowPositionals: true })
  if (values.help || (!values.list && !values.delete && positionals.length !== 1)) {
    console.error(USAGE)
    return values.help ? 0 : 2
  }
  const config = loadConfig(process.env)
  const shipped = await loadCorpus(config.corpusDir)
  const store = await openStore(config)
  // No engine here: the server that serves this store reloads when it sees the new version.
  const library = await createDocumentLibrary({ shipped, store, reload: async () => {} }, { pollMs: 0, maxBytes: config.maxUploadBytes })
  try {
    if (values.list) {
      for (const r of await library.list())
        console.log(
          `${r.id}\t${r.format}\t${r.pages ?? '-'} p.\t${r.document.paragraphs.length} §\t${r.document.shortTitle} (${r.document.year})`,
        )
    } else if (values.delete) {
      await library.remove(values.delete)
      console.log(`removed ${values.delete}`)
    } else await add(library, positionals[0]!, values)
    return 0
  } finally {
    library.close()
    await store.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof SourcierError) {
        // The message names the failing page or stage (« Page 3 of the PDF cannot be read … »).
        console.error(`\nerror ${err.code}: ${err.message}`)
      } else console.error(err)
      process.exit(1)
    },
  )
}
