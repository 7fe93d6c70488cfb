/**
 * The wire contract shared by the server, the chat page and the widget: every WebSocket message
 * and every REST body, as a zod schema with its TypeScript type inferred beside it, so the type
 * and the check can never disagree. This module imports zod only — nothing from server/ or
 * client/ — and is imported by both (test/layering.test.ts enforces it).
 *
 * The schemas use `zod/mini` because the browser bundles them to validate what it receives:
 * full zod would add about 90 KB gzipped to a 13 KB widget, zod/mini about 7 KB (client/build.ts
 * prints the sizes). Limits on client input (question length, ids…) are the server's policy and
 * live in parse.ts, which builds its own schemas from the server's options.
 *
 * Objects are not strict: a client ignores fields it does not know, so the server may add fields
 * without breaking an older page. A new field belongs here first.
 */
import * as z from 'zod/mini'

export const PROTOCOL_VERSION = 1

export const LanguageSchema = z.enum(['fr', 'en'])
export type Language = z.infer<typeof LanguageSchema>

// ————— Shared pieces —————

export const DocumentRefSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** Used in citations: « … » — shortTitle (year), § 12. */
  shortTitle: z.string(),
  publisher: z.string(),
  year: z.number(),
})
export type DocumentRef = z.infer<typeof DocumentRefSchema>

/** Printed page numbers a paragraph spans, for documents ingested from PDF. */
export const PageRangeSchema = z.object({ first: z.number(), last: z.number() })
export type PageRange = z.infer<typeof PageRangeSchema>

export const ParagraphRefSchema = z.object({
  id: z.string(),
  /** 1-based ordinal in reading order within the document. */
  n: z.number(),
  /** Official paragraph number where the document numbers its paragraphs, else null. */
  number: z.nullable(z.number()),
  /** Reference for citations: « § 12 », or « 1.2 Titre de section, al. 3 ». */
  label: z.string(),
  /** Section path from the outermost heading inwards. */
  section: z.array(z.string()),
  /** Pages of the printed document (PDF sources only). */
  pages: z.optional(PageRangeSchema),
})
export type ParagraphRef = z.infer<typeof ParagraphRefSchema>

/** Character offsets [start, end) in a paragraph's text. */
export const SpanSchema = z.object({ start: z.number(), end: z.number() })

/**
 * A citation in parts, so that no consumer parses a string: `text` is the whole line
 * « quote » — source, reference; the parts let a client style or rearrange it.
 */
export const CitationSchema = z.object({
  /** The best sentence(s) verbatim, whitespace collapsed, « … » where cut inside a sentence. */
  quote: z.string(),
  /** `shortTitle (year)`. */
  source: z.string(),
  /** `§ 12`, `§ 12, p. 7`, `1.2, Section, al. 3, pp. 7–8`. */
  reference: z.string(),
  /** « quote » — source, reference. */
  text: z.string(),
})
export type Citation = z.infer<typeof CitationSchema>

export const ExtractSchema = z.object({
  /** 1-based rank in this answer. */
  rank: z.number(),
  score: z.number(),
  document: DocumentRefSchema,
  paragraph: ParagraphRefSchema,
  /** The whole paragraph, verbatim from the parsed corpus. */
  text: z.string(),
  /** Character offsets in `text` of the sentence(s) that best answer the question. */
  best: SpanSchema,
  /** Character offsets in `text` of the matched words, sorted, non-overlapping. */
  highlights: z.array(z.tuple([z.number(), z.number()])),
  citation: CitationSchema,
  /** Neighbouring paragraphs folded into this extract because they say the same thing. */
  related: z.optional(z.array(ParagraphRefSchema)),
})
export type Extract = z.infer<typeof ExtractSchema>

// ————— Client → server —————

export const AskContextTurnSchema = z.object({ question: z.string() })
export type AskContextTurn = z.infer<typeof AskContextTurnSchema>

