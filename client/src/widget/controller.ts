/**
 * The widget's behaviour: opening and closing the panel, mounting the chat on first use, the
 * not-allowed notice, and the public API (`window.Sourcier`).
 */
import { pickLanguage, savedLanguage } from '../chat/i18n.ts'
import { mountChat, type ChatHandle } from '../chat/mount.ts'
import { buildFrame, linkChatStyles, showNotAllowed, translateFrame, type Frame, type WidgetMode } from './frame.ts'
import { trapFocus } from './focus.ts'
import type { WidgetOptions } from './options.ts'
import { probeOrigin } from './probe.ts'
import { WIDGET_STRINGS, type WidgetStrings } from './strings.ts'

export const WIDGET_EVENTS = ['answer', 'error', 'open', 'close'] as const
export type WidgetEvent = (typeof WIDGET_EVENTS)[number]

/** The one global the widget defines. */
export interface SourcierApi {
  /** Opens the panel and moves focus into it. In inline mode, focuses the chat. */
  open(): void
  /** Closes the panel and gives focus back to the launcher. Does nothing in inline mode. */
  close(): void
  /**
   * Opens the panel and asks `question` as if the user had typed it; `documents` limits it to
   * those document ids (what a shared `?q=…&documents=…` link does on the chat page).
   */
  ask(question: string, options?: { documents?: string[] }): void
  /** Opens the panel on a paragraph of a document (what a `#p=` link does on the chat page). */
  show(paragraphId: string): void
  /** Subscribes to answers ('answer'), errors ('error'), 'open' and 'close'. Returns the unsubscribe function. */
  on(event: WidgetEvent, fn: (payload?: unknown) => void): () => void
}

/** Storage key of the widget's conversation, apart from the chat page's on the same origin. */
const STORAGE_KEY = 'sourcier-widget'

interface WidgetState {
  mode: WidgetMode
  options: WidgetOptions
  strings: WidgetStrings
  frame: Frame
  listeners: Map<WidgetEvent, Set<(payload?: unknown) => void>>
  /** What was asked before the chat existed, done once it is mounted. */
  pending: Array<(chat: ChatHandle) => void>
  chat: ChatHandle | null
  starting: Promise<void> | null
  isOpen: boolean
  /** Set when open() was asked to move focus before the chat existed: the chat takes it once mounted. */
  focusChatOnStart: boolean
}

function emit(w: WidgetState, event: WidgetEvent, payload?: unknown): void {
  for (const fn of w.listeners.get(event) ?? []) {
    try {
      fn(payload)
    } catch (err) {
      // A host page's faulty handler must not break the widget, but it should still see its error.
      queueMicrotask(() => {
        throw err
      })
    }
  }
}

function focusInside(w: WidgetState): boolean {
  const active = w.frame.root.activeElement
  return active instanceof Node && w.frame.panel.contains(active)
}

function mountInto(w: WidgetState, container: HTMLElement): ChatHandle {
  const { options } = w
  return mountChat(container, {
    server: options.server,
    ...(options.language ? { language: options.language } : {}),
    ...(options.documents.length ? { documents: options.documents } : {}),
    ...(options.starters.length ? { starters: options.starters } : {}),
    title: options.title,
    storageKey: STORAGE_KEY,
    // "Voir dans le document" and shared links lead to the Sourcier server's page, not to the host page.
    permalinkBase: `${options.server}/`,
    compact: true,
  })
}

// Nothing is fetched from the server until first needed, not on every page view of the intranet.
function start(w: WidgetState): Promise<void> {
  w.starting ??= Promise.all([probeOrigin(w.options.server), linkChatStyles(w.frame.root, w.options.server)]).then(([status]) => {
    if (status === 'not_allowed') {
      w.pending.length = 0
      showNotAllowed(w.frame.body, w.strings, location.origin)
      return
    }
    // 'unreachable' mounts the chat too: it shows its own offline state and reconnects.
    const container = document.createElement('div')
    container.className = 'sw-chat'
    w.frame.body.replaceChildren(container)
    const chat = mountInto(w, container)
    w.chat = chat
    // The chat sets its root's lang when the user switches language; the frame follows.
    new MutationObserver(() => {
      w.strings = WIDGET_STRINGS[container.lang === 'en' ? 'en' : 'fr']
      translateFrame(w.frame, w.strings)
    }).observe(container, { attributes: true, attributeFilter: ['lang'] })
    chat.on('answer', (payload) => emit(w, 'answer', payload))
    chat.on('error', (payload) => emit(w, 'error', payload))
    if (w.focusChatOnStart && w.isOpen && (w.mode === 'inline' || focusInside(w))) chat.focus()
    for (const action of w.pending.splice(0)) action(chat)
  })
  return w.starting
}

