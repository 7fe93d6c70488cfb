/**
 * The served corpus = the shipped corpus (CORPUS_DIR) + the uploaded documents (the Store:
 * SQLite in DATA_DIR on one machine, PostgreSQL shared by replicas). Adding, replacing or removing
 * a document parses it, saves it, then reloads the engine host (index built off the request path,
 * swapped atomically, answer cache invalidated by the host). A replica, or a server whose store a
 * CLI wrote to, notices the change through the store's document version and reloads too.
 */
import { buildVocabulary, type Vocabulary } from '../corpus/join.ts'
import type { Corpus, CorpusDocument } from '../corpus/types.ts'
import { SourcierError } from '../errors.ts'
import type { DocumentRecord, DocumentStore } from '../storage/types.ts'
import { ingestDocument, type IngestInput, type IngestOptions, type IngestProgress } from './ingest.ts'
import { documentMeta, type UploadMeta } from './meta.ts'

export interface LibraryOptions {
  /** Largest upload, in bytes. Defaults to 50 MiB (MAX_UPLOAD_BYTES). */
  maxBytes: number
  /** How often the store's document version is checked for changes made elsewhere, ms; 0 never. Defaults to 2000. */
  pollMs: number
  /** Told when a change made elsewhere was picked up, or a check failed. Defaults to a no-op. */
  onSync: (event: { version: number; documents: number } | { error: Error }) => void
}

export const DEFAULT_LIBRARY_OPTIONS: LibraryOptions = { maxBytes: 50 * 1024 * 1024, pollMs: 2000, onSync: () => {} }

export type LibraryProgress = IngestProgress | { stage: 'index' } | { stage: 'indexed'; version: number }

export interface AddResult {
  id: string
  pages: number | null
  paragraphs: number
  anomalies: string[]
}

export interface DocumentLibrary {
  /** Parses, stores and serves a new document; `duplicate_id` when the id is taken. */
  add(input: IngestInput, onProgress?: (e: LibraryProgress) => void): Promise<AddResult>
  /** Replaces an uploaded document's file (`input`) or only its metadata (`meta`); `not_found` for an unknown id. */
  replace(
    id: string,
    change: { input?: Omit<IngestInput, 'meta'>; meta: Partial<UploadMeta> },
    onProgress?: (e: LibraryProgress) => void,
  ): Promise<AddResult>
  /** Removes an uploaded document; `not_found` for an unknown id (a shipped one included). */
  remove(id: string): Promise<void>
  /** The uploaded documents, oldest first. */
  list(): Promise<DocumentRecord[]>
  /** Reloads when the store changed since the last load; true when it did. */
  sync(): Promise<boolean>
  close(): void
}

export interface LibraryDeps {
  shipped: Corpus
  store: DocumentStore
  /** The engine host's reload (server/runtime/host.ts). */
  reload: (corpus: Corpus) => Promise<void>
}

/** The shipped corpus with the uploaded documents after it; an upload never shadows a shipped id. */
export function mergeCorpus(shipped: Corpus, uploaded: readonly CorpusDocument[]): Corpus {
  const ids = new Set(shipped.documents.map((d) => d.id))
  return { documents: [...shipped.documents, ...uploaded.filter((d) => !ids.has(d.id))], skipped: shipped.skipped }
}

/** Word forms of a corpus's paragraphs, to rejoin hyphenation in a new file as the corpus prints the word. */
export function corpusVocabulary(corpus: Corpus): Vocabulary {
  return buildVocabulary(corpus.documents.flatMap((d) => d.paragraphs.map((p) => p.text)))
}

type OnProgress = ((e: LibraryProgress) => void) | undefined

/** What the library's operations share: the store, the corpus served and the version it came from. */
interface State {
  deps: LibraryDeps
  o: LibraryOptions
  version: number
  current: Corpus
  vocabulary: Vocabulary | undefined
  shippedIds: Set<string>
}

/** Reloads the host when the store's document version moved since the last load. */
async function load(s: State, onProgress?: OnProgress): Promise<void> {
  const v = await s.deps.store.documentsVersion()
  if (v === s.version) return
  const records = await s.deps.store.listDocuments()
  onProgress?.({ stage: 'index' })
  const next = mergeCorpus(
    s.deps.shipped,
    records.map((r) => r.document),
  )
  await s.deps.reload(next)
  s.current = next
  s.vocabulary = undefined
  s.version = v
}

function ingest(s: State, input: IngestInput, onProgress: OnProgress) {
  s.vocabulary ??= corpusVocabulary(s.current)
  const opts: Partial<IngestOptions> = { maxBytes: s.o.maxBytes, vocabulary: s.vocabulary, ...(onProgress ? { onProgress } : {}) }
  return ingestDocument(input, opts)
}

