/**
 * Turns of the conversation as DOM. Everything from the corpus or the server goes in through
 * text nodes (h.ts, highlight.ts), never as HTML.
 */
import type { Extract } from '../../../server/protocol/types.ts'
import { h } from './h.ts'
import { renderSegments, segments } from './highlight.ts'
import { documentLabel, paragraphLabel, reference, summaryLine } from './format.ts'
import type { Strings } from './i18n.ts'
import type { Turn } from './store.ts'
import type { WireAnswer, WireExtract } from './wire.ts'

export interface RenderContext {
  t: Strings
  /** False while the connection is down: pending questions say they are waiting for it. */
  online: boolean
  /** Copy these extracts; `button` shows the outcome; `caution` travels with them (uncertain answers). */
  onCopy(extracts: WireExtract[], button: HTMLButtonElement, caution?: string): void
  /**
   * Open a paragraph in the reader; focus returns to `button` on close. `marks` are the
   * extract's offsets when the paragraph is the extract's own.
   */
  onView(paragraphId: string, button: HTMLButtonElement, marks?: Pick<Extract, 'best' | 'highlights'>): void
  /** Ask a question (a "did you mean" suggestion, a retry, the same question without its filter). */
  onAsk(question: string, documents?: string[]): void
  /** Pin an extract to the dossier, or unpin it. Without it, cards have no pin button. */
  onPin?(extract: WireExtract, turn: Turn, button: HTMLButtonElement): void
  isPinned?(paragraphId: string): boolean
  /** Copy a link that asks this turn's question again. */
  onShare?(turn: Turn, button: HTMLButtonElement): void
  /** The feedback control for an answer, or one of its extracts. */
  feedback?(answerId: string, paragraphId: string | undefined, label: string): HTMLElement
  /** « Short title (2005) » of a document id, for the filter shown on a turn. */
  documentName?(id: string): string
}

let uid = 0
const nextId = (prefix: string) => `${prefix}-${++uid}`

/** The « uncertain » warning as one line, for copies and exports. */
export function cautionOf(answer: Pick<WireAnswer, 'status' | 'reason'> | undefined, t: Strings): string | undefined {
  if (answer?.status !== 'uncertain') return undefined
  return answer.reason ? `${t.uncertainLabel}${t.colon}${answer.reason}` : t.uncertainLabel
}

function quoteBody(extract: WireExtract, textId: string, t: Strings): { body: HTMLElement; toggle: HTMLButtonElement | null } {
  const { text, best, highlights } = extract
  const body = h('div', { class: 'sc-text', id: textId })
  let expanded = false
  const show = () => {
    if (expanded) body.replaceChildren(...renderSegments(segments(text, highlights, { best })))
    else {
      body.replaceChildren(
        best.start > 0 ? '… ' : '',
        ...renderSegments(segments(text, highlights, { range: best })),
        best.end < text.length ? ' …' : '',
      )
    }
    body.classList.toggle('sc-text--full', expanded)
  }
  show()
  if (!(best.start > 0 || best.end < text.length)) return { body, toggle: null }
  const toggle = h('button', { type: 'button', class: 'sc-link', 'aria-expanded': 'false', 'aria-controls': textId }, t.showParagraph)
  toggle.addEventListener('click', () => {
    expanded = !expanded
    toggle.setAttribute('aria-expanded', String(expanded))
    toggle.textContent = expanded ? t.hideParagraph : t.showParagraph
    show()
  })
  return { body, toggle }
}

function relatedLine(extract: WireExtract, ctx: RenderContext): HTMLElement | null {
  if (!extract.related?.length) return null
  const { t } = ctx
  return h(
    'p',
    { class: 'sc-related' },
    t.related,
    ' ',
    ...extract.related.map((r, i) => {
      const b = h(
        'button',
        { type: 'button', class: 'sc-link', 'aria-label': t.viewInDocumentLabel(`${documentLabel(extract.document)}, ${r.label}`) },
        r.label,
      )
      b.addEventListener('click', () => ctx.onView(r.id, b))
      return [i ? ', ' : '', b]
    }),
  )
}

function cardActions(extract: WireExtract, turn: Turn | undefined, ctx: RenderContext, toggle: HTMLButtonElement | null): HTMLElement {
  const { t } = ctx
  const ref = reference(extract)
  const caution = cautionOf(turn?.answer, t)
  const copy = h('button', { type: 'button', class: 'sc-btn sc-btn--small', 'aria-label': t.copyLabel(ref) }, t.copy)
  copy.addEventListener('click', () => ctx.onCopy([extract], copy, caution))
  const view = h('button', { type: 'button', class: 'sc-btn sc-btn--small', 'aria-label': t.viewInDocumentLabel(ref) }, t.viewInDocument)
  view.addEventListener('click', () => ctx.onView(extract.paragraph.id, view, extract))
  let pin: HTMLButtonElement | null = null
  if (ctx.onPin && turn) {
    pin = h('button', { type: 'button', class: 'sc-btn sc-btn--small sc-pin', 'data-ref': ref })
    showPinned(pin, ctx.isPinned?.(extract.paragraph.id) ?? false, t)
    pin.addEventListener('click', () => ctx.onPin?.(extract, turn, pin!))
  }
  const answerId = turn?.answer?.answerId
  const feedback = answerId && ctx.feedback ? ctx.feedback(answerId, extract.paragraph.id, ref) : null
  return h('div', { class: 'sc-card-actions' }, toggle, h('span', { class: 'sc-spacer' }), copy, view, pin, feedback)
}

