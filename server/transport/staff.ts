/**
 * The staff side of the app in one place, so that app.ts only wires it: the Store (given, or an
 * in-memory SQLite for tests), the buffered question log, the feedback and /api/admin routers, the
 * /admin page, the WebSocket feedback handler, metrics, and closing in the right order.
 */
import type express from 'express'
import type { Config } from '../config.ts'
import type { Corpus } from '../corpus/types.ts'
import type { Logger } from '../logger.ts'
import type { ParseOptions } from '../protocol/parse.ts'
import type { AckMessage, ErrorMessage, FeedbackMessage } from '../protocol/types.ts'
import { createQuestionLog, type QuestionLog } from '../storage/question-log.ts'
import { openSqliteStore } from '../storage/sqlite.ts'
import type { Store } from '../storage/types.ts'
import type { Registry } from 'prom-client'
import { adminApi, adminPageRoute } from './admin.ts'
import { feedbackReply, feedbackRouter } from './feedback.ts'
import type { KeyedBuckets } from './rate.ts'
import { registerQuestionLogMetrics } from './storage-metrics.ts'

export interface Staff {
  questionLog: QuestionLog
  /** Mounted under /api: POST /feedback and /admin/*. */
  apiRouters: express.Router[]
  /** GET /admin. */
  pageRouter: express.Router
  feedback(message: FeedbackMessage): Promise<AckMessage | ErrorMessage>
  /** Writes what the log still buffers; closes the store only if it was made here. */
  close(): Promise<void>
}

export function createStaff(deps: {
  store?: Store | undefined
  config: Config
  logger: Logger
  parseOptions: ParseOptions
  corpus: () => Corpus
  registry: Registry
  clientOf: (req: express.Request) => string
  /** The REST questions' per-client buckets: POST /api/feedback takes from them too. */
  askBuckets: KeyedBuckets
}): Staff {
  const { config, logger } = deps
  const store = deps.store ?? openSqliteStore(':memory:')
  const questionLog = createQuestionLog(store, {
    logQuestions: config.logQuestions,
    retentionDays: config.retentionDays,
    bufferSize: config.logBufferSize,
    onError: (what, err) =>
      logger.error({ err, what, backend: store.backend }, 'storage unavailable: questions are still answered, the log is buffered'),
    onRecovered: () => logger.info({ backend: store.backend }, 'storage reachable again'),
  })
  registerQuestionLogMetrics(deps.registry, questionLog)
  return {
    questionLog,
    apiRouters: [
      feedbackRouter(questionLog, deps.parseOptions, { clientOf: deps.clientOf, buckets: deps.askBuckets }),
      adminApi({ token: config.adminToken, store, log: questionLog, corpus: deps.corpus }),
    ],
    pageRouter: adminPageRoute(config.adminToken),
    feedback: (message) => feedbackReply(questionLog, message),
    async close() {
      await questionLog.close()
      if (!deps.store) await store.close()
    },
  }
}
