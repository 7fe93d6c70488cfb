// The chat page at `/`: mounts the chat core on the page and wires permalinks (`/#p=<id>`).
import { mountChat } from './chat/mount.ts'
import { paragraphFromLocation } from './chat/reader.ts'

const root = document.querySelector<HTMLElement>('#app')
if (root) {
  const chat = mountChat(root)
  const openFromLocation = () => {
    const id = paragraphFromLocation(location)
    if (id) chat.showParagraph(id)
    return Boolean(id)
  }
  if (!openFromLocation()) chat.focus()
  window.addEventListener('hashchange', openFromLocation)
}
