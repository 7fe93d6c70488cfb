/** Puts a copy payload on the clipboard as text/plain and text/html. */
import type { CopyPayload } from './copy.ts'

/**
 * The async Clipboard API first; where it is missing or refused (insecure origin, permissions,
 * older browsers, some iframes), a `copy` event whose handler sets both types, which browsers
 * allow from a click without any permission.
 */
export async function writeClipboard(payload: CopyPayload): Promise<boolean> {
  try {
    if (typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
      await navigator.clipboard.write([
        new ClipboardItem({
          'text/plain': new Blob([payload.plain], { type: 'text/plain' }),
          'text/html': new Blob([payload.html], { type: 'text/html' }),
        }),
      ])
      return true
    }
  } catch {
    // fall through to the copy event
  }
  return copyEventFallback(payload)
}

function copyEventFallback(payload: CopyPayload): boolean {
  let done = false
  const onCopy = (event: ClipboardEvent) => {
    if (!event.clipboardData) return
    event.clipboardData.setData('text/plain', payload.plain)
    event.clipboardData.setData('text/html', payload.html)
    event.preventDefault()
    done = true
  }
  document.addEventListener('copy', onCopy, true)
  try {
    // Deprecated but still the only synchronous way to raise a trusted copy event.
    document.execCommand('copy')
  } catch {
    done = false
  } finally {
    document.removeEventListener('copy', onCopy, true)
  }
  return done
}
