// The chat page at `/`: mounts the chat core on the page and keeps its links alive: `?q=` asks on
// load (`&documents=` filters), `#p=<id>` opens the reader and stays in the address while it is
// open, so reload, bookmarks and back/forward all come back to the same view.
import { questionFromLocation } from './chat/links.ts'
import { mountChat, type ChatHandle } from './chat/mount.ts'
import { paragraphFromLocation } from './chat/reader.ts'

/** True while the reader follows the address: its opening and closing must not push history then. */
let following = false

function followAddress(chat: ChatHandle): void {
  following = true
  try {
    const id = paragraphFromLocation(location)
    if (id) chat.showParagraph(id)
    else chat.closeParagraph()
  } finally {
    following = false
  }
}

/** What the reader shows goes into the address as a history entry of its own. */
function onParagraph(id: string | null): void {
  if (following || paragraphFromLocation(location) === id) return
  const url = new URL(location.href)
  url.hash = id ? `p=${encodeURIComponent(id)}` : ''
  url.searchParams.delete('p')
  history.pushState(null, '', url.href.replace(/#$/, ''))
}

/** `?q=` asks once: reloading the link shows the answer kept in the conversation rather than asking again. */
function askFromLink(chat: ChatHandle): void {
  const { question, documents } = questionFromLocation(location)
  if (!question) return
  // Asked already (this link reloaded, possibly after more questions): the kept answer is shown.
  const asked = chat.questions.some((q) => q.question === question && (q.documents ?? []).join(',') === documents.join(','))
  if (!asked) chat.ask(question, documents)
}

const root = document.querySelector<HTMLElement>('#app')
if (root) {
  const chat = mountChat(root, { onParagraph })
  // The page's own language follows the interface's (the chat sets it on its root).
  const syncLang = () => (document.documentElement.lang = root.lang || 'fr')
  syncLang()
  new MutationObserver(syncLang).observe(root, { attributes: true, attributeFilter: ['lang'] })
  askFromLink(chat)
  if (paragraphFromLocation(location)) followAddress(chat)
  else chat.focus()
  window.addEventListener('popstate', () => followAddress(chat))
  window.addEventListener('hashchange', () => followAddress(chat))
}
