/**
 * Turns of the conversation as DOM. Everything from the corpus or the server goes in through
 * text nodes (h.ts, highlight.ts), never as HTML.
 */
import type { AnswerBody, Extract } from '../../../server/protocol/types.ts'
import { h } from './h.ts'
import { renderSegments, segments } from './highlight.ts'
import { documentLabel, reference, summaryLine } from './format.ts'
import type { Strings } from './i18n.ts'
import type { Turn } from './store.ts'

export interface RenderContext {
  t: Strings
  /** False while the connection is down: pending questions say they are waiting for it. */
  online: boolean
  /** Copy these extracts; `button` shows the outcome. */
  onCopy(extracts: Extract[], button: HTMLButtonElement): void
  /**
   * Open a paragraph in the reader; focus returns to `button` on close. `marks` are the
   * extract's offsets when the paragraph is the extract's own.
   */
  onView(paragraphId: string, button: HTMLButtonElement, marks?: Pick<Extract, 'best' | 'highlights'>): void
  /** Ask a question (a "did you mean" suggestion). */
  onAsk(question: string): void
}

let uid = 0
const nextId = (prefix: string) => `${prefix}-${++uid}`

export function renderExtract(extract: Extract, ctx: RenderContext): HTMLElement {
  const { t } = ctx
  const { text, best, highlights, paragraph } = extract
  const titleId = nextId('sc-card')
  const textId = nextId('sc-text')
  const ref = reference(extract)
  const hasMore = best.start > 0 || best.end < text.length
  const body = h('div', { class: 'sc-text', id: textId })
  let expanded = false
  const show = () => {
    if (expanded) {
      body.replaceChildren(...renderSegments(segments(text, highlights, { best })))
    } else {
      body.replaceChildren(
        best.start > 0 ? '… ' : '',
        ...renderSegments(segments(text, highlights, { range: best })),
        best.end < text.length ? ' …' : '',
      )
    }
    body.classList.toggle('sc-text--full', expanded)
  }
  show()
  const toggle = hasMore
    ? h('button', { type: 'button', class: 'sc-link', 'aria-expanded': 'false', 'aria-controls': textId }, t.showParagraph)
    : null
  toggle?.addEventListener('click', () => {
    expanded = !expanded
    toggle.setAttribute('aria-expanded', String(expanded))
    toggle.textContent = expanded ? t.hideParagraph : t.showParagraph
    show()
  })
  const copy = h('button', { type: 'button', class: 'sc-btn sc-btn--small', 'aria-label': t.copyLabel(ref) }, t.copy)
  copy.addEventListener('click', () => ctx.onCopy([extract], copy))
  const view = h('button', { type: 'button', class: 'sc-btn sc-btn--small', 'aria-label': t.viewInDocumentLabel(ref) }, t.viewInDocument)
  view.addEventListener('click', () => ctx.onView(paragraph.id, view, extract))
  const related = extract.related?.length
    ? h(
        'p',
        { class: 'sc-related' },
        t.related,
        ' ',
        ...extract.related.map((r, i) => {
          const b = h('button', { type: 'button', class: 'sc-link', 'aria-label': t.viewInDocumentLabel(`${documentLabel(extract.document)}, ${r.label}`) }, r.label)
          b.addEventListener('click', () => ctx.onView(r.id, b))
          return [i ? ', ' : '', b]
        }),
      )
    : null
  return h(
    'article',
    { class: 'sc-card', 'aria-labelledby': titleId, 'data-paragraph': paragraph.id, 'data-document': extract.document.id },
    h(
      'header',
      { class: 'sc-card-head' },
      h('span', { class: 'sc-rank', 'aria-hidden': 'true' }, extract.rank),
      h('h3', { class: 'sc-card-title', id: titleId }, documentLabel(extract.document)),
      h(
        'p',
        { class: 'sc-card-ref', title: [paragraph.label, ...paragraph.section].join(' · ') },
        h('span', { class: 'sc-label' }, paragraph.label),
        paragraph.section.length ? h('span', { class: 'sc-section' }, paragraph.section.join(' › ')) : null,
      ),
    ),
    h('blockquote', { class: 'sc-quote' }, body),
    related,
    h('div', { class: 'sc-card-actions' }, toggle, h('span', { class: 'sc-spacer' }), copy, view),
  )
}

