import { describe, expect, it } from 'vitest'
import { loadPdfjs } from '../../server/ingest/pdf.ts'

// Regression: pdfjs-json-polyfill. pdf.js's legacy build bundles core-js, which replaced
// JSON.parse and JSON.stringify with JavaScript versions for the whole process (dressed up to
// print as native code), slowing every frame the server sent and read.
describe('reading PDFs leaves the process its native JSON', () => {
  it('JSON.parse and JSON.stringify are the same functions once pdf.js is loaded', async () => {
    const { parse, stringify } = JSON
    await loadPdfjs()
    expect(JSON.stringify).toBe(stringify)
    expect(JSON.parse).toBe(parse)
  })
})
