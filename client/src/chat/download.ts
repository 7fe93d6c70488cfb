/**
 * Hands a file to the browser's downloads: the chat's Word and HTML exports, the admin page's CSV.
 * The link is in the document while clicked, and the object URL is kept a while for the download to start.
 */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
