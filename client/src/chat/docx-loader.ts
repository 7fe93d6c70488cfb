/** Loads the Word export bundle (../docx.ts) from the server once, on first use. */
import type { DocxExport } from '../docx.ts'

/** The event docx.js dispatches on its own script element, with its API as the detail. */
export const DOCX_READY_EVENT = 'sourcier-docx-ready'

let loading: Promise<DocxExport> | null = null

export function loadDocx(server: string): Promise<DocxExport> {
  loading ??= new Promise<DocxExport>((resolve, reject) => {
    const script = document.createElement('script')
    script.src = new URL('/dist/docx.js', server).href
    script.async = true
    // docx.js hands its API over on its own element while it runs, so the host page gets no global.
    let api: DocxExport | null = null
    script.addEventListener(DOCX_READY_EVENT, (event) => {
      api = (event as CustomEvent<DocxExport>).detail
    })
    script.onload = () => (api ? resolve(api) : reject(new Error('docx.js did not load')))
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
