/**
 * Interface strings in French and English. The corpus is French whatever the interface language;
 * only the chrome around the extracts is translated.
 */
import type { Language } from '../../../server/protocol/types.ts'

export type { Language }

const fr = {
  tagline: 'Extraits cités des textes de l’OIM et des Nations Unies sur les migrations',
  placeholder: 'Posez votre question…',
  questionLabel: 'Votre question',
  send: 'Envoyer',
  clear: 'Effacer',
  clearLabel: 'Effacer la conversation',
  switchLanguage: 'English',
  switchLanguageLabel: 'Switch the interface to English',
  filterLabel: 'Documents',
  allDocuments: 'Tous les documents',
  status: { connecting: 'Connexion…', online: 'Connecté', reconnecting: 'Reconnexion…', offline: 'Hors ligne' },
  statusLabel: 'État de la connexion : ',
  emptyHeading: 'Que cherchez-vous dans le corpus ?',
  emptyHint: 'Sourcier répond uniquement par des extraits exacts, avec le document et le paragraphe à citer.',
  startersLabel: 'Questions suggérées',
  starters: [
    'Comment renforcer la cohérence des politiques migratoires ?',
    'Quel est le rôle des envois de fonds dans le développement ?',
    'Comment renforcer les capacités institutionnelles de gestion des migrations ?',
    'Quel suivi pour le Dialogue de haut niveau sur les migrations et le développement ?',
  ],
  you: 'Vous :',
  waiting: 'Recherche dans le corpus…',
  waitingOffline: 'En attente de la connexion…',
  summary: (passages: number, docs: string[]) =>
    `${passages} passage${passages > 1 ? 's' : ''} ${docs.length > 1 ? `de ${docs.length} documents` : 'd’un document'} : ${docs.join(' ; ')}.`,
  noAnswer: 'Le corpus ne répond pas à cette question.',
  nearestHeading: 'Passages les plus proches (ils ne répondent pas à la question)',
  didYouMean: 'Vouliez-vous dire :',
  correctedTo: 'Résultats pour :',
  searchedFrench: 'Termes français recherchés :',
  understood: 'Question comprise comme :',
  copy: 'Copier',
  copyLabel: (ref: string) => `Copier l’extrait ${ref}`,
  copyAnswer: 'Copier la réponse',
  copied: 'Copié',
  copyFailed: 'Copie impossible',
  viewInDocument: 'Voir dans le document',
  related: 'Voir aussi :',
  viewInDocumentLabel: (ref: string) => `Voir dans le document : ${ref}`,
  showParagraph: 'Afficher le paragraphe entier',
  hideParagraph: 'Masquer le paragraphe entier',
  readerClose: 'Fermer le document',
  readerLoading: 'Chargement du document…',
  readerError: 'Ce paragraphe est introuvable.',
  readerMore: 'Plus de contexte',
  permalink: 'Lien vers ce paragraphe',
  announceAnswer: (summary: string) => `Réponse reçue. ${summary}`,
  errors: {
    invalid_question: 'La question est vide ou trop longue.',
    rate_limited: 'Trop de questions à la suite ; réessayez dans un instant.',
    unknown_document: 'Le filtre de documents n’est plus valable.',
    internal: 'Une erreur interne a empêché de répondre ; réessayez.',
  } as Record<string, string>,
  offlineBanner: 'Pas de connexion au serveur : les questions partiront dès son retour.',
  errorPrefix: 'Erreur :',
  retry: 'Réessayer',
  sources: 'Sources :',
  colon: ' : ',
  uncertainLabel: 'Réponse incertaine',
  uncertainHint: 'Vérifiez les extraits avant de les citer.',
  filteredTo: 'Dans :',
  searchEverywhere: 'Chercher dans tous les documents',
  filterActive: (names: string) => `Les prochaines questions chercheront seulement dans : ${names}.`,
  share: 'Partager',
  shareLabel: 'Partager : copier un lien vers cette question et sa réponse',
  linkCopied: 'Lien copié',
  thisAnswer: 'cette réponse',
  pin: 'Épingler',
  pinned: 'Épinglé',
  pinLabel: (ref: string) => `Épingler l’extrait ${ref} au dossier`,
  pinnedLabel: (ref: string) => `Épinglé : ${ref} (dans le dossier)`,
  pinnedAnnounce: (n: number) => `Extrait ajouté au dossier (${n} extrait${n > 1 ? 's' : ''}).`,
  unpinnedAnnounce: (n: number) => `Extrait retiré du dossier (${n} extrait${n > 1 ? 's' : ''}).`,
  dossierButton: (n: number) => `Dossier (${n})`,
  dossierTitle: 'Dossier d’extraits',
  dossierClose: 'Fermer le dossier',
  dossierEmpty: 'Aucun extrait épinglé. « Épingler » sur un extrait l’ajoute ici, pour composer un e-mail à partir de plusieurs questions.',
  dossierNote: 'Note (une ligne, placée en tête de l’export)',
  moveUp: 'Monter',
  moveDown: 'Descendre',
  remove: 'Retirer',
  moveUpLabel: (ref: string) => `Monter ${ref}`,
  moveDownLabel: (ref: string) => `Descendre ${ref}`,
  removeLabel: (ref: string) => `Retirer ${ref} du dossier`,
  movedAnnounce: (pos: number, n: number) => `Extrait déplacé en position ${pos} sur ${n}.`,
  exportEmail: 'Copier pour un e-mail',
  exportDocx: 'Télécharger (.docx)',
  docxPreparing: 'Préparation du fichier…',
  docxDone: 'Fichier Word téléchargé',
  docxFailed: 'Export Word impossible',
  dossierFileTitle: 'Dossier Sourcier',
  feedbackLabel: (what: string) => `Avis sur ${what}`,
  feedbackUp: 'Utile',
  feedbackDown: 'Pas utile',
  feedbackReason: 'Raison (facultatif)',
  feedbackReasons: { '': '—', wrong_passage: 'Mauvais passage', incomplete: 'Incomplet', outdated: 'Dépassé', other: 'Autre' } as Record<
    string,
    string
  >,
  feedbackComment: 'Commentaire (facultatif)',
  feedbackSend: 'Envoyer l’avis',
  feedbackSending: 'Envoi…',
  feedbackThanks: 'Merci, avis reçu.',
  feedbackFailed: 'Avis non enregistré.',
  exportConversation: 'Exporter',
  exportConversationLabel: 'Exporter la conversation (HTML)',
  conversationFileTitle: 'Conversation Sourcier',
  cleared: 'Conversation effacée.',
  undo: 'Annuler',
  restored: 'Conversation rétablie.',
  back: 'Retour',
  backLabel: 'Retour à la conversation',
}

