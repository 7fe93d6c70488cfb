/**
 * widget.js: the one-line intranet integration (issue 7).
 *
 *   <script src="https://sourcier.example/widget.js" data-server="https://sourcier.example" async></script>
 *
 * Reads its options from its own script tag, renders a launcher and a chat panel (or, with
 * data-target, the panel inline in a host element) inside a shadow root, and defines one global,
 * `window.Sourcier`, then fires `sourcier:ready` on document.
 */
import { createWidget, type SourcierApi } from './widget/controller.ts'
import { readWidgetOptions } from './widget/options.ts'

declare global {
  interface Window {
    Sourcier?: SourcierApi
  }
}

const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[src*="widget.js"]')

function init(): void {
  if (window.Sourcier) {
    console.warn('Sourcier: widget.js is included more than once; only the first copy runs.')
    return
  }
  const scriptOrigin = script?.src ? new URL(script.src).origin : location.origin
  const { options, warnings } = readWidgetOptions(script?.dataset ?? {}, scriptOrigin)
  for (const warning of warnings) console.warn(warning)

  const host = document.createElement('sourcier-widget')
  let target: Element | null = null
  if (options.target) {
    try {
      target = document.querySelector(options.target)
    } catch {
      // An invalid selector is reported like a missing element just below.
    }
    if (!target) console.error(`Sourcier: data-target="${options.target}" matches no element; showing the launcher instead.`)
  }
  if (target) target.append(host)
  else document.body.append(host)

  window.Sourcier = createWidget(host, target ? 'inline' : 'launcher', options)
  document.dispatchEvent(new CustomEvent('sourcier:ready'))
}

// An async script may run before the body (or the data-target element) has been parsed.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init, { once: true })
else init()
