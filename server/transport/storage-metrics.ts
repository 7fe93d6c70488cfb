/**
 * The question log's figures on /metrics (registered in the app's prom-client registry, metrics.ts):
 * records dropped because the buffer was full while the database was down — the one place where
 * a record can be lost —, records written, records waiting, and whether the database answers.
 */
import { Counter, Gauge, type Registry } from 'prom-client'
import type { QuestionLog } from '../storage/question-log.ts'

export function registerQuestionLogMetrics(registry: Registry, log: QuestionLog): void {
  // Counters mirroring the log's own totals, read at scrape time.
  const mirror = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset()
        this.inc(read())
      },
    })
  mirror(
    'sourcier_question_log_dropped_total',
    'Question-log records dropped because the buffer was full while the database was unreachable',
    () => log.state().dropped,
  )
  mirror('sourcier_question_log_written_total', 'Question-log records written to the database', () => log.state().written)
  new Gauge({
    name: 'sourcier_question_log_pending',
    help: 'Question-log records waiting to be written',
    registers: [registry],
    collect() {
      this.set(log.state().pending)
    },
  })
  new Gauge({
    name: 'sourcier_storage_up',
    help: '1 when the last database operation succeeded, else 0',
    registers: [registry],
    collect() {
      this.set(log.state().status === 'ok' ? 1 : 0)
    },
  })
}
