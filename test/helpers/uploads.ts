// A real server with the staff document API (issue 14): the shipped corpus, an engine host that
// can reload, a document library over a real Store (SQLite in a temp folder unless one is given),
// listening on 127.0.0.1:0. Uploads go through real multipart HTTP requests.
import type { AddressInfo } from 'node:net'
import { loadConfig, type Config } from '../../server/config.ts'
import { createLogger } from '../../server/logger.ts'
import { loadCorpus } from '../../server/corpus/load.ts'
import type { Corpus } from '../../server/corpus/types.ts'
import { loadLexicon } from '../../server/analysis/lexicon.ts'
import { createEngineHost, type EngineHost } from '../../server/runtime/host.ts'
import { createDocumentLibrary, type DocumentLibrary } from '../../server/ingest/library.ts'
import { openSqliteStore } from '../../server/storage/sqlite.ts'
import type { Store } from '../../server/storage/types.ts'
import { createApp, type App } from '../../server/transport/app.ts'
import { freshDataDir } from './databases.ts'

export const TOKEN = 'test-admin-token'

let shipped: Promise<Corpus> | undefined
const shippedCorpus = () => (shipped ??= loadCorpus('corpus'))

export interface UploadServer {
  app: App
  url: string
  host: EngineHost
  library: DocumentLibrary
  store: Store
  config: Config
  close(): Promise<void>
}

export async function startUploadServer(overrides: Partial<Config> = {}, store?: Store): Promise<UploadServer> {
  // adminToken: /api/admin/* exists only with a staff token (requireAdmin in front of every admin route).
  const config = { ...loadConfig({}), port: 0, logLevel: 'silent' as const, documentsPollMs: 0, adminToken: TOKEN, ...overrides }
  const logger = createLogger(config.logLevel)
  const data = store ? undefined : freshDataDir()
  const st = store ?? openSqliteStore(data!.dir)
  const corpus = await shippedCorpus()
  const lexicon = loadLexicon()
  // With the answer cache in front, as the server runs: a reload must not serve answers cached before it.
  const host = await createEngineHost({ corpus, engineOptions: { lexicon }, cacheSize: config.answerCacheSize })
  const library = await createDocumentLibrary(
    { shipped: corpus, store: st, reload: (c) => host.reload(c) },
    { maxBytes: config.maxUploadBytes, pollMs: config.documentsPollMs },
  )
  const app = createApp({ host, config, logger, documents: { library, maxBytes: config.maxUploadBytes } })
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve))
  const { port } = app.server.address() as AddressInfo
  return {
    app,
    host,
    library,
    store: st,
    config,
    url: `http://127.0.0.1:${port}`,
    async close() {
      library.close()
      await app.close()
      await host.close()
      if (!store) {
        await st.close()
        data!.remove()
      }
    },
  }
}

export interface UploadRequest {
  file?: { bytes: Uint8Array; name: string; type?: string }
  fields?: Record<string, string | number>
  method?: 'POST' | 'PUT'
  id?: string
  token?: string | null
  uploadId?: string
}

/** Sends a multipart upload; resolves with the status and the JSON body. */
export async function upload(url: string, r: UploadRequest): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new FormData()
  for (const [k, v] of Object.entries(r.fields ?? {})) form.append(k, String(v))
  if (r.file) form.append('file', new Blob([new Uint8Array(r.file.bytes)], r.file.type ? { type: r.file.type } : {}), r.file.name)
  const headers: Record<string, string> = {}
  if (r.token !== null) headers.authorization = `Bearer ${r.token ?? TOKEN}`
  if (r.uploadId) headers['x-upload-id'] = r.uploadId
  const res = await fetch(`${url}/api/admin/documents${r.id ? `/${r.id}` : ''}`, { method: r.method ?? 'POST', body: form, headers })
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}
