/**
 * Word .docx → the plain text the corpus pipeline reads, through mammoth's HTML (which keeps
 * headings, lists and footnotes, unlike its raw text). One block per paragraph, separated by blank
 * lines; a footnote call becomes its number glued to the word, as in a PDF extraction, and the
 * notes follow a « __________ » rule at the end, where notes.ts lifts them out. A .docx has no
 * pages: its paragraphs carry none.
 */
import mammoth from 'mammoth'
import { NOTE_RULE } from '../corpus/notes.ts'
import { SourcierError } from '../errors.ts'

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '’', nbsp: ' ', '#39': '’' }

const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (ENTITIES[e] !== undefined) return ENTITIES[e]!
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)))
    return m
  })

const inline = (html: string) =>
  decode(html.replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, ' ')
    .trim()

/** mammoth's HTML → blocks of text, footnotes last. */
export function htmlToText(html: string): string {
  // Footnote calls: « saisonniers<sup><a href="#footnote-1" …>[1]</a></sup> » → « saisonniers1 ».
  let body = html.replace(/<sup><a href="#(?:footnote|endnote)-(\d+)"[^>]*>\[\d+\]<\/a><\/sup>/g, '$1')
  const notes: string[] = []
  body = body.replace(/<li id="(?:footnote|endnote)-(\d+)">([\s\S]*?)<\/li>/g, (_m, n: string, inner: string) => {
    notes.push(`${n} ${inline(inner.replace(/<a href="#(?:footnote|endnote)-ref-\d+">[^<]*<\/a>/g, ''))}`)
    return ''
  })
  const blocks: string[] = []
  // Numbered lists keep their numbers (Word's automatic numbering is not in the text itself).
  body = body.replace(/<ol>([\s\S]*?)<\/ol>/g, (_m, inner: string) => {
    let k = 0
    return inner.replace(/<li>/g, () => `<li data-n="${++k}">`)
  })
  for (const m of body.matchAll(/<(h[1-6]|p|li(?: data-n="(\d+)")?|td|th)>([\s\S]*?)<\/(?:h[1-6]|p|li|td|th)>/g)) {
    const text = inline(m[3]!.replace(/<(?:p|li)>[\s\S]*$/, ''))
    if (!text) continue
    const tag = m[1]!
    blocks.push(tag.startsWith('li') ? (m[2] ? `${m[2]}. ${text}` : `• ${text}`) : text)
  }
  const tail = notes.length ? [NOTE_RULE, ...notes] : []
  return [...blocks.flatMap((b) => [b, '']), ...tail].join('\n')
}

/** The .docx's text for parseDocument; `corrupt_file` when it is not a Word document mammoth can read. */
export async function readDocx(bytes: Uint8Array): Promise<{ text: string; warnings: string[] }> {
  let result: { value: string; messages: Array<{ type: string; message: string }> }
  try {
    result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })
  } catch (err) {
    throw new SourcierError('corrupt_file', `The Word file cannot be read: ${(err as Error).message.split('\n')[0]}`)
  }
  const text = htmlToText(result.value)
  if (!text.replace(/__________/g, '').trim()) throw new SourcierError('empty_file', 'The Word file has no text.')
  return { text, warnings: result.messages.filter((m) => m.type !== 'info').map((m) => m.message) }
}
