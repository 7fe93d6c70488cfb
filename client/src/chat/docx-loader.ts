/** Loads the Word export bundle (../docx.ts) from the server once, on first use. */
import type { DocxExport } from '../docx.ts'

let loading: Promise<DocxExport> | null = null

export function loadDocx(server: string): Promise<DocxExport> {
  const w = window as unknown as { SourcierDocx?: DocxExport }
  if (w.SourcierDocx) return Promise.resolve(w.SourcierDocx)
  loading ??= new Promise<DocxExport>((resolve, reject) => {
    const script = document.createElement('script')
    script.src = new URL('/dist/docx.js', server).href
    script.async = true
    script.onload = () => (w.SourcierDocx ? resolve(w.SourcierDocx) : reject(new Error('docx.js did not load')))
    script.onerror = () => {
      // A later click may try again (the network or the server may be back).
      loading = null
      script.remove()
      reject(new Error('docx.js did not load'))
    }
    document.head.append(script)
  })
  return loading
}
