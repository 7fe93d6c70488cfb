/**
 * PDF → positioned lines, page by page, with Mozilla's pdf.js (the legacy build runs in Node with
 * its in-process "fake worker": no worker file to ship). Only the text layer is read; what the
 * lines mean (header, footnote, heading) is decided in layout.ts.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { SourcierError } from '../errors.ts'

/** One printed line: text items that share a baseline, left to right. */
export interface PdfLine {
  text: string
  /** Font size of most of the line's characters, in points. */
  size: number
  /** Baseline, in points from the top of the page. */
  y: number
  /** Left edge, in points. */
  x: number
}

export interface PdfPage {
  /** 1-based position in the file. */
  index: number
  /** The page's printed number where the file declares numeric page labels, else its index. */
  number: number
  height: number
  lines: PdfLine[]
}

export interface ReadPdfOptions {
  /** Called after each page is read, for progress. Defaults to a no-op. */
  onPage: (page: number, pages: number) => void
}

export const DEFAULT_READ_PDF_OPTIONS: ReadPdfOptions = { onPage: () => {} }

interface Item {
  str: string
  x: number
  y: number
  width: number
  size: number
}

const pdfjsDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))

let pdfjs: Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> | undefined

/**
 * pdf.js, loaded on the first PDF read, with Node's own JSON put back. The legacy build bundles
 * core-js, which replaces JSON.parse and JSON.stringify process-wide with JavaScript versions (for
 * JSON.rawJSON, which Node 20 lacks): every WebSocket frame and REST body then went through them,
 * about 10 % of the answering thread's CPU under load. Loaded lazily, a server that never reads a
 * PDF never pays even the load.
 */
export function loadPdfjs(): Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> {
  pdfjs ??= (async () => {
    const { parse, stringify } = JSON
    try {
      return await import('pdfjs-dist/legacy/build/pdf.mjs')
    } finally {
      JSON.parse = parse
      JSON.stringify = stringify
    }
  })()
  return pdfjs
}

async function open(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    const { getDocument } = await loadPdfjs()
    return await getDocument({
      data: new Uint8Array(bytes),
      verbosity: 0,
      isEvalSupported: false,
      cMapUrl: `${pdfjsDir}/cmaps/`,
      cMapPacked: true,
      standardFontDataUrl: `${pdfjsDir}/standard_fonts/`,
    }).promise
  } catch (err) {
    const name = (err as Error).name
    if (name === 'PasswordException') throw new SourcierError('encrypted_pdf')
    throw new SourcierError('corrupt_file', `The PDF cannot be read: ${(err as Error).message}`)
  }
}

/** Items of one page → lines: items whose baselines lie within 0.6 em are one line (a superscript note call is raised about half an em). */
export function groupLines(items: readonly Item[]): PdfLine[] {
  const sorted = items.filter((i) => i.str.length).sort((a, b) => a.y - b.y || a.x - b.x)
  const groups: Item[][] = []
  for (const item of sorted) {
    const g = groups.at(-1)
    const base = g && Math.max(...g.map((i) => i.size))
    if (g && base !== undefined && Math.abs(item.y - g[0]!.y) < Math.max(base, item.size) * 0.6) g.push(item)
    else groups.push([item])
  }
  return groups.map((g) => lineOf(g.sort((a, b) => a.x - b.x)))
}

function lineOf(items: Item[]): PdfLine {
  const chars = new Map<number, number>()
  for (const i of items) chars.set(i.size, (chars.get(i.size) ?? 0) + i.str.trim().length)
  const size = [...chars].sort((a, b) => b[1] - a[1])[0]![0]
  let text = ''
  let right = -Infinity
  for (const i of items) {
    // A gap wider than a fifth of the font size is a space the PDF did not write as a character.
    const gap = i.x - right
    if (text && gap > size * 0.2 && !text.endsWith(' ') && !i.str.startsWith(' ')) text += ' '
    text += i.str
    right = Math.max(right, i.x + i.width)
  }
  const main = items.find((i) => i.size === size) ?? items[0]!
  return { text: text.replace(/\s+$/, ''), size: Math.round(size * 10) / 10, y: main.y, x: items[0]!.x }
}

async function readPage(doc: PDFDocumentProxy, index: number, label: number | null): Promise<PdfPage> {
  try {
    const page = await doc.getPage(index)
    const [, , , top] = page.view
    const content = await page.getTextContent()
    const items: Item[] = []
    for (const it of content.items) {
      if (!('str' in it)) continue
      const [a, b, c, d, e, f] = it.transform as number[]
      // Rotated text (a vertical margin note) is left out: it is not part of the reading order.
      if (Math.abs(b!) > 0.01 || Math.abs(c!) > 0.01 || a! <= 0) continue
      items.push({ str: it.str, x: e!, y: top! - f!, width: it.width, size: Math.hypot(c!, d!) })
    }
    page.cleanup()
    return { index, number: label ?? index, height: top!, lines: groupLines(items) }
  } catch (err) {
    if (err instanceof SourcierError) throw err
    throw new SourcierError('corrupt_file', `Page ${index} of the PDF cannot be read: ${(err as Error).message}`)
  }
}

/** Numeric page labels (« 7 » for the file's 9th page) when the file declares them all, else null. */
async function numericLabels(doc: PDFDocumentProxy): Promise<number[] | null> {
  const labels = await doc.getPageLabels().catch(() => null)
  if (!labels || !labels.every((l) => /^\d{1,5}$/.test(l))) return null
  return labels.map(Number)
}

/**
 * Reads every page's text lines. Throws SourcierError `encrypted_pdf` (password needed),
 * `corrupt_file` (naming the page when one page fails) or `no_text_layer` (no page has text).
 */
export async function readPdf(bytes: Uint8Array, options: Partial<ReadPdfOptions> = {}): Promise<PdfPage[]> {
  const o = { ...DEFAULT_READ_PDF_OPTIONS, ...options }
  const doc = await open(bytes)
  try {
    const labels = await numericLabels(doc)
    const pages: PdfPage[] = []
    for (let i = 1; i <= doc.numPages; i++) {
      pages.push(await readPage(doc, i, labels?.[i - 1] ?? null))
      o.onPage(i, doc.numPages)
    }
    if (!pages.some((p) => p.lines.some((l) => l.text.trim()))) {
      throw new SourcierError(
        'no_text_layer',
        `This PDF has no text layer (${doc.numPages} page(s) of images, probably a scan): run it through OCR first (e.g. ocrmypdf) and upload the result.`,
      )
    }
    return pages
  } finally {
    await doc.destroy()
  }
}
