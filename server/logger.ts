import pino, { type Logger, type LevelWithSilent } from 'pino'

export type { Logger }

/** Structured JSON logs on stdout. Tests pass level "silent". */
export function createLogger(level: LevelWithSilent = 'info'): Logger {
  return pino({ level, base: { app: 'sourcier' } })
}
