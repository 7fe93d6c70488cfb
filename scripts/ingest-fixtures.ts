/**
 * Generates the ingestion test fixtures: a three-page French PDF with a running header, page
 * numbers, a footnote, a word hyphenated across a line and another across a page break, a
 * numbered paragraph running over a page break, accents and « ’ »; the same text as a .docx; and
 * the bad files (encrypted, image only, corrupt, empty, wrong type). Tests call the functions and
 * write into a temp dir; `npm run fixtures:ingest -- DIR` writes them for a look by hand.
 * Lines are placed one by one so that every break is where the test expects it.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { deflateSync } from 'node:zlib'
import PDFDocument from 'pdfkit'
import { Document, FootnoteReferenceRun, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'

type LineSpec = { kind: 'body'; text: string; call?: string } | { kind: 'gap' } | { kind: 'title' | 'heading'; text: string }

interface PageSpec {
  lines: LineSpec[]
  /** Footnotes printed at the foot of the page, marker first. */
  notes?: string[]
}

export const FIXTURE_META = {
  title: 'Le travail saisonnier dans les vignobles et les safranières',
  shortTitle: 'Travail saisonnier',
  publisher: 'Observatoire des saisons agricoles',
  year: 2019,
  series: 'Rapports d’étape',
  language: 'fr',
} as const

const HEADER = 'Observatoire des saisons agricoles — Rapport d’étape 2019'

/** The report, page by page. § 3 runs from page 1 to page 2, cut inside « accom- / pagnement ». */
export const REPORT_PAGES: PageSpec[] = [
  {
    lines: [
      { kind: 'title', text: 'Le travail saisonnier dans les vignobles' },
      { kind: 'heading', text: 'I. Contexte' },
      { kind: 'body', text: '1. Chaque été, les exploitations de Bourgogne emploient des travailleurs saisonniers', call: '1' },
      { kind: 'body', text: 'venus de l’étranger. Leur nombre a doublé en dix ans selon l’Office régional, qui' },
      { kind: 'body', text: 'publie chaque année un relevé détaillé des contrats signés à Genève et à Dijon.' },
      { kind: 'gap' },
      { kind: 'body', text: '2. Les conditions d’hébergement restent le premier sujet de plainte : « dortoirs' },
      { kind: 'body', text: 'surpeuplés », sanitaires insuffisants et trajets non rémunérés. Les inspecteurs du tra-' },
      { kind: 'body', text: 'vail ont relevé quarante-deux infractions lors de la dernière campagne des vendanges.' },
      { kind: 'gap' },
      { kind: 'body', text: '3. Les employeurs interrogés réclament un guichet unique pour l’accueil et l’accom-' },
    ],
    notes: ['1 Enquête menée auprès de 212 exploitations entre mai et septembre 2018.'],
  },
  {
    lines: [
      { kind: 'body', text: 'pagnement des saisonniers, ainsi qu’une simplification des formalités de déclaration' },
      { kind: 'body', text: 'préalable à l’embauche pour les contrats de moins de trois semaines.' },
      { kind: 'heading', text: 'II. Rémunération' },
      { kind: 'body', text: '4. Les cueilleurs de safran du Quercy sont rémunérés à la pesée, au gramme de stigmates' },
      { kind: 'body', text: 'séchés, et non à l’heure : une pratique que l’inspection juge contraire au droit du travail.' },
      { kind: 'gap' },
      { kind: 'body', text: '5. Les vendangeurs perçoivent en moyenne dix euros brut de l’heure ; les heures' },
      { kind: 'body', text: 'supplémentaires du dimanche sont rarement déclarées, ce que l’Office régional attribue' },
      { kind: 'body', text: 'à la brièveté des contrats.' },
    ],
  },
  {
    lines: [
      { kind: 'heading', text: 'III. Recommandations' },
      { kind: 'body', text: '6. L’Observatoire recommande d’ouvrir des logements collectifs gérés par les communes,' },
      { kind: 'body', text: 'financés pour moitié par les interprofessions viticoles.' },
    ],
  },
]

const SIZE = { body: 11, title: 18, heading: 13, header: 8, note: 8, call: 6 }
const LEFT = 60
const TOP = 90
const LEADING = 15

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  return new Promise((resolve) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.end()
  })
}

