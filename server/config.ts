import os from 'node:os'
import { isIP } from 'node:net'
import { z } from 'zod'

/**
 * Configuration read from the environment at start. Every field has its default here, in one
 * place; README's configuration table mirrors this constant.
 */
export interface Config {
  /** TCP port. Defaults to 3000. */
  port: number
  /** Interface to bind. Defaults to 127.0.0.1 (loopback only). */
  host: string
  /** Folder holding the .txt files and manifest.json. Defaults to ./corpus. */
  corpusDir: string
  /** Folder holding the committed lexicon (glossary.json, thesaurus.json, acronyms.json), read once at start. Defaults to ./data. */
  lexiconDir: string
  /**
   * Origins allowed to open the WebSocket, call the REST API cross-origin and frame the page.
   * Empty means the server's own origin only. Defaults to [].
   */
  allowedOrigins: string[]
  /** pino level. Defaults to "info". */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Longest question accepted, in characters. Defaults to 1000. */
  maxQuestionLength: number
  /** Largest WebSocket frame or JSON body, in bytes. Defaults to 65536. */
  maxPayloadBytes: number
  /** Questions a connection may ask in a burst (token bucket size). Defaults to 20. */
  rateBurst: number
  /** Sustained questions per second per connection (token refill). Defaults to 5. */
  ratePerSecond: number
  /** Concurrent WebSocket connections per client address. Defaults to 50. */
  maxConnectionsPerIp: number
  /** Heartbeat: ping every N ms, drop a peer that missed one pong. Defaults to 30000. */
  heartbeatMs: number
  /**
   * Bytes of answers a WebSocket may leave unread before it is closed with 1013: a client that
   * asks but never reads would otherwise pile its answers up in server memory. Defaults to 1048576.
   */
  maxBufferedBytes: number
  /** Folder of the runtime data the server writes (the SQLite file sourcier.db); created on start. Defaults to var. */
  dataDir: string
  /** postgres://… to keep the question log and feedback in PostgreSQL (several replicas); empty means SQLite in DATA_DIR. Defaults to "". */
  databaseUrl: string
  /** Store the question text in the question log; false keeps only its metadata. Defaults to true. */
  logQuestions: boolean
  /** Days the question log and feedback are kept; older rows are purged hourly. Defaults to 180. */
  retentionDays: number
  /** Bearer token for /admin and /api/admin/*; empty disables them (404). Defaults to "". */
  adminToken: string
  /** Question-log records held in memory while the database is unreachable; beyond, the oldest are dropped and counted. Defaults to 10000. */
  logBufferSize: number
  /** Largest document file staff may upload (POST/PUT /api/admin/documents, npm run ingest), bytes. Defaults to 52428800 (50 MiB). */
  maxUploadBytes: number
  /**
   * How often a server checks the store for documents added elsewhere (a replica, the CLI), ms;
   * 0 turns the check off. Defaults to 2000.
   */
  documentsPollMs: number
  /**
   * Invalid frames and refused asks a WebSocket may send (a burst, forgiven over a minute) before it
   * is closed with 1008 policy_violation instead of being answered one error each. Defaults to 10.
   */
  maxViolations: number
  /** Asks waiting for the engine, all clients together; past it, `overloaded`. Defaults to 256. */
  maxQueuedAsks: number
  /** Asks one client (address) may have waiting; past it, `overloaded`. Defaults to 32. */
  maxQueuedPerClient: number
  /**
   * Longest expected wait in the queue, in ms: an ask that would wait longer is refused at once
   * with `overloaded` and retryAfterMs instead of queueing. Defaults to 200.
   */
  maxQueueWaitMs: number
  /**
   * Asks the engine host runs at the same time; 0 lets the host say (1 in process, two per worker
   * thread, so that a worker never waits for its next message). Defaults to 0.
   */
  maxConcurrentAsks: number
  /**
   * Worker threads answering questions (server/runtime/pool.ts); 0 answers on the main thread;
   * "auto" starts one per core (os.availableParallelism(), resolved by `workerCount`). Defaults to "auto".
   */
  workers: number | 'auto'
  /** Answers kept in the answer cache (identical normalised questions and options); 0 turns it off. Defaults to 1000. */
  answerCacheSize: number
  /** Words of a question (and of each context turn) that are searched; the rest is ignored. Defaults to 40. */
  maxQuestionWords: number
  /** HTTP requests one connection may have unanswered (pipelined); past it, the connection is cut. Defaults to 16. */
  maxPipelinedRequests: number
  /** Time a client has to send a whole HTTP request, in ms (Node's requestTimeout). Defaults to 30000. */
  requestTimeoutMs: number
  /** Time a client has to send the request headers, in ms (Node's headersTimeout). Defaults to 10000. */
  headersTimeoutMs: number
  /** Idle time before a keep-alive HTTP connection is closed, in ms. Defaults to 5000. */
  keepAliveTimeoutMs: number
  /** Document and paragraph reads a client may make in a burst. Defaults to 60. */
  documentRateBurst: number
  /** Sustained document and paragraph reads per second per client. Defaults to 20. */
  documentRatePerSecond: number
  /**
   * Proxies whose X-Forwarded-For is believed: a hop count (`1`: the nearest proxy) or a list of
   * addresses and CIDRs (`loopback` for 127.0.0.0/8 and ::1). Empty: the socket's address is the
   * client (X-Forwarded-For ignored). Defaults to [].
   */
  trustProxy: string[]
  /**
   * The server's public origin (`https://sourcier.example.org`): the own origin for the Origin
   * check, and its host is accepted in Host headers. Defaults to "" (see allowedHosts).
   */
  publicOrigin: string
  /**
   * Host names (with optional port) the server answers for; others get 421 host_not_allowed.
   * Empty with no PUBLIC_ORIGIN: loopback names only when HOST is a loopback address (DNS
   * rebinding), any host otherwise. Defaults to [].
   */
  allowedHosts: string[]
  /** Time given to questions in flight at shutdown before sockets are cut, in ms. Defaults to 10000. */
  shutdownGraceMs: number
  /** Bearer token required by GET /metrics; empty means no token. Defaults to "". */
  metricsToken: string
}

