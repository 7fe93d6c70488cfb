/**
 * The chat core: mounts a complete Sourcier chat into any element, including one inside a
 * ShadowRoot. It keeps no global state and never looks outside `root`, so the page (main.ts)
 * and the intranet widget can each mount their own. The pieces live beside it: chrome.ts (the
 * frame), conversation.ts (turns), render.ts (answers), reader.ts, dossier*.ts, feedback.ts.
 */
import type { AnswerMessage, ErrorMessage, HelloMessage } from '../../../server/protocol/types.ts'
import { announcer, buildChrome, type Chrome } from './chrome.ts'
import type { Connection, ConnectionStatus } from './connection.ts'
import type { Conversation } from './conversation.ts'
import { createDossier, type Dossier } from './dossier.ts'
import { createDossierView, type DossierView } from './dossier-view.ts'
import { pickLanguage, savedLanguage, STRINGS, type Language, type Strings } from './i18n.ts'
import { startConversation, wireComposer, wireTools } from './mount-wiring.ts'
import { createReader, type Reader } from './reader.ts'
import { exportDossier } from './actions.ts'
import { withDefaults } from './defaults.ts'

export type { ConnectionStatus }

export interface ChatOptions {
  /** Base http(s) URL of the Sourcier server. Defaults to undefined: the page's origin. */
  server: string | undefined
  /** Interface language. Defaults to undefined: the user's saved choice, else the browser's language, else French. */
  language: Language | undefined
  /** Search only these document ids. Defaults to undefined: every document. */
  documents: string[] | undefined
  /** Questions offered on the empty screen. Defaults to undefined: the built-in ones of the language. */
  starters: string[] | undefined
  /** Heading of the chat. Defaults to "Sourcier". */
  title: string
  /** localStorage key of the conversation (`<key>.lang` the language, `<key>.dossier` the dossier). Defaults to "sourcier.chat". */
  storageKey: string
  /** Page that permalinks and shared links open. Defaults to undefined: this page, or the server's chat page for another origin. */
  permalinkBase: string | undefined
  /** Denser layout for small panels, no page landmarks. Defaults to false. */
  compact: boolean
  /** Told when the reader shows a paragraph (its id) or closes (null), so the page can keep `#p=` in its address. Defaults to undefined. */
  onParagraph: ((paragraphId: string | null) => void) | undefined
}

export const DEFAULT_CHAT_OPTIONS: ChatOptions = {
  server: undefined,
  language: undefined,
  documents: undefined,
  starters: undefined,
  title: 'Sourcier',
  storageKey: 'sourcier.chat',
  permalinkBase: undefined,
  compact: false,
  onParagraph: undefined,
}

export interface ChatEvents {
  answer: AnswerMessage
  error: ErrorMessage
  status: ConnectionStatus
}

export interface ChatHandle {
  /** Asks as if typed; `documents` (when given) replaces the composer's filter for this question. */
  ask(question: string, documents?: string[]): void
  /** The questions of the conversation, oldest first. */
  readonly questions: Array<{ question: string; documents?: string[]; answered: boolean }>
  on<E extends keyof ChatEvents>(event: E, fn: (payload: ChatEvents[E]) => void): () => void
  focus(): void
  /** Opens the reader panel on a paragraph (what a permalink does). */
  showParagraph(paragraphId: string): void
  /** Closes the reader panel (back navigation to an address without `#p=`). */
  closeParagraph(): void
  destroy(): void
}

/** Everything one mounted chat holds; the helper modules take it whole. */
export interface Chat {
  root: HTMLElement
  options: ChatOptions
  server: string
  compact: boolean
  permalinkBase: string
  storageKey: string
  lang: Language
  t: Strings
  hello: HelloMessage | null
  chrome: Chrome
  reader: Reader
  dossier: Dossier
  dossierView: DossierView
  conv: Conversation
  conn: Connection
  announce(text: string): void
  listeners: { [E in keyof ChatEvents]: Set<(p: ChatEvents[E]) => void> }
  /** Feedback messages waiting for their ack, by id. */
  feedbackWaiting: Map<string, (outcome: 'ack' | 'failed') => void>
  feedbackMemory: Map<string, { vote: 'up' | 'down'; state: string }>
}

export function mountChat(root: HTMLElement, given: Partial<ChatOptions> = {}): ChatHandle {
  const options = withDefaults(DEFAULT_CHAT_OPTIONS, given)
  const server = options.server ?? location.origin
  const { storageKey, compact } = options
  const lang = pickLanguage(
    savedLanguage(storageKey),
    options.language ? [options.language] : (navigator.languages ?? [navigator.language]),
  )
  const chat = {
    root,
    options,
    server,
    compact,
    storageKey,
    lang,
    t: STRINGS[lang],
    hello: null,
    permalinkBase:
      options.permalinkBase ??
      (new URL(server).origin === location.origin ? location.href.replace(/[?#].*$/, '') : new URL('/', server).href),
    listeners: { answer: new Set(), error: new Set(), status: new Set() },
    feedbackWaiting: new Map(),
    feedbackMemory: new Map(),
  } as unknown as Chat
  chat.dossier = createDossier(`${storageKey}.dossier`)
  const focusBack = (el: HTMLElement | null) => (el?.isConnected ? el : chat.chrome.input).focus()
  chat.reader = createReader({
    server,
    permalinkBase: chat.permalinkBase,
    strings: () => chat.t,
    compact,
    onClose: focusBack,
    ...(options.onParagraph ? { onShow: options.onParagraph } : {}),
  })
  chat.dossierView = createDossierView({
    dossier: chat.dossier,
    strings: () => chat.t,
    compact,
    announce: (s) => chat.announce(s),
    onExport: (kind, button) => void exportDossier(chat, kind, button),
    onClose: (el) => {
      chat.chrome.dossierBtn.setAttribute('aria-expanded', 'false')
      focusBack(el)
    },
  })
  chat.chrome = buildChrome(compact, [chat.reader.element, chat.dossierView.element])
  chat.announce = announcer(chat.chrome.live)
  root.classList.add('sourcier')
  root.classList.toggle('sourcier--compact', compact)
  root.replaceChildren(chat.chrome.app)
  startConversation(chat)
  wireComposer(chat)
  wireTools(chat)
  return handle(chat)
}

function handle(chat: Chat): ChatHandle {
  const { root } = chat
  return {
    ask: (question, documents) => chat.conv.ask(question, documents),
    get questions() {
      return chat.conv.turns.map((t) => ({
        question: t.question,
        ...(t.documents ? { documents: t.documents } : {}),
        answered: Boolean(t.answer),
      }))
    },
    on(event, fn) {
      chat.listeners[event].add(fn)
      return () => chat.listeners[event].delete(fn)
    },
    focus: () => chat.chrome.input.focus(),
    showParagraph(paragraphId) {
      if (chat.reader.shown === paragraphId) return
      chat.dossierView.close()
      // Focus returns to where it was only if that was inside the chat (a permalink opens with the focus on the body).
      const active = (root.getRootNode() as Document | ShadowRoot).activeElement
      void chat.reader.open(paragraphId, active instanceof HTMLElement && root.contains(active) ? active : null)
    },
    closeParagraph: () => chat.reader.close(),
    destroy() {
      chat.conv.destroy()
      chat.conn.close()
      for (const set of Object.values(chat.listeners)) set.clear()
      root.replaceChildren()
      root.classList.remove('sourcier', 'sourcier--compact')
      delete root.dataset.status
    },
  }
}
