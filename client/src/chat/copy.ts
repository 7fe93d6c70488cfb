/**
 * What the clipboard receives for one extract or a whole answer, as plain text and HTML, so a
 * support officer can paste it straight into an e-mail:
 *
 *     « extract » — Short title (2005), § 12
 *
 *     Sources :
 *     1. Full title, Publisher, 2005, § 12
 *
 * Pure; the clipboard plumbing is in clipboard.ts.
 */
import type { Extract } from '../../../server/protocol/types.ts'
import { bestText, reference } from './format.ts'

export type CopyExtract = Pick<Extract, 'document' | 'paragraph' | 'text' | 'best'>

export interface CopyOptions {
  /** Heading of the source list. Defaults to « Sources : » (French typography). */
  sourcesHeading?: string
}

export const COPY_DEFAULTS: Required<CopyOptions> = { sourcesHeading: 'Sources :' }

export interface CopyPayload {
  plain: string
  html: string
}

const quote = (e: CopyExtract) => `« ${bestText(e)} »`
const source = (e: CopyExtract) => `${e.document.title}, ${e.document.publisher}, ${e.document.year}, ${e.paragraph.label}`

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`)
}

export function copyFormat(extracts: readonly CopyExtract[], options: CopyOptions = {}): CopyPayload {
  const { sourcesHeading } = { ...COPY_DEFAULTS, ...options }
  if (extracts.length === 0) return { plain: '', html: '' }
  const plain = [
    ...extracts.map((e) => `${quote(e)} — ${reference(e)}`),
    '',
    sourcesHeading,
    ...extracts.map((e, i) => `${i + 1}. ${source(e)}`),
  ].join('\n')
  const html = [
    ...extracts.map((e) => `<p>${escapeHtml(quote(e))} — <cite>${escapeHtml(reference(e))}</cite></p>`),
    `<p>${escapeHtml(sourcesHeading)}</p>`,
    `<ol>${extracts.map((e) => `<li>${escapeHtml(source(e))}</li>`).join('')}</ol>`,
  ].join('\n')
  return { plain, html }
}