export const DEFAULT_CONFIG: Config = {
  port: 3000,
  host: '127.0.0.1',
  corpusDir: 'corpus',
  lexiconDir: 'data',
  allowedOrigins: [],
  logLevel: 'info',
  maxQuestionLength: 1000,
  maxPayloadBytes: 65_536,
  rateBurst: 20,
  ratePerSecond: 5,
  maxConnectionsPerIp: 50,
  heartbeatMs: 30_000,
  maxBufferedBytes: 1_048_576,
  dataDir: 'var',
  databaseUrl: '',
  logQuestions: true,
  retentionDays: 180,
  adminToken: '',
  logBufferSize: 10_000,
  maxUploadBytes: 52_428_800,
  documentsPollMs: 2000,
  maxViolations: 10,
  maxQueuedAsks: 256,
  maxQueuedPerClient: 32,
  maxQueueWaitMs: 200,
  maxConcurrentAsks: 0,
  workers: 'auto',
  answerCacheSize: 1000,
  maxQuestionWords: 40,
  maxPipelinedRequests: 16,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  documentRateBurst: 60,
  documentRatePerSecond: 20,
  trustProxy: [],
  publicOrigin: '',
  allowedHosts: [],
  shutdownGraceMs: 10_000,
  metricsToken: '',
}

