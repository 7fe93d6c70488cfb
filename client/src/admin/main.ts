/**
 * The staff view at /admin: asks for the staff token once per browser session, then shows the
 * questions per day by status (the server's SVG), the most frequent unanswered and uncertain
 * questions with the passages that came nearest, the feedback with its answers, and a search over
 * the log with a CSV export. Text from the log is always inserted as text (h.ts).
 */
import { download } from '../chat/download.ts'
import { h } from '../chat/h.ts'
import {
  call,
  getJson,
  searchQuery,
  token,
  TokenRefused,
  type Feedback,
  type Group,
  type LoggedQuestion,
  type Passage,
  type Report,
} from './api.ts'
import { mountUploadPanel } from './upload.ts'

const root = document.getElementById('admin') as HTMLElement
const STATUS_LABEL: Record<string, string> = { answered: 'answered', uncertain: 'uncertain', no_match: 'no match' }
const when = (t: number) => new Date(t).toLocaleString()

function section(id: string, title: string, ...body: Node[]): HTMLElement {
  return h('section', { class: 'admin-section', 'aria-labelledby': `${id}-title`, id }, h('h2', { id: `${id}-title` }, title), ...body)
}

function passageList(ids: Array<{ id: string }>, passages: Record<string, Passage>): HTMLElement {
  const items = ids.slice(0, 3).map(({ id }) => {
    const p = passages[id]
    return h('li', {}, p ? h('span', {}, h('strong', {}, `${p.source}, ${p.reference}`), ' — ', p.text) : id)
  })
  return items.length ? h('ul', { class: 'admin-passages' }, items) : h('span', { class: 'admin-muted' }, '—')
}

function table(headers: string[], rows: Node[][], caption: string): HTMLElement {
  if (!rows.length) return h('p', { class: 'admin-muted' }, `${caption}: none.`)
  return h(
    'table',
    { class: 'admin-table' },
    h('caption', { class: 'admin-visually-hidden' }, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((x) => h('th', { scope: 'col' }, x)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells) =>
        h(
          'tr',
          {},
          cells.map((c) => h('td', {}, c)),
        ),
      ),
    ),
  )
}

const text = (s: string | null | undefined) => document.createTextNode(s ?? '')
const questionText = (q: string | null) => (q === null ? h('em', {}, '(question not logged)') : text(q))

function unansweredTable(report: Report): HTMLElement {
  const rows = report.unanswered.map((g: Group) => [
    text(String(g.count)),
    questionText(g.question),
    text(
      Object.entries(g.byStatus)
        .map(([s, n]) => `${STATUS_LABEL[s] ?? s} ${n}`)
        .join(', '),
    ),
    passageList(g.paragraphs, report.passages),
  ])
  return table(['Times', 'Question', 'Status', 'Nearest passages'], rows, 'Unanswered and uncertain questions')
}

function feedbackTable(list: Feedback[], passages: Record<string, Passage>): HTMLElement {
  const rows = list.map((f) => [
    text(when(f.at)),
    text(f.vote === 'up' ? '▲ up' : '▼ down'),
    text([f.reason, f.comment].filter(Boolean).join(' — ')),
    questionText(f.answer?.question ?? null),
    text(f.answer ? (STATUS_LABEL[f.answer.status] ?? f.answer.status) : 'purged'),
    passageList(f.paragraphId ? [{ id: f.paragraphId }] : (f.answer?.paragraphs ?? []), passages),
  ])
  return table(['When', 'Vote', 'Reason', 'Question', 'Answer', 'Passage'], rows, 'Feedback')
}

function logTable(list: LoggedQuestion[], passages: Record<string, Passage>): HTMLElement {
  const rows = list.map((q) => [
    text(when(q.at)),
    text(STATUS_LABEL[q.status] ?? q.status),
    text(q.language),
    questionText(q.question),
    passageList(q.paragraphs.slice(0, 1), passages),
    text(String(q.tookMs)),
  ])
  return table(['When', 'Status', 'Language', 'Question', 'Top passage', 'ms'], rows, 'Questions')
}

/** The chart's SVG, parsed as XML (never as HTML) and adopted into the page. */
async function chart(): Promise<Node> {
  const svg = await (await call('/api/admin/chart.svg?days=30')).text()
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
  return document.importNode(doc.documentElement, true)
}

