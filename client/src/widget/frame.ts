/**
 * The widget's DOM inside its shadow root: the launcher button and the panel (a dialog with a
 * heading, a close button and a body where the chat is mounted). Built with the chat core's h(),
 * which inserts text as text: the title comes from a data- attribute of the host page.
 */
import { h, replace, svgIcon } from '../chat/h.ts'
import type { WidgetOptions } from './options.ts'
import type { WidgetStrings } from './strings.ts'
import { WIDGET_CSS } from './styles.ts'

export type WidgetMode = 'launcher' | 'inline'

export interface Frame {
  root: ShadowRoot
  /** Null in inline mode. */
  launcher: HTMLButtonElement | null
  panel: HTMLElement
  /** Null in inline mode: the host page decides where the panel lives and for how long. */
  closeButton: HTMLButtonElement | null
  body: HTMLElement
}

let sheet: CSSStyleSheet | undefined

// A speech bubble with two lines of text.
const chatIcon = () =>
  svgIcon('M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 5v2h10V9H7zm0 4v2h7v-2H7z')

export function buildFrame(host: HTMLElement, mode: WidgetMode, options: WidgetOptions, strings: WidgetStrings): Frame {
  host.dataset['mode'] = mode
  const root = host.attachShadow({ mode: 'open' })
  if (!sheet) {
    sheet = new CSSStyleSheet()
    sheet.replaceSync(WIDGET_CSS)
  }
  root.adoptedStyleSheets = [sheet]

  const wrapper = h('div', { class: 'sw', 'data-mode': mode, 'data-position': options.position })
  if (options.accent) {
    // The launcher and header print white on the accent; the chat's buttons must agree in dark mode too.
    wrapper.style.setProperty('--sourcier-accent', options.accent)
    wrapper.style.setProperty('--sourcier-accent-text', '#ffffff')
  }
  root.append(wrapper)

  const heading = h('h2', { class: 'sw-title', id: 'sourcier-title' }, options.title)
  const header = h('div', { class: 'sw-header' }, heading)
  const body = h('div', { class: 'sw-body' })
  const panel = h('div', { class: 'sw-panel', id: 'sourcier-panel', 'aria-labelledby': heading.id }, header, body)

  let launcher: HTMLButtonElement | null = null
  let closeButton: HTMLButtonElement | null = null
  if (mode === 'launcher') {
    panel.setAttribute('role', 'dialog')
    panel.setAttribute('aria-modal', 'true')
    panel.hidden = true
    closeButton = h('button', { type: 'button', class: 'sw-close' }, '×')
    header.append(closeButton)
    launcher = h(
      'button',
      { type: 'button', class: 'sw-launcher', 'aria-expanded': 'false', 'aria-controls': panel.id },
      chatIcon(),
      h('span', {}, options.title),
    )
    wrapper.append(launcher, panel)
  } else {
    panel.setAttribute('role', 'region')
    wrapper.append(panel)
  }
  const frame = { root, launcher, panel, closeButton, body }
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
    root.prepend(h('link', { rel: 'stylesheet', href: `${server}/dist/app.css`, onload: () => resolve(), onerror: () => resolve() }))
  })
}

/** The notice shown instead of the chat when the server refuses this page's origin. */
export function showNotAllowed(body: HTMLElement, strings: WidgetStrings, origin: string): void {
  replace(
    body,
    h(
      'div',
      { class: 'sw-notice', 'data-kind': 'not-allowed', role: 'alert' },
      h('h3', {}, strings.notAllowedTitle),
      h('p', {}, `${strings.notAllowedBody} `, h('code', {}, origin), '.'),
      h('p', {}, strings.notAllowedHelp),
    ),
  )
}
