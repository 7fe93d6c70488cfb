/**
 * The one DOM builder of the chat core. Children are always inserted as text nodes, so corpus
 * text and server messages can never become markup (the page runs under a strict CSP and copies
 * land in e-mails).
 */

export type Child = Node | string | number | null | undefined | false
/** Attributes; a function value is an event listener (`onclick` → `click`). */
export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Child | Child[]>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value)
    else if (name === 'class') el.className = String(value)
    else el.setAttribute(name, value === true ? '' : String(value))
  }
  append(el, ...children)
  return el
}

function append(parent: Node, ...children: Array<Child | Child[]>): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)))
  }
}

/** Replaces every child of `el`. */
export function replace(el: Element, ...children: Array<Child | Child[]>): void {
  el.replaceChildren()
  append(el, ...children)
}

/** A decorative 24×24 icon of one path in the current text colour, hidden from assistive technology. */
export function svgIcon(pathData: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg'
  const svg = document.createElementNS(ns, 'svg')
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('aria-hidden', 'true')
  svg.setAttribute('focusable', 'false')
  const path = document.createElementNS(ns, 'path')
  path.setAttribute('fill', 'currentColor')
  path.setAttribute('d', pathData)
  svg.append(path)
  return svg
}
