/**
 * « Voir dans le document »: a panel showing a paragraph among its neighbours, the cited one
 * highlighted and scrolled into view, with a permalink to the same view.
 */
import type { DocumentMeta, Paragraph } from '../../../server/corpus/types.ts'
import { h, replace } from './h.ts'
import { renderSegments, segments } from './highlight.ts'
import type { Extract } from '../../../server/protocol/types.ts'
import type { Strings } from './i18n.ts'

/** GET /api/paragraphs/:id?context=N (server/transport/documents.ts). */
export interface ParagraphContext {
  paragraph: Paragraph
  document: Pick<DocumentMeta, 'id' | 'title' | 'shortTitle' | 'publisher' | 'year'>
  before: Paragraph[]
  after: Paragraph[]
}

export interface ReaderOptions {
  /** Base http(s) URL of the server. */
  server: string
  /** Where permalinks point; `#p=<id>` is appended. */
  permalinkBase: string
  /** Paragraphs shown on each side of the cited one. Defaults to 2. */
  context?: number
  strings: () => Strings
  /** Called after the panel closed, to put the focus back where the user was. */
  onClose: (returnTo: HTMLElement | null) => void
}

export const READER_DEFAULTS = { context: 2 }

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
  const { context } = { ...READER_DEFAULTS, ...options }
  const titleId = `sc-reader-title-${Math.random().toString(36).slice(2, 8)}`
  const title = h('h2', { class: 'sc-reader-title', id: titleId, tabindex: '-1' })
  const meta = h('p', { class: 'sc-reader-meta' })
  const closeBtn = h('button', { type: 'button', class: 'sc-icon-btn sc-reader-close' }, '×')
  // Focusable so that keyboard users can scroll the text, which has no control of its own.
  const body = h('div', { class: 'sc-reader-body', tabindex: '0', role: 'region', 'aria-labelledby': titleId })
  const foot = h('div', { class: 'sc-reader-foot' })
  const element = h(
    'div',
    { class: 'sc-reader', role: 'dialog', 'aria-labelledby': titleId, hidden: true },
    h('div', { class: 'sc-reader-head' }, h('div', {}, title, meta), closeBtn),
    body,
    foot,
  )
  let returnTo: HTMLElement | null = null
  let request = 0

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

  return {
    element,
    close,
    async open(paragraphId, from = null, marks) {
      const t = options.strings()
      const mine = ++request
      returnTo = from ?? returnTo
      closeBtn.setAttribute('aria-label', t.readerClose)
      closeBtn.title = t.readerClose
      replace(title, t.readerLoading)
      replace(meta)
      replace(body)
      replace(foot)
      element.hidden = false
      title.focus()
      let data: ParagraphContext | null = null
      try {
        const url = new URL(`/api/paragraphs/${encodeURIComponent(paragraphId)}`, options.server)
        url.searchParams.set('context', String(context))
        const res = await fetch(url)
        if (res.ok) data = (await res.json()) as ParagraphContext
      } catch {
        data = null
      }
      if (mine !== request) return
      if (!data?.paragraph) {
        replace(title, t.readerError)
        return
      }
      const { document: doc, paragraph } = data
      replace(title, doc.title)
      replace(meta, `${doc.publisher}, ${doc.year}`, paragraph.section.length ? ` — ${paragraph.section.join(' › ')}` : '')
      const cited = para(paragraph, true, marks)
      replace(body, (data.before ?? []).map((p) => para(p, false)), cited, (data.after ?? []).map((p) => para(p, false)))
      replace(foot, h('a', { class: 'sc-permalink', href: permalink(options.permalinkBase, paragraph.id) }, t.permalink, ' — ', doc.shortTitle, ', ', paragraph.label))
      cited.scrollIntoView({ block: 'start' })
    },
  }
}
