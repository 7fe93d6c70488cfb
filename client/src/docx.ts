/**
 * docx.js: the Word export of the dossier, a bundle of its own (the `docx` package weighs ~220 KB
 * minified) that the chat loads only when « Télécharger (.docx) » is first used. It renders the same
 * ExportModel as the e-mail copy (chat/copy.ts), so the citations and the numbered source list read
 * the same in both.
 */
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'
import type { ExportModel } from './chat/copy.ts'
import { DOCX_READY_EVENT } from './chat/docx-loader.ts'

export interface DocxExport {
  toDocx(model: ExportModel, title: string): Promise<Blob>
}

function quoteParagraph(line: ExportModel['lines'][number]): Paragraph {
  const runs =
    line.quote === null ? [new TextRun(line.text)] : [new TextRun(`${line.quote} — `), new TextRun({ text: line.cite, italics: true })]
  runs.push(new TextRun(` [${line.n}]`))
  if (line.caution) runs.push(new TextRun({ text: ` (${line.caution})`, bold: true }))
  return new Paragraph({ children: runs, spacing: { after: 160 } })
}

async function toDocx(model: ExportModel, title: string): Promise<Blob> {
  const children = [
    new Paragraph({ text: title, heading: HeadingLevel.HEADING_1 }),
    ...model.intro.map((l) => new Paragraph({ children: [new TextRun({ text: l, bold: true })] })),
    ...model.lines.map(quoteParagraph),
    new Paragraph({ text: model.sourcesHeading, heading: HeadingLevel.HEADING_2 }),
    // Numbers written out, not Word list numbering: they must match the [n] of the quotes whatever
    // the reader's Word does with list styles, and read the same as the e-mail's.
    ...model.sources.map((s, i) => new Paragraph({ text: `${i + 1}. ${s}` })),
  ]
  const doc = new Document({ creator: 'Sourcier', title, sections: [{ children }] })
  return Packer.toBlob(doc)
}

const api: DocxExport = { toDocx }
// Not a global: the README promises host pages one, `window.Sourcier`. The event fires while this
// script runs, before its load event, on the element the loader listens to.
document.currentScript?.dispatchEvent(new CustomEvent<DocxExport>(DOCX_READY_EVENT, { detail: api }))
