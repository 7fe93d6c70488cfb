/**
 * The one place where the transport calls the engine, for both WebSocket and REST: the question is
 * cut to its budget, admitted through the bounded queue (admission.ts) and asked of the engine
 * host; a rejection (a bug) becomes `internal`, its stack logged and never sent. Every question the engine saw gets one info log line without the client's address.
 */
import type { AskRequest } from '../engine.ts'
import { ERRORS, type ErrorCode } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { DEFAULT_QUERY_OPTIONS } from '../analysis/query.ts'
import { createAdmission, type Admission, type AdmissionOptions, type Run } from './admission.ts'
import type { AskOutcome, EngineHost } from '../runtime/host.ts'

export type { AskOutcome } from '../runtime/host.ts'

export interface AskMeta {
  /** The client's message id (WebSocket) or a server-made one (REST). */
  id: string | null
  via: 'ws' | 'rest'
  /** Salted hash of the client's address (security.ts), never the address itself. */
  client: string
}

export type Asker = ((request: AskRequest, meta: AskMeta) => Promise<AskOutcome>) & { readonly admission: Admission }

export interface BudgetOptions {
  /** Words of the question and of each context turn that are searched. Defaults to 40 (Config.maxQuestionWords). */
  maxWords: number
  /**
   * Context turns passed on: the query parser follows a chain of follow-ups at most this far back,
   * so older turns would be parsed for nothing. Defaults to DEFAULT_QUERY_OPTIONS.maxContextDepth (3).
   */
  maxContextTurns: number
}

export const DEFAULT_BUDGET_OPTIONS: BudgetOptions = {
  maxWords: 40,
  maxContextTurns: DEFAULT_QUERY_OPTIONS.maxContextDepth,
}

/** The text up to the end of its `maxWords`-th word. */
export function firstWords(text: string, maxWords: number): string {
  const words = /\S+/g
  let end = text.length
  for (let n = 0; n < maxWords; n++) {
    if (!words.exec(text)) return text
    end = words.lastIndex
  }
  return words.exec(text) ? text.slice(0, end) : text
}

/** The request cut to what the engine uses: the last turns of context, the first words of each question. */
export function withinBudget(request: AskRequest, budget: BudgetOptions = DEFAULT_BUDGET_OPTIONS): AskRequest {
  const out: AskRequest = { ...request, question: firstWords(request.question, budget.maxWords) }
  if (request.context)
    out.context = request.context.slice(-budget.maxContextTurns).map((t) => ({ question: firstWords(t.question, budget.maxWords) }))
  return out
}

/**
 * Asks the engine host, turning a rejection (a bug: coded refusals are outcomes already) into
 * `internal`, its stack logged server-side only.
 */
export function hostRun(host: Pick<EngineHost, 'ask'>, logger: Logger): Run {
  return async (request, meta) => {
    try {
      return await host.ask(request)
    } catch (err) {
      logger.error({ err, id: meta.id, via: meta.via }, 'engine failed')
      return { ok: false, code: 'internal', message: ERRORS.internal.message }
    }
  }
}

export interface AskerOptions {
  admission: Partial<AdmissionOptions>
  budget: BudgetOptions
  /** Called once per ask with its outcome and the time from arrival to outcome, in seconds. */
  observe: (outcome: AskOutcome, seconds: number) => void
}

/** Asks through the engine host behind the budget and the admission queue; never rejects. */
export function createAsker(host: Pick<EngineHost, 'ask'>, logger: Logger, options: Partial<AskerOptions> = {}): Asker {
  const budget = options.budget ?? DEFAULT_BUDGET_OPTIONS
  const admission = createAdmission(hostRun(host, logger), options.admission)
  const ask = async (request: AskRequest, meta: AskMeta): Promise<AskOutcome> => {
    const t0 = performance.now()
    const outcome = await admission.ask(withinBudget(request, budget), meta)
    options.observe?.(outcome, (performance.now() - t0) / 1000)
    if (!outcome.ok && outcome.code === 'overloaded') logRefusal(logger, meta, 'overloaded')
    else logQuestion(logger, meta, request.question.length, outcome)
    return outcome
  }
  return Object.assign(ask, { admission })
}

/** The info line for every question the engine saw: answered, no_match, or its error code. */
function logQuestion(logger: Logger, meta: AskMeta, questionLength: number, outcome: AskOutcome): void {
  if (outcome.ok) {
    const b = outcome.body
    logger.info(
      {
        event: 'question',
        ...meta,
        questionLength,
        language: b.language,
        status: b.status,
        tookMs: Math.round(b.tookMs * 100) / 100,
        extracts: b.extracts.length,
      },
      'question answered',
    )
  } else logger.info({ event: 'question', ...meta, questionLength, status: outcome.code }, 'question refused')
}

/**
 * Refusals before the engine (unreadable frame, wrong shape, blank question, rate limit, overload)
 * go to debug: only the client can produce them in bulk, and a flooding client must not flood the log.
 */
export function logRefusal(logger: Logger, meta: AskMeta, code: ErrorCode): void {
  logger.debug({ event: 'question', ...meta, status: code }, 'question refused')
}
