/** What the chat's buttons do beyond asking: copy, share, pin, export, feedback. */
import { writeClipboard } from './clipboard.ts'
import { copyFormat, escapeHtml, exportModel, renderHtml, renderPlain, type CopyPayload } from './copy.ts'
import { loadDocx } from './docx-loader.ts'
import { download } from './download.ts'
import { conversationHtml } from './export-html.ts'
import { documentLabel } from './format.ts'
import { shareLink } from './links.ts'
import type { Chat } from './mount.ts'
import { cautionOf } from './render.ts'
import type { Turn } from './store.ts'
import type { FeedbackMessage, WireExtract } from './wire.ts'

/** Shows an outcome on a button for a moment, then its own label again. */
function flash(chat: Chat, button: HTMLButtonElement, ok: boolean, text: string): void {
  // The first label, not the current one: a second click while « Copié » shows would otherwise
  // bring « Copié » back for good.
  const label = (button.dataset.label ??= button.textContent ?? '')
  button.textContent = text
  button.classList.add(ok ? 'sc-btn--done' : 'sc-btn--failed')
  chat.announce(text)
  setTimeout(() => {
    button.textContent = label
    button.classList.remove('sc-btn--done', 'sc-btn--failed')
  }, 1800)
}

export async function copyExtracts(chat: Chat, extracts: WireExtract[], button: HTMLButtonElement, caution?: string): Promise<void> {
  const { t } = chat
  const ok = await writeClipboard(copyFormat(extracts, { sourcesHeading: t.sources, intro: caution ? [caution] : [] }))
  flash(chat, button, ok, ok ? t.copied : t.copyFailed)
}

export async function shareTurn(chat: Chat, turn: Turn, button: HTMLButtonElement): Promise<void> {
  const url = shareLink(chat.permalinkBase, turn.question, turn.documents)
  const ok = await writeClipboard({ plain: url, html: `<a href="${escapeHtml(url)}">${escapeHtml(turn.question)}</a>` })
  flash(chat, button, ok, ok ? chat.t.linkCopied : chat.t.copyFailed)
}

export function togglePin(chat: Chat, extract: WireExtract, turn: Turn): void {
  const { t } = chat
  // The dossier's subscriber (mount-wiring) shows the new state on every pin button, this one too.
  const pinned = chat.dossier.toggle(extract, turn.question, cautionOf(turn.answer, t))
  const n = chat.dossier.state.items.length
  chat.announce(pinned ? t.pinnedAnnounce(n) : t.unpinnedAnnounce(n))
}

export async function exportDossier(chat: Chat, kind: 'email' | 'docx', button: HTMLButtonElement): Promise<void> {
  const { t } = chat
  const { items, note } = chat.dossier.state
  // One model for both exports; the e-mail's plain text and HTML are rendered from it as copyFormat does.
  const model = exportModel(
    items.map((i) => i.extract),
    { sourcesHeading: t.sources, intro: note ? [note] : [] },
  )
  if (kind === 'email') {
    const payload: CopyPayload = items.length ? { plain: renderPlain(model), html: renderHtml(model) } : { plain: '', html: '' }
    const ok = await writeClipboard(payload)
    return flash(chat, button, ok, ok ? t.copied : t.copyFailed)
  }
  chat.announce(t.docxPreparing)
  button.setAttribute('aria-busy', 'true')
  try {
    const docx = await loadDocx(chat.server)
    download(await docx.toDocx(model, t.dossierFileTitle), 'sourcier-dossier.docx')
    flash(chat, button, true, t.docxDone)
  } catch {
    flash(chat, button, false, t.docxFailed)
  } finally {
    button.removeAttribute('aria-busy')
  }
}

export function documentName(chat: Chat, id: string): string {
  const doc = chat.hello?.documents.find((d) => d.id === id)
  return doc ? documentLabel(doc) : id
}

export function exportConversation(chat: Chat): void {
  const html = conversationHtml(chat.conv.turns, chat.t, chat.lang, (id) => documentName(chat, id))
  download(new Blob([html], { type: 'text/html' }), 'sourcier-conversation.html')
}

let feedbackSeq = 0
export function sendFeedback(chat: Chat, body: Omit<FeedbackMessage, 'type' | 'id'>): Promise<'ack' | 'failed'> {
  const id = `f${Date.now().toString(36)}${++feedbackSeq}`
  return new Promise((resolve) => {
    chat.feedbackWaiting.set(id, resolve)
    chat.conn.send({ type: 'feedback', id, ...body })
  })
}
