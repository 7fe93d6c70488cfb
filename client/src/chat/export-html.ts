/**
 * « Exporter »: the whole conversation as one self-contained HTML file (no script, no external
 * resource), each answer with its quotes, cautions and numbered sources as in the e-mail copy. Pure.
 */
import { escapeHtml, exportModel, renderHtml } from './copy.ts'
import type { Strings } from './i18n.ts'
import { cautionOf } from './render.ts'
import type { Turn } from './store.ts'

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;color:#1b1d21}' +
  'h2{font-size:1.1em;margin-top:2em;border-top:1px solid #d9dcdf;padding-top:1em}cite{font-style:italic}.meta{color:#555b64}'

function turnHtml(turn: Turn, t: Strings, documentName: (id: string) => string): string {
  const parts = [`<h2>${escapeHtml(turn.question)}</h2>`]
  const docs = turn.answer?.documents ?? turn.documents
  if (docs?.length) parts.push(`<p class="meta">${escapeHtml(`${t.filteredTo} ${docs.map(documentName).join(' ; ')}`)}</p>`)
  const a = turn.answer
  if (!a) parts.push(`<p class="meta">${escapeHtml(turn.error ? `${t.errorPrefix} ${turn.error.message}` : t.waiting)}</p>`)
  else if (a.status === 'no_match' || !a.extracts.length) parts.push(`<p>${escapeHtml(t.noAnswer)}</p>`)
  else {
    const caution = cautionOf(a, t)
    parts.push(renderHtml(exportModel(a.extracts, { sourcesHeading: t.sources, intro: caution ? [caution] : [] })))
  }
  return parts.join('\n')
}

export function conversationHtml(turns: readonly Turn[], t: Strings, lang: string, documentName: (id: string) => string): string {
  const title = escapeHtml(t.conversationFileTitle)
  return [
    '<!doctype html>',
    `<html lang="${lang === 'en' ? 'en' : 'fr'}"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head><body>`,
    `<h1>${title}</h1>`,
    ...turns.map((turn) => turnHtml(turn, t, documentName)),
    '</body></html>',
  ].join('\n')
}