/** The worker threads to start for a configuration: "auto" is one per core. */
export function workerCount(config: Pick<Config, 'workers'>): number {
  return config.workers === 'auto' ? os.availableParallelism() : config.workers
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * A token sent as `Authorization: Bearer <token>`: printable ASCII without spaces, or no request
 * could ever match it (the header check reads one word; browsers refuse non-Latin-1 headers).
 */
const bearerToken = (name: string) =>
  z
    .string()
    .trim()
    .min(16, `${name} must be at least 16 characters`)
    .regex(/^[\x21-\x7e]+$/, `${name} must be printable ASCII without spaces (it is sent in an HTTP header)`)

const int = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be a whole number between ${min} and ${max}`)

function isOrigin(s: string): boolean {
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s.replace(/\/$/, '')
  } catch {
    return false
  }
}

const origin = z.string().refine(isOrigin, 'ALLOWED_ORIGINS must be a comma-separated list of origins such as https://intranet.example.org')

const TRUST_PROXY_ERROR =
  'TRUST_PROXY must be a hop count (such as 1) or a comma-separated list of addresses, CIDRs (10.0.0.0/8) or "loopback"'

/** A hop count alone, or addresses / CIDRs / `loopback`. */
function isTrustProxy(parts: string[]): boolean {
  if (parts.length === 1 && /^\d{1,2}$/.test(parts[0]!)) return true
  return parts.every((p) => {
    if (p === 'loopback') return true
    const [address, bits, extra] = p.split('/')
    const family = isIP(address ?? '')
    if (family === 0 || extra !== undefined) return false
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))
  })
}

const HOST_NAME = /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/

const schema = z.object({
  PORT: int('PORT', 0, 65_535).optional(),
  HOST: z.string().trim().min(1, 'HOST must not be empty').optional(),
  CORPUS_DIR: z.string().trim().min(1, 'CORPUS_DIR must not be empty').optional(),
  LEXICON_DIR: z.string().trim().min(1, 'LEXICON_DIR must not be empty').optional(),
  ALLOWED_ORIGINS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean)
        .map((o) => o.replace(/\/$/, '')),
    )
    .pipe(z.array(origin))
    .optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .optional(),
  MAX_QUESTION_LENGTH: int('MAX_QUESTION_LENGTH', 10, 10_000).optional(),
  MAX_PAYLOAD_BYTES: int('MAX_PAYLOAD_BYTES', 1024, 10_485_760).optional(),
  RATE_BURST: int('RATE_BURST', 1, 10_000).optional(),
  RATE_PER_SECOND: int('RATE_PER_SECOND', 1, 10_000).optional(),
  MAX_CONNECTIONS_PER_IP: int('MAX_CONNECTIONS_PER_IP', 1, 100_000).optional(),
  HEARTBEAT_MS: int('HEARTBEAT_MS', 1000, 3_600_000).optional(),
  MAX_BUFFERED_BYTES: int('MAX_BUFFERED_BYTES', 1024, 1_073_741_824).optional(),
  DATA_DIR: z.string().trim().min(1, 'DATA_DIR must not be empty').optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  LOG_QUESTIONS: z
    .enum(['true', 'false'], { error: 'LOG_QUESTIONS must be true or false' })
    .transform((v) => v === 'true')
    .optional(),
  RETENTION_DAYS: int('RETENTION_DAYS', 1, 36_500).optional(),
  ADMIN_TOKEN: bearerToken('ADMIN_TOKEN').optional(),
  LOG_BUFFER_SIZE: int('LOG_BUFFER_SIZE', 0, 10_000_000).optional(),
  MAX_UPLOAD_BYTES: int('MAX_UPLOAD_BYTES', 1024, 1_073_741_824).optional(),
  DOCUMENTS_POLL_MS: int('DOCUMENTS_POLL_MS', 0, 3_600_000).optional(),
  MAX_VIOLATIONS: int('MAX_VIOLATIONS', 1, 1_000_000).optional(),
  MAX_QUEUED_ASKS: int('MAX_QUEUED_ASKS', 1, 1_000_000).optional(),
  MAX_QUEUED_PER_CLIENT: int('MAX_QUEUED_PER_CLIENT', 1, 1_000_000).optional(),
  MAX_QUEUE_WAIT_MS: int('MAX_QUEUE_WAIT_MS', 1, 600_000).optional(),
  MAX_CONCURRENT_ASKS: int('MAX_CONCURRENT_ASKS', 0, 1024).optional(),
  WORKERS: z
    .union([z.literal('auto'), int('WORKERS', 0, 256)], { error: 'WORKERS must be "auto" or a whole number between 0 and 256' })
    .optional(),
  ANSWER_CACHE_SIZE: int('ANSWER_CACHE_SIZE', 0, 10_000_000).optional(),
  MAX_QUESTION_WORDS: int('MAX_QUESTION_WORDS', 1, 10_000).optional(),
  MAX_PIPELINED_REQUESTS: int('MAX_PIPELINED_REQUESTS', 1, 10_000).optional(),
  REQUEST_TIMEOUT_MS: int('REQUEST_TIMEOUT_MS', 1000, 3_600_000).optional(),
  HEADERS_TIMEOUT_MS: int('HEADERS_TIMEOUT_MS', 1000, 3_600_000).optional(),
  KEEP_ALIVE_TIMEOUT_MS: int('KEEP_ALIVE_TIMEOUT_MS', 100, 3_600_000).optional(),
  DOCUMENT_RATE_BURST: int('DOCUMENT_RATE_BURST', 1, 100_000).optional(),
  DOCUMENT_RATE_PER_SECOND: int('DOCUMENT_RATE_PER_SECOND', 1, 100_000).optional(),
  TRUST_PROXY: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .refine(isTrustProxy, TRUST_PROXY_ERROR)
    .optional(),
  PUBLIC_ORIGIN: z.string().trim().refine(isOrigin, 'PUBLIC_ORIGIN must be an origin such as https://sourcier.example.org').optional(),
  ALLOWED_HOSTS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine(
      (hosts) => hosts.every((h) => HOST_NAME.test(h)),
      'ALLOWED_HOSTS must be a comma-separated list of host names, each with an optional :port',
    )
    .optional(),
  SHUTDOWN_GRACE_MS: int('SHUTDOWN_GRACE_MS', 0, 600_000).optional(),
  METRICS_TOKEN: bearerToken('METRICS_TOKEN').optional(),
})

/**
 * Reads the configuration from an environment. Throws ConfigError with one sentence naming the
 * offending variable, so that `PORT=abc npm start` says what is wrong instead of a stack trace.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset: `PORT= npm start` means the default, not an error.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = schema.safeParse(present)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const name = String(issue.path[0] ?? 'environment')
    const message = issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`
    throw new ConfigError(`Invalid configuration: ${message} (got ${JSON.stringify(env[name] ?? '')}).`)
  }
  const e = parsed.data
  return {
    port: e.PORT ?? DEFAULT_CONFIG.port,
    host: e.HOST ?? DEFAULT_CONFIG.host,
    corpusDir: e.CORPUS_DIR ?? DEFAULT_CONFIG.corpusDir,
    lexiconDir: e.LEXICON_DIR ?? DEFAULT_CONFIG.lexiconDir,
    allowedOrigins: e.ALLOWED_ORIGINS ?? DEFAULT_CONFIG.allowedOrigins,
    logLevel: e.LOG_LEVEL ?? DEFAULT_CONFIG.logLevel,
    maxQuestionLength: e.MAX_QUESTION_LENGTH ?? DEFAULT_CONFIG.maxQuestionLength,
    maxPayloadBytes: e.MAX_PAYLOAD_BYTES ?? DEFAULT_CONFIG.maxPayloadBytes,
    rateBurst: e.RATE_BURST ?? DEFAULT_CONFIG.rateBurst,
    ratePerSecond: e.RATE_PER_SECOND ?? DEFAULT_CONFIG.ratePerSecond,
    maxConnectionsPerIp: e.MAX_CONNECTIONS_PER_IP ?? DEFAULT_CONFIG.maxConnectionsPerIp,
    heartbeatMs: e.HEARTBEAT_MS ?? DEFAULT_CONFIG.heartbeatMs,
    maxBufferedBytes: e.MAX_BUFFERED_BYTES ?? DEFAULT_CONFIG.maxBufferedBytes,
    dataDir: e.DATA_DIR ?? DEFAULT_CONFIG.dataDir,
    databaseUrl: e.DATABASE_URL ?? DEFAULT_CONFIG.databaseUrl,
    logQuestions: e.LOG_QUESTIONS ?? DEFAULT_CONFIG.logQuestions,
    retentionDays: e.RETENTION_DAYS ?? DEFAULT_CONFIG.retentionDays,
    adminToken: e.ADMIN_TOKEN ?? DEFAULT_CONFIG.adminToken,
    logBufferSize: e.LOG_BUFFER_SIZE ?? DEFAULT_CONFIG.logBufferSize,
    maxUploadBytes: e.MAX_UPLOAD_BYTES ?? DEFAULT_CONFIG.maxUploadBytes,
    documentsPollMs: e.DOCUMENTS_POLL_MS ?? DEFAULT_CONFIG.documentsPollMs,
    maxViolations: e.MAX_VIOLATIONS ?? DEFAULT_CONFIG.maxViolations,
    maxQueuedAsks: e.MAX_QUEUED_ASKS ?? DEFAULT_CONFIG.maxQueuedAsks,
    maxQueuedPerClient: e.MAX_QUEUED_PER_CLIENT ?? DEFAULT_CONFIG.maxQueuedPerClient,
    maxQueueWaitMs: e.MAX_QUEUE_WAIT_MS ?? DEFAULT_CONFIG.maxQueueWaitMs,
    maxConcurrentAsks: e.MAX_CONCURRENT_ASKS ?? DEFAULT_CONFIG.maxConcurrentAsks,
    workers: e.WORKERS ?? DEFAULT_CONFIG.workers,
    answerCacheSize: e.ANSWER_CACHE_SIZE ?? DEFAULT_CONFIG.answerCacheSize,
    maxQuestionWords: e.MAX_QUESTION_WORDS ?? DEFAULT_CONFIG.maxQuestionWords,
    maxPipelinedRequests: e.MAX_PIPELINED_REQUESTS ?? DEFAULT_CONFIG.maxPipelinedRequests,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS ?? DEFAULT_CONFIG.requestTimeoutMs,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS ?? DEFAULT_CONFIG.headersTimeoutMs,
    keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS ?? DEFAULT_CONFIG.keepAliveTimeoutMs,
    documentRateBurst: e.DOCUMENT_RATE_BURST ?? DEFAULT_CONFIG.documentRateBurst,
    documentRatePerSecond: e.DOCUMENT_RATE_PER_SECOND ?? DEFAULT_CONFIG.documentRatePerSecond,
    trustProxy: e.TRUST_PROXY ?? DEFAULT_CONFIG.trustProxy,
    publicOrigin: e.PUBLIC_ORIGIN?.replace(/\/$/, '').toLowerCase() ?? DEFAULT_CONFIG.publicOrigin,
    allowedHosts: e.ALLOWED_HOSTS ?? DEFAULT_CONFIG.allowedHosts,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS ?? DEFAULT_CONFIG.shutdownGraceMs,
    metricsToken: e.METRICS_TOKEN ?? DEFAULT_CONFIG.metricsToken,
  }
}
