import { z } from 'zod'

/**
 * Configuration read from the environment at start. Every field has its default here, in one
 * place; README's configuration table mirrors this constant.
 */
export const DEFAULT_CONFIG = {
  /** TCP port. Defaults to 3000. */
  port: 3000,
  /** Interface to bind. Defaults to 127.0.0.1 (loopback only). */
  host: '127.0.0.1',
  /** Folder holding the .txt files and manifest.json. Defaults to ./corpus. */
  corpusDir: 'corpus',
  /**
   * Origins allowed to open the WebSocket, call the REST API cross-origin and frame the page.
   * Empty means the server's own origin only. Defaults to [].
   */
  allowedOrigins: [] as string[],
  /** pino level. Defaults to "info". */
  logLevel: 'info' as 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent',
  /** Longest question accepted, in characters. Defaults to 1000. */
  maxQuestionLength: 1000,
  /** Largest WebSocket frame or JSON body, in bytes. Defaults to 65536. */
  maxPayloadBytes: 65_536,
  /** Questions a connection may ask in a burst (token bucket size). Defaults to 20. */
  rateBurst: 20,
  /** Sustained questions per second per connection (token refill). Defaults to 5. */
  ratePerSecond: 5,
  /** Concurrent WebSocket connections per client address. Defaults to 50. */
  maxConnectionsPerIp: 50,
  /** Heartbeat: ping every N ms, drop a peer that missed one pong. Defaults to 30000. */
  heartbeatMs: 30_000,
  /**
   * Bytes of answers a WebSocket may leave unread before it is closed with 1013: a client that
   * asks but never reads would otherwise pile its answers up in server memory. Defaults to 1048576.
   */
  maxBufferedBytes: 1_048_576,
  /** Folder of the runtime data the server writes (the SQLite file sourcier.db); created on start. Defaults to var. */
  dataDir: 'var',
  /** postgres://… to keep the question log and feedback in PostgreSQL (several replicas); empty means SQLite in DATA_DIR. Defaults to "". */
  databaseUrl: '',
  /** Store the question text in the question log; false keeps only its metadata. Defaults to true. */
  logQuestions: true,
  /** Days the question log and feedback are kept; older rows are purged hourly. Defaults to 180. */
  retentionDays: 180,
  /** Bearer token for /admin and /api/admin/*; empty disables them (404). Defaults to "". */
  adminToken: '',
  /** Question-log records held in memory while the database is unreachable; beyond, the oldest are dropped and counted. Defaults to 10000. */
  logBufferSize: 10_000,
}

export type Config = typeof DEFAULT_CONFIG

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const int = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number between ${min} and ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be a whole number between ${min} and ${max}`)

const origin = z.string().refine((s) => {
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s.replace(/\/$/, '')
  } catch {
    return false
  }
}, 'ALLOWED_ORIGINS must be a comma-separated list of origins such as https://intranet.example.org')

const schema = z.object({
  PORT: int('PORT', 0, 65_535).optional(),
  HOST: z.string().trim().min(1, 'HOST must not be empty').optional(),
  CORPUS_DIR: z.string().trim().min(1, 'CORPUS_DIR must not be empty').optional(),
  ALLOWED_ORIGINS: z
    .string()
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean).map((o) => o.replace(/\/$/, '')))
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
  ADMIN_TOKEN: z.string().trim().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  LOG_BUFFER_SIZE: int('LOG_BUFFER_SIZE', 0, 10_000_000).optional(),
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
  }
}
