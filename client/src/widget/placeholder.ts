// TEMPORARY: stands in for client/src/chat/mount.ts until the chat core lands (issue 6).
import type { ChatHandleLike, ChatMountOptions } from './controller.ts'

export function mountChat(root: HTMLElement, options: ChatMountOptions): ChatHandleLike {
  const fns = new Map<string, Set<(p: never) => void>>([['answer', new Set()], ['error', new Set()], ['status', new Set()]])
  root.classList.add('sourcier')
  const list = document.createElement('ol')
  const input = document.createElement('textarea')
  input.setAttribute('aria-label', 'Question')
  const send = document.createElement('button')
  send.type = 'button'
  send.textContent = 'Envoyer'
  const copy = document.createElement('button')
  copy.type = 'button'
  copy.textContent = 'Copier la réponse'
  root.append(list, input, send, copy)
  const ws = new WebSocket(options.server.replace(/^http/, 'ws') + '/ws')
  const queue: string[] = []
  let n = 0
  let last = ''
  const ask = (q: string) => {
    const msg = JSON.stringify({ type: 'ask', id: String(++n), question: q })
    if (ws.readyState === WebSocket.OPEN) ws.send(msg)
    else queue.push(msg)
  }
  ws.onopen = () => queue.splice(0).forEach((m) => ws.send(m))
  ws.onmessage = (e) => {
    const msg = JSON.parse(String(e.data))
    if (msg.type !== 'answer') return
    list.replaceChildren()
    for (const x of msg.extracts) {
      const li = document.createElement('li')
      li.className = 'extract'
      li.textContent = x.citation
      list.append(li)
    }
    last = msg.extracts.map((x: { citation: string }) => x.citation).join('\n')
    for (const fn of fns.get('answer')!) fn(msg as never)
  }
  send.onclick = () => ask(input.value)
  copy.onclick = () => void navigator.clipboard.writeText(last)
  return {
    ask,
    on: (event, fn) => {
      fns.get(event)!.add(fn)
      return () => fns.get(event)!.delete(fn)
    },
    focus: () => input.focus(),
    destroy: () => ws.close(),
  }
}