function renderAnswer(answer: AnswerBody, ctx: RenderContext): Node[] {
  const { t } = ctx
  const nodes: Node[] = []
  if (answer.didYouMean) {
    const suggestion = answer.didYouMean
    if (answer.status === 'answered') {
      // The engine already searched with the corrected spelling: say so instead of asking the
      // reader to choose what has been done for them.
      nodes.push(h('p', { class: 'sc-meta sc-didyoumean' }, t.correctedTo, ' ', h('q', {}, suggestion)))
    } else {
      const btn = h('button', { type: 'button', class: 'sc-link' }, suggestion)
      btn.addEventListener('click', () => ctx.onAsk(suggestion))
      nodes.push(h('p', { class: 'sc-meta sc-didyoumean' }, t.didYouMean, ' ', btn))
    }
  }
  if (answer.understood) nodes.push(h('p', { class: 'sc-meta' }, t.understood, ' ', h('q', {}, answer.understood)))
  if (answer.language === 'en' && answer.searched.length) {
    nodes.push(
      h('p', { class: 'sc-meta sc-searched' }, t.searchedFrench, ' ', ...answer.searched.map((term) => h('span', { class: 'sc-term', lang: 'fr' }, term))),
    )
  }
  if (answer.status === 'answered' && answer.extracts.length) {
    const copyAll = h('button', { type: 'button', class: 'sc-btn' }, t.copyAnswer)
    copyAll.addEventListener('click', () => ctx.onCopy(answer.extracts, copyAll))
    nodes.unshift(h('div', { class: 'sc-summary-row' }, h('p', { class: 'sc-summary' }, summaryLine(answer.extracts, t)), copyAll))
    nodes.push(h('ol', { class: 'sc-cards' }, answer.extracts.map((e) => h('li', {}, renderExtract(e, ctx)))))
    return nodes
  }
  nodes.unshift(h('p', { class: 'sc-noanswer' }, t.noAnswer))
  const nearest = answer.nearest ?? []
  if (nearest.length) {
    const headingId = nextId('sc-nearest')
    nodes.push(
      h(
        'section',
        { class: 'sc-nearest', 'aria-labelledby': headingId },
        h('h3', { class: 'sc-nearest-title', id: headingId }, t.nearestHeading),
        h('ol', { class: 'sc-cards' }, nearest.map((e) => h('li', {}, renderExtract(e, ctx)))),
      ),
    )
  }
  return nodes
}

export function renderTurn(turn: Turn, ctx: RenderContext): HTMLElement {
  const { t } = ctx
  let reply: Node[]
  if (turn.answer) reply = renderAnswer(turn.answer, ctx)
  else if (turn.error) {
    const retry = h('button', { type: 'button', class: 'sc-link' }, t.retry)
    retry.addEventListener('click', () => ctx.onAsk(turn.question))
    reply = [h('p', { class: 'sc-error' }, h('strong', {}, t.errorPrefix), ' ', t.errors[turn.error.code] ?? turn.error.message, ' ', retry)]
  } else reply = [h('p', { class: 'sc-waiting' }, h('span', { class: 'sc-dots', 'aria-hidden': 'true' }), ctx.online ? t.waiting : t.waitingOffline)]
  return h(
    'section',
    { class: 'sc-turn', 'data-turn': turn.id, 'aria-busy': turn.answer || turn.error ? null : 'true' },
    h('h2', { class: 'sc-question' }, h('span', { class: 'sc-sr' }, t.you, ' '), turn.question),
    h('div', { class: 'sc-reply' }, reply),
  )
}

/** The sentence announced to screen readers when a reply arrives. */
export function announcement(turn: Turn, t: Strings): string {
  if (turn.error) return `${t.errorPrefix} ${t.errors[turn.error.code] ?? turn.error.message}`
  if (!turn.answer) return t.waiting
  return turn.answer.status === 'answered' && turn.answer.extracts.length
    ? t.announceAnswer(summaryLine(turn.answer.extracts, t))
    : t.noAnswer
}
