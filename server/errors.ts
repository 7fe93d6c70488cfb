/**
 * The one table of error codes. Every error a client can see comes from here, with its HTTP
 * status (REST) and whether it is sent as a WebSocket `error` frame or closes the socket.
 * README's "Error codes" table must list exactly these codes (test/errors.test.ts checks).
 */

export interface ErrorSpec {
  /** HTTP status for REST answers (and the upgrade refusal where the code applies there). */
  status: number
  /** Default human-readable message; callers may give a more precise one. */
  message: string
  /** WebSocket close code when this error ends the connection instead of sending a frame. */
  wsClose?: number
}

export const ERRORS = {
  bad_json: { status: 400, message: 'The message is not valid JSON.' },
  unknown_type: { status: 400, message: 'Unknown message type.' },
  bad_message: { status: 400, message: 'The message does not match the protocol.' },
  invalid_question: { status: 400, message: 'The question must be between 1 and 1000 characters.' },
  unknown_document: { status: 400, message: 'Unknown document id in the filter.' },
  rate_limited: { status: 429, message: 'Too many questions; please wait before asking again.' },
  payload_too_large: { status: 413, message: 'The message is too large.', wsClose: 1009 },
  binary_not_supported: { status: 400, message: 'Binary frames are not supported.', wsClose: 1003 },
  origin_not_allowed: { status: 403, message: 'This site is not allowed to use this Sourcier server.' },
  too_many_connections: { status: 429, message: 'Too many connections from this address.' },
  not_found: { status: 404, message: 'Not found.' },
  internal: { status: 500, message: 'Internal error; the question was not answered.' },
  slow_consumer: { status: 503, message: 'The connection left too many answers unread and was closed; please reconnect.', wsClose: 1013 },
  unauthorized: { status: 401, message: 'Send the staff token as Authorization: Bearer <token>.' },
  forbidden: { status: 403, message: 'The staff token is wrong.' },
  storage_unavailable: { status: 503, message: 'The database is unreachable; please try again shortly.' },
  shutting_down: { status: 503, message: 'The server is restarting; please reconnect in a moment.', wsClose: 1001 },
  // Document upload (POST/PUT /api/admin/documents, npm run ingest): a refused file changes nothing.
  file_too_large: { status: 413, message: 'The file is larger than MAX_UPLOAD_BYTES.' },
  unsupported_format: { status: 415, message: 'Only PDF (.pdf), Word (.docx) and UTF-8 text (.txt) files can be added.' },
  corrupt_file: { status: 422, message: 'The file is damaged and cannot be read.' },
  encrypted_pdf: { status: 422, message: 'The PDF is protected by a password; upload an unprotected copy.' },
  no_text_layer: { status: 422, message: 'The PDF has no text layer (a scan?): run it through OCR first and upload the result.' },
  empty_file: { status: 422, message: 'The file is empty.' },
  duplicate_id: { status: 409, message: 'A document with this id already exists.' },
  overloaded: { status: 503, message: 'The server is busy; please ask again in a moment.' },
  policy_violation: { status: 400, message: 'Too many invalid or refused messages; the connection was closed.', wsClose: 1008 },
  host_not_allowed: { status: 421, message: 'This server does not answer for this host name.' },
} as const satisfies Record<string, ErrorSpec>

export type ErrorCode = keyof typeof ERRORS

/** An error meant for a client: carries a code from the table and never a stack trace. */
export class SourcierError extends Error {
  readonly code: ErrorCode
  readonly status: number

  constructor(code: ErrorCode, message?: string) {
    super(message ?? ERRORS[code].message)
    this.name = 'SourcierError'
    this.code = code
    this.status = ERRORS[code].status
  }
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code)
}

/** The JSON body of an HTTP error: `{code, message}`, the same words as a WebSocket error frame. */
export function errorBody(code: ErrorCode, message?: string): { code: ErrorCode; message: string } {
  return { code, message: message ?? ERRORS[code].message }
}
