/**
 * WebSocket load on loopback: spawns the real server (index.ts) as its own process, opens N
 * concurrent sockets, each asking M questions one after another with a pause between a reply and
 * the next question (from eval/questions.json when present), and prints answers per second,
 * p50/p99 latency (round trip, and the engine's own tookMs), errors and lost answers.
 *
 *   npm run bench:load -- --clients 200 --questions 5 --pause 3000 --timeout 60
 *   npm run bench:load -- --pause 0      # saturation: every socket asks again at once
 *   npm run bench:load -- --memo         # transport only: answers precomputed, no retrieval cost
 *
 * The server runs in its own process so that client work does not inflate server latency more
 * than the shared 2 cores already do. It is started with a per-address cap and a rate limit high
 * enough for one loopback address to carry every client.
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import type { AddressInfo } from 'node:net'
import type { AnswerBody, ServerMessage } from '../server/protocol/types.ts'
import { loadConfig } from '../server/config.ts'
import { createLogger } from '../server/logger.ts'
import { loadCorpus } from '../server/corpus/load.ts'
import { createEngine, type Engine } from '../server/engine.ts'
import { loadLexicon } from '../server/analysis/lexicon.ts'
import { createApp } from '../server/transport/app.ts'

export const DEFAULT_LOAD_OPTIONS = {
  /** Concurrent sockets. Defaults to 200. */
  clients: 200,
  /** Questions asked by each socket, one after another. Defaults to 3. */
  questions: 3,
  /**
   * Mean pause in ms between a reply and the socket's next question (uniform in ±50 %, and the
   * first question is staggered over one pause), modelling people reading five cited extracts
   * before asking again. 0 saturates the server. Defaults to 10000.
   */
  pause: 10_000,
  /**
   * Serve answers computed once before the run (same bodies, no retrieval cost), to measure the
   * transport alone: parsing, rate limiting, serialisation, logging, sockets. Defaults to false.
   */
  memo: false,
  /** Hard stop for the whole run, in seconds; unanswered asks then count as lost. Defaults to 60. */
  timeout: 60,
  /** Server log level; "info" writes the one-line-per-question log as in production. Defaults to "info". */
  logLevel: 'info',
}

const FALLBACK_QUESTIONS = [
  'Quel est le rôle des envois de fonds dans le développement ?',
  'Comment réduire le coût des transferts de fonds ?',
  'Qu’est-ce que la fuite des cerveaux ?',
  'migration circulaire et temporaire',
  'How can remittances be made cheaper?',
  'cooperation entre pays d’origine et de destination',
  'traite des personnes',
  'Que dit le rapport sur le Forum mondial sur la migration et le développement ?',
]

async function loadQuestions(): Promise<string[]> {
  try {
    const items = JSON.parse(await readFile('eval/questions.json', 'utf8')) as Array<{ question?: unknown }>
    const qs = items.map((i) => i.question).filter((q): q is string => typeof q === 'string' && q.trim() !== '')
    return qs.length ? qs : FALLBACK_QUESTIONS
  } catch {
    return FALLBACK_QUESTIONS
  }
}

/** The --serve-memo role of this script: the real app over an engine that replays answers. */
async function serveMemo(): Promise<void> {
  const config = loadConfig(process.env)
  const logger = createLogger(config.logLevel)
  const engine = createEngine(await loadCorpus(config.corpusDir), { lexicon: loadLexicon({ dir: config.lexiconDir }) })
  const memo = new Map<string, AnswerBody>()
  for (const question of await loadQuestions()) memo.set(question, engine.ask({ question }))
  const replay: Engine = { ...engine, ask: (r) => memo.get(r.question) ?? engine.ask(r) }
  const app = createApp({ engine: replay, config, logger })
  app.server.listen(config.port, config.host)
}

/** A free loopback port: the server is told its port so readiness does not hang on a log line. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
    probe.on('error', reject)
  })
}

/** How long the server may take to parse the corpus and build its index. */
const READY_TIMEOUT_MS = 120_000

async function startServer(clients: number, logLevel: string, memo: boolean) {
  const port = await freePort()
  const args = memo ? ['bench/load.ts', '--serve-memo'] : ['index.ts']
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: logLevel,
      MAX_CONNECTIONS_PER_IP: String(clients + 10),
      RATE_BURST: '10000',
      RATE_PER_SECOND: '10000',
    },
    // The question log is drained, not kept: the bench measures the server writing it.
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before it was ready`))),
  )
  const base = `http://127.0.0.1:${port}`
  const poll = async () => {
    const deadline = Date.now() + READY_TIMEOUT_MS
    while (Date.now() < deadline) {
      const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false)
      if (ok) return base
      await new Promise((r) => setTimeout(r, 200))
    }
    throw new Error(`server not ready after ${READY_TIMEOUT_MS / 1000} s`)
  }
  return { child, ready: Promise.race([poll(), exited]) }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

interface ClientResult {
  latencies: number[]
  engineMs: number[]
  errors: Record<string, number>
  lost: number
  connectFailed: boolean
}

