/** The few words the widget frame says itself; everything inside the chat comes from the chat core's i18n. */
import type { WidgetLanguage } from './options.ts'

export interface WidgetStrings {
  close: string
  notAllowedTitle: string
  /** Followed by the page's origin, in <code>. */
  notAllowedBody: string
  notAllowedHelp: string
}

export const WIDGET_STRINGS: Record<WidgetLanguage, WidgetStrings> = {
  fr: {
    close: 'Fermer',
    notAllowedTitle: 'Ce site n’est pas autorisé à utiliser Sourcier.',
    notAllowedBody: 'Le serveur Sourcier refuse les questions venant de',
    notAllowedHelp: 'L’administrateur du serveur doit ajouter cette origine à ALLOWED_ORIGINS.',
  },
  en: {
    close: 'Close',
    notAllowedTitle: 'This site is not allowed to use Sourcier.',
    notAllowedBody: 'The Sourcier server refuses questions from',
    notAllowedHelp: 'The server’s administrator must add this origin to ALLOWED_ORIGINS.',
  },
}

/** The option if given, else the browser's language; French unless the browser prefers English. */
export function widgetLanguage(option: WidgetLanguage | undefined, browserLanguages: readonly string[]): WidgetLanguage {
  if (option) return option
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0]
    if (primary === 'fr' || primary === 'en') return primary
  }
  return 'fr'
}