export type Strings = typeof fr

const en: Strings = {
  tagline: 'Cited extracts from IOM and United Nations texts on migration',
  placeholder: 'Ask your question…',
  questionLabel: 'Your question',
  send: 'Send',
  clear: 'Clear',
  clearLabel: 'Clear the conversation',
  switchLanguage: 'Français',
  switchLanguageLabel: 'Passer l’interface en français',
  filterLabel: 'Documents',
  allDocuments: 'All documents',
  status: { connecting: 'Connecting…', online: 'Connected', reconnecting: 'Reconnecting…', offline: 'Offline' },
  statusLabel: 'Connection status: ',
  emptyHeading: 'What are you looking for in the corpus?',
  emptyHint: 'Sourcier answers only with exact extracts, with the document and paragraph to cite.',
  startersLabel: 'Suggested questions',
  starters: [
    'How can migration policies be made more coherent?',
    'What role do remittances play in development?',
    'How can states build their capacity to manage migration?',
    'What follow-up to the High-level Dialogue on migration and development?',
  ],
  you: 'You:',
  waiting: 'Searching the corpus…',
  waitingOffline: 'Waiting for the connection…',
  summary: (passages: number, docs: string[]) =>
    `${passages} passage${passages > 1 ? 's' : ''} from ${docs.length > 1 ? `${docs.length} documents` : 'one document'}: ${docs.join('; ')}.`,
  noAnswer: 'The corpus does not answer this question.',
  nearestHeading: 'Nearest passages (they do not answer the question)',
  didYouMean: 'Did you mean:',
  correctedTo: 'Showing results for:',
  searchedFrench: 'French terms searched:',
  understood: 'Understood as:',
  copy: 'Copy',
  copyLabel: (ref: string) => `Copy extract ${ref}`,
  copyAnswer: 'Copy the answer',
  copied: 'Copied',
  copyFailed: 'Copy failed',
  viewInDocument: 'View in document',
  related: 'See also:',
  viewInDocumentLabel: (ref: string) => `View in document: ${ref}`,
  showParagraph: 'Show the whole paragraph',
  hideParagraph: 'Hide the whole paragraph',
  readerClose: 'Close the document',
  readerLoading: 'Loading the document…',
  readerError: 'This paragraph cannot be found.',
  readerMore: 'More context',
  permalink: 'Link to this paragraph',
  announceAnswer: (summary: string) => `Answer received. ${summary}`,
  errors: {
    invalid_question: 'The question is empty or too long.',
    rate_limited: 'Too many questions in a row; try again in a moment.',
    unknown_document: 'The document filter is no longer valid.',
    internal: 'An internal error prevented an answer; please try again.',
  },
  offlineBanner: 'No connection to the server: questions will be sent as soon as it is back.',
  errorPrefix: 'Error:',
  retry: 'Try again',
  sources: 'Sources:',
  colon: ': ',
  uncertainLabel: 'Uncertain answer',
  uncertainHint: 'Check the extracts before citing them.',
  filteredTo: 'In:',
  searchEverywhere: 'Search all documents',
  filterActive: (names: string) => `Next questions will search only: ${names}.`,
  share: 'Share',
  shareLabel: 'Share: copy a link to this question and its answer',
  linkCopied: 'Link copied',
  thisAnswer: 'this answer',
  pin: 'Pin',
  pinned: 'Pinned',
  pinLabel: (ref: string) => `Pin extract ${ref} to the dossier`,
  pinnedLabel: (ref: string) => `Pinned: ${ref} (in the dossier)`,
  pinnedAnnounce: (n: number) => `Extract added to the dossier (${n} extract${n > 1 ? 's' : ''}).`,
  unpinnedAnnounce: (n: number) => `Extract removed from the dossier (${n} extract${n > 1 ? 's' : ''}).`,
  dossierButton: (n: number) => `Dossier (${n})`,
  dossierTitle: 'Dossier of extracts',
  dossierClose: 'Close the dossier',
  dossierEmpty: 'No extract pinned. « Pin » on an extract adds it here, to write one e-mail from several questions.',
  dossierNote: 'Note (one line, put first in the export)',
  moveUp: 'Up',
  moveDown: 'Down',
  remove: 'Remove',
  moveUpLabel: (ref: string) => `Move up ${ref}`,
  moveDownLabel: (ref: string) => `Move down ${ref}`,
  removeLabel: (ref: string) => `Remove ${ref} from the dossier`,
  movedAnnounce: (pos: number, n: number) => `Extract moved to position ${pos} of ${n}.`,
  exportEmail: 'Copy for an e-mail',
  exportDocx: 'Download (.docx)',
  docxPreparing: 'Preparing the file…',
  docxDone: 'Word file downloaded',
  docxFailed: 'Word export failed',
  dossierFileTitle: 'Sourcier dossier',
  feedbackLabel: (what: string) => `Feedback on ${what}`,
  feedbackUp: 'Helpful',
  feedbackDown: 'Not helpful',
  feedbackReason: 'Reason (optional)',
  feedbackReasons: { '': '—', wrong_passage: 'Wrong passage', incomplete: 'Incomplete', outdated: 'Outdated', other: 'Other' },
  feedbackComment: 'Comment (optional)',
  feedbackSend: 'Send feedback',
  feedbackSending: 'Sending…',
  feedbackThanks: 'Thank you, feedback received.',
  feedbackFailed: 'Feedback not recorded.',
  exportConversation: 'Export',
  exportConversationLabel: 'Export the conversation (HTML)',
  conversationFileTitle: 'Sourcier conversation',
  cleared: 'Conversation cleared.',
  undo: 'Undo',
  restored: 'Conversation restored.',
  back: 'Back',
  backLabel: 'Back to the conversation',
}

export const STRINGS: Record<Language, Strings> = { fr, en }

/**
 * The language the user chose in the chat stored at `storageKey` (kept raw at `<storageKey>.lang`):
 * the chat core and the widget's frame, which must start in the same language, both read it here.
 */
export function savedLanguage(storageKey: string): string | null {
  try {
    return localStorage.getItem(`${storageKey}.lang`)
  } catch {
    // Storage can be disabled by the host page's sandbox or the user's settings.
    return null
  }
}

/** Remembers the choice for `savedLanguage`; when storage is refused it is not remembered, still switched. */
export function saveLanguage(storageKey: string, lang: Language): void {
  try {
    localStorage.setItem(`${storageKey}.lang`, lang)
  } catch {
    // not remembered
  }
}

/** The interface language: a remembered choice first, then the browser's languages, then French. */
export function pickLanguage(saved: string | null | undefined, browser: readonly string[]): Language {
  if (saved === 'fr' || saved === 'en') return saved
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0]
    if (base === 'fr' || base === 'en') return base
  }
  return 'fr'
}
