/**
 * Keeps keyboard focus inside the open panel. The panel is a modal dialog over the host page, so
 * Tab from its last control wraps to its first (and Shift+Tab the other way) instead of walking
 * off into the host page behind it.
 */

const TABBABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'summary',
  '[tabindex]:not([tabindex="-1"])',
  '[contenteditable="true"]',
].join(',')

/** Focusable elements of `container` in tab order, skipping hidden ones. */
function tabbables(container: ParentNode): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => el.tabIndex >= 0 && !el.closest('[hidden], [inert]') && el.getClientRects().length > 0,
  )
}

/**
 * Installs the trap on `container` (an element inside `root`). Returns the function that removes it.
 * `root` is the shadow root: inside a shadow tree, `document.activeElement` is only the host.
 */
export function trapFocus(container: HTMLElement, root: ShadowRoot): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Tab') return
    const items = tabbables(container)
    const first = items[0]
    const last = items[items.length - 1]
    if (!first || !last) {
      event.preventDefault()
      return
    }
    const active = root.activeElement
    const inside = active instanceof Node && container.contains(active)
    if (event.shiftKey && (active === first || !inside)) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && (active === last || !inside)) {
      event.preventDefault()
      first.focus()
    }
  }
  container.addEventListener('keydown', onKeyDown)
  return () => container.removeEventListener('keydown', onKeyDown)
}
