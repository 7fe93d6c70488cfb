/**
 * The chat core: mounts a complete Sourcier chat into any element, including one inside a
 * ShadowRoot. It keeps no global state and never looks outside `root`, so the page (main.ts)
 * and the intranet widget can each mount their own.
 */
import type { AnswerMessage, AskMessage, ErrorMessage, Extract, HelloMessage, ServerMessage } from '../../../server/protocol/types.ts'
import { writeClipboard } from './clipboard.ts'
import { connect, type ConnectionStatus } from './connection.ts'
import { copyFormat } from './copy.ts'
import { followUpContext } from './context.ts'
import { h, replace } from './h.ts'
import { pickLanguage, STRINGS, type Language, type Strings } from './i18n.ts'
import { createReader } from './reader.ts'
import { announcement, renderTurn, type RenderContext } from './render.ts'
import { createStore, type Turn } from './store.ts'

export type { ConnectionStatus }

export interface ChatOptions {
  /** Base http(s) URL of the Sourcier server. Defaults to the page's origin. */
  server?: string
  /** Interface language. Defaults to the user's saved choice, else the browser's language, else French. */
  language?: Language
  /** Search only these document ids. Defaults to every document. */
  documents?: string[]
  /** Questions offered on the empty screen. Defaults to the built-in ones of the language. */
  starters?: string[]
  /** Heading of the chat. Defaults to "Sourcier". */
  title?: string
  /** sessionStorage key of the conversation (the language uses `<key>.lang` in localStorage). Defaults to "sourcier.chat". */
  storageKey?: string
  /** Page that permalinks open (`<base>#p=<paragraph id>`). Defaults to this page, or the server's chat page for another origin. */
  permalinkBase?: string
  /** Denser layout for small panels. Defaults to false. */
  compact?: boolean
}

export const CHAT_DEFAULTS = {
  title: 'Sourcier',
  storageKey: 'sourcier.chat',
  compact: false,
  /** Previous questions sent as context with a follow-up (context.ts says which). */
  contextTurns: 3,
  /** Automatic retries of a rate-limited question before the error shows. */
  rateLimitRetries: 3,
  /** Wait before a retry when the server names none; ten times this caps what it names. */
  rateLimitWaitMs: 1000,
}

export interface ChatEvents {
  answer: AnswerMessage
  error: ErrorMessage
  status: ConnectionStatus
}

export interface ChatHandle {
  ask(question: string): void
  on<E extends keyof ChatEvents>(event: E, fn: (payload: ChatEvents[E]) => void): () => void
  focus(): void
  /** Opens the reader panel on a paragraph (what a permalink does). */
  showParagraph(paragraphId: string): void
  destroy(): void
}

