/**
 * The one storage interface, with a SQLite (sqlite.ts) and a PostgreSQL (postgres.ts) backend
 * sharing their queries (store.ts). Storage sits beside the pipeline: the transport writes the
 * question log and feedback through it; nothing in retrieval depends on it.
 */
import type { CorpusDocument } from '../corpus/types.ts'

export type LoggedStatus = 'answered' | 'uncertain' | 'no_match'
export type Vote = 'up' | 'down'
export type FeedbackReason = 'wrong_passage' | 'incomplete' | 'outdated' | 'other'

/** One ask that the engine answered, as stored in the question log. */
export interface QuestionRecord {
  /** Server-generated, random; the key feedback refers to. */
  answerId: string
  /** Epoch milliseconds. */
  at: number
  language: string
  status: LoggedStatus
  /** Null when LOG_QUESTIONS=false. */
  question: string | null
  /** The top paragraphs of the answer (or the nearest passages of a no_match), best first. */
  paragraphs: Array<{ id: string; score: number }>
  tookMs: number
  /** The document filter in force, or null for the whole corpus. */
  documents: string[] | null
  via: 'ws' | 'rest'
  /** Salted hash of the client's address, never the address. */
  client: string | null
}

export interface FeedbackInput {
  answerId: string
  vote: Vote
  paragraphId?: string | undefined
  reason?: FeedbackReason | undefined
  comment?: string | undefined
  /** Epoch milliseconds. */
  at: number
}

export interface FeedbackRecord extends FeedbackInput {
  id: number
  /** The answer it is about (null only if that row was purged meanwhile). */
  answer: QuestionRecord | null
}

export interface QuestionQuery {
  status?: LoggedStatus | LoggedStatus[] | undefined
  /** Epoch milliseconds, inclusive. */
  since?: number | undefined
  /** Words searched in the question text (case and accent insensitive). */
  q?: string | undefined
  /** Most rows returned, newest first. Defaults to 500. */
  limit?: number | undefined
}

export interface StatusCount {
  /** Start of the bucket, epoch milliseconds. */
  bucket: number
  status: LoggedStatus
  count: number
}

export interface StorageHealth {
  ok: boolean
  backend: 'sqlite' | 'postgres'
  /** Why not ok, one line. */
  error?: string
}

/** An uploaded document as stored (issue 14): the parsed document the engine serves, and where it came from. */
export interface DocumentRecord {
  id: string
  document: CorpusDocument
  /** The uploaded file's name. */
  fileName: string
  format: 'pdf' | 'docx' | 'txt'
  /** Pages read (PDF), else null. */
  pages: number | null
  /** Epoch milliseconds. */
  createdAt: number
  updatedAt: number
  /** The original file; written on save, read only through documentFile (listing leaves it out). */
  original?: Uint8Array
}

/** Uploaded documents (server/storage/documents.ts). */
export interface DocumentStore {
  /** Inserts, or with `replace` inserts or replaces; false when the id exists and `replace` is false. */
  saveDocument(record: DocumentRecord, options: { replace: boolean }): Promise<boolean>
  /** False when no uploaded document has this id. */
  deleteDocument(id: string): Promise<boolean>
  /** Every uploaded document, oldest first, without the original files. */
  listDocuments(): Promise<DocumentRecord[]>
  documentFile(id: string): Promise<Uint8Array | null>
  /** Grows with every save or delete: a replica that sees it change reloads. 0 before any. */
  documentsVersion(): Promise<number>
  /**
   * PostgreSQL only: calls `onChange` when any replica saves or deletes a document (LISTEN/NOTIFY);
   * resolves with a function that stops listening. Absent on SQLite (one machine: the version check).
   */
  watchDocuments?: (onChange: () => void) => Promise<() => Promise<void>>
}

export interface Store extends DocumentStore {
  readonly backend: 'sqlite' | 'postgres'
  logAsk(record: QuestionRecord): Promise<void>
  /** Several records in one transaction (the buffered retries). */
  logAsks(records: QuestionRecord[]): Promise<void>
  /** False when no logged answer has this id: the caller answers `not_found`. */
  addFeedback(feedback: FeedbackInput): Promise<boolean>
  answer(answerId: string): Promise<QuestionRecord | null>
  questions(query?: QuestionQuery): Promise<QuestionRecord[]>
  /** Questions per time bucket and status since `since`, oldest first. */
  statusCounts(since: number, bucketMs: number): Promise<StatusCount[]>
  feedback(query?: { since?: number | undefined; limit?: number | undefined }): Promise<FeedbackRecord[]>
  /** Deletes questions and feedback older than `before` (epoch ms); returns rows deleted. */
  purge(before: number): Promise<number>
  health(): Promise<StorageHealth>
  close(): Promise<void>
}
