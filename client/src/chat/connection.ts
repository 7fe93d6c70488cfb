/**
 * The browser's WebSocket with automatic reconnection. Questions in flight are remembered until
 * their reply arrives and re-sent after every reconnection, so a server restart loses nothing.
 */
import { ServerMessageSchema, type AskMessage, type FeedbackMessage, type ServerMessage } from '../../../server/protocol/types.ts'

/** What the chat sends: each is re-sent after a reconnection until a reply names its id. */
export type OutgoingMessage = AskMessage | FeedbackMessage

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline'

export interface BackoffOptions {
  /** First delay in ms. Defaults to 500. */
  baseMs: number
  /** Longest delay in ms. Defaults to 8000. */
  maxMs: number
  /** Failed attempts after which the status reads "offline" (retries go on). Defaults to 4. */
  offlineAfter: number
}

export const DEFAULT_BACKOFF_OPTIONS: BackoffOptions = { baseMs: 500, maxMs: 8000, offlineAfter: 4 }

/**
 * Exponential backoff with "equal jitter": half the delay fixed, half random, so hundreds of
 * pages reconnecting after a restart do not all knock at the same instant.
 */
export function backoffDelay(attempt: number, random: number, options: Partial<BackoffOptions> = {}): number {
  const { baseMs, maxMs } = { ...DEFAULT_BACKOFF_OPTIONS, ...options }
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt))
  return ceiling / 2 + (ceiling / 2) * Math.min(1, Math.max(0, random))
}

/**
 * One frame checked against the contract. A reply to a question that does not match it becomes a
 * `bad_message` error for that question, so the page says so instead of waiting forever; anything
 * else unreadable (not JSON, an unknown message type) is ignored.
 */
export function readServerMessage(data: string): ServerMessage | null {
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return null
  }
  const parsed = ServerMessageSchema.safeParse(value)
  if (parsed.success) return parsed.data
  const { type, id } = (typeof value === 'object' && value !== null ? value : {}) as { type?: unknown; id?: unknown }
  if ((type === 'answer' || type === 'error') && typeof id === 'string')
    return { type: 'error', id, code: 'bad_message', message: 'The server sent a reply this page cannot read.' }
  return null
}

/** http(s)://host/base → ws(s)://host/ws */
export function socketUrl(server: string): string {
  const url = new URL('/ws', server)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.href
}

export interface ConnectionOptions {
  /** Base http(s) URL of the Sourcier server. */
  server: string
  onMessage: (message: ServerMessage) => void
  onStatus: (status: ConnectionStatus) => void
  /** Defaults to DEFAULT_BACKOFF_OPTIONS. */
  backoff?: Partial<BackoffOptions>
}

export interface Connection {
  /** Sends now if connected, else when the connection comes back. */
  send(message: OutgoingMessage): void
  /** Forget a question (its answer arrived or it was abandoned). */
  settle(id: string): void
  readonly status: ConnectionStatus
  close(): void
}

export function connect(options: ConnectionOptions): Connection {
  const backoff = { ...DEFAULT_BACKOFF_OPTIONS, ...options.backoff }
  const url = socketUrl(options.server)
  const pending = new Map<string, OutgoingMessage>()
  let ws: WebSocket | null = null
  let status: ConnectionStatus = 'connecting'
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false

  const setStatus = (s: ConnectionStatus) => {
    if (s === status) return
    status = s
    options.onStatus(s)
  }

  const open = () => {
    clearTimeout(timer)
    if (closed) return
    const socket = new WebSocket(url)
    ws = socket
    socket.onopen = () => {
      attempt = 0
      setStatus('online')
      for (const message of pending.values()) socket.send(JSON.stringify(message))
    }
    socket.onmessage = (event) => {
      const message = readServerMessage(String(event.data))
      if (!message) return
      if (message.type !== 'hello' && message.id !== null) pending.delete(message.id)
      options.onMessage(message)
    }
    socket.onclose = () => {
      if (ws !== socket || closed) return
      ws = null
      attempt++
      setStatus(attempt > backoff.offlineAfter || !navigator.onLine ? 'offline' : 'reconnecting')
      timer = setTimeout(open, backoffDelay(attempt - 1, Math.random(), backoff))
    }
  }

  // Coming back online is the best moment to retry, whatever the backoff says.
  const onOnline = () => {
    if (!ws) open()
  }
  window.addEventListener('online', onOnline)
  open()

  return {
    send(message) {
      pending.set(message.id, message)
      if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message))
    },
    settle(id) {
      pending.delete(id)
    },
    get status() {
      return status
    },
    close() {
      closed = true
      clearTimeout(timer)
      window.removeEventListener('online', onOnline)
      ws?.close(1000)
      ws = null
    },
  }
}