/** The shape of an ask; parse.ts adds the server's limits (lengths, counts). */
export const AskMessageSchema = z.object({
  type: z.literal('ask'),
  /** Client-chosen id, echoed in the reply (1–64 characters). */
  id: z.string(),
  question: z.string(),
  /** How many extracts at most; defaults to 5, at most 10. */
  limit: z.optional(z.number()),
  /** Restrict to these document ids. */
  documents: z.optional(z.array(z.string())),
  /** Previous questions of the conversation, oldest first, for elliptical follow-ups. */
  context: z.optional(z.array(AskContextTurnSchema)),
})
export type AskMessage = z.infer<typeof AskMessageSchema>

/** What the engine answers: an ask without its envelope. Also the REST `POST /api/ask` body. */
export const AskRequestSchema = z.omit(AskMessageSchema, { type: true, id: true })
export type AskRequest = z.infer<typeof AskRequestSchema>

export const FeedbackReasonSchema = z.enum(['wrong_passage', 'incomplete', 'outdated', 'other'])
export type FeedbackReason = z.infer<typeof FeedbackReasonSchema>

/** A vote on an answer (or on one of its extracts); acknowledged by an `ack` with the same id. */
export const FeedbackMessageSchema = z.object({
  type: z.literal('feedback'),
  id: z.string(),
  /** The `answerId` of the answer voted on. */
  answerId: z.string(),
  vote: z.enum(['up', 'down']),
  /** The extract's paragraph, when the vote is about one passage. */
  paragraphId: z.optional(z.string()),
  reason: z.optional(FeedbackReasonSchema),
  comment: z.optional(z.string()),
})
export type FeedbackMessage = z.infer<typeof FeedbackMessageSchema>

/** The REST feedback body: a feedback message without its envelope. */
export const FeedbackRequestSchema = z.omit(FeedbackMessageSchema, { type: true, id: true })
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>

export const ClientMessageSchema = z.discriminatedUnion('type', [AskMessageSchema, FeedbackMessageSchema])
export type ClientMessage = z.infer<typeof ClientMessageSchema>

// ————— Server → client —————

/** On connect. */
export const HelloMessageSchema = z.object({
  type: z.literal('hello'),
  protocol: z.literal(PROTOCOL_VERSION),
  documents: z.array(z.pick(DocumentRefSchema, { id: true, title: true, shortTitle: true, year: true })),
  limits: z.object({ maxQuestionLength: z.number(), maxLimit: z.number(), maxPayloadBytes: z.number() }),
})
export type HelloMessage = z.infer<typeof HelloMessageSchema>

/** answered: the extracts answer; uncertain: they may (see `reason`); no_match: the corpus does not. */
export const AnswerStatusSchema = z.enum(['answered', 'uncertain', 'no_match'])
export type AnswerStatus = z.infer<typeof AnswerStatusSchema>

/** The answer body, shared by the WebSocket `answer` frame and REST /api/ask. */
export const AnswerBodySchema = z.object({
  status: AnswerStatusSchema,
  /** Server-generated random id, for feedback on this answer. */
  answerId: z.string(),
  language: LanguageSchema,
  extracts: z.array(ExtractSchema),
  /** The terms actually searched (French terms for an English question). */
  searched: z.array(z.string()),
  /** For uncertain: one line saying why, in the question's language. */
  reason: z.optional(z.string()),
  /** For no_match: a plain sentence saying the corpus does not answer. */
  message: z.optional(z.string()),
  /** For no_match: the nearest passages, which do NOT answer the question. */
  nearest: z.optional(z.array(ExtractSchema)),
  /** Spelling suggestion built from the corpus vocabulary, as a whole corrected question, NOT searched. */
  didYouMean: z.optional(z.string()),
  /** The spelling-corrected question that was searched instead of the typed one (« Résultats pour : … »). */
  correctedQuestion: z.optional(z.string()),
  /** The question as understood after resolving a follow-up against the context, when it differs. */
  understood: z.optional(z.string()),
  /** The document filter in force, echoed. */
  documents: z.optional(z.array(z.string())),
  tookMs: z.number(),
})
export type AnswerBody = z.infer<typeof AnswerBodySchema>

