/**
 * The conversation: its turns, asking (with follow-up context and rate-limit retries), replies,
 * the log's rendering, and « Effacer » with undo.
 */
import type { AskMessage, ErrorMessage } from '../../../server/protocol/types.ts'
import type { Chrome } from './chrome.ts'
import { followUpContext } from './context.ts'
import { h, replace } from './h.ts'
import type { Strings } from './i18n.ts'
import { announcement, renderTurn, type RenderContext } from './render.ts'
import type { Store, Turn } from './store.ts'
import type { WireAnswer } from './wire.ts'

export interface ConversationOptions {
  /** Previous questions sent as context with a follow-up (context.ts says which). Defaults to 3. */
  contextTurns: number
  /** Automatic retries of a rate-limited question before the error shows. Defaults to 3. */
  rateLimitRetries: number
  /** Wait before a retry when the server names none; ten times this caps what it names. Defaults to 1000. */
  rateLimitWaitMs: number
}

export const DEFAULT_CONVERSATION_OPTIONS: ConversationOptions = { contextTurns: 3, rateLimitRetries: 3, rateLimitWaitMs: 1000 }

export interface ConversationDeps {
  store: Store
  chrome: Pick<Chrome, 'log' | 'clearBtn' | 'exportBtn' | 'undo' | 'input'>
  ctx: RenderContext
  t(): Strings
  send(message: AskMessage): void
  settle(id: string): void
  announce(text: string): void
  starters(): string[]
  /** The filter a question gets when none is given (the composer's). */
  defaultDocuments(): string[] | undefined
}

export interface Conversation {
  readonly turns: readonly Turn[]
  ask(question: string, documents?: string[]): void
  /** Takes an answer or an error for one of the turns; false when the id is not a turn's. */
  receive(message: (WireAnswer & { type: 'answer'; id: string }) | ErrorMessage): boolean
  render(): void
  /** Re-renders the turns `pred` picks, leaving the others (their open forms, focus) as they are. */
  refresh(pred: (turn: Turn) => boolean): void
  /** Sends again the questions a previous visit left unanswered. */
  resendPending(): void
  clear(): void
  undo(): void
  destroy(): void
}

interface State {
  d: ConversationDeps
  turns: Turn[]
  /** What « Effacer » removed, until « Annuler » or the next question. */
  cleared: Turn[] | null
  turnEls: Map<string, HTMLElement>
  retries: Map<string, number>
  timers: Set<ReturnType<typeof setTimeout>>
}

function renderOne(s: State, turn: Turn): HTMLElement {
  const el = renderTurn(turn, s.d.ctx)
  s.turnEls.get(turn.id)?.replaceWith(el)
  s.turnEls.set(turn.id, el)
  return el
}

function renderAll(s: State): void {
  const { log, clearBtn, exportBtn } = s.d.chrome
  s.turnEls.clear()
  clearBtn.hidden = exportBtn.hidden = !s.turns.length
  if (s.turns.length)
    replace(
      log,
      s.turns.map((turn) => renderOne(s, turn)),
    )
  else
    replace(
      log,
      emptyScreen(s.d, (q) => ask(s, q)),
    )
}

function send(s: State, turn: Turn, context: AskMessage['context'] = []): void {
  const message: AskMessage = { type: 'ask', id: turn.id, question: turn.question }
  if (turn.documents) message.documents = turn.documents
  if (context?.length) message.context = context
  s.d.send(message)
}

/**
 * A rate-limited question waits for the time the server names and goes again, a few times at
 * most, so a burst of clicks loses nothing; after that the error shows with « Réessayer ».
 */
function retryLater(s: State, turn: Turn, afterMs = DEFAULT_CONVERSATION_OPTIONS.rateLimitWaitMs): boolean {
  const n = s.retries.get(turn.id) ?? 0
  if (n >= DEFAULT_CONVERSATION_OPTIONS.rateLimitRetries) return false
  s.retries.set(turn.id, n + 1)
  const context = followUpContext(s.turns, s.turns.indexOf(turn), DEFAULT_CONVERSATION_OPTIONS.contextTurns)
  const wait = Math.min(afterMs, DEFAULT_CONVERSATION_OPTIONS.rateLimitWaitMs * 10)
  s.timers.add(setTimeout(() => s.turns.includes(turn) && send(s, turn, context), wait))
  return true
}

