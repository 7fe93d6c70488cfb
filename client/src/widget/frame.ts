/**
 * The widget's DOM inside its shadow root: the chat stylesheet link, the launcher button and the
 * panel (a dialog with a heading, a close button and a body where the chat is mounted).
 * Built with createElement and textContent only: host pages may forbid inline styles and the
 * title comes from a data- attribute.
 */
import type { WidgetOptions } from './options.ts'
import type { WidgetStrings } from './strings.ts'
import { WIDGET_CSS } from './styles.ts'

export type WidgetMode = 'launcher' | 'inline'

export interface Frame {
  root: ShadowRoot
  /** The outer wrapper; carries data-mode and data-position for the stylesheet. */
  wrapper: HTMLElement
  /** Null in inline mode. */
  launcher: HTMLButtonElement | null
  panel: HTMLElement
  /** Null in inline mode: the host page decides where the panel lives and for how long. */
  closeButton: HTMLButtonElement | null
  body: HTMLElement
}

let sheet: CSSStyleSheet | undefined

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

function chatIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg'
  const svg = document.createElementNS(ns, 'svg')
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('aria-hidden', 'true')
  svg.setAttribute('focusable', 'false')
  const path = document.createElementNS(ns, 'path')
  path.setAttribute('fill', 'currentColor')
  path.setAttribute(
    'd',
    'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 5v2h10V9H7zm0 4v2h7v-2H7z',
  )
  svg.append(path)
  return svg
}

export function buildFrame(host: HTMLElement, mode: WidgetMode, options: WidgetOptions, strings: WidgetStrings): Frame {
  host.dataset['mode'] = mode
  const root = host.attachShadow({ mode: 'open' })
  if (!sheet) {
    sheet = new CSSStyleSheet()
    sheet.replaceSync(WIDGET_CSS)
  }
  root.adoptedStyleSheets = [sheet]

  const wrapper = el('div', 'sw')
  wrapper.dataset['mode'] = mode
  wrapper.dataset['position'] = options.position
  if (options.accent) {
    // The launcher and header print white on the accent; the chat's buttons must agree in dark mode too.
    wrapper.style.setProperty('--sourcier-accent', options.accent)
    wrapper.style.setProperty('--sourcier-accent-text', '#ffffff')
  }
  root.append(wrapper)

  const panel = el('div', 'sw-panel')
  panel.id = 'sourcier-panel'
  const heading = el('h2', 'sw-title', options.title)
  heading.id = 'sourcier-title'
  const header = el('div', 'sw-header')
  header.append(heading)
  const body = el('div', 'sw-body')
  panel.append(header, body)

  let launcher: HTMLButtonElement | null = null
  let closeButton: HTMLButtonElement | null = null
  if (mode === 'launcher') {
    panel.setAttribute('role', 'dialog')
    panel.setAttribute('aria-modal', 'true')
    panel.setAttribute('aria-labelledby', heading.id)
    panel.hidden = true
    closeButton = el('button', 'sw-close', '×')
    closeButton.type = 'button'
    header.append(closeButton)
    launcher = el('button', 'sw-launcher')
    launcher.type = 'button'
    launcher.setAttribute('aria-expanded', 'false')
    launcher.setAttribute('aria-controls', panel.id)
    launcher.append(chatIcon(), el('span', '', options.title))
    wrapper.append(launcher, panel)
  } else {
    panel.setAttribute('role', 'region')
    panel.setAttribute('aria-labelledby', heading.id)
    wrapper.append(panel)
  }
  const frame = { root, wrapper, launcher, panel, closeButton, body }
  translateFrame(frame, strings)
  return frame
}

/** Puts the frame's own words in the given language. */
export function translateFrame(frame: Frame, strings: WidgetStrings): void {
  frame.closeButton?.setAttribute('aria-label', strings.close)
  if (frame.closeButton) frame.closeButton.title = strings.close
}

/**
 * Links the chat's stylesheet from the server and resolves once it has loaded (or failed: the
 * chat is still usable unstyled). A <link> is allowed by a host CSP that lists the server in
 * style-src, where a <style> copy would need 'unsafe-inline'.
 */
export function linkChatStyles(root: ShadowRoot, server: string): Promise<void> {
  return new Promise((resolve) => {
    const link = document.createElement('link')
    link.rel = 'stylesheet'
    link.href = `${server}/dist/app.css`
    link.addEventListener('load', () => resolve(), { once: true })
    link.addEventListener('error', () => resolve(), { once: true })
    root.prepend(link)
  })
}

/** The notice shown instead of the chat when the server refuses this page's origin. */
export function showNotAllowed(body: HTMLElement, strings: WidgetStrings, origin: string): void {
  const notice = el('div', 'sw-notice')
  notice.dataset['kind'] = 'not-allowed'
  notice.setAttribute('role', 'alert')
  const detail = el('p', '', `${strings.notAllowedBody} `)
  detail.append(el('code', '', origin), '.')
  notice.append(el('h3', '', strings.notAllowedTitle), detail, el('p', '', strings.notAllowedHelp))
  body.replaceChildren(notice)
}
