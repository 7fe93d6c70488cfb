/**
 * Every answer gets its `answerId` and one question-log record, on both the WebSocket and REST
 * paths, by wrapping the asker they share. Recording never delays or fails the answer (the log
 * buffers; storage/question-log.ts).
 */
import type { AnswerBody } from '../protocol/types.ts'
import type { AskRequest } from '../engine.ts'
import type { QuestionLog } from '../storage/question-log.ts'
import type { QuestionRecord } from '../storage/types.ts'
import type { Asker, AskMeta, AskOutcome } from './ask.ts'

/** Paragraphs kept per logged answer: the report shows the nearest few, not the whole list. */
const LOGGED_PARAGRAPHS = 5

export function toQuestionRecord(request: AskRequest, meta: AskMeta, body: AnswerBody, at = Date.now()): QuestionRecord {
  const passages = body.extracts.length ? body.extracts : (body.nearest ?? [])
  return {
    answerId: body.answerId,
    at,
    language: body.language,
    status: body.status,
    question: request.question,
    paragraphs: passages.slice(0, LOGGED_PARAGRAPHS).map((x) => ({ id: x.paragraph.id, score: Math.round(x.score * 1000) / 1000 })),
    tookMs: Math.round(body.tookMs * 100) / 100,
    documents: request.documents?.length ? request.documents : null,
    via: meta.via,
    client: meta.client || null,
  }
}

/** The asker, plus one log record per answer under its answerId (the engine's, or the cache's fresh one on a hit). */
export function withQuestionLog(asker: Asker, log: QuestionLog): Asker {
  const logged = async (request: AskRequest, meta: AskMeta): Promise<AskOutcome> => {
    const outcome = await asker(request, meta)
    if (!outcome.ok) return outcome
    log.record(toQuestionRecord(request, meta, outcome.body))
    return { ok: true, body: outcome.body }
  }
  return Object.assign(logged, { admission: asker.admission })
}
