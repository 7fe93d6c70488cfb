/** The few words the widget frame says itself; everything inside the chat comes from the chat core's i18n. */
import type { Language } from '../chat/i18n.ts'

export interface WidgetStrings {
  close: string
  notAllowedTitle: string
  /** Followed by the page's origin, in <code>. */
  notAllowedBody: string
  notAllowedHelp: string
}

export const WIDGET_STRINGS: Record<Language, WidgetStrings> = {
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