function drawLine(doc: PDFKit.PDFDocument, line: LineSpec, y: number): number {
  if (line.kind === 'gap') return y + LEADING * 0.8
  if (line.kind !== 'body') {
    doc
      .font('Helvetica-Bold')
      .fontSize(SIZE[line.kind])
      .text(line.text, LEFT, y + 6, { lineBreak: false })
    return y + SIZE[line.kind] * 2.2
  }
  doc.font('Helvetica').fontSize(SIZE.body).text(line.text, LEFT, y, { lineBreak: false })
  if (line.call) {
    const width = doc.widthOfString(line.text)
    doc.fontSize(SIZE.call).text(line.call, LEFT + width + 0.5, y - 2, { lineBreak: false })
  }
  return y + LEADING
}

function drawPage(doc: PDFKit.PDFDocument, page: PageSpec, n: number): void {
  doc.font('Helvetica-Oblique').fontSize(SIZE.header).text(HEADER, LEFT, 40, { lineBreak: false })
  let y = TOP
  for (const line of page.lines) y = drawLine(doc, line, y)
  const notes = page.notes ?? []
  let ny = 760 - notes.length * 11
  if (notes.length)
    doc
      .moveTo(LEFT, ny - 6)
      .lineTo(LEFT + 120, ny - 6)
      .lineWidth(0.5)
      .stroke()
  for (const note of notes) {
    doc.font('Helvetica').fontSize(SIZE.note).text(note, LEFT, ny, { lineBreak: false })
    ny += 11
  }
  doc.font('Helvetica').fontSize(9).text(String(n), 290, 800, { lineBreak: false })
}

/** A PDF of `pages` (the report by default); options go to pdfkit (userPassword for an encrypted one). */
export function makeReportPdf(pages: PageSpec[] = REPORT_PAGES, options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: FIXTURE_META.title }, ...options })
  pages.forEach((page, i) => {
    doc.addPage()
    drawPage(doc, page, i + 1)
  })
  return collect(doc)
}

/** A longer PDF for timings: the report's pages repeated `copies` times, paragraphs renumbered in sequence. */
export function makeLongPdf(copies: number): Promise<Buffer> {
  const pages: PageSpec[] = []
  let n = 0
  for (let c = 0; c < copies; c++) {
    for (const page of REPORT_PAGES) {
      const lines = page.lines.map((l) => {
        if (l.kind !== 'body') return l
        const m = /^(\d+)\. /.exec(l.text)
        return m ? { ...l, text: l.text.replace(/^\d+/, String(++n)) } : l
      })
      pages.push({ lines, notes: c === 0 ? page.notes : [] })
    }
  }
  return makeReportPdf(pages)
}

/**
 * A PDF laid out by pdfkit itself (justified text wrapped at the margin, as a word processor
 * would), 14 numbered paragraphs over two pages, « Page n » footers and a running header added
 * afterwards. Paragraph 8 runs from page 1 to page 2.
 */
export function makeFlowingPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 70, bottom: 70, left: 72, right: 72 }, bufferPages: true })
  const para = (n: number) =>
    `${n}. La coopération entre les États d’origine et de destination suppose des objectifs partagés ; l’Organisation rappelle que la gestion des migrations de main-d’œuvre exige des accords bilatéraux, des mécanismes de reconnaissance des qualifications et une protection effective des travailleurs saisonniers contre les abus, notamment en matière de logement et de rémunération. Les recommandations qui suivent s’appuient sur l’expérience de vingt-trois pays.`
  doc.font('Helvetica-Bold').fontSize(16).text('Rapport annuel sur la mobilité de la main-d’œuvre', { align: 'center' })
  doc.moveDown()
  for (let n = 1; n <= 14; n++) {
    if (n === 5) doc.font('Helvetica-Bold').fontSize(13).text('II. Les accords bilatéraux').moveDown(0.5)
    doc.font('Helvetica').fontSize(11).text(para(n), { align: 'justify' }).moveDown(0.6)
  }
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    doc.font('Helvetica-Oblique').fontSize(8).text('OIM — Rapport annuel 2021', 72, 40, { lineBreak: false })
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(`Page ${i + 1}`, 280, 800, { lineBreak: false })
  }
  return collect(doc)
}

