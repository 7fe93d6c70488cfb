/**
 * The widget's options, read from the data- attributes of its script tag. Pure: no DOM access,
 * so the parsing rules are unit-tested in Node. Bad values never throw: an intranet page with a
 * typo in an attribute still gets a working widget with the default, and a console warning.
 */

import type { Language } from '../chat/i18n.ts'

export type WidgetPosition = 'left' | 'right'

export interface WidgetOptions {
  /** Origin of the Sourcier server (`data-server`), e.g. https://sourcier.example. Defaults to the origin the script was loaded from. */
  server: string
  /** Interface language (`data-language`: fr or en). Defaults to undefined: the chat core picks it from the browser. */
  language: Language | undefined
  /** Bottom corner of the launcher and panel (`data-position`: left or right). Defaults to "right". */
  position: WidgetPosition
  /** Panel heading and launcher label (`data-title`). Defaults to "Sourcier". */
  title: string
  /** Accent colour (`data-accent`: #rgb, #rrggbb, rgb()/hsl() or a colour name). Defaults to undefined: the stylesheet's own accent. */
  accent: string | undefined
  /** Suggested questions on the empty panel (`data-starters`, separated by "|"). Defaults to []: the chat core's own. */
  starters: string[]
  /** Document ids to search (`data-documents`, comma-separated). Defaults to []: every document. */
  documents: string[]
  /** Open the panel as soon as the page loads (`data-open`: present, "true" or "1"). Defaults to false. */
  open: boolean
  /** CSS selector of a host element to render into inline, without launcher (`data-target`). Defaults to undefined: launcher mode. */
  target: string | undefined
}

// `server` has no constant default: it is the origin the script was loaded from.
export const DEFAULT_WIDGET_OPTIONS: Omit<WidgetOptions, 'server'> = {
  language: undefined,
  position: 'right',
  title: 'Sourcier',
  accent: undefined,
  starters: [],
  documents: [],
  open: false,
  target: undefined,
}

/** The data- attributes as `element.dataset` exposes them (camelCased, string values). */
export type DataAttributes = Readonly<Record<string, string | undefined>>

export interface ReadResult {
  options: WidgetOptions
  /** One sentence per ignored attribute, for console.warn. */
  warnings: string[]
}

// Conservative on purpose: the value ends up in a CSS custom property, so anything that is not
// plainly a colour is refused rather than sanitised.
const COLOUR = /^(#[0-9a-f]{3,4}|#[0-9a-f]{6}|#[0-9a-f]{8}|(rgb|rgba|hsl|hsla)\(\s*[0-9.,%\s/deg]+\)|[a-z]{3,20})$/i
const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/
const MAX_STARTERS = 6
const MAX_TEXT = 200

/**
 * Reads the options. `scriptOrigin` is the origin widget.js came from: the default server, since
 * the one-line snippet normally loads the script from the Sourcier server itself.
 */
export function readWidgetOptions(data: DataAttributes, scriptOrigin: string): ReadResult {
  const warnings: string[] = []
  const warn = (attr: string, value: string, fallback: string) =>
    warnings.push(`Sourcier: ignoring data-${attr}=${JSON.stringify(value)}; using ${fallback}.`)
  const str = (key: string) => {
    const v = data[key]?.trim()
    return v === undefined || v === '' ? undefined : v
  }

  let server = scriptOrigin
  const rawServer = str('server')
  if (rawServer !== undefined) {
    const parsed = parseServer(rawServer)
    if (parsed) server = parsed
    else warn('server', rawServer, scriptOrigin)
  }

  let language: Language | undefined = DEFAULT_WIDGET_OPTIONS.language
  const rawLanguage = str('language')?.toLowerCase()
  if (rawLanguage !== undefined) {
    // Accept full tags ("fr-CH", "en_GB"): intranet CMSes often fill this from the page's lang.
    const primary = rawLanguage.split(/[-_]/)[0]
    if (primary === 'fr' || primary === 'en') language = primary
    else warn('language', rawLanguage, "the browser's language")
  }

  let position: WidgetPosition = DEFAULT_WIDGET_OPTIONS.position
  const rawPosition = str('position')?.toLowerCase()
  if (rawPosition !== undefined) {
    if (rawPosition === 'left' || rawPosition === 'right') position = rawPosition
    else warn('position', rawPosition, DEFAULT_WIDGET_OPTIONS.position)
  }

  const title = str('title')?.slice(0, MAX_TEXT) ?? DEFAULT_WIDGET_OPTIONS.title

  let accent: string | undefined = DEFAULT_WIDGET_OPTIONS.accent
  const rawAccent = str('accent')
  if (rawAccent !== undefined) {
    if (COLOUR.test(rawAccent)) accent = rawAccent
    else warn('accent', rawAccent, 'the default accent')
  }

  const starters = (str('starters') ?? '')
    .split('|')
    .map((s) => s.trim().slice(0, MAX_TEXT))
    .filter(Boolean)
    .slice(0, MAX_STARTERS)

  const documents: string[] = []
  for (const id of (str('documents') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (DOCUMENT_ID.test(id)) {
      if (!documents.includes(id)) documents.push(id)
    } else warn('documents', id, 'the other documents')
  }

  // A bare `data-open` attribute reads as "" in dataset: presence means yes.
  const rawOpen = data['open']?.trim().toLowerCase()
  const open = rawOpen === undefined ? DEFAULT_WIDGET_OPTIONS.open : ['', 'true', '1', 'yes', 'open'].includes(rawOpen)

  const target = str('target') ?? DEFAULT_WIDGET_OPTIONS.target

  return {
    options: { server, language, position, title, accent, starters: [...starters], documents, open, target },
    warnings,
  }
}

/**
 * The server's origin. The server answers at the root of its own host name (its WebSocket is
 * always /ws), so a URL with a path, credentials, a query or a fragment is refused rather than
 * half-honoured.
 */
function parseServer(raw: string): string | undefined {
  try {
    const url = new URL(raw)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
    if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return undefined
    return url.origin
  } catch {
    return undefined
  }
}
