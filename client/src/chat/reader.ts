/**
 * « Voir dans le document »: a panel showing a paragraph among its neighbours, the cited one
 * highlighted and scrolled into view, with a permalink to the same view.
 */
import { h, replace } from './h.ts'
import { renderSegments, segments } from './highlight.ts'
import { ParagraphContextSchema, type Extract, type Paragraph, type ParagraphContext } from '../../../server/protocol/types.ts'
import type { Strings } from './i18n.ts'

export interface ReaderOptions {
  /** Paragraphs shown on each side of the cited one. Defaults to 2. */
  context: number
  /** « Plus de contexte » adds this many on each side. Defaults to 3. */
  contextStep: number
  /** The most the server gives on each side (documents.ts). Defaults to 10. */
  maxContext: number
  /** Narrow panel (the widget): the close button reads « ‹ Retour », apart from the widget's own « × ». Defaults to false. */
  compact: boolean
}

export const DEFAULT_READER_OPTIONS: ReaderOptions = { context: 2, contextStep: 3, maxContext: 10, compact: false }

/** What the reader must be given by the chat that mounts it; no defaults. */
export interface ReaderComponents {
  /** Base http(s) URL of the server. */
  server: string
  /** Where permalinks point; `#p=<id>` is appended. */
  permalinkBase: string
  strings: () => Strings
  /** Called after the panel closed, to put the focus back where the user was. */
  onClose: (returnTo: HTMLElement | null) => void
  /** Called when a paragraph is shown (its id) and when the panel closes (null): the page keeps `#p=` in step. */
  onShow?: (paragraphId: string | null) => void
}

export interface Reader {
  readonly element: HTMLElement
  /** The paragraph shown, or null when closed. */
  readonly shown: string | null
  /** `marks`: the extract's offsets, to show its best sentence and matched words in the paragraph. */
  open(paragraphId: string, returnTo?: HTMLElement | null, marks?: Pick<Extract, 'best' | 'highlights'>): Promise<void>
  close(): void
}

export function permalink(base: string, paragraphId: string): string {
  return `${base.replace(/#.*$/, '')}#p=${encodeURIComponent(paragraphId)}`
}