/** An encrypted PDF: opening it needs a password. */
export function makeEncryptedPdf(): Promise<Buffer> {
  return makeReportPdf(REPORT_PAGES.slice(0, 1), { userPassword: 'secret', ownerPassword: 'owner', pdfVersion: '1.7' })
}

function crc32(bytes: Buffer): number {
  let c = ~0
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

/** A small grey PNG, written by hand so that no image library is needed. */
export function makePng(width = 40, height = 30): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const out = Buffer.alloc(body.length + 8)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), body.length + 4)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 0, 0, 0, 0], 8) // 8-bit greyscale
  const rows = Buffer.alloc((width + 1) * height, 0x80)
  for (let r = 0; r < height; r++) rows[r * (width + 1)] = 0
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))])
}

/** A scanned page: one image, no text layer. */
export function makeImageOnlyPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0 })
  doc.image(makePng(), 60, 60, { width: 400 })
  return collect(doc)
}

/** Starts like a PDF, then nothing a parser can read. */
export function makeCorruptPdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R'), Buffer.alloc(600, 0x3f)])
}

/** The report as a Word document: headings, numbered paragraphs, a footnote. */
export async function makeReportDocx(): Promise<Buffer> {
  const body = REPORT_PAGES.flatMap((p) => p.lines)
  // Lines of one paragraph joined back (a Word file has no line breaks), hyphenation undone.
  const blocks: Array<{ heading: boolean; text: string; call?: string }> = []
  for (const l of body) {
    if (l.kind === 'gap') continue
    const starts = l.kind !== 'body' || /^\d+\. /.test(l.text)
    if (starts || !blocks.length) blocks.push({ heading: l.kind !== 'body', text: l.text })
    else {
      const last = blocks.at(-1)!
      last.text = last.text.endsWith('-') ? last.text.slice(0, -1) + l.text : `${last.text} ${l.text}`
    }
    if (l.kind === 'body' && l.call) blocks.at(-1)!.call = l.call
  }
  const children = blocks.map((b) => {
    if (b.heading) return new Paragraph({ text: b.text, heading: HeadingLevel.HEADING_1 })
    // The call goes after the word it follows in the PDF (« saisonniers »), as Word would print it.
    const cut = b.call ? b.text.indexOf('saisonniers') + 'saisonniers'.length : b.text.length
    const runs = [new TextRun(b.text.slice(0, cut))]
    if (b.call) runs.push(new FootnoteReferenceRun(1) as unknown as TextRun, new TextRun(b.text.slice(cut)))
    return new Paragraph({ children: runs })
  })
  const doc = new Document({
    footnotes: { 1: { children: [new Paragraph('Enquête menée auprès de 212 exploitations entre mai et septembre 2018.')] } },
    sections: [{ children }],
  })
  return Packer.toBuffer(doc)
}

/** The report as a plain text file: its lines as printed, a blank line around headings and between paragraphs. */
export function reportText(): string {
  const lines = REPORT_PAGES.flatMap((p) => p.lines).map((l) => (l.kind === 'gap' ? '' : l.kind === 'body' ? l.text : `\n${l.text}\n`))
  return `${lines.join('\n')}\n`
}

interface FixtureFile {
  name: string
  bytes: Buffer
}

/** Every fixture, good and bad, with the file name a test uploads it under. */
async function allFixtures(): Promise<FixtureFile[]> {
  return [
    { name: 'rapport.pdf', bytes: await makeReportPdf() },
    { name: 'rapport.docx', bytes: await makeReportDocx() },
    { name: 'justifie.pdf', bytes: await makeFlowingPdf() },
    { name: 'rapport.txt', bytes: Buffer.from(reportText()) },
    { name: 'chiffre.pdf', bytes: await makeEncryptedPdf() },
    { name: 'scan.pdf', bytes: await makeImageOnlyPdf() },
    { name: 'corrompu.pdf', bytes: makeCorruptPdf() },
    { name: 'vide.pdf', bytes: Buffer.alloc(0) },
    { name: 'image.png', bytes: makePng() },
    { name: 'image-renommee.pdf', bytes: makePng() },
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'var/fixtures'
  await mkdir(dir, { recursive: true })
  for (const f of await allFixtures()) await writeFile(path.join(dir, f.name), f.bytes)
  console.log(`fixtures written to ${dir}`)
}
