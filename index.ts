// Entry point: reads the environment, builds the corpus and the index, listens. Nothing else.
import { loadConfig, ConfigError, workerCount, type Config } from './server/config.ts'
import { createLogger } from './server/logger.ts'
import { loadCorpus } from './server/corpus/load.ts'
import { prepareIndex } from './server/runtime/snapshot.ts'
import { createEngineHost, type EngineHost } from './server/runtime/host.ts'
import { loadLexicon } from './server/analysis/lexicon.ts'
import { createApp } from './server/transport/app.ts'
import { openStore } from './server/storage/open.ts'
import { createDocumentLibrary } from './server/ingest/library.ts'
import type { Corpus } from './server/corpus/types.ts'
import type { Store } from './server/storage/types.ts'

let config: Config
try {
  config = loadConfig(process.env)
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(1)
  }
  throw err
}

const logger = createLogger(config.logLevel)
const t0 = performance.now()
// A missing or malformed data file only degrades retrieval (no English mapping, no synonyms): the
// server runs without it, but says so.
const lexicon = loadLexicon({
  dir: config.lexiconDir,
  onProblem: (file, reason) => logger.warn({ file, reason }, `lexicon file ${file} not used: ${reason}`),
})
// The shipped corpus and its index from the snapshot under DATA_DIR when corpus, lexicon and code
// are unchanged; else parsed, built and saved for the next start.
const prepared = await prepareIndex({
  dataDir: config.dataDir,
  corpusDir: config.corpusDir,
  lexicon,
  loadCorpus: (dir) => loadCorpus(dir, { onSkip: (file, reason) => logger.warn({ file, reason }, 'corpus file skipped') }),
  onProblem: (message) => logger.warn(message),
})
const corpus = prepared.corpus

// The question log's database. SQLite that cannot be opened (DATA_DIR not writable) stops the start
// with one line; an unreachable PostgreSQL does not: answering needs no database, the log buffers.
let store: Store
try {
  store = await openStore(config)
} catch (err) {
  logger.fatal({ err }, `cannot open the database in ${config.dataDir}: ${(err as Error).message}`)
  process.exit(1)
}
const health = await store.health()
if (health.ok) logger.info({ backend: store.backend }, 'storage ready')
else
  logger.error(
    { backend: store.backend, error: health.error },
    'storage unavailable at start: answering anyway, the question log is buffered',
  )

// Uploaded documents (issue 14) are served after the shipped ones. The first engine is built over
// both; later changes (an upload, a replica's or the CLI's) reload the host.
const workers = workerCount(config)
const hostOptions = {
  engineOptions: { lexicon },
  workers,
  cacheSize: config.answerCacheSize,
  onProblem: (message: string) => logger.warn(message),
}
// The snapshot serves only the shipped corpus alone. With workers, the main thread reads it once
// and shares its arrays with them; it keeps that copy (no engine) to restart a crashed worker.
const shippedOnly = (c: Corpus) => c.documents.length === corpus.documents.length && c.documents.every((d, i) => d === corpus.documents[i])
const hostOver = (c: Corpus) =>
  createEngineHost({
    ...hostOptions,
    corpus: c,
    ...(shippedOnly(c) ? { indexFile: prepared.indexFile, index: workers === 0 ? prepared.index : undefined } : {}),
  })
let first: EngineHost | undefined
const library = await createDocumentLibrary(
  { shipped: corpus, store, reload: async (c: Corpus) => void (first ? await first.reload(c) : (first = await hostOver(c))) },
  {
    maxBytes: config.maxUploadBytes,
    pollMs: config.documentsPollMs,
    onSync: (e) =>
      'error' in e
        ? logger.warn({ err: e.error }, 'uploaded documents not read; will retry')
        : logger.info(e, 'documents changed elsewhere: reloaded'),
  },
)
const host = first ?? (await hostOver(corpus))
// The cold start's index was for saving and the in-process engine; with workers the main thread lets it go.
if (workers > 0) prepared.index = undefined
logger.info(
  {
    documents: host.corpus.documents.length,
    skipped: corpus.skipped.length,
    workers,
    snapshot: prepared.warm ? 'loaded' : 'built',
    ms: Math.round(performance.now() - t0),
  },
  'index ready',
)

const documents = {
  library,
  maxBytes: config.maxUploadBytes,
  onError: (err: unknown) => logger.error({ err }, 'upload failed'),
}
const app = createApp({ host, config, logger, store, documents })
if (!/^(127\.|::1$|localhost$)/.test(config.host) && !config.publicOrigin && config.allowedHosts.length === 0)
  logger.warn(
    { host: config.host },
    'HOST is not loopback and neither PUBLIC_ORIGIN nor ALLOWED_HOSTS is set: any Host header is answered (DNS rebinding); set PUBLIC_ORIGIN',
  )
app.server.on('error', (err: NodeJS.ErrnoException) => {
  logger.fatal({ code: err.code }, `cannot listen on ${config.host}:${config.port}: ${err.message}`)
  process.exit(1)
})
app.server.listen(config.port, config.host, () => {
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  logger.info({ url: `http://${config.host}:${port}/` }, `Sourcier listening on http://${config.host}:${port}/`)
})

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down')
    // Exit within the grace period (plus the WebSocket close handshake) even if a peer never
    // acknowledges the close.
    setTimeout(() => process.exit(0), config.shutdownGraceMs + 2_000).unref()
    void app
      .close()
      .then(() => library.close())
      .then(() => host.close())
      .then(() => store.close())
      .then(() => process.exit(0))
  })
}