export const AnswerMessageSchema = z.extend(AnswerBodySchema, { type: z.literal('answer'), id: z.string() })
export type AnswerMessage = z.infer<typeof AnswerMessageSchema>

export const ErrorMessageSchema = z.object({
  type: z.literal('error'),
  /** The message's id when it could be read, else null. */
  id: z.nullable(z.string()),
  /** A code of server/errors.ts; a client must accept codes it does not know. */
  code: z.string(),
  message: z.string(),
  /** With rate_limited and overloaded: when to try again. */
  retryAfterMs: z.optional(z.number()),
})
export type ErrorMessage = z.infer<typeof ErrorMessageSchema>

/** The server stored a feedback message. */
export const AckMessageSchema = z.object({ type: z.literal('ack'), id: z.string() })
export type AckMessage = z.infer<typeof AckMessageSchema>

export const ServerMessageSchema = z.discriminatedUnion('type', [
  HelloMessageSchema,
  AnswerMessageSchema,
  ErrorMessageSchema,
  AckMessageSchema,
])
export type ServerMessage = z.infer<typeof ServerMessageSchema>

// ————— REST bodies —————

/** A REST error: the same words as a WebSocket error frame. */
export const ErrorBodySchema = z.omit(ErrorMessageSchema, { type: true, id: true })
export type ErrorBody = z.infer<typeof ErrorBodySchema>

/** A document's description (a corpus/manifest.json entry). */
export const DocumentMetaSchema = z.object({
  ...DocumentRefSchema.shape,
  /** File name inside the corpus directory. */
  file: z.string(),
  /** Name of the original extraction the file was shipped from. */
  source: z.optional(z.string()),
  /** Official symbol where the document has one (e.g. "A/63/265"). */
  symbol: z.optional(z.string()),
  series: z.optional(z.string()),
  language: z.string(),
  /** True where the document numbers its paragraphs (labels then read « § 12 »). */
  numbered: z.boolean(),
})
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>

export const NoteSchema = z.object({ marker: z.string(), text: z.string() })

/**
 * 'heading' records carry a section title (also in the `section` path of the paragraphs under it)
 * and 'caption' records a photo or figure caption: retrieval skips both.
 */
export const ParagraphKindSchema = z.enum(['body', 'list', 'quote', 'question', 'heading', 'caption'])
export type ParagraphKind = z.infer<typeof ParagraphKindSchema>

export const ParagraphSchema = z.object({
  ...ParagraphRefSchema.shape,
  documentId: z.string(),
  kind: ParagraphKindSchema,
  /** Clean text: hyphenation undone, lines joined, note markers removed. */
  text: z.string(),
  notes: z.array(NoteSchema),
})
export type Paragraph = z.infer<typeof ParagraphSchema>

/** GET /api/documents: one entry per document, with its paragraph count. */
export const DocumentListSchema = z.array(z.extend(DocumentMetaSchema, { paragraphs: z.number() }))
export type DocumentList = z.infer<typeof DocumentListSchema>

/** GET /api/documents/:id: the document with its paragraphs in reading order. */
export const DocumentBodySchema = z.extend(DocumentMetaSchema, { paragraphs: z.array(ParagraphSchema) })
export type DocumentBody = z.infer<typeof DocumentBodySchema>

/** GET /api/paragraphs/:id?context=N: one paragraph with N neighbours on each side ("open in context"). */
export const ParagraphContextSchema = z.object({
  document: DocumentRefSchema,
  paragraph: ParagraphSchema,
  before: z.array(ParagraphSchema),
  after: z.array(ParagraphSchema),
})
export type ParagraphContext = z.infer<typeof ParagraphContextSchema>
