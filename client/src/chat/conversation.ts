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

export const CONVERSATION_DEFAULTS = {
  /** Previous questions sent as context with a follow-up (context.ts says which). */
  contextTurns: 3,
  /** Automatic retries of a rate-limited question before the error shows. */
  rateLimitRetries: 3,
  /** Wait before a retry when the server names none; ten times this caps what it names. */
  rateLimitWaitMs: 1000,
}

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
  /** Re-renders turns still waiting (the connection status shows in them). */
  refreshPending(): void
  /** Sends again the questions a previous visit left unanswered. */
  resendPending(): void
  clear(): void
  undo(): void
  destroy(): void
}

export function createConversation(d: ConversationDeps): Conversation {
  let turns: Turn[] = d.store.load()
  let cleared: Turn[] | null = null
  const turnEls = new Map<string, HTMLElement>()
  const retries = new Map<string, number>()
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const { log } = d.chrome

  const renderOne = (turn: Turn) => {
    const el = renderTurn(turn, d.ctx)
    turnEls.get(turn.id)?.replaceWith(el)
    turnEls.set(turn.id, el)
    return el
  }
  const render = () => {
    turnEls.clear()
    d.chrome.clearBtn.hidden = d.chrome.exportBtn.hidden = !turns.length
    if (!turns.length) return replace(log, emptyScreen(d, (q) => ask(q)))
    replace(log, turns.map(renderOne))
  }
  const send = (turn: Turn, context: AskMessage['context'] = []) => {
    const message: AskMessage = { type: 'ask', id: turn.id, question: turn.question }
    if (turn.documents) message.documents = turn.documents
    if (context?.length) message.context = context
    d.send(message)
  }
  /**
   * A rate-limited question waits for the time the server names and goes again, a few times at
   * most, so a burst of clicks loses nothing; after that the error shows with « Réessayer ».
   */
  const retryLater = (turn: Turn, afterMs = CONVERSATION_DEFAULTS.rateLimitWaitMs): boolean => {
    const n = retries.get(turn.id) ?? 0
    if (n >= CONVERSATION_DEFAULTS.rateLimitRetries) return false
    retries.set(turn.id, n + 1)
    const context = followUpContext(turns, turns.indexOf(turn), CONVERSATION_DEFAULTS.contextTurns)
    timers.add(setTimeout(() => turns.includes(turn) && send(turn, context), Math.min(afterMs, CONVERSATION_DEFAULTS.rateLimitWaitMs * 10)))
    return true
  }
  function ask(question: string, documents?: string[]) {
    const q = question.trim()
    if (!q) return
    dropUndo()
    if (!turns.length) replace(log)
    d.chrome.clearBtn.hidden = d.chrome.exportBtn.hidden = false
    const context = followUpContext(turns, turns.length, CONVERSATION_DEFAULTS.contextTurns)
    const id = `q${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
    const docs = documents ?? d.defaultDocuments()
    const turn: Turn = { id, question: q, ...(docs?.length ? { documents: docs } : {}) }
    turns.push(turn)
    d.store.save(turns)
    const el = renderOne(turn)
    log.append(el)
    el.scrollIntoView({ block: 'end', behavior: scrollBehavior() })
    send(turn, context)
  }
  const dropUndo = () => {
    cleared = null
    d.chrome.undo.bar.hidden = true
  }
  return {
    get turns() {
      return turns
    },
    ask,
    receive(message) {
      const turn = message.id === null ? undefined : turns.find((x) => x.id === message.id)
      if (!turn) return false
      if (message.type === 'error' && message.code === 'rate_limited' && retryLater(turn, message.retryAfterMs)) return true
      if (message.type === 'answer') {
        const { type: _type, id: _id, ...body } = message
        turn.answer = body
        delete turn.error
      } else turn.error = { code: message.code, message: message.message }
      d.store.save(turns)
      // Just the answer's top: the reader starts at the summary and the first extract, not the last one.
      renderOne(turn).scrollIntoView({ block: 'start', behavior: scrollBehavior() })
      d.announce(announcement(turn, d.t()))
      return true
    },
    render,
    refreshPending: () => turns.filter((turn) => !turn.answer && !turn.error).forEach(renderOne),
    resendPending() {
      for (const turn of turns) if (!turn.answer && !turn.error) send(turn)
      if (turns.length) log.lastElementChild?.scrollIntoView({ block: 'end' })
    },
    clear() {
      for (const turn of turns) d.settle(turn.id)
      cleared = turns
      turns = []
      d.store.clear()
      render()
      d.chrome.undo.bar.hidden = false
      d.announce(d.t().cleared)
      // The undo is the next thing the keyboard reaches; « Effacer » itself is gone.
      d.chrome.undo.button.focus()
    },
    undo() {
      if (!cleared) return
      turns = [...cleared, ...turns]
      dropUndo()
      d.store.save(turns)
      render()
      for (const turn of turns) if (!turn.answer && !turn.error) send(turn)
      d.announce(d.t().restored)
      d.chrome.input.focus()
    },
    destroy() {
      for (const timer of timers) clearTimeout(timer)
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
