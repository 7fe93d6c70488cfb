/**
 * The chat's frame: header (title, connection status, tools), the conversation log, the undo bar,
 * the composer (document filter, question box) and the live region. No behaviour here.
 */
import { h, replace } from './h.ts'
import type { Language, Strings } from './i18n.ts'

export interface Chrome {
  app: HTMLElement
  heading: HTMLElement
  tagline: HTMLElement
  status: { el: HTMLElement; label: HTMLElement; text: HTMLElement }
  langBtn: HTMLButtonElement
  dossierBtn: HTMLButtonElement
  exportBtn: HTMLButtonElement
  clearBtn: HTMLButtonElement
  banner: HTMLElement
  undo: { bar: HTMLElement; text: HTMLElement; button: HTMLButtonElement }
  log: HTMLElement
  live: HTMLElement
  filterLabel: HTMLLabelElement
  filter: HTMLSelectElement
  filterNote: HTMLElement
  input: HTMLTextAreaElement
  sendBtn: HTMLButtonElement
  form: HTMLFormElement
}

let idCounter = 0
const uniqueId = (prefix: string) => `${prefix}-${++idCounter}`

function composer(): Pick<Chrome, 'filterLabel' | 'filter' | 'filterNote' | 'input' | 'sendBtn' | 'form'> {
  const filterLabel = h('label', { class: 'sc-filter-label' })
  const filter = h('select', { class: 'sc-filter', id: uniqueId('sc-filter') })
  filterLabel.htmlFor = filter.id
  const filterNote = h('span', { class: 'sc-filter-note', hidden: true })
  const input = h('textarea', { class: 'sc-input', rows: 1, id: uniqueId('sc-input') })
  const sendBtn = h('button', { type: 'submit', class: 'sc-btn sc-btn--primary sc-send' })
  const form = h(
    'form',
    { class: 'sc-composer' },
    h('div', { class: 'sc-filter-row' }, filterLabel, filter, filterNote),
    h('div', { class: 'sc-input-row' }, input, sendBtn),
  )
  return { filterLabel, filter, filterNote, input, sendBtn, form }
}

/** `compact`: the widget's panel, inside a host page that has its own banner and main landmarks. */
export function buildChrome(compact: boolean, panels: HTMLElement[]): Chrome {
  const heading = h(compact ? 'h2' : 'h1', { class: 'sc-title' })
  const tagline = h('p', { class: 'sc-tagline' })
  const label = h('span', { class: 'sc-sr' })
  const text = h('span', { class: 'sc-status-text' })
  const statusEl = h(
    'span',
    { class: 'sc-status', 'data-status': 'connecting' },
    h('span', { class: 'sc-status-dot', 'aria-hidden': 'true' }),
    label,
    text,
  )
  const tool = (cls: string) => h('button', { type: 'button', class: `sc-btn sc-btn--ghost ${cls}` })
  const [langBtn, dossierBtn, exportBtn, clearBtn] = [tool('sc-lang'), tool('sc-dossier-btn'), tool('sc-export'), tool('sc-clear')]
  dossierBtn.setAttribute('aria-expanded', 'false')
  const banner = h('p', { class: 'sc-banner', hidden: true })
  const undoText = h('span', {})
  const undoBtn = h('button', { type: 'button', class: 'sc-link sc-undo' })
  const undoBar = h('div', { class: 'sc-undo-bar', hidden: true }, undoText, ' ', undoBtn)
  const log = h('div', { class: 'sc-log' })
  const live = h('div', { class: 'sc-sr', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' })
  const parts = composer()
  // A page has one <main> and one banner; inside a host page (the widget's compact panel) the
  // host has its own (axe landmark-no-duplicate-banner, landmark-unique): plain elements there.
  const main = h(compact ? 'div' : 'main', { class: 'sc-main' }, undoBar, log, parts.form)
  const header = h(
    compact ? 'div' : 'header',
    { class: 'sc-header' },
    h('div', { class: 'sc-brand' }, heading, tagline),
    h('div', { class: 'sc-tools' }, statusEl, langBtn, dossierBtn, exportBtn, clearBtn),
  )
  const app = h('div', { class: 'sc-app' }, header, banner, h('div', { class: 'sc-body' }, main, ...panels), live)
  return {
    app,
    heading,
    tagline,
    status: { el: statusEl, label, text },
    langBtn,
    dossierBtn,
    exportBtn,
    clearBtn,
    banner,
    undo: { bar: undoBar, text: undoText, button: undoBtn },
    log,
    live,
    ...parts,
  }
}

export function translateChrome(c: Chrome, t: Strings, lang: Language, title: string, dossierCount: number): void {
  replace(c.heading, title)
  replace(c.tagline, t.tagline)
  replace(c.status.label, t.statusLabel)
  replace(c.banner, t.offlineBanner)
  replace(c.langBtn, t.switchLanguage)
  c.langBtn.setAttribute('aria-label', t.switchLanguageLabel)
  c.langBtn.lang = lang === 'fr' ? 'en' : 'fr'
  replace(c.dossierBtn, t.dossierButton(dossierCount))
  replace(c.exportBtn, t.exportConversation)
  c.exportBtn.setAttribute('aria-label', t.exportConversationLabel)
  replace(c.clearBtn, t.clear)
  c.clearBtn.setAttribute('aria-label', t.clearLabel)
  replace(c.undo.text, t.cleared)
  replace(c.undo.button, t.undo)
  replace(c.filterLabel, t.filterLabel)
  c.input.placeholder = t.placeholder
  c.input.setAttribute('aria-label', t.questionLabel)
  replace(c.sendBtn, t.send)
}

/** Says `text` through the live region; clearing first makes a repeated sentence be read again. */
export function announcer(live: HTMLElement): (text: string) => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  return (text) => {
    clearTimeout(timer)
    live.textContent = ''
    timer = setTimeout(() => (live.textContent = text), 50)
  }
}