async function save(s: State, record: DocumentRecord, replace: boolean, onProgress: OnProgress): Promise<AddResult> {
  if (!(await s.deps.store.saveDocument(record, { replace }))) throw duplicate(record.id)
  await load(s, onProgress)
  onProgress?.({ stage: 'indexed', version: s.version })
  const d = record.document
  return { id: d.id, pages: record.pages, paragraphs: d.paragraphs.length, anomalies: d.anomalies }
}

async function findUpload(s: State, id: string): Promise<DocumentRecord> {
  const record = (await s.deps.store.listDocuments()).find((r) => r.id === id)
  // The API addresses uploads only: a shipped document is changed in CORPUS_DIR, and says so.
  const shipped = s.shippedIds.has(id) ? ` (“${id}” is a shipped document: change it in CORPUS_DIR)` : ''
  if (!record) throw new SourcierError('not_found', `No uploaded document has the id “${id}”${shipped}.`)
  return record
}

async function addDocument(s: State, input: IngestInput, onProgress: OnProgress): Promise<AddResult> {
  if (s.shippedIds.has(input.meta.id))
    throw new SourcierError('duplicate_id', `“${input.meta.id}” is the id of a shipped document; choose another.`)
  // Checked before parsing too, so a large file is not parsed for nothing; save() checks again atomically.
  if ((await s.deps.store.listDocuments()).some((r) => r.id === input.meta.id)) throw duplicate(input.meta.id)
  const { document, format, pages } = await ingest(s, input, onProgress)
  const now = Date.now()
  const record = {
    id: document.id,
    document,
    fileName: input.fileName,
    format,
    pages,
    createdAt: now,
    updatedAt: now,
    original: input.bytes,
  }
  return save(s, record, false, onProgress)
}

async function replaceDocument(
  s: State,
  id: string,
  change: Parameters<DocumentLibrary['replace']>[1],
  onProgress: OnProgress,
): Promise<AddResult> {
  const old = await findUpload(s, id)
  const meta = { ...metaOf(old.document), ...change.meta, id }
  if (!change.input) {
    const document: CorpusDocument = { ...old.document, ...documentMeta(meta) }
    return save(s, { ...old, document, updatedAt: Date.now() }, true, onProgress)
  }
  const { document, format, pages } = await ingest(s, { ...change.input, meta }, onProgress)
  return save(
    s,
    { ...old, document, format, pages, fileName: change.input.fileName, original: change.input.bytes, updatedAt: Date.now() },
    true,
    onProgress,
  )
}

/** Starts a library: loads the uploaded documents and reloads the host when there are any. */
export async function createDocumentLibrary(deps: LibraryDeps, options: Partial<LibraryOptions> = {}): Promise<DocumentLibrary> {
  const o = { ...DEFAULT_LIBRARY_OPTIONS, ...options }
  const s: State = {
    deps,
    o,
    version: -1,
    current: deps.shipped,
    vocabulary: undefined,
    shippedIds: new Set(deps.shipped.documents.map((d) => d.id)),
  }
  // One change at a time: two uploads racing would otherwise reload with each other's corpus missing.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job)
    queue = run.catch(() => undefined)
    return run
  }
  // An unreachable database at start must not stop the server: the shipped corpus serves, and the
  // version check retries.
  await serial(() => load(s)).catch((error: Error) => o.onSync({ error }))
  const library: DocumentLibrary = {
    add: (input, onProgress) => serial(() => addDocument(s, input, onProgress)),
    replace: (id, change, onProgress) => serial(() => replaceDocument(s, id, change, onProgress)),
    remove: (id) =>
      serial(async () => {
        await findUpload(s, id)
        if (await deps.store.deleteDocument(id)) await load(s)
      }),
    list: () => deps.store.listDocuments(),
    sync: () =>
      serial(async () => {
        const before = s.version
        await load(s)
        if (s.version !== before) o.onSync({ version: s.version, documents: s.current.documents.length })
        return s.version !== before
      }),
    close: () => {},
  }
  const check = () => void library.sync().catch((error: Error) => o.onSync({ error }))
  const timer = o.pollMs > 0 ? setInterval(check, o.pollMs) : undefined
  timer?.unref()
  // PostgreSQL tells replicas at once; the version check above stays as the fallback.
  const unwatch = await deps.store.watchDocuments?.(check).catch((error: Error) => void o.onSync({ error }))
  library.close = () => {
    clearInterval(timer)
    void unwatch?.()
  }
  return library
}

const duplicate = (id: string) =>
  new SourcierError(
    'duplicate_id',
    `A document with the id “${id}” already exists: replace it (PUT, or npm run ingest -- --replace) or choose another id.`,
  )

/** The upload metadata a stored document was given. */
function metaOf(d: CorpusDocument): UploadMeta & { id: string } {
  return {
    id: d.id,
    title: d.title,
    shortTitle: d.shortTitle,
    publisher: d.publisher,
    year: d.year,
    language: d.language,
    ...(d.series ? { series: d.series } : {}),
    ...(d.symbol ? { symbol: d.symbol } : {}),
  }
}
