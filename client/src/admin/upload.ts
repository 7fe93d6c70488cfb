/**
 * The /admin page's document upload panel (issue 14): file + metadata form, progress while the
 * file is sent (XMLHttpRequest upload events), read page by page, parsed and indexed (polled from
 * GET /api/admin/uploads/:id), then the result or the coded error. The id is suggested by the
 * server from the title (one rule, server/ingest/meta.ts).
 */

export interface UploadPanelOptions {
  /** The staff token (the page asks for it once). */
  token: () => string
  /** Origin of the API. Defaults to the page's own. */
  baseUrl: string
  /** How often progress is polled while the server works, ms. Defaults to 250. */
  pollMs: number
  /** Called after a document was added (the page refreshes its document list). Defaults to a no-op. */
  onAdded: (result: UploadResult) => void
}

export const DEFAULT_UPLOAD_PANEL_OPTIONS: UploadPanelOptions = { token: () => '', baseUrl: '', pollMs: 250, onAdded: () => {} }

export interface UploadResult {
  id: string
  pages: number | null
  paragraphs: number
  anomalies: string[]
}

type Progress =
  | { stage: 'received' | 'parse' | 'index' }
  | { stage: 'read'; page: number; pages: number }
  | { stage: 'done'; paragraphs: number }
  | { stage: 'indexed'; version: number }
  | { stage: 'failed'; code: string }

const FIELDS: Array<{ name: string; label: string; required?: boolean; type?: string }> = [
  { name: 'title', label: 'Title', required: true },
  { name: 'shortTitle', label: 'Short title (used in citations)' },
  { name: 'publisher', label: 'Publisher' },
  { name: 'year', label: 'Year', required: true, type: 'number' },
  { name: 'series', label: 'Series' },
  { name: 'id', label: 'Id (suggested from the title)' },
]

/** Words for a progress event, or null when it says nothing new. */
export function progressText(p: Progress): string | null {
  switch (p.stage) {
    case 'received':
      return 'Received; reading…'
    case 'read':
      return `Read page ${p.page} of ${p.pages}`
    case 'parse':
      return 'Parsing paragraphs, notes and pages…'
    case 'done':
      return `Parsed ${p.paragraphs} paragraphs; indexing…`
    case 'index':
      return 'Indexing…'
    case 'indexed':
      return 'Indexed: the document answers questions now.'
    case 'failed':
      return null
  }
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props)
  e.append(...children)
  return e
}

/** The form's fields; the id field follows the title until staff edit it. */
function buildForm(o: UploadPanelOptions): { form: HTMLFormElement; inputs: Record<string, HTMLInputElement>; file: HTMLInputElement } {
  const file = el('input', {
    type: 'file',
    name: 'file',
    required: true,
    accept: '.pdf,.docx,.txt,application/pdf,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  })
  const inputs: Record<string, HTMLInputElement> = {}
  const form = el('form', { className: 'upload-form', noValidate: false })
  form.append(el('label', {}, 'File (PDF, Word .docx or UTF-8 text) ', file))
  for (const f of FIELDS) {
    const input = el('input', { name: f.name, required: !!f.required, type: f.type ?? 'text' })
    if (f.name === 'year') Object.assign(input, { min: '1900', max: '2100' })
    inputs[f.name] = input
    form.append(el('label', {}, `${f.label} `, input))
  }
  let idEdited = false
  inputs.id!.addEventListener('input', () => {
    idEdited = inputs.id!.value !== ''
  })
  const suggest = async () => {
    if (idEdited || !inputs.title!.value.trim()) return
    const q = new URLSearchParams({ title: inputs.shortTitle!.value || inputs.title!.value, year: inputs.year!.value })
    const res = await fetch(`${o.baseUrl}/api/admin/documents/suggest-id?${q}`, {
      headers: { authorization: `Bearer ${o.token()}` },
    }).catch(() => null)
    if (res?.ok && !idEdited) inputs.id!.placeholder = ((await res.json()) as { id: string }).id
  }
  for (const name of ['title', 'shortTitle', 'year']) inputs[name]!.addEventListener('change', () => void suggest())
  form.append(el('button', { type: 'submit' }, 'Upload'))
  return { form, inputs, file }
}

/** Sends the form with upload progress; resolves with the status and JSON body. */
function send(
  o: UploadPanelOptions,
  body: FormData,
  uploadId: string,
  onSent: (share: number) => void,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `${o.baseUrl}/api/admin/documents`)
    xhr.setRequestHeader('Authorization', `Bearer ${o.token()}`)
    xhr.setRequestHeader('X-Upload-Id', uploadId)
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onSent(e.loaded / e.total)
    }
    const done = () => {
      let parsed: Record<string, unknown> = {}
      try {
        parsed = JSON.parse(xhr.responseText || '{}') as Record<string, unknown>
      } catch {
        /* not JSON: a proxy's page */
      }
      resolve({ status: xhr.status, body: parsed })
    }
    xhr.onload = done
    xhr.onerror = () => resolve({ status: 0, body: { code: 'network', message: 'The upload could not reach the server.' } })
    xhr.send(body)
  })
}

/** Mounts the panel in `root`. */
export function mountUploadPanel(root: HTMLElement, options: Partial<UploadPanelOptions> = {}): void {
  const o = { ...DEFAULT_UPLOAD_PANEL_OPTIONS, ...options }
  const { form, inputs, file } = buildForm(o)
  const bar = el('progress', { max: 1, value: 0, hidden: true })
  bar.setAttribute('aria-label', 'Upload progress')
  const status = el('p', { className: 'upload-status' })
  status.setAttribute('role', 'status')
  status.setAttribute('aria-live', 'polite')
  const result = el('pre', { className: 'upload-result', hidden: true })
  // The page gives the panel its heading (« Add a document » in /admin).
  root.append(el('div', { className: 'upload' }, form, bar, status, result))

  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const data = new FormData()
    for (const [name, input] of Object.entries(inputs)) if (input.value.trim()) data.append(name, input.value.trim())
    if (!inputs.id!.value.trim() && inputs.id!.placeholder) data.append('id', inputs.id!.placeholder)
    if (file.files?.[0]) data.append('file', file.files[0])
    const uploadId = `u${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`
    const submit = form.querySelector('button')!
    submit.disabled = true
    bar.hidden = false
    result.hidden = true
    let polling = true
    const poll = async () => {
      while (polling) {
        await new Promise((r) => setTimeout(r, o.pollMs))
        const res = await fetch(`${o.baseUrl}/api/admin/uploads/${uploadId}`, { headers: { authorization: `Bearer ${o.token()}` } }).catch(
          () => null,
        )
        const text = res?.ok ? progressText((await res.json()) as Progress) : null
        if (text && polling) status.textContent = text
      }
    }
    void poll()
    const r = await send(o, data, uploadId, (share) => {
      bar.value = share
      status.textContent = share < 1 ? `Sending: ${Math.round(share * 100)} %` : 'Sent; reading…'
    })
    polling = false
    submit.disabled = false
    bar.hidden = true
    if (r.status === 201) {
      const res = r.body as unknown as UploadResult
      status.textContent = `Added “${res.id}”: ${res.pages === null ? '' : `${res.pages} pages, `}${res.paragraphs} paragraphs. It answers questions now.`
      result.textContent = res.anomalies.length ? `Notes from the parser:\n${res.anomalies.join('\n')}` : ''
      result.hidden = !res.anomalies.length
      form.reset()
      o.onAdded(res)
    } else status.textContent = `Not added (${String(r.body.code ?? r.status)}): ${String(r.body.message ?? 'unknown error')}`
  })
}