/** A pin button's text, name and state; its extract's reference is in `data-ref`. */
export function showPinned(button: HTMLButtonElement, pinned: boolean, t: Strings): void {
  const ref = button.dataset.ref ?? ''
  button.setAttribute('aria-pressed', String(pinned))
  button.setAttribute('aria-label', pinned ? t.pinnedLabel(ref) : t.pinLabel(ref))
  button.textContent = pinned ? t.pinned : t.pin
}

/**
 * The heading path beside the label, less the innermost heading when the label already names it:
 * an unnumbered paragraph's label is « 3.2 Rapatriements de fonds, al. 1 », and the card read
 * « 3.2 Rapatriements de fonds, al. 1 · 3.2 Rapatriements de fonds ».
 */
function sectionShown(paragraph: WireExtract['paragraph']): string[] {
  const innermost = paragraph.section.at(-1)
  return innermost !== undefined && paragraph.label.startsWith(innermost) ? paragraph.section.slice(0, -1) : paragraph.section
}

export function renderExtract(extract: WireExtract, ctx: RenderContext, turn?: Turn): HTMLElement {
  const { paragraph } = extract
  const section = sectionShown(paragraph)
  const titleId = nextId('sc-card')
  const { body, toggle } = quoteBody(extract, nextId('sc-text'), ctx.t)
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
        h('span', { class: 'sc-label' }, paragraphLabel(paragraph)),
        section.length ? h('span', { class: 'sc-section' }, section.join(' › ')) : null,
      ),
    ),
    h('blockquote', { class: 'sc-quote' }, body),
    relatedLine(extract, ctx),
    cardActions(extract, turn, ctx, toggle),
  )
}

/** What was searched: the corrected question, the understood follow-up, the French terms. */
function searchedNotes(answer: WireAnswer, ctx: RenderContext): Node[] {
  const { t } = ctx
  const nodes: Node[] = []
  const corrected = answer.correctedQuestion ?? (answer.status !== 'no_match' ? answer.didYouMean : undefined)
  if (corrected) {
    // The engine already searched with the corrected spelling: say so instead of asking the
    // reader to choose what has been done for them.
    nodes.push(h('p', { class: 'sc-meta sc-didyoumean' }, t.correctedTo, ' ', h('q', {}, corrected)))
  } else if (answer.didYouMean) {
    const suggestion = answer.didYouMean
    const btn = h('button', { type: 'button', class: 'sc-link' }, suggestion)
    btn.addEventListener('click', () => ctx.onAsk(suggestion))
    nodes.push(h('p', { class: 'sc-meta sc-didyoumean' }, t.didYouMean, ' ', btn))
  }
  if (answer.understood) nodes.push(h('p', { class: 'sc-meta' }, t.understood, ' ', h('q', {}, answer.understood)))
  if (answer.language === 'en' && answer.searched.length) {
    // Folded: on a phone a dozen chips pushed the first extract below the fold (issue 15).
    nodes.push(
      h(
        'details',
        { class: 'sc-meta sc-searched' },
        h('summary', {}, t.searchedFrench, ' ', h('span', { class: 'sc-searched-count' }, `(${answer.searched.length})`)),
        ...answer.searched.map((term) => h('span', { class: 'sc-term', lang: 'fr' }, term)),
      ),
    )
  }
  return nodes
}

function uncertainNotice(answer: WireAnswer, t: Strings): HTMLElement | null {
  if (answer.status !== 'uncertain') return null
  return h(
    'div',
    { class: 'sc-uncertain', role: 'note' },
    h('span', { class: 'sc-uncertain-icon', 'aria-hidden': 'true' }, '!'),
    h('p', {}, h('strong', {}, t.uncertainLabel), answer.reason ? [t.colon, answer.reason] : ['. ', t.uncertainHint]),
  )
}