function dropUndo(s: State): void {
  s.cleared = null
  s.d.chrome.undo.bar.hidden = true
}

function ask(s: State, question: string, documents?: string[]): void {
  const q = question.trim()
  if (!q) return
  const { d } = s
  dropUndo(s)
  if (!s.turns.length) replace(d.chrome.log)
  d.chrome.clearBtn.hidden = d.chrome.exportBtn.hidden = false
  const context = followUpContext(s.turns, s.turns.length, DEFAULT_CONVERSATION_OPTIONS.contextTurns)
  const id = `q${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
  const docs = documents ?? d.defaultDocuments()
  const turn: Turn = { id, question: q, ...(docs?.length ? { documents: docs } : {}) }
  s.turns.push(turn)
  d.store.save(s.turns)
  const el = renderOne(s, turn)
  d.chrome.log.append(el)
  el.scrollIntoView({ block: 'end', behavior: scrollBehavior() })
  send(s, turn, context)
}

function receive(s: State, message: Parameters<Conversation['receive']>[0]): boolean {
  const turn = message.id === null ? undefined : s.turns.find((x) => x.id === message.id)
  if (!turn) return false
  if (message.type === 'error' && message.code === 'rate_limited' && retryLater(s, turn, message.retryAfterMs)) return true
  if (message.type === 'answer') {
    const { type: _type, id: _id, ...body } = message
    turn.answer = body
    delete turn.error
  } else turn.error = { code: message.code, message: message.message }
  s.d.store.save(s.turns)
  // Just the answer's top: the reader starts at the summary and the first extract, not the last one.
  renderOne(s, turn).scrollIntoView({ block: 'start', behavior: scrollBehavior() })
  s.d.announce(announcement(turn, s.d.t()))
  return true
}

function clear(s: State): void {
  for (const turn of s.turns) s.d.settle(turn.id)
  s.cleared = s.turns
  s.turns = []
  s.d.store.clear()
  renderAll(s)
  s.d.chrome.undo.bar.hidden = false
  s.d.announce(s.d.t().cleared)
  // The undo is the next thing the keyboard reaches; « Effacer » itself is gone.
  s.d.chrome.undo.button.focus()
}

function undo(s: State): void {
  if (!s.cleared) return
  s.turns = [...s.cleared, ...s.turns]
  dropUndo(s)
  s.d.store.save(s.turns)
  renderAll(s)
  for (const turn of s.turns) if (!turn.answer && !turn.error) send(s, turn)
  s.d.announce(s.d.t().restored)
  s.d.chrome.input.focus()
}

export function createConversation(d: ConversationDeps): Conversation {
  const s: State = { d, turns: d.store.load(), cleared: null, turnEls: new Map(), retries: new Map(), timers: new Set() }
  const pending = (turn: Turn) => !turn.answer && !turn.error
  return {
    get turns() {
      return s.turns
    },
    ask: (question, documents) => ask(s, question, documents),
    receive: (message) => receive(s, message),
    render: () => renderAll(s),
    refresh(pred) {
      for (const turn of s.turns) if (pred(turn)) renderOne(s, turn)
    },
    resendPending() {
      for (const turn of s.turns.filter(pending)) send(s, turn)
      if (s.turns.length) d.chrome.log.lastElementChild?.scrollIntoView({ block: 'end' })
    },
    clear: () => clear(s),
    undo: () => undo(s),
    destroy() {
      for (const timer of s.timers) clearTimeout(timer)
    },
  }
}

function emptyScreen(d: ConversationDeps, ask: (q: string) => void): HTMLElement {
  const t = d.t()
  return h(
    'div',
    { class: 'sc-empty' },
    h('p', { class: 'sc-empty-title' }, t.emptyHeading),
    h('p', { class: 'sc-empty-hint' }, t.emptyHint),
    h(
      'ul',
      { class: 'sc-starters', 'aria-label': t.startersLabel },
      d.starters().map((q) => {
        const b = h('button', { type: 'button', class: 'sc-starter' }, q)
        b.addEventListener('click', () => {
          // The starters vanish with the first question: keep the focus where the next one is typed.
          ask(q)
          d.chrome.input.focus()
        })
        return h('li', {}, b)
      }),
    ),
  )
}

export function scrollBehavior(): ScrollBehavior {
  return matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth'
}
