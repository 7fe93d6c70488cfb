/** The chat's behaviour, wired onto its frame: conversation and connection, composer, tools. */
import { copyExtracts, documentName, exportConversation, sendFeedback, shareTurn, togglePin } from './actions.ts'
import { translateChrome } from './chrome.ts'
import { connect } from './connection.ts'
import { createConversation } from './conversation.ts'
import { feedbackControl } from './feedback.ts'
import { h, replace } from './h.ts'
import { saveLanguage, STRINGS } from './i18n.ts'
import type { Chat, ChatEvents } from './mount.ts'
import { showPinned, type RenderContext } from './render.ts'
import { createStore } from './store.ts'
import type { WireMessage } from './wire.ts'

function emit<E extends keyof ChatEvents>(chat: Chat, event: E, payload: ChatEvents[E]): void {
  for (const fn of chat.listeners[event]) fn(payload)
}

function renderContext(chat: Chat): RenderContext {
  return {
    get t() {
      return chat.t
    },
    get online() {
      return chat.conn?.status === 'online'
    },
    onCopy: (extracts, button, caution) => void copyExtracts(chat, extracts, button, caution),
    onView: (paragraphId, button, marks) => {
      chat.dossierView.close()
      void chat.reader.open(paragraphId, button, marks)
    },
    onAsk: (q, documents) => {
      // « Chercher dans tous les documents » also clears the composer's filter: it must not stay silently.
      if (documents && !documents.length) setFilter(chat, '')
      chat.conv.ask(q, documents)
    },
    onPin: (extract, turn) => togglePin(chat, extract, turn),
    isPinned: (id) => chat.dossier.has(id),
    onShare: (turn, button) => void shareTurn(chat, turn, button),
    feedback: (answerId, paragraphId, label) =>
      feedbackControl({
        answerId,
        label,
        t: chat.t,
        memory: chat.feedbackMemory,
        announce: chat.announce,
        ...(paragraphId ? { paragraphId } : {}),
        send: (body) => sendFeedback(chat, body),
      }),
    documentName: (id) => documentName(chat, id),
  }
}

function onMessage(chat: Chat, message: WireMessage): void {
  if (message.type === 'hello') {
    chat.hello = message
    chat.chrome.input.maxLength = message.limits.maxQuestionLength
    renderFilter(chat)
    // Turns name their filter's documents by title, known from now on; only those turns change, and
    // hello comes with every reconnection: the others keep their open paragraphs, forms and focus.
    chat.conv.refresh((turn) => !!(turn.answer?.documents ?? turn.documents)?.length)
    return
  }
  const waiting = message.id === null ? undefined : chat.feedbackWaiting.get(message.id)
  if (waiting && (message.type === 'ack' || message.type === 'error')) {
    chat.feedbackWaiting.delete(message.id!)
    waiting(message.type === 'ack' ? 'ack' : 'failed')
    return
  }
  if (message.type === 'ack') return
  const known = chat.conv.receive(message)
  if (message.type === 'answer') emit(chat, 'answer', message as unknown as ChatEvents['answer'])
  else {
    emit(chat, 'error', message)
    if (!known) chat.announce(`${chat.t.errorPrefix} ${message.message}`)
  }
}

export function startConversation(chat: Chat): void {
  const { chrome } = chat
  chat.conv = createConversation({
    store: createStore({ key: chat.storageKey }),
    chrome,
    ctx: renderContext(chat),
    t: () => chat.t,
    send: (m) => chat.conn.send(m),
    settle: (id) => chat.conn.settle(id),
    announce: (s) => chat.announce(s),
    starters: () => (chat.options.starters?.length ? chat.options.starters : chat.t.starters),
    defaultDocuments: () =>
      chrome.filter.value ? [chrome.filter.value] : chat.options.documents?.length ? chat.options.documents : undefined,
  })
  let wasDown = false
  chat.conn = connect({
    server: chat.server,
    onMessage: (m) => onMessage(chat, m),
    onStatus: (status) => {
      chrome.status.el.dataset.status = status
      chat.root.dataset.status = status
      replace(chrome.status.text, chat.t.status[status])
      // Losing the connection and getting it back are worth saying; the first connection is not.
      if (status !== 'online' || wasDown) chat.announce(`${chat.t.statusLabel}${chat.t.status[status]}`)
      wasDown = status !== 'online'
      chrome.banner.hidden = status === 'online' || status === 'connecting'
      // The connection status shows in the turns still waiting.
      chat.conv.refresh((turn) => !turn.answer && !turn.error)
      emit(chat, 'status', status)
    },
  })
  chat.root.dataset.status = chat.conn.status
  applyStrings(chat)
  // Questions still unanswered when the page was left are asked again.
  chat.conv.resendPending()
}

