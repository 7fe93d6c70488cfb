/**
 * The staff view's calls to /api/admin/*, with the token kept in sessionStorage: asked once per
 * browser session, forgotten when the tab closes or the server refuses it.
 */

import type { AnswerStatus } from '../../../server/protocol/types.ts'

const KEY = 'sourcier.admin.token'

export interface LoggedQuestion {
  answerId: string
  at: number
  language: string
  status: AnswerStatus
  question: string | null
  paragraphs: Array<{ id: string; score: number }>
  tookMs: number
  documents: string[] | null
  via: string
}

export interface Passage {
  id: string
  source: string
  reference: string
  text: string
}

export interface Group {
  question: string | null
  count: number
  byStatus: Partial<Record<AnswerStatus, number>>
  lastAt: number
  paragraphs: Array<{ id: string; score: number }>
}

export interface Feedback {
  id: number
  answerId: string
  at: number
  vote: 'up' | 'down'
  paragraphId?: string
  reason?: string
  comment?: string
  answer: LoggedQuestion | null
}

export interface Report {
  unanswered: Group[]
  passages: Record<string, Passage>
  storage: { status: string; backend: string; pending: number; dropped: number }
}

/** Thrown when the server refuses the token (401/403): the page asks for it again. */
export class TokenRefused extends Error {}

export const token = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (value: string) => sessionStorage.setItem(KEY, value.trim()),
  clear: () => sessionStorage.removeItem(KEY),
}

/** The Authorization header's value for every staff call (fetch or XHR). */
export const bearer = (): string => `Bearer ${token.get() ?? ''}`

export async function call(path: string): Promise<Response> {
  const res = await fetch(path, { headers: { authorization: bearer() } })
  if (res.status === 401 || res.status === 403) {
    token.clear()
    throw new TokenRefused(res.status === 403 ? 'forbidden' : 'unauthorized')
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { message?: string }
    throw new Error(body.message ?? `HTTP ${res.status}`)
  }
  return res
}

export const getJson = async <T>(path: string): Promise<T> => (await (await call(path)).json()) as T

/** The query string of a log search: only the fields that are set. */
export function searchQuery(q: { q?: string; status?: string; since?: string }): string {
  const p = new URLSearchParams()
  if (q.q) p.set('q', q.q)
  if (q.status) p.set('status', q.status)
  if (q.since) p.set('since', q.since)
  const s = p.toString()
  return s ? `?${s}` : ''
}
