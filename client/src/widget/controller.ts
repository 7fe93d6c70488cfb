/**
 * The widget's behaviour: opening and closing the panel, mounting the chat on first use, the
 * not-allowed notice, and the public API (`window.Sourcier`).
 */
import { pickLanguage } from '../chat/i18n.ts'
import { mountChat, type ChatHandle } from '../chat/mount.ts'
import { buildFrame, linkChatStyles, showNotAllowed, translateFrame, type WidgetMode } from './frame.ts'
import { trapFocus } from './focus.ts'
import type { WidgetOptions } from './options.ts'
import { probeOrigin } from './probe.ts'
import { WIDGET_STRINGS } from './strings.ts'

export const WIDGET_EVENTS = ['answer', 'error', 'open', 'close'] as const
export type WidgetEvent = (typeof WIDGET_EVENTS)[number]

/** The one global the widget defines. */
export interface SourcierApi {
  /** Opens the panel and moves focus into it. In inline mode, focuses the chat. */
  open(): void
  /** Closes the panel and gives focus back to the launcher. Does nothing in inline mode. */
  close(): void
  /** Opens the panel and asks `question` as if the user had typed it. */
  ask(question: string): void
  /** Subscribes to answers ('answer'), errors ('error'), 'open' and 'close'. Returns the unsubscribe function. */
  on(event: WidgetEvent, fn: (payload?: unknown) => void): () => void
}

/** Storage key of the widget's conversation, apart from the chat page's on the same origin. */
const STORAGE_KEY = 'sourcier-widget'

/** The language the user last chose in the widget's chat (the chat core keeps it at `<storageKey>.lang`). */
function savedLanguage(): string | null {
  try {
    return localStorage.getItem(`${STORAGE_KEY}.lang`)
  } catch {
    // Storage can be disabled by the host page's sandbox or the user's settings.
    return null
  }
}

export function createWidget(host: HTMLElement, mode: WidgetMode, options: WidgetOptions): SourcierApi {
  // The same choice the chat core makes, so that the frame and the chat start in one language.
  let strings = WIDGET_STRINGS[pickLanguage(savedLanguage(), options.language ? [options.language] : navigator.languages)]
  const frame = buildFrame(host, mode, options, strings)
  const listeners = new Map<WidgetEvent, Set<(payload?: unknown) => void>>(WIDGET_EVENTS.map((e) => [e, new Set()]))
  const pending: string[] = []
  let chat: ChatHandle | null = null
  let starting: Promise<void> | null = null
  let isOpen = mode === 'inline'
  // Set when open() was asked to move focus before the chat existed: the chat takes it once mounted.
  let focusChatOnStart = false

  const emit = (event: WidgetEvent, payload?: unknown) => {
    for (const fn of listeners.get(event) ?? []) {
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

  const focusInside = () => {
    const active = frame.root.activeElement
    return active instanceof Node && frame.panel.contains(active)
  }

  // Nothing is fetched from the server until first needed, not on every page view of the intranet.
  const start = () => {
    starting ??= Promise.all([probeOrigin(options.server), linkChatStyles(frame.root, options.server)]).then(([status]) => {
      if (status === 'not_allowed') {
        pending.length = 0
        showNotAllowed(frame.body, strings, location.origin)
        return
      }
      // 'unreachable' mounts the chat too: it shows its own offline state and reconnects.
      const container = document.createElement('div')
      container.className = 'sw-chat'
      frame.body.replaceChildren(container)
      chat = mountInto(container)
      // The chat sets its root's lang when the user switches language; the frame follows.
      new MutationObserver(() => {
        const lang = container.lang === 'en' ? 'en' : 'fr'
        strings = WIDGET_STRINGS[lang]
        translateFrame(frame, strings)
      }).observe(container, { attributes: true, attributeFilter: ['lang'] })
      chat.on('answer', (payload) => emit('answer', payload))
      chat.on('error', (payload) => emit('error', payload))
      if (focusChatOnStart && isOpen && (mode === 'inline' || focusInside())) chat.focus()
      for (const question of pending.splice(0)) chat.ask(question)
    })
    return starting
  }

  const mountInto = (container: HTMLElement) =>
    mountChat(container, {
      server: options.server,
      ...(options.language ? { language: options.language } : {}),
      ...(options.documents.length ? { documents: options.documents } : {}),
      ...(options.starters.length ? { starters: options.starters } : {}),
      title: options.title,
      storageKey: STORAGE_KEY,
      // "Voir dans le document" links lead to the Sourcier server's reader, not to the host page.
      permalinkBase: `${options.server}/`,
      compact: true,
    })

  const open = (moveFocus = true) => {
    if (mode === 'launcher' && !isOpen) {
      isOpen = true
      frame.panel.hidden = false
      frame.launcher?.setAttribute('aria-expanded', 'true')
      emit('open')
    }
    void start()
    if (!moveFocus) return
    if (chat) return chat.focus()
    focusChatOnStart = true
    frame.closeButton?.focus()
  }

  const close = () => {
    if (mode !== 'launcher' || !isOpen) return
    const hadFocus = focusInside()
    isOpen = false
    frame.panel.hidden = true
    frame.launcher?.setAttribute('aria-expanded', 'false')
    if (hadFocus) frame.launcher?.focus()
    emit('close')
  }

  if (mode === 'launcher') {
    frame.launcher?.addEventListener('click', () => (isOpen ? close() : open()))
    frame.closeButton?.addEventListener('click', close)
    trapFocus(frame.panel, frame.root)
    frame.panel.addEventListener('keydown', (event) => {
      // The chat core stops Escape it uses itself (closing its reader view): leave those alone.
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault()
        close()
      }
    })
    if (options.open) open(false)
  } else {
    void start()
  }

  return {
    open: () => open(),
    close,
    ask(question: string) {
      if (typeof question !== 'string' || question.trim() === '') {
        throw new TypeError('Sourcier.ask(question): question must be a non-empty string.')
      }
      open()
      if (chat) chat.ask(question)
      else pending.push(question)
    },
    on(event: WidgetEvent, fn: (payload?: unknown) => void) {
      const set = listeners.get(event)
      if (!set) throw new TypeError(`Sourcier.on(event, fn): event must be one of ${WIDGET_EVENTS.join(', ')}.`)
      if (typeof fn !== 'function') throw new TypeError('Sourcier.on(event, fn): fn must be a function.')
      set.add(fn)
      return () => void set.delete(fn)
    },
  }
}
