// Starts the real app on 127.0.0.1:0 over the shipped corpus, for integration and browser tests.
import type { AddressInfo } from 'node:net'
import { loadConfig, type Config } from '../../server/config.ts'
import { createLogger } from '../../server/logger.ts'
import { loadCorpus } from '../../server/corpus/load.ts'
import { createEngine, type Engine } from '../../server/engine.ts'
import { createApp, type App, type AppDeps } from '../../server/transport/app.ts'
import { loadLexicon } from '../../server/analysis/lexicon.ts'
import { hostOf, type EngineHost } from '../../server/runtime/host.ts'
import { buildIndex, type SearchIndex } from '../../server/search/index.ts'
import type { Corpus } from '../../server/corpus/types.ts'

export interface RunningServer {
  app: App
  engine: Engine
  config: Config
  url: string
  wsUrl: string
  port: number
  close(): Promise<void>
}

let cachedCorpus: Promise<Corpus> | undefined
let cachedIndex: Promise<SearchIndex> | undefined
let cachedEngine: Promise<Engine> | undefined

function sharedCorpus(): Promise<Corpus> {
  cachedCorpus ??= loadCorpus('corpus')
  return cachedCorpus
}

/**
 * The index over the shipped corpus, built once per test file; sharedEngine searches this same
 * index. Its caches fill as the file's tests search: a test counting a fresh index's caches
 * builds its own (buildIndex).
 */
export function sharedIndex(): Promise<SearchIndex> {
  cachedIndex ??= sharedCorpus().then((c) => buildIndex(c))
  return cachedIndex
}

/** The engine over the shipped corpus (and sharedIndex), built once per test file. */
export function sharedEngine(): Promise<Engine> {
  cachedEngine ??= Promise.all([sharedCorpus(), sharedIndex()]).then(([c, index]) => createEngine(c, { lexicon: loadLexicon(), index }))
  return cachedEngine
}

/** `deps`: more app dependencies, e.g. the `store` the question log and feedback go to. */
export async function startServer(
  overrides: Partial<Config> = {},
  engine?: Engine,
  deps: Pick<AppDeps, 'store' | 'host'> = {},
): Promise<RunningServer> {
  const config = { ...loadConfig({}), port: 0, logLevel: 'silent' as const, ...overrides }
  const eng = engine ?? (await sharedEngine())
  const app = createApp({ engine: eng, config, logger: createLogger(config.logLevel), ...deps })
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve))
  const { port } = app.server.address() as AddressInfo
  return {
    app,
    engine: eng,
    config,
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    close: () => app.close(),
  }
}

/**
 * A `server(overrides, engine?)` factory for a test file: every server it starts is closed after
 * each test, so a failing test cannot leave a port open for the next.
 */
export function serversClosedAfterEach(afterEach: (fn: () => Promise<void>) => void) {
  const servers: RunningServer[] = []
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()))
  })
  return async (overrides: Partial<Config> = {}, engine?: Engine, deps: Pick<AppDeps, 'store' | 'host'> = {}): Promise<RunningServer> => {
    const s = await startServer(overrides, engine, deps)
    servers.push(s)
    return s
  }
}

/**
 * An engine host whose answers wait until `open()`: every ask is provably queued or running, for
 * tests of admission and shutdown that must not depend on how fast the machine is.
 */
export async function gatedHost(): Promise<{ host: EngineHost; open(): void }> {
  const real = hostOf(await sharedEngine())
  let open: () => void = () => {}
  const gate = new Promise<void>((r) => (open = r))
  return { host: { ...real, ask: async (request) => (await gate, real.ask(request)) }, open: () => open() }
}
