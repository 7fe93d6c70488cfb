// SKELETON — the transport (issue 5) fills this in: protocol parsing, origin checks, rate limits,
// REST parity, helmet/CSP, heartbeats, graceful close.
import http from 'node:http'
import path from 'node:path'
import express from 'express'
import { WebSocketServer } from 'ws'
import type { Engine } from '../engine.ts'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'

export interface AppDeps {
  engine: Engine
  config: Config
  logger: Logger
  /** Folder with the built client (index.html, dist/). Defaults to ./public. */
  publicDir?: string
}

export interface App {
  /** Not listening yet: the caller (index.ts, tests) calls listen(). */
  server: http.Server
  /** Stops accepting, closes sockets with 1001, resolves when all is closed. */
  close(): Promise<void>
}

export function createApp(deps: AppDeps): App {
  const { engine } = deps
  const app = express()
  const corpus = engine.corpus
  app.get('/healthz', (_req, res) => {
    res.json({
      status: 'ok',
      documents: corpus.documents.length,
      paragraphs: corpus.documents.reduce((n, d) => n + d.paragraphs.length, 0),
      skipped: corpus.skipped,
    })
  })
  app.use(express.static(deps.publicDir ?? path.resolve('public')))
  const server = http.createServer(app)
  const wss = new WebSocketServer({ noServer: true })
  server.on('upgrade', (req, socket, head) => {
    if (req.url !== '/ws') return socket.destroy()
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data))
      ws.send(JSON.stringify({ type: 'answer', id: msg.id, ...engine.ask(msg) }))
    })
  })
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.close(1001)
        wss.close()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