/** The paragraph id of a permalink hash or query (`#p=…` or `?p=…`), else null. */
export function paragraphFromLocation(loc: Pick<Location, 'hash' | 'search'>): string | null {
  for (const part of [loc.hash.replace(/^#/, ''), loc.search.replace(/^\?/, '')]) {
    const id = new URLSearchParams(part).get('p')
    if (id) return id
  }
  return null
}

/**
 * The close button of a side panel: « × » named after what it closes; in the widget « ‹ Retour »,
 * since the widget's own « × » (closing everything) sits just above it.
 */
export function labelClose(button: HTMLButtonElement, compact: boolean, t: Strings, label: string): void {
  if (compact) replace(button, h('span', { 'aria-hidden': 'true' }, '‹ '), t.back)
  else replace(button, '×')
  button.setAttribute('aria-label', compact ? t.backLabel : label)
  button.title = compact ? t.backLabel : label
}

type Marks = Pick<Extract, 'best' | 'highlights'>

interface ReaderFrame {
  element: HTMLElement
  title: HTMLElement
  meta: HTMLElement
  closeBtn: HTMLButtonElement
  body: HTMLElement
  linkSlot: HTMLElement
  moreBtn: HTMLButtonElement
}

function readerFrame(compact: boolean): ReaderFrame {
  const titleId = `sc-reader-title-${Math.random().toString(36).slice(2, 8)}`
  const title = h('h2', { class: 'sc-reader-title', id: titleId, tabindex: '-1' })
  const meta = h('p', { class: 'sc-reader-meta' })
  // In the widget a second « × » stacked under the widget's own read as « close everything » (issue 15).
  const closeBtn = h('button', {
    type: 'button',
    class: compact ? 'sc-btn sc-btn--ghost sc-side-back sc-reader-close' : 'sc-icon-btn sc-reader-close',
  })
  // Focusable so that keyboard users can scroll the text, which has no control of its own.
  const body = h('div', { class: 'sc-reader-body', tabindex: '0', role: 'region', 'aria-labelledby': titleId })
  const linkSlot = h('span', { class: 'sc-reader-link' })
  const moreBtn = h('button', { type: 'button', class: 'sc-btn sc-btn--small', hidden: true })
  const heading = h('div', {}, title, meta)
  const element = h(
    'div',
    { class: 'sc-reader', role: 'dialog', 'aria-labelledby': titleId, hidden: true },
    h('div', { class: 'sc-reader-head' }, compact ? [closeBtn, heading] : [heading, closeBtn]),
    body,
    h('div', { class: 'sc-reader-foot' }, linkSlot, moreBtn),
  )
  return { element, title, meta, closeBtn, body, linkSlot, moreBtn }
}

function para(p: Paragraph, cited: boolean, marks?: Marks): HTMLElement {
  return h(
    'div',
    { class: cited ? 'sc-para sc-para--cited' : 'sc-para', 'data-paragraph': p.id, 'aria-current': cited ? 'true' : null },
    // A heading's label is its own text: printing it twice would only add noise.
    h('span', { class: 'sc-para-label' }, p.kind === 'heading' ? '' : p.label),
    h(
      p.kind === 'heading' ? 'h3' : 'p',
      { class: 'sc-para-text' },
      marks ? renderSegments(segments(p.text, marks.highlights, { best: marks.best })) : p.text,
    ),
  )
}

async function fetchContext(server: string, id: string, size: number): Promise<ParagraphContext | null> {
  try {
    const url = new URL(`/api/paragraphs/${encodeURIComponent(id)}`, server)
    url.searchParams.set('context', String(size))
    const res = await fetch(url)
    if (!res.ok) return null
    const parsed = ParagraphContextSchema.safeParse(await res.json())
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function showContext(
  f: ReaderFrame,
  data: ParagraphContext,
  size: number,
  marks: Marks | undefined,
  o: ReaderOptions & ReaderComponents,
): void {
  const t = o.strings()
  const { document: doc, paragraph } = data
  const { before, after } = data
  replace(f.title, doc.title)
  replace(f.meta, `${doc.publisher}, ${doc.year}`, paragraph.section.length ? ` — ${paragraph.section.join(' › ')}` : '')
  f.meta.title = f.meta.textContent ?? ''
  const cited = para(paragraph, true, marks)
  replace(
    f.body,
    before.map((p) => para(p, false)),
    cited,
    after.map((p) => para(p, false)),
  )
  replace(
    f.linkSlot,
    h(
      'a',
      { class: 'sc-permalink', href: permalink(o.permalinkBase, paragraph.id) },
      t.permalink,
      ' — ',
      doc.shortTitle,
      ', ',
      paragraph.label,
    ),
  )
  replace(f.moreBtn, t.readerMore)
  // Fewer neighbours than asked on both sides means the document has no more to show.
  f.moreBtn.hidden = size >= o.maxContext || (before.length < size && after.length < size)
  cited.scrollIntoView({ block: 'start' })
}

export function createReader(options: Partial<ReaderOptions> & ReaderComponents): Reader {
  const o = { ...DEFAULT_READER_OPTIONS, ...options }
  const f = readerFrame(o.compact)
  let returnTo: HTMLElement | null = null
  let request = 0
  /** What is shown, so that « Plus de contexte » can widen it. */
  let shown: { id: string; context: number; marks: Marks | undefined } | null = null
  /** The paragraph asked for, from the moment it is asked (`shown` waits for the server). */
  let current: string | null = null

  const close = () => {
    if (f.element.hidden) return
    f.element.hidden = true
    request++
    shown = null
    current = null
    o.onShow?.(null)
    o.onClose(returnTo)
    returnTo = null
  }
  f.closeBtn.addEventListener('click', close)
  f.element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      close()
    }
  })

  async function load(id: string, size: number, marks: Marks | undefined): Promise<boolean> {
    const mine = ++request
    const data = await fetchContext(o.server, id, size)
    if (mine !== request) return false
    if (!data?.paragraph) {
      replace(f.title, o.strings().readerError)
      f.moreBtn.hidden = true
      return false
    }
    shown = { id, context: size, marks }
    showContext(f, data, size, marks, o)
    return true
  }

  f.moreBtn.addEventListener('click', async () => {
    if (!shown) return
    await load(shown.id, Math.min(o.maxContext, shown.context + o.contextStep), shown.marks)
    // The button goes once there is no more to show: the focus moves to the text, not the body.
    if (f.moreBtn.hidden) f.body.focus()
  })

  return {
    element: f.element,
    get shown() {
      return f.element.hidden ? null : current
    },
    close,
    async open(paragraphId, from = null, marks) {
      const t = o.strings()
      returnTo = from ?? returnTo
      current = paragraphId
      labelClose(f.closeBtn, o.compact, t, t.readerClose)
      replace(f.title, t.readerLoading)
      replace(f.meta)
      replace(f.body)
      replace(f.linkSlot)
      f.moreBtn.hidden = true
      f.element.hidden = false
      f.title.focus()
      o.onShow?.(paragraphId)
      await load(paragraphId, o.context, marks)
    },
  }
}
