/**
 * Which reader a file goes to. The extension names the format, and the bytes (and the declared
 * content type, when the client sent a meaningful one) must agree with it: a PNG renamed .pdf is
 * `unsupported_format`, not a corrupt PDF, so the user is told what the file really is.
 */
import { SourcierError } from '../errors.ts'

export type IngestFormat = 'pdf' | 'docx' | 'txt'

const EXTENSIONS: Record<string, IngestFormat> = { '.pdf': 'pdf', '.docx': 'docx', '.txt': 'txt' }

const CONTENT_TYPES: Record<IngestFormat, readonly string[]> = {
  pdf: ['application/pdf', 'application/x-pdf'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  txt: ['text/plain'],
}
// Types a browser or curl sends when it does not know: they say nothing either way.
const NEUTRAL_TYPES = ['', 'application/octet-stream', 'binary/octet-stream', 'application/zip', 'application/x-zip-compressed']

const startsWith = (bytes: Uint8Array, sig: readonly number[]) => sig.every((b, i) => bytes[i] === b)
const MAGIC: Array<[string, readonly number[]]> = [
  ['a PDF', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['a ZIP archive (or a Word .docx)', [0x50, 0x4b, 0x03, 0x04]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['an old Word or Office file (.doc)', [0xd0, 0xcf, 0x11, 0xe0]],
]

/** What the bytes look like, in words, or null for no known signature. */
export function sniff(bytes: Uint8Array): string | null {
  // Some PDF writers put a few bytes of junk before the header; readers accept up to 1 KiB.
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).includes('%PDF-')) return 'a PDF'
  return MAGIC.find(([, sig]) => startsWith(bytes, sig))?.[0] ?? null
}

/** The file's format, or SourcierError `empty_file` / `unsupported_format`. */
export function detectFormat(bytes: Uint8Array, fileName: string, contentType = ''): IngestFormat {
  const ext = /\.[^.]+$/.exec(fileName.toLowerCase())?.[0] ?? ''
  const format = EXTENSIONS[ext]
  if (!format) throw new SourcierError('unsupported_format', `“${fileName}” is not a .pdf, .docx or .txt file.`)
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  if (!NEUTRAL_TYPES.includes(type) && !CONTENT_TYPES[format].includes(type)) {
    throw new SourcierError('unsupported_format', `“${fileName}” was sent as ${type}, which is not a ${ext} file.`)
  }
  if (bytes.length === 0) throw new SourcierError('empty_file')
  const seen = sniff(bytes)
  const expected = { pdf: 'a PDF', docx: 'a ZIP archive (or a Word .docx)', txt: null }[format]
  if (format === 'txt' ? seen !== null : seen !== expected && seen !== null) {
    throw new SourcierError('unsupported_format', `“${fileName}” is named ${ext} but is ${seen}.`)
  }
  if (format === 'docx' && seen === null) throw new SourcierError('corrupt_file', `“${fileName}” is not a Word .docx file (no ZIP header).`)
  return format
}