function renderAnswer(answer: WireAnswer, ctx: RenderContext, turn: Turn | undefined): Node[] {
  const { t } = ctx
  const nodes: Node[] = []
  const notes = searchedNotes(answer, ctx)
  if (answer.status !== 'no_match' && answer.extracts.length) {
    const copyAll = h('button', { type: 'button', class: 'sc-btn' }, t.copyAnswer)
    copyAll.addEventListener('click', () => ctx.onCopy(answer.extracts, copyAll, cautionOf(answer, t)))
    nodes.push(h('div', { class: 'sc-summary-row' }, h('p', { class: 'sc-summary' }, summaryLine(answer.extracts, t)), copyAll))
    const notice = uncertainNotice(answer, t)
    if (notice) nodes.push(notice)
    nodes.push(
      ...notes,
      h(
        'ol',
        { class: 'sc-cards' },
        answer.extracts.map((e) => h('li', {}, renderExtract(e, ctx, turn))),
      ),
    )
    return nodes
  }
  nodes.push(h('p', { class: 'sc-noanswer' }, t.noAnswer), ...notes)
  const nearest = answer.nearest ?? []
  if (nearest.length) {
    const headingId = nextId('sc-nearest')
    nodes.push(
      // A group, not a section: two unanswered questions made two regions of one name (axe landmark-unique).
      h(
        'div',
        { class: 'sc-nearest', role: 'group', 'aria-labelledby': headingId },
        h('h3', { class: 'sc-nearest-title', id: headingId }, t.nearestHeading),
        h(
          'ol',
          { class: 'sc-cards' },
          nearest.map((e) => h('li', {}, renderExtract(e, ctx))),
        ),
      ),
    )
  }
  return nodes
}

/** « Dans : IDM 2005 (2005) » with a way out: the same question over every document. */
function filterLine(turn: Turn, ctx: RenderContext): HTMLElement | null {
  const docs = turn.answer?.documents ?? turn.documents
  if (!docs?.length) return null
  const { t } = ctx
  const names = docs.map((id) => ctx.documentName?.(id) ?? id).join(' ; ')
  const all = h('button', { type: 'button', class: 'sc-link' }, t.searchEverywhere)
  all.addEventListener('click', () => ctx.onAsk(turn.question, []))
  return h('p', { class: 'sc-meta sc-turn-filter' }, h('span', { class: 'sc-filter-chip' }, t.filteredTo, ' ', names), ' ', all)
}

function turnActions(turn: Turn, ctx: RenderContext): HTMLElement | null {
  if (!turn.answer) return null
  const { t } = ctx
  let share: HTMLButtonElement | null = null
  if (ctx.onShare) {
    share = h('button', { type: 'button', class: 'sc-btn sc-btn--small sc-share', 'aria-label': t.shareLabel }, t.share)
    share.addEventListener('click', () => ctx.onShare?.(turn, share!))
  }
  const { answerId } = turn.answer
  const feedback = answerId && ctx.feedback && turn.answer.status !== 'no_match' ? ctx.feedback(answerId, undefined, t.thisAnswer) : null
  if (!share && !feedback) return null
  return h('div', { class: 'sc-turn-actions' }, share, h('span', { class: 'sc-spacer' }), feedback)
}

function replyOf(turn: Turn, ctx: RenderContext): Node[] {
  const { t } = ctx
  if (turn.answer) return renderAnswer(turn.answer, ctx, turn)
  if (turn.error) {
    const retry = h('button', { type: 'button', class: 'sc-link' }, t.retry)
    retry.addEventListener('click', () => ctx.onAsk(turn.question, turn.documents))
    return [h('p', { class: 'sc-error' }, h('strong', {}, t.errorPrefix), ' ', t.errors[turn.error.code] ?? turn.error.message, ' ', retry)]
  }
  return [
    h('p', { class: 'sc-waiting' }, h('span', { class: 'sc-dots', 'aria-hidden': 'true' }), ctx.online ? t.waiting : t.waitingOffline),
  ]
}

export function renderTurn(turn: Turn, ctx: RenderContext): HTMLElement {
  const { t } = ctx
  return h(
    'section',
    {
      class: turn.answer?.status === 'uncertain' ? 'sc-turn sc-turn--uncertain' : 'sc-turn',
      'data-turn': turn.id,
      'data-status': turn.answer?.status ?? null,
      'aria-busy': turn.answer || turn.error ? null : 'true',
    },
    h('h2', { class: 'sc-question' }, h('span', { class: 'sc-sr' }, t.you, ' '), turn.question),
    filterLine(turn, ctx),
    h('div', { class: 'sc-reply' }, replyOf(turn, ctx)),
    turnActions(turn, ctx),
  )
}

/** The sentence announced to screen readers when a reply arrives. */
export function announcement(turn: Turn, t: Strings): string {
  if (turn.error) return `${t.errorPrefix} ${t.errors[turn.error.code] ?? turn.error.message}`
  if (!turn.answer) return t.waiting
  if (turn.answer.status === 'no_match' || !turn.answer.extracts.length) return t.noAnswer
  const summary = t.announceAnswer(summaryLine(turn.answer.extracts, t))
  const caution = cautionOf(turn.answer, t)
  return caution ? `${caution}. ${summary}` : summary
}