function open(w: WidgetState, moveFocus = true): void {
  if (w.mode === 'launcher' && !w.isOpen) {
    w.isOpen = true
    w.frame.panel.hidden = false
    w.frame.launcher?.setAttribute('aria-expanded', 'true')
    emit(w, 'open')
  }
  void start(w)
  if (!moveFocus) return
  if (w.chat) {
    w.chat.focus()
    return
  }
  w.focusChatOnStart = true
  w.frame.closeButton?.focus()
}

function close(w: WidgetState): void {
  if (w.mode !== 'launcher' || !w.isOpen) return
  const hadFocus = focusInside(w)
  w.isOpen = false
  w.frame.panel.hidden = true
  w.frame.launcher?.setAttribute('aria-expanded', 'false')
  if (hadFocus) w.frame.launcher?.focus()
  emit(w, 'close')
}

function wireLauncher(w: WidgetState): void {
  const { frame } = w
  frame.launcher?.addEventListener('click', () => (w.isOpen ? close(w) : open(w)))
  frame.closeButton?.addEventListener('click', () => close(w))
  trapFocus(frame.panel, frame.root)
  frame.panel.addEventListener('keydown', (event) => {
    // The chat core stops Escape it uses itself (closing its reader view): leave those alone.
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault()
      close(w)
    }
  })
  if (w.options.open) open(w, false)
}

/** Runs `action` on the chat now, or once it is mounted. */
function withChat(w: WidgetState, action: (chat: ChatHandle) => void): void {
  if (w.chat) action(w.chat)
  else w.pending.push(action)
}

function api(w: WidgetState): SourcierApi {
  return {
    open: () => open(w),
    close: () => close(w),
    ask(question, askOptions) {
      if (typeof question !== 'string' || question.trim() === '') {
        throw new TypeError('Sourcier.ask(question): question must be a non-empty string.')
      }
      const documents = askOptions?.documents
      if (documents !== undefined && (!Array.isArray(documents) || documents.some((d) => typeof d !== 'string'))) {
        throw new TypeError('Sourcier.ask(question, { documents }): documents must be an array of document ids.')
      }
      open(w)
      withChat(w, (chat) => chat.ask(question, documents))
    },
    show(paragraphId) {
      if (typeof paragraphId !== 'string' || paragraphId === '')
        throw new TypeError('Sourcier.show(paragraphId): paragraphId must be a non-empty string.')
      open(w)
      withChat(w, (chat) => chat.showParagraph(paragraphId))
    },
    on(event: WidgetEvent, fn: (payload?: unknown) => void) {
      const set = w.listeners.get(event)
      if (!set) throw new TypeError(`Sourcier.on(event, fn): event must be one of ${WIDGET_EVENTS.join(', ')}.`)
      if (typeof fn !== 'function') throw new TypeError('Sourcier.on(event, fn): fn must be a function.')
      set.add(fn)
      return () => void set.delete(fn)
    },
  }
}

export function createWidget(host: HTMLElement, mode: WidgetMode, options: WidgetOptions): SourcierApi {
  // The same choice the chat core makes, so that the frame and the chat start in one language.
  const strings = WIDGET_STRINGS[pickLanguage(savedLanguage(STORAGE_KEY), options.language ? [options.language] : navigator.languages)]
  const w: WidgetState = {
    mode,
    options,
    strings,
    frame: buildFrame(host, mode, options, strings),
    listeners: new Map(WIDGET_EVENTS.map((e) => [e, new Set()])),
    pending: [],
    chat: null,
    starting: null,
    isOpen: mode === 'inline',
    focusChatOnStart: false,
  }
  if (mode === 'launcher') wireLauncher(w)
  else void start(w)
  return api(w)
}
