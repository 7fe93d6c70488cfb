/**
 * The /admin page's document upload panel (issue 14): file + metadata form, progress while the
 * file is sent (XMLHttpRequest upload events), read page by page, parsed and indexed (polled from
 * GET /api/admin/uploads/:id), then the result or the coded error. The id is suggested by the
 * server from the title (one rule, server/ingest/meta.ts).
 */

import { h } from '../chat/h.ts'
import { bearer } from './api.ts'

/** How often progress is polled while the server works, ms. */
const POLL_MS = 250

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
function progressText(p: Progress): string | null {
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

/** The form's fields; the id field follows the title until staff edit it. */
function buildForm(): { form: HTMLFormElement; inputs: Record<string, HTMLInputElement>; file: HTMLInputElement } {
  const file = h('input', {
    type: 'file',
    name: 'file',
    required: true,
    accept: '.pdf,.docx,.txt,application/pdf,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  })
  const inputs: Record<string, HTMLInputElement> = {}
  const form = h('form', { class: 'upload-form' })
  form.append(h('label', {}, 'File (PDF, Word .docx or UTF-8 text) ', file))
  for (const f of FIELDS) {
    const year = f.name === 'year' ? { min: '1900', max: '2100' } : {}
    const input = h('input', { name: f.name, required: !!f.required, type: f.type ?? 'text', ...year })
    inputs[f.name] = input
    form.append(h('label', {}, `${f.label} `, input))
  }
  let idEdited = false
  inputs.id!.addEventListener('input', () => {
    idEdited = inputs.id!.value !== ''
  })
  const suggest = async () => {
    if (idEdited || !inputs.title!.value.trim()) return
    const q = new URLSearchParams({ title: inputs.shortTitle!.value || inputs.title!.value, year: inputs.year!.value })
    const res = await fetch(`/api/admin/documents/suggest-id?${q}`, { headers: { authorization: bearer() } }).catch(() => null)
    if (res?.ok && !idEdited) inputs.id!.placeholder = ((await res.json()) as { id: string }).id
  }
  for (const name of ['title', 'shortTitle', 'year']) inputs[name]!.addEventListener('change', () => void suggest())
  form.append(h('button', { type: 'submit' }, 'Upload'))
  return { form, inputs, file }
}

/** Sends the form with upload progress; resolves with the status and JSON body. */
function send(
  body: FormData,
  uploadId: string,
  onSent: (share: number) => void,
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/api/admin/documents')
    xhr.setRequestHeader('Authorization', bearer())
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

/** Mounts the panel in `root`; it calls the API with the session's token (api.ts). */
export function mountUploadPanel(root: HTMLElement): void {
  const { form, inputs, file } = buildForm()
  const bar = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': 'Upload progress' })
  const status = h('p', { class: 'upload-status', role: 'status', 'aria-live': 'polite' })
  const result = h('pre', { class: 'upload-result', hidden: true })
  // The page gives the panel its heading (« Add a document » in /admin).
  root.append(h('div', { class: 'upload' }, form, bar, status, result))

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
        await new Promise((r) => setTimeout(r, POLL_MS))
        const res = await fetch(`/api/admin/uploads/${uploadId}`, { headers: { authorization: bearer() } }).catch(() => null)
        const text = res?.ok ? progressText((await res.json()) as Progress) : null
        if (text && polling) status.textContent = text
      }
    }
    void poll()
    const r = await send(data, uploadId, (share) => {
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
    } else status.textContent = `Not added (${String(r.body.code ?? r.status)}): ${String(r.body.message ?? 'unknown error')}`
  })
}