export function applyStrings(chat: Chat): void {
  const { chrome, t } = chat
  chat.root.lang = chat.lang
  translateChrome(chrome, t, chat.lang, chat.options.title, chat.dossier.state.items.length)
  replace(chrome.status.text, t.status[chat.conn.status])
  renderFilter(chat)
  chat.conv.render()
  chat.dossierView.render()
}

function setFilter(chat: Chat, value: string): void {
  chat.chrome.filter.value = value
  renderFilterNote(chat)
}

/** While a filter is chosen, the composer says so in words, not just in the select. */
function renderFilterNote(chat: Chat): void {
  const { filter, filterNote } = chat.chrome
  filterNote.hidden = !filter.value
  filter.classList.toggle('sc-filter--active', Boolean(filter.value))
  replace(filterNote, filter.value ? chat.t.filterActive(documentName(chat, filter.value)) : '')
}

function renderFilter(chat: Chat): void {
  const { filter } = chat.chrome
  const selected = filter.value
  const only = chat.options.documents
  const docs = (chat.hello?.documents ?? []).filter((d) => !only?.length || only.includes(d.id))
  replace(
    filter,
    h('option', { value: '' }, chat.t.allDocuments),
    docs.map((d) => h('option', { value: d.id }, `${d.shortTitle} (${d.year})`)),
  )
  filter.value = docs.some((d) => d.id === selected) ? selected : ''
  filter.disabled = docs.length < 2
  renderFilterNote(chat)
}

export function wireComposer(chat: Chat): void {
  const { form, input, filter } = chat.chrome
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const q = input.value
    if (!q.trim()) return input.focus()
    input.value = ''
    autosize()
    chat.conv.ask(q)
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
  filter.addEventListener('change', () => renderFilterNote(chat))
}

export function wireTools(chat: Chat): void {
  const { chrome } = chat
  chrome.langBtn.addEventListener('click', () => {
    chat.lang = chat.lang === 'fr' ? 'en' : 'fr'
    chat.t = STRINGS[chat.lang]
    saveLanguage(chat.storageKey, chat.lang)
    applyStrings(chat)
    chrome.langBtn.focus()
  })
  chrome.clearBtn.addEventListener('click', () => {
    chat.reader.close()
    chat.conv.clear()
  })
  chrome.undo.button.addEventListener('click', () => chat.conv.undo())
  chrome.exportBtn.addEventListener('click', () => exportConversation(chat))
  chrome.dossierBtn.addEventListener('click', () => {
    if (chat.dossierView.isOpen) return chat.dossierView.close()
    chat.reader.close()
    chrome.dossierBtn.setAttribute('aria-expanded', 'true')
    chat.dossierView.open(chrome.dossierBtn)
  })
  chat.dossier.subscribe(() => {
    replace(chrome.dossierBtn, chat.t.dossierButton(chat.dossier.state.items.length))
    // Pin buttons of extracts removed from the dossier panel read « Épingler » again.
    for (const b of chat.root.querySelectorAll<HTMLButtonElement>('.sc-card[data-paragraph] .sc-pin')) {
      showPinned(b, chat.dossier.has(b.closest<HTMLElement>('.sc-card')!.dataset.paragraph!), chat.t)
    }
  })
}