async function downloadCsv(query: string): Promise<void> {
  download(await (await call(`/api/admin/questions.csv${query}`)).blob(), 'sourcier-questions.csv')
}

function searchForm(results: HTMLElement): HTMLElement {
  const q = h('input', { type: 'search', id: 'log-q', name: 'q' })
  const status = h(
    'select',
    { id: 'log-status', name: 'status' },
    h('option', { value: '' }, 'any'),
    ...Object.entries(STATUS_LABEL).map(([v, l]) => h('option', { value: v }, l)),
  )
  const since = h('input', { type: 'date', id: 'log-since', name: 'since' })
  const query = () => searchQuery({ q: q.value, status: status.value, since: since.value })
  const run = async () => {
    const body = await getJson<{ questions: LoggedQuestion[]; passages: Record<string, Passage> }>(`/api/admin/questions${query()}`)
    results.replaceChildren(logTable(body.questions, body.passages))
  }
  const form = h(
    'form',
    {
      class: 'admin-search',
      role: 'search',
      onsubmit: (e: Event) => {
        e.preventDefault()
        void guarded(run)
      },
    },
    h('label', { for: 'log-q' }, 'Words'),
    q,
    h('label', { for: 'log-status' }, 'Status'),
    status,
    h('label', { for: 'log-since' }, 'Since'),
    since,
    h('button', { type: 'submit' }, 'Search'),
    h('button', { type: 'button', onclick: () => void guarded(() => downloadCsv(query())) }, 'Export CSV'),
  )
  void guarded(run)
  return form
}

async function showView(): Promise<void> {
  const [report, feedback, svg] = await Promise.all([
    getJson<Report>('/api/admin/report?days=30'),
    getJson<{ feedback: Feedback[]; passages: Record<string, Passage> }>('/api/admin/feedback'),
    chart(),
  ])
  const results = h('div', { class: 'admin-results', 'aria-live': 'polite' })
  const storage = report.storage
  root.replaceChildren(
    h('h1', {}, 'Sourcier — staff view'),
    h(
      'p',
      { class: 'admin-muted' },
      `Storage: ${storage.backend}, ${storage.status}`,
      storage.dropped ? `, ${storage.dropped} log records dropped` : '',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'admin-signout',
        onclick: () => {
          token.clear()
          showLogin()
        },
      },
      'Forget the token',
    ),
    section('chart', 'Questions per day (30 days)', h('figure', { class: 'admin-chart' }, svg)),
    section('unanswered', 'Most frequent unanswered and uncertain questions', unansweredTable(report)),
    section('feedback', 'Feedback', feedbackTable(feedback.feedback, feedback.passages)),
    section('log', 'Search the question log', searchForm(results), results),
    section('upload', 'Add a document', uploadPanel()),
  )
}

/** The document upload form (issue 14, client/src/admin/upload.ts) with the session's token. */
function uploadPanel(): HTMLElement {
  const panel = h('div', {})
  mountUploadPanel(panel)
  return panel
}

function showLogin(message?: string): void {
  const input = h('input', { type: 'password', id: 'admin-token', name: 'token', autocomplete: 'current-password', required: true })
  root.replaceChildren(
    h('h1', {}, 'Sourcier — staff view'),
    h(
      'form',
      {
        class: 'admin-login',
        onsubmit: (e: Event) => {
          e.preventDefault()
          token.set(input.value)
          void guarded(showView)
        },
      },
      h('label', { for: 'admin-token' }, 'Staff token'),
      input,
      h('button', { type: 'submit' }, 'Open'),
      message ? h('p', { role: 'alert', class: 'admin-error' }, message) : null,
    ),
  )
  input.focus()
}

/** Runs a step; a refused token brings the token form back, another failure is shown. */
async function guarded(step: () => Promise<void>): Promise<void> {
  try {
    await step()
  } catch (err) {
    if (err instanceof TokenRefused) return showLogin('The server refused this token.')
    root.append(h('p', { role: 'alert', class: 'admin-error' }, `Could not load: ${(err as Error).message}`))
  }
}

if (token.get()) void guarded(showView)
else showLogin()