function runClient(wsUrl: string, questions: string[], offset: number, count: number, pause: number, deadline: number): Promise<ClientResult> {
  const result: ClientResult = { latencies: [], engineMs: [], errors: {}, lost: 0, connectFailed: false }
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl)
    let asked = 0
    let sentAt = 0
    let pending: string | null = null
    let done = false
    const finish = () => {
      if (done) return
      done = true
      clearTimeout(timer)
      if (pending) result.lost++
      result.lost += count - asked
      ws.terminate()
      resolve(result)
    }
    const timer = setTimeout(finish, Math.max(0, deadline - Date.now()))
    const later = (first: boolean) => {
      if (asked === count) return finish()
      if (pause === 0) return next()
      setTimeout(next, first ? Math.random() * pause : pause * (0.5 + Math.random()))
    }
    const next = () => {
      if (done) return
      pending = `a${asked}`
      const question = questions[(offset + asked) % questions.length]!
      asked++
      sentAt = performance.now()
      ws.send(JSON.stringify({ type: 'ask', id: pending, question }))
    }
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as ServerMessage
      if (m.type === 'hello') return later(true)
      if (m.id !== pending) return
      result.latencies.push(performance.now() - sentAt)
      if (m.type === 'error') result.errors[m.code] = (result.errors[m.code] ?? 0) + 1
      else if (m.type === 'answer') result.engineMs.push(m.tookMs)
      pending = null
      later(false)
    })
    ws.on('error', () => {
      if (asked === 0) result.connectFailed = true
      finish()
    })
    ws.on('close', () => finish())
  })
}

async function main() {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string' },
      questions: { type: 'string' },
      pause: { type: 'string' },
      memo: { type: 'boolean' },
      'serve-memo': { type: 'boolean' },
      timeout: { type: 'string' },
      'log-level': { type: 'string' },
    },
  })
  if (values['serve-memo']) return serveMemo()
  const o = {
    clients: Number(values.clients ?? DEFAULT_LOAD_OPTIONS.clients),
    questions: Number(values.questions ?? DEFAULT_LOAD_OPTIONS.questions),
    pause: Number(values.pause ?? DEFAULT_LOAD_OPTIONS.pause),
    memo: values.memo ?? DEFAULT_LOAD_OPTIONS.memo,
    timeout: Number(values.timeout ?? DEFAULT_LOAD_OPTIONS.timeout),
    logLevel: values['log-level'] ?? DEFAULT_LOAD_OPTIONS.logLevel,
  }
  const questions = await loadQuestions()
  const server = await startServer(o.clients, o.logLevel, o.memo)
  try {
    const base = await server.ready
    const wsUrl = `${base.replace(/^http/, 'ws')}/ws`
    // Warm-up: the first questions pay for JIT compilation, not for load.
    await runClient(wsUrl, questions, 0, Math.min(questions.length, 50), 0, Date.now() + 30_000)

    const t0 = performance.now()
    const deadline = Date.now() + o.timeout * 1000
    const results = await Promise.all(
      Array.from({ length: o.clients }, (_, i) => runClient(wsUrl, questions, i * o.questions, o.questions, o.pause, deadline)),
    )
    const seconds = (performance.now() - t0) / 1000

    const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b)
    const engineMs = results.flatMap((r) => r.engineMs).sort((a, b) => a - b)
    const errors: Record<string, number> = {}
    for (const r of results) for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n
    const lost = results.reduce((n, r) => n + r.lost, 0)
    const connectFailed = results.filter((r) => r.connectFailed).length
    const errorCount = Object.values(errors).reduce((a, b) => a + b, 0)
    const row = (k: string, v: string) => console.log(`| ${k.padEnd(26)} | ${v.padStart(14)} |`)
    const what = o.memo ? 'transport only (answers replayed)' : 'real engine'
    console.log(`\nSourcier WebSocket load — ${what}; loopback, server in its own process, log level ${o.logLevel}`)
    console.log(`| ${'measure'.padEnd(26)} | ${'value'.padStart(14)} |`)
    console.log(`| ${'-'.repeat(26)} | ${'-'.repeat(14)} |`)
    row('concurrent sockets', String(o.clients))
    row('questions per socket', String(o.questions))
    row('pause between asks (ms)', o.pause ? `${o.pause} ± 50 %` : '0 (saturation)')
    row('distinct questions', String(questions.length))
    row('replies received', String(latencies.length))
    row('answers per second', (latencies.length / seconds).toFixed(0))
    row('latency p50 (ms)', percentile(latencies, 50).toFixed(2))
    row('latency p99 (ms)', percentile(latencies, 99).toFixed(2))
    row('latency max (ms)', (latencies.at(-1) ?? NaN).toFixed(2))
    row('engine tookMs p50 / p99', o.memo ? 'n/a (replayed)' : `${percentile(engineMs, 50).toFixed(2)} / ${percentile(engineMs, 99).toFixed(2)}`)
    row('error replies', errorCount ? `${errorCount} ${JSON.stringify(errors)}` : '0')
    row('lost (no reply)', String(lost))
    row('sockets that failed', String(connectFailed))
    row('wall time (s)', seconds.toFixed(2))
    process.exitCode = lost || connectFailed ? 1 : 0
  } finally {
    server.child.kill('SIGTERM')
  }
}

await main()
