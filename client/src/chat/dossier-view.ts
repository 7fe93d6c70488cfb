/**
 * The dossier panel: the pinned extracts in order, each with « Monter », « Descendre » and
 * « Retirer », a one-line note, and the two exports. It takes the reader's place beside (or over)
 * the conversation. Every change is announced; the focus stays on the control that made it.
 */
import type { Dossier, DossierItem } from './dossier.ts'
import { DOSSIER_NOTE_MAX } from './dossier.ts'
import { reference } from './format.ts'
import { h, replace } from './h.ts'
import type { Strings } from './i18n.ts'
import { labelClose } from './reader.ts'
import { citationOf } from './wire.ts'

export interface DossierViewOptions {
  dossier: Dossier
  strings: () => Strings
  /** Narrow panel (the widget): the close button says « ‹ Retour » next to the widget's own « × ». */
  compact: boolean
  announce(text: string): void
  onExport(kind: 'email' | 'docx', button: HTMLButtonElement): void
  /** Called after the panel closed, to put the focus back where the user was. */
  onClose(returnTo: HTMLElement | null): void
}

export interface DossierView {
  readonly element: HTMLElement
  readonly isOpen: boolean
  open(returnTo?: HTMLElement | null): void
  close(): void
  /** Re-renders in the current language. */
  render(): void
}

function itemRow(item: DossierItem, i: number, count: number, o: DossierViewOptions): HTMLElement {
  const t = o.strings()
  const ref = reference(item.extract)
  const button = (action: string, text: string, label: string, disabled: boolean) =>
    h(
      'button',
      { type: 'button', class: 'sc-btn sc-btn--small', 'data-action': action, 'data-key': item.key, 'aria-label': label, disabled },
      text,
    )
  return h(
    'li',
    { class: 'sc-dossier-item', 'data-key': item.key },
    h('span', { class: 'sc-rank', 'aria-hidden': 'true' }, i + 1),
    h(
      'div',
      { class: 'sc-dossier-text' },
      h('p', { class: 'sc-dossier-quote' }, citationOf(item.extract).text),
      item.extract.caution ? h('p', { class: 'sc-dossier-caution' }, item.extract.caution) : null,
      h('p', { class: 'sc-meta' }, t.you, ' ', h('q', {}, item.question)),
      h(
        'div',
        { class: 'sc-dossier-actions' },
        button('up', t.moveUp, t.moveUpLabel(ref), i === 0),
        button('down', t.moveDown, t.moveDownLabel(ref), i === count - 1),
        button('remove', t.remove, t.removeLabel(ref), false),
      ),
    ),
  )
}

export function createDossierView(o: DossierViewOptions): DossierView {
  const { dossier } = o
  const titleId = `sc-dossier-title-${Math.random().toString(36).slice(2, 8)}`
  const title = h('h2', { class: 'sc-reader-title', id: titleId, tabindex: '-1' })
  const closeBtn = h('button', { type: 'button', class: o.compact ? 'sc-btn sc-btn--ghost sc-side-back' : 'sc-icon-btn' })
  const noteLabel = h('label', { class: 'sc-dossier-note-label' })
  const note = h('input', { type: 'text', class: 'sc-dossier-note', maxlength: DOSSIER_NOTE_MAX, value: dossier.state.note })
  noteLabel.append(note)
  const list = h('ol', { class: 'sc-dossier-list' })
  const empty = h('p', { class: 'sc-dossier-empty' })
  const email = h('button', { type: 'button', class: 'sc-btn sc-btn--primary sc-btn--small', 'data-export': 'email' })
  const docx = h('button', { type: 'button', class: 'sc-btn sc-btn--small', 'data-export': 'docx' })
  const foot = h('div', { class: 'sc-reader-foot sc-dossier-foot' }, email, docx)
  const element = h(
    'div',
    { class: 'sc-side sc-dossier', role: 'dialog', 'aria-labelledby': titleId, hidden: true },
    o.compact ? h('div', { class: 'sc-reader-head' }, closeBtn, title) : h('div', { class: 'sc-reader-head' }, title, closeBtn),
    h('div', { class: 'sc-reader-body sc-dossier-body' }, noteLabel, empty, list),
    foot,
  )
  let returnTo: HTMLElement | null = null

  const render = () => {
    const t = o.strings()
    replace(title, t.dossierTitle, ` (${dossier.state.items.length})`)
    labelClose(closeBtn, o.compact, t, t.dossierClose)
    if (noteLabel.firstChild?.nodeType === Node.TEXT_NODE) noteLabel.firstChild.textContent = t.dossierNote
    else noteLabel.prepend(t.dossierNote)
    replace(empty, t.dossierEmpty)
    const { items } = dossier.state
    empty.hidden = items.length > 0
    replace(
      list,
      items.map((item, i) => itemRow(item, i, items.length, o)),
    )
    replace(email, t.exportEmail)
    replace(docx, t.exportDocx)
    email.disabled = docx.disabled = items.length === 0
  }
  wireDossierEvents({ dossier, list, note, email, docx, o })
  const close = () => {
    if (element.hidden) return
    element.hidden = true
    o.onClose(returnTo)
    returnTo = null
  }
  closeBtn.addEventListener('click', close)
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return
    event.stopPropagation()
    event.preventDefault()
    close()
  })
  dossier.subscribe(() => !element.hidden && render())
  return {
    element,
    get isOpen() {
      return !element.hidden
    },
    open(from = null) {
      returnTo = from ?? returnTo
      render()
      element.hidden = false
      title.focus()
    },
    close,
    render,
  }
}

interface DossierParts {
  dossier: Dossier
  list: HTMLElement
  note: HTMLInputElement
  email: HTMLButtonElement
  docx: HTMLButtonElement
  o: DossierViewOptions
}

function wireDossierEvents({ dossier, list, note, email, docx, o }: DossierParts): void {
  list.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]')
    if (!button) return
    const t = o.strings()
    const { action, key } = button.dataset as { action: string; key: string }
    if (action === 'remove') {
      const i = dossier.state.items.findIndex((x) => x.key === key)
      // The dossier's subscriber re-renders the open panel synchronously.
      dossier.remove(key)
      o.announce(t.unpinnedAnnounce(dossier.state.items.length))
      // The focus goes to the next item's « Retirer », else the previous one's, else the note.
      const next = list.querySelectorAll<HTMLButtonElement>('button[data-action=remove]')
      ;(next[Math.min(i, next.length - 1)] ?? note).focus()
      return
    }
    const to = dossier.move(key, action === 'up' ? -1 : 1)
    o.announce(t.movedAnnounce(to + 1, dossier.state.items.length))
    // Keep the focus on the same action of the moved item; at an end, on the other one.
    const same = list.querySelector<HTMLButtonElement>(`li[data-key="${CSS.escape(key)}"] button[data-action=${action}]`)
    const other = list.querySelector<HTMLButtonElement>(
      `li[data-key="${CSS.escape(key)}"] button[data-action=${action === 'up' ? 'down' : 'up'}]`,
    )
    ;(same && !same.disabled ? same : other)?.focus()
  })
  note.addEventListener('input', () => dossier.setNote(note.value))
  email.addEventListener('click', () => o.onExport('email', email))
  docx.addEventListener('click', () => o.onExport('docx', docx))
}
