/**
 * The small feedback control under each answer and each extract: thumbs up sends at once; thumbs
 * down opens an optional reason and comment before sending. The server's `ack` (or an error)
 * comes back through `send`'s promise and is shown beside the thumbs.
 */
import { h, svgIcon } from './h.ts'
import type { Strings } from './i18n.ts'
import type { FeedbackMessage, FeedbackReason } from './wire.ts'

export type FeedbackOutcome = 'ack' | 'failed'
export type SendFeedback = (message: Omit<FeedbackMessage, 'type' | 'id'>) => Promise<FeedbackOutcome>

const REASONS: Array<FeedbackReason | ''> = ['', 'wrong_passage', 'incomplete', 'outdated', 'other']

// Material Design "thumb_up" (Apache 2.0); thumbs down is the same shape turned over in CSS.
const THUMB =
  'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z'

const thumb = () => svgIcon(THUMB)

export interface FeedbackControlOptions {
  answerId: string
  paragraphId?: string
  /** What the feedback is about, for its accessible name (« cette réponse », « IDM 2005 (2005), § 2 »). */
  label: string
  t: Strings
  send: SendFeedback
  announce(text: string): void
  /** Votes already given, by `answerId|paragraphId`: a re-rendered turn shows them again. */
  memory?: Map<string, { vote: 'up' | 'down'; state: string }>
}

function reasonForm(o: FeedbackControlOptions, submit: (reason: FeedbackReason | undefined, comment: string) => void): HTMLFormElement {
  const { t } = o
  const select = h(
    'select',
    { class: 'sc-feedback-reason' },
    REASONS.map((r) => h('option', { value: r }, t.feedbackReasons[r] ?? r)),
  )
  const comment = h('input', {
    type: 'text',
    class: 'sc-feedback-comment',
    maxlength: 500,
    'aria-label': t.feedbackComment,
    placeholder: t.feedbackComment,
  })
  const form = h(
    'form',
    { class: 'sc-feedback-form' },
    h('label', {}, t.feedbackReason, select),
    comment,
    h('button', { type: 'submit', class: 'sc-btn sc-btn--small' }, t.feedbackSend),
  )
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    submit((select.value || undefined) as FeedbackReason | undefined, comment.value.trim())
  })
  return form
}

export function feedbackControl(o: FeedbackControlOptions): HTMLElement {
  const { t } = o
  const up = h(
    'button',
    { type: 'button', class: 'sc-thumb sc-thumb--up', 'aria-pressed': 'false', 'aria-label': t.feedbackUp, title: t.feedbackUp },
    thumb(),
  )
  const down = h(
    'button',
    { type: 'button', class: 'sc-thumb sc-thumb--down', 'aria-pressed': 'false', 'aria-label': t.feedbackDown, title: t.feedbackDown },
    thumb(),
  )
  const status = h('span', { class: 'sc-feedback-status' })
  const group = h('div', { class: 'sc-feedback', role: 'group', 'aria-label': t.feedbackLabel(o.label) }, up, down, status)
  let form: HTMLFormElement | null = null
  const key = `${o.answerId}|${o.paragraphId ?? ''}`
  const show = (vote: 'up' | 'down', state: string) => {
    up.setAttribute('aria-pressed', String(vote === 'up'))
    down.setAttribute('aria-pressed', String(vote === 'down'))
    group.dataset.state = state
    status.textContent = state === 'ack' ? t.feedbackThanks : state === 'failed' ? t.feedbackFailed : t.feedbackSending
  }
  const known = o.memory?.get(key)
  if (known) show(known.vote, known.state)

  const submit = async (vote: 'up' | 'down', reason?: FeedbackReason, comment?: string) => {
    form?.remove()
    form = null
    show(vote, 'sending')
    const outcome = await o.send({
      answerId: o.answerId,
      vote,
      ...(o.paragraphId ? { paragraphId: o.paragraphId } : {}),
      ...(reason ? { reason } : {}),
      ...(comment ? { comment } : {}),
    })
    o.memory?.set(key, { vote, state: outcome })
    show(vote, outcome)
    o.announce(status.textContent ?? '')
  }
  up.addEventListener('click', () => void submit('up'))
  down.addEventListener('click', () => {
    if (form) return form.querySelector('select')?.focus()
    down.setAttribute('aria-pressed', 'true')
    up.setAttribute('aria-pressed', 'false')
    form = reasonForm(o, (reason, comment) => void submit('down', reason, comment))
    group.after(form)
    form.querySelector('select')?.focus()
  })
  return group
}
