// The chat page at `/`: mounts the chat core on the page and wires permalinks (`/#p=<id>`).
import { mountChat } from './chat/mount.ts'
import { paragraphFromLocation } from './chat/reader.ts'

const root = document.querySelector<HTMLElement>('#app')
if (root) {
  const chat = mountChat(root)
  // The page's own language follows the interface's (the chat sets it on its root).
  const syncLang = () => (document.documentElement.lang = root.lang || 'fr')
  syncLang()
  new MutationObserver(syncLang).observe(root, { attributes: true, attributeFilter: ['lang'] })
  const openFromLocation = () => {
    const id = paragraphFromLocation(location)
    if (!id) return false
    chat.showParagraph(id)
    // The reader shows the permalink itself; dropping it from the address lets the same link be
    // followed again after the reader was closed (no hashchange would fire otherwise).
    history.replaceState(history.state, '', location.pathname)
    return true
  }
  if (!openFromLocation()) chat.focus()
  window.addEventListener('hashchange', openFromLocation)
}
