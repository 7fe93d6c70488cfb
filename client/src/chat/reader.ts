/**
 * « Voir dans le document »: a panel showing a paragraph among its neighbours, the cited one
 * highlighted and scrolled into view, with a permalink to the same view.
 */
import { h, replace } from './h.ts'
import { renderSegments, segments } from './highlight.ts'
import { ParagraphContextSchema, type Extract, type Paragraph, type ParagraphContext } from '../../../server/protocol/types.ts'
import type { Strings } from './i18n.ts'

export interface ReaderOptions {
  /** Base http(s) URL of the server. */
  server: string
  /** Where permalinks point; `#p=<id>` is appended. */
  permalinkBase: string
  /** Paragraphs shown on each side of the cited one. Defaults to 2. */
  context?: number
  /** « Plus de contexte » adds this many on each side. Defaults to 3. */
  contextStep?: number
  /** The most the server gives on each side (documents.ts). Defaults to 10. */
  maxContext?: number
  strings: () => Strings
  /** Called after the panel closed, to put the focus back where the user was. */
  onClose: (returnTo: HTMLElement | null) => void
}

export const READER_DEFAULTS = { context: 2, contextStep: 3, maxContext: 10 }

export interface Reader {
  readonly element: HTMLElement
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

export function createReader(options: ReaderOptions): Reader {
  const { context, contextStep, maxContext } = { ...READER_DEFAULTS, ...options }
  const titleId = `sc-reader-title-${Math.random().toString(36).slice(2, 8)}`
  const title = h('h2', { class: 'sc-reader-title', id: titleId, tabindex: '-1' })
  const meta = h('p', { class: 'sc-reader-meta' })
  const closeBtn = h('button', { type: 'button', class: 'sc-icon-btn sc-reader-close' }, '×')
  // Focusable so that keyboard users can scroll the text, which has no control of its own.
  const body = h('div', { class: 'sc-reader-body', tabindex: '0', role: 'region', 'aria-labelledby': titleId })
  const linkSlot = h('span', { class: 'sc-reader-link' })
  const moreBtn = h('button', { type: 'button', class: 'sc-btn sc-btn--small', hidden: true })
  const foot = h('div', { class: 'sc-reader-foot' }, linkSlot, moreBtn)
  const element = h(
    'div',
    { class: 'sc-reader', role: 'dialog', 'aria-labelledby': titleId, hidden: true },
    h('div', { class: 'sc-reader-head' }, h('div', {}, title, meta), closeBtn),
    body,
    foot,
  )
  let returnTo: HTMLElement | null = null
  let request = 0
  /** What is shown, so that « Plus de contexte » can widen it. */
  let shown: { id: string; context: number; marks: Pick<Extract, 'best' | 'highlights'> | undefined } | null = null

  const close = () => {
    if (element.hidden) return
    element.hidden = true
    request++
    options.onClose(returnTo)
    returnTo = null
  }
  closeBtn.addEventListener('click', close)
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      close()
    }
  })

  const para = (p: Paragraph, cited: boolean, marks?: Pick<Extract, 'best' | 'highlights'>) =>
    h(
      'div',
      { class: cited ? 'sc-para sc-para--cited' : 'sc-para', 'data-paragraph': p.id, 'aria-current': cited ? 'true' : null },
      // A heading's label is its own text: printing it twice would only add noise.
      h('span', { class: 'sc-para-label' }, p.kind === 'heading' ? '' : p.label),
      h(p.kind === 'heading' ? 'h3' : 'p', { class: 'sc-para-text' }, marks ? renderSegments(segments(p.text, marks.highlights, { best: marks.best })) : p.text),
    )

  async function load(id: string, size: number, marks: Pick<Extract, 'best' | 'highlights'> | undefined): Promise<boolean> {
    const t = options.strings()
    const mine = ++request
    let data: ParagraphContext | null = null
    try {
      const url = new URL(`/api/paragraphs/${encodeURIComponent(id)}`, options.server)
      url.searchParams.set('context', String(size))
      const res = await fetch(url)
      if (res.ok) {
        const parsed = ParagraphContextSchema.safeParse(await res.json())
        data = parsed.success ? parsed.data : null
      }
    } catch {
      data = null
    }
    if (mine !== request) return false
    if (!data) {
      replace(title, t.readerError)
      moreBtn.hidden = true
      return false
    }
    const { document: doc, paragraph } = data
    const { before, after } = data
    shown = { id, context: size, marks }
    replace(title, doc.title)
    replace(meta, `${doc.publisher}, ${doc.year}`, paragraph.section.length ? ` — ${paragraph.section.join(' › ')}` : '')
    meta.title = meta.textContent ?? ''
    const cited = para(paragraph, true, marks)
    replace(body, before.map((p) => para(p, false)), cited, after.map((p) => para(p, false)))
    replace(linkSlot, h('a', { class: 'sc-permalink', href: permalink(options.permalinkBase, paragraph.id) }, t.permalink, ' — ', doc.shortTitle, ', ', paragraph.label))
    replace(moreBtn, t.readerMore)
    // Fewer neighbours than asked on both sides means the document has no more to show.
    moreBtn.hidden = size >= maxContext || (before.length < size && after.length < size)
    cited.scrollIntoView({ block: 'start' })
    return true
  }

  moreBtn.addEventListener('click', async () => {
    if (!shown) return
    await load(shown.id, Math.min(maxContext, shown.context + contextStep), shown.marks)
    // The button goes once there is no more to show: the focus moves to the text, not the body.
    if (moreBtn.hidden) body.focus()
  })

  return {
    element,
    close,
    async open(paragraphId, from = null, marks) {
      const t = options.strings()
      returnTo = from ?? returnTo
      closeBtn.setAttribute('aria-label', t.readerClose)
      closeBtn.title = t.readerClose
      replace(title, t.readerLoading)
      replace(meta)
      replace(body)
      replace(linkSlot)
      moreBtn.hidden = true
      element.hidden = false
      title.focus()
      await load(paragraphId, context, marks)
    },
  }
}
