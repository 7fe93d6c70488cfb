/**
 * Links into the chat (issue 15): `?q=<question>&documents=<id,id>` asks on load; `#p=<id>` opens
 * the reader (reader.ts). Pure.
 */

export interface LinkState {
  question: string | null
  documents: string[]
}

/** The question (and document filter) of a shared link, if any. */
export function questionFromLocation(loc: Pick<Location, 'search'>): LinkState {
  const params = new URLSearchParams(loc.search)
  const question = params.get('q')?.trim() || null
  const documents = (params.get('documents') ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)
  return { question, documents }
}

/** A link that asks `question` again, over the same documents. */
export function shareLink(base: string, question: string, documents: readonly string[] = []): string {
  const url = new URL(base)
  url.hash = ''
  url.search = ''
  url.searchParams.set('q', question)
  if (documents.length) url.searchParams.set('documents', documents.join(','))
  return url.href
}
