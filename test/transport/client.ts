// A real `ws` client for the transport tests: collects frames, waits for the reply to an id,
// and reports how the socket closed or why the upgrade was refused.
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import WebSocket, { type ClientOptions } from 'ws'
import type { HelloMessage, ServerMessage } from '../../server/protocol/types.ts'

export interface TestClient {
  ws: WebSocket
  hello: HelloMessage
  /** Every frame received after hello, in order. */
  frames: ServerMessage[]
  /** Resolves with the first frame (after hello) matching `pred`, past or future. */
  waitFor(pred: (m: ServerMessage) => boolean): Promise<ServerMessage>
  /** Sends an ask and resolves with the reply carrying its id. */
  ask(id: string, question: string, extra?: Record<string, unknown>): Promise<ServerMessage>
  closed: Promise<{ code: number; reason: string }>
}

export function connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
  const ws = new WebSocket(url, options)
  const frames: ServerMessage[] = []
  const waiters: Array<{ pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }> = []
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  return new Promise((resolve, reject) => {
    let hello: HelloMessage | undefined
    ws.on('error', reject)
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as ServerMessage
      if (!hello && m.type === 'hello') {
        hello = m
        resolve(client)
        return
      }
      frames.push(m)
      for (let i = waiters.length - 1; i >= 0; i--) {
        const w = waiters[i]!
        if (w.pred(m)) {
          waiters.splice(i, 1)
          w.resolve(m)
        }
      }
    })
    const client: TestClient = {
      ws,
      get hello() {
        return hello!
      },
      frames,
      closed,
      waitFor(pred) {
        const seen = frames.find(pred)
        if (seen) return Promise.resolve(seen)
        return new Promise((r) => waiters.push({ pred, resolve: r }))
      },
      ask(id, question, extra = {}) {
        ws.send(JSON.stringify({ type: 'ask', id, question, ...extra }))
        return client.waitFor((m) => m.type !== 'hello' && m.id === id)
      },
    }
  })
}

/** Opens a socket expected to be refused at upgrade; resolves with the HTTP status and JSON body. */
export function refusedUpgrade(url: string, options: ClientOptions = {}): Promise<{ status: number; body: unknown }> {
  const ws = new WebSocket(url, options)
  return new Promise((resolve, reject) => {
    ws.on('open', () => reject(new Error('upgrade was accepted')))
    ws.on('error', () => {})
    ws.on('unexpected-response', (_req, res) => {
      let text = ''
      res.on('data', (b: Buffer) => (text += b.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
  })
}

/** Client-to-server WebSocket frames (masked, as RFC 6455 requires), concatenated for one write. */
export function maskedFrames(payloads: string[]): Buffer {
  return Buffer.concat(
    payloads.map((text) => {
      const data = Buffer.from(text)
      if (data.length > 125) throw new Error('short frames only')
      const mask = randomBytes(4)
      const frame = Buffer.alloc(6 + data.length)
      frame[0] = 0x81
      frame[1] = 0x80 | data.length
      mask.copy(frame, 2)
      for (let i = 0; i < data.length; i++) frame[6 + i] = data[i]! ^ mask[i % 4]!
      return frame
    }),
  )
}

/** A GET with a Host header of our choosing (fetch will not send one). */
export function getWithHost(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers }, (res) => {
        let body = ''
        res.on('data', (b: Buffer) => (body += b.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      .on('error', reject)
  })
}