export function mountChat(root: HTMLElement, options: ChatOptions = {}): ChatHandle {
  const server = options.server ?? location.origin
  const storageKey = options.storageKey ?? CHAT_DEFAULTS.storageKey
  const langKey = `${storageKey}.lang`
  const compact = options.compact ?? CHAT_DEFAULTS.compact
  const permalinkBase =
    options.permalinkBase ?? (new URL(server).origin === location.origin ? location.href.replace(/[?#].*$/, '') : new URL('/', server).href)
  const store = createStore({ key: storageKey })
  const listeners: { [E in keyof ChatEvents]: Set<(p: ChatEvents[E]) => void> } = { answer: new Set(), error: new Set(), status: new Set() }
  const emit = <E extends keyof ChatEvents>(event: E, payload: ChatEvents[E]) => {
    for (const fn of listeners[event]) fn(payload)
  }

  let lang: Language = pickLanguage(savedLanguage(langKey), options.language ? [options.language] : navigator.languages ?? [navigator.language])
  let t: Strings = STRINGS[lang]
  let turns: Turn[] = store.load()
  let hello: HelloMessage | null = null
  const turnEls = new Map<string, HTMLElement>()

  // ——— chrome ———
  const heading = h(compact ? 'h2' : 'h1', { class: 'sc-title' })
  const tagline = h('p', { class: 'sc-tagline' })
  const statusLabel = h('span', { class: 'sc-sr' })
  const statusText = h('span', { class: 'sc-status-text' })
  const statusEl = h('span', { class: 'sc-status', 'data-status': 'connecting' }, h('span', { class: 'sc-status-dot', 'aria-hidden': 'true' }), statusLabel, statusText)
  const langBtn = h('button', { type: 'button', class: 'sc-btn sc-btn--ghost sc-lang' })
  const clearBtn = h('button', { type: 'button', class: 'sc-btn sc-btn--ghost sc-clear' })
  const banner = h('p', { class: 'sc-banner', hidden: true })
  const log = h('div', { class: 'sc-log' })
  const live = h('div', { class: 'sc-sr', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' })
  const filterLabel = h('label', { class: 'sc-filter-label' })
  const filter = h('select', { class: 'sc-filter' })
  const input = h('textarea', { class: 'sc-input', rows: 1 })
  const sendBtn = h('button', { type: 'submit', class: 'sc-btn sc-btn--primary sc-send' })
  const form = h(
    'form',
    { class: 'sc-composer' },
    h('div', { class: 'sc-filter-row' }, filterLabel, filter),
    h('div', { class: 'sc-input-row' }, input, sendBtn),
  )
  const inputId = uniqueId('sc-input')
  const filterId = uniqueId('sc-filter')
  input.id = inputId
  filter.id = filterId
  filterLabel.htmlFor = filterId

  const reader = createReader({
    server,
    permalinkBase,
    strings: () => t,
    onClose: (returnTo) => {
      ;(returnTo?.isConnected ? returnTo : input).focus()
    },
  })
  // A page has one <main>; inside a host page (the widget's compact panel) it is a plain section.
  const main = h(compact ? 'section' : 'main', { class: 'sc-main' }, log, form)
  const app = h(
    'div',
    { class: 'sc-app' },
    h('header', { class: 'sc-header' }, h('div', { class: 'sc-brand' }, heading, tagline), h('div', { class: 'sc-tools' }, statusEl, langBtn, clearBtn)),
    banner,
    h('div', { class: 'sc-body' }, main, reader.element),
    live,
  )
  root.classList.add('sourcier')
  root.classList.toggle('sourcier--compact', compact)
  root.replaceChildren(app)

  // ——— rendering ———
  const ctx: RenderContext = {
    get t() {
      return t
    },
    get online() {
      return conn.status === 'online'
    },
    onCopy: (extracts, button) => void copy(extracts, button),
    onView: (paragraphId, button, marks) => void reader.open(paragraphId, button, marks),
    onAsk: (q) => ask(q),
  }

  function applyStrings() {
    root.lang = lang
    replace(heading, options.title ?? CHAT_DEFAULTS.title)
    replace(tagline, t.tagline)
    replace(statusLabel, t.statusLabel)
    replace(statusText, t.status[conn.status])
    replace(banner, t.offlineBanner)
    replace(langBtn, t.switchLanguage)
    langBtn.setAttribute('aria-label', t.switchLanguageLabel)
    langBtn.lang = lang === 'fr' ? 'en' : 'fr'
    replace(clearBtn, t.clear)
    clearBtn.setAttribute('aria-label', t.clearLabel)
    replace(filterLabel, t.filterLabel)
    input.placeholder = t.placeholder
    input.setAttribute('aria-label', t.questionLabel)
    replace(sendBtn, t.send)
    renderFilter()
    renderLog()
  }

  function renderFilter() {
    const selected = filter.value
    const docs = (hello?.documents ?? []).filter((d) => !options.documents?.length || options.documents.includes(d.id))
    replace(filter, h('option', { value: '' }, t.allDocuments), docs.map((d) => h('option', { value: d.id }, `${d.shortTitle} (${d.year})`)))
    filter.value = docs.some((d) => d.id === selected) ? selected : ''
    filter.disabled = docs.length < 2
  }

  function renderEmpty(): HTMLElement {
    const starters = options.starters?.length ? options.starters : t.starters
    return h(
      'div',
      { class: 'sc-empty' },
      h('p', { class: 'sc-empty-title' }, t.emptyHeading),
      h('p', { class: 'sc-empty-hint' }, t.emptyHint),
      h(
        'ul',
        { class: 'sc-starters', 'aria-label': t.startersLabel },
        starters.map((q) => {
          const b = h('button', { type: 'button', class: 'sc-starter' }, q)
          b.addEventListener('click', () => {
            // The starters vanish with the first question: keep the focus where the next one is typed.
            ask(q)
            input.focus()
          })
          return h('li', {}, b)
        }),
      ),
    )
  }

  function renderLog() {
    turnEls.clear()
    clearBtn.hidden = !turns.length
    if (!turns.length) return replace(log, renderEmpty())
    replace(
      log,
      turns.map((turn) => {
        const el = renderTurn(turn, ctx)
        turnEls.set(turn.id, el)
        return el
      }),
    )
  }

  function updateTurn(turn: Turn) {
    const el = renderTurn(turn, ctx)
    turnEls.get(turn.id)?.replaceWith(el)
    turnEls.set(turn.id, el)
    return el
  }

  function announce(text: string) {
    // Clearing first makes a repeated sentence be read again.
    live.textContent = ''
    setTimeout(() => (live.textContent = text), 50)
  }

  async function copy(extracts: Extract[], button: HTMLButtonElement) {
    const ok = await writeClipboard(copyFormat(extracts, { sourcesHeading: t.sources }))
    // The first label, not the current one: a second click while « Copié » shows would otherwise
    // bring « Copié » back for good.
    const label = (button.dataset.label ??= button.textContent ?? '')
    button.textContent = ok ? t.copied : t.copyFailed
    button.classList.add(ok ? 'sc-btn--done' : 'sc-btn--failed')
    announce(ok ? t.copied : t.copyFailed)
    setTimeout(() => {
      button.textContent = label
      button.classList.remove('sc-btn--done', 'sc-btn--failed')
    }, 1800)
  }

  // ——— conversation ———
  function onMessage(message: ServerMessage) {
    if (message.type === 'hello') {
      hello = message
      input.maxLength = message.limits.maxQuestionLength
      renderFilter()
      return
    }
    // Acks answer feedback, which this page does not send yet.
    if (message.type === 'ack') return
    const turn = message.id === null ? undefined : turns.find((x) => x.id === message.id)
    if (turn && message.type === 'error' && message.code === 'rate_limited' && retryLater(turn, message.retryAfterMs)) return
    if (message.type === 'answer') {
      if (turn) {
        const { type: _type, id: _id, ...body } = message
        turn.answer = body
        delete turn.error
      }
      emit('answer', message)
    } else {
      if (turn) turn.error = { code: message.code, message: message.message }
      emit('error', message)
      if (!turn) announce(`${t.errorPrefix} ${message.message}`)
    }
    if (!turn) return
    store.save(turns)
    const el = updateTurn(turn)
    el.scrollIntoView({ block: 'start', behavior: scrollBehavior() })
    announce(announcement(turn, t))
  }

  /**
   * A rate-limited question waits for the time the server names and goes again, a few times at
   * most, so a burst of clicks loses nothing; after that the error shows with « Réessayer ».
   */
  const retries = new Map<string, number>()
  function retryLater(turn: Turn, afterMs = CHAT_DEFAULTS.rateLimitWaitMs): boolean {
    const n = retries.get(turn.id) ?? 0
    if (n >= CHAT_DEFAULTS.rateLimitRetries) return false
    retries.set(turn.id, n + 1)
    const context = followUpContext(turns, turns.indexOf(turn), CHAT_DEFAULTS.contextTurns)
    timers.add(setTimeout(() => turns.includes(turn) && send(turn, context), Math.min(afterMs, CHAT_DEFAULTS.rateLimitWaitMs * 10)))
    return true
  }
  const timers = new Set<ReturnType<typeof setTimeout>>()

  function ask(question: string) {
    const q = question.trim()
    if (!q) return
    if (!turns.length) replace(log)
    clearBtn.hidden = false
    const documents = filter.value ? [filter.value] : options.documents?.length ? options.documents : undefined
    const context = followUpContext(turns, turns.length, CHAT_DEFAULTS.contextTurns)
    const turn: Turn = { id: `q${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`, question: q, ...(documents ? { documents } : {}) }
    turns.push(turn)
    store.save(turns)
    const el = renderTurn(turn, ctx)
    turnEls.set(turn.id, el)
    log.append(el)
    el.scrollIntoView({ block: 'end', behavior: scrollBehavior() })
    send(turn, context)
  }

  function send(turn: Turn, context: AskMessage['context'] = []) {
    const message: AskMessage = { type: 'ask', id: turn.id, question: turn.question }
    if (turn.documents) message.documents = turn.documents
    if (context?.length) message.context = context
    conn.send(message)
  }

  let wasDown = false
  const conn = connect({
    server,
    onMessage,
    onStatus: (status) => {
      statusEl.dataset.status = status
      root.dataset.status = status
      replace(statusText, t.status[status])
      // Losing the connection and getting it back are worth saying; the first connection is not.
      if (status !== 'online' || wasDown) announce(`${t.statusLabel}${t.status[status]}`)
      wasDown = status !== 'online'
      banner.hidden = status === 'online' || status === 'connecting'
      for (const turn of turns) if (!turn.answer && !turn.error) updateTurn(turn)
      emit('status', status)
    },
  })
  root.dataset.status = conn.status

  // ——— events ———
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const q = input.value
    if (!q.trim()) return input.focus()
    input.value = ''
    autosize()
    ask(q)
    input.focus()
  })
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault()
      form.requestSubmit()
    }
  })
  const autosize = () => {
    input.style.height = 'auto'
    input.style.height = `${Math.min(input.scrollHeight, 200)}px`
  }
  input.addEventListener('input', autosize)
  langBtn.addEventListener('click', () => {
    lang = lang === 'fr' ? 'en' : 'fr'
    t = STRINGS[lang]
    try {
      localStorage.setItem(langKey, lang)
    } catch {
      // not remembered, still switched
    }
    applyStrings()
    langBtn.focus()
  })
  clearBtn.addEventListener('click', () => {
    for (const turn of turns) conn.settle(turn.id)
    turns = []
    store.clear()
    reader.close()
    renderLog()
    input.focus()
  })

  applyStrings()
  // Questions still unanswered when the page was left are asked again.
  for (const turn of turns) if (!turn.answer && !turn.error) send(turn)
  if (turns.length) log.lastElementChild?.scrollIntoView({ block: 'end' })

  return {
    ask,
    on(event, fn) {
      listeners[event].add(fn)
      return () => listeners[event].delete(fn)
    },
    focus: () => input.focus(),
    showParagraph(paragraphId) {
      // Focus returns to where it was only if that was inside the chat (a permalink opens with the focus on the body).
      const active = (root.getRootNode() as Document | ShadowRoot).activeElement
      void reader.open(paragraphId, active instanceof HTMLElement && root.contains(active) ? active : null)
    },
    destroy() {
      for (const timer of timers) clearTimeout(timer)
      conn.close()
      for (const set of Object.values(listeners)) set.clear()
      root.replaceChildren()
      root.classList.remove('sourcier', 'sourcier--compact')
      delete root.dataset.status
    },
  }
}

function scrollBehavior(): ScrollBehavior {
  return matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth'
}

function savedLanguage(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

let idCounter = 0
function uniqueId(prefix: string): string {
  return `${prefix}-${++idCounter}`
}
