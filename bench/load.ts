/**
 * WebSocket load on loopback: spawns the real server (index.ts) as its own process, opens N
 * concurrent sockets, each asking M distinct evaluation questions one after another (each socket
 * starts at its own offset in eval/questions.json), and prints answers per second, p50/p99 round
 * trip (and the engine's own tookMs), errors and lost answers. In the same run, the same clients
 * load a bare `ws` server returning fixed 8 kB replies (bench/echo.ts): the ratio says how far the
 * engine is from what the transport alone could carry on this machine.
 *
 *   npm run bench:load                      # 200 clients × 10 asks, no pause, cache off, vs echo
 *   npm run bench:load -- --workers 0       # engine on the main thread (no pool)
 *   npm run bench:load -- --cache           # answer cache on (ANSWER_CACHE_SIZE default)
 *   npm run bench:load -- --pause 3000      # people reading between questions
 *   npm run bench:load -- --memo            # transport only: answers precomputed, no retrieval cost
 *
 * Client and servers share this machine's cores: figures are for comparing side by side in one run.
 */
import { spawn } from 'node:child_process'
import os from 'node:os'
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import type { AnswerBody, ServerMessage } from '../server/protocol/types.ts'
import { loadConfig } from '../server/config.ts'
import { createLogger } from '../server/logger.ts'
import { loadCorpus } from '../server/corpus/load.ts'
import { createEngine, type Engine } from '../server/engine.ts'
import { loadLexicon } from '../server/analysis/lexicon.ts'
import { createApp } from '../server/transport/app.ts'
import { cpuMs, percentile, spawnServer } from './serve.ts'

export interface LoadOptions {
  /** Concurrent sockets. Defaults to 200. */
  clients: number
  /** Questions asked by each socket, one after another. Defaults to 10. */
  questions: number
  /**
   * Mean pause in ms between a reply and the socket's next question (uniform in ±50 %, and the
   * first question is staggered over one pause), modelling people reading five cited extracts
   * before asking again. 0 saturates the server. Defaults to 0.
   */
  pause: number
  /**
   * Serve answers computed once before the run (same bodies, no retrieval cost), to measure the
   * transport alone: parsing, rate limiting, serialisation, logging, sockets. Defaults to false.
   */
  memo: boolean
  /** Hard stop for the whole run, in seconds; unanswered asks then count as lost. Defaults to 60. */
  timeout: number
  /** Server log level; "info" writes the one-line-per-question log as in production. Defaults to "info". */
  logLevel: string
  /** Answer cache on (the server's default size) or off (ANSWER_CACHE_SIZE=0). Defaults to false. */
  cache: boolean
  /** WORKERS given to the server; "auto" is one per core. Defaults to "auto". */
  workers: string
  /** Also load the bare ws echo server with the same clients, and print the ratio. Defaults to true. */
  echo: boolean
}

export const DEFAULT_LOAD_OPTIONS: LoadOptions = {
  clients: 200,
  questions: 10,
  pause: 0,
  memo: false,
  timeout: 60,
  logLevel: 'info',
  cache: false,
  workers: 'auto',
  echo: true,
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

/** The bare ws ceiling (bench/echo.ts) in its own process; resolves with its ws URL. */
async function startEcho() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/echo.ts'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (b: Buffer) => resolve(b.toString().trim()))
    child.once('exit', (code) => reject(new Error(`echo server exited with ${code}`)))
  })
  return { child, wsUrl: `ws://127.0.0.1:${port}` }
}

interface ClientResult {
  latencies: number[]
  engineMs: number[]
  errors: Record<string, number>
  lost: number
  connectFailed: boolean
}

function runClient(
  wsUrl: string,
  questions: string[],
  offset: number,
  count: number,
  pause: number,
  deadline: number,
): Promise<ClientResult> {
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

interface RunFigures {
  replies: number
  perSecond: number
  p50: number
  p99: number
  max: number
  engine: number[]
  errors: Record<string, number>
  lost: number
  connectFailed: number
  seconds: number
  /** Server CPU (every thread) per reply: steadier than wall time on a shared machine. */
  cpuMsPerReply: number
}

/** One load run: a warm-up, then every client at once. */
async function load(wsUrl: string, pid: number, questions: string[], o: LoadOptions): Promise<RunFigures> {
  // Warm-up: the first questions pay for JIT compilation, not for load.
  await runClient(wsUrl, questions, 0, Math.min(questions.length, 50), 0, Date.now() + 30_000)
  const t0 = performance.now()
  const cpu0 = cpuMs(pid)
  const deadline = Date.now() + o.timeout * 1000
  const results = await Promise.all(
    Array.from({ length: o.clients }, (_, i) => runClient(wsUrl, questions, i * o.questions, o.questions, o.pause, deadline)),
  )
  const seconds = (performance.now() - t0) / 1000
  const cpu = cpuMs(pid) - cpu0
  const latencies = results.flatMap((r) => r.latencies)
  const errors: Record<string, number> = {}
  for (const r of results) for (const [code, n] of Object.entries(r.errors)) errors[code] = (errors[code] ?? 0) + n
  return {
    replies: latencies.length,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    engine: results.flatMap((r) => r.engineMs),
    errors,
    lost: results.reduce((n, r) => n + r.lost, 0),
    connectFailed: results.filter((r) => r.connectFailed).length,
    seconds,
    cpuMsPerReply: cpu / Math.max(1, latencies.length),
  }
}

function options(): LoadOptions & { serveMemo: boolean } {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string' },
      questions: { type: 'string' },
      pause: { type: 'string' },
      memo: { type: 'boolean' },
      'serve-memo': { type: 'boolean' },
      timeout: { type: 'string' },
      'log-level': { type: 'string' },
      cache: { type: 'boolean' },
      workers: { type: 'string' },
      'no-echo': { type: 'boolean' },
    },
  })
  const d = DEFAULT_LOAD_OPTIONS
  return {
    serveMemo: values['serve-memo'] ?? false,
    clients: Number(values.clients ?? d.clients),
    questions: Number(values.questions ?? d.questions),
    pause: Number(values.pause ?? d.pause),
    memo: values.memo ?? d.memo,
    timeout: Number(values.timeout ?? d.timeout),
    logLevel: values['log-level'] ?? d.logLevel,
    cache: values.cache ?? d.cache,
    workers: values.workers ?? d.workers,
    echo: !(values['no-echo'] ?? !d.echo),
  }
}

function print(o: LoadOptions, questions: number, f: RunFigures, echo: RunFigures | undefined): void {
  const errorCount = Object.values(f.errors).reduce((a, b) => a + b, 0)
  const row = (k: string, v: string, e = '') => console.log(`| ${k.padEnd(26)} | ${v.padStart(14)} |${echo ? ` ${e.padStart(14)} |` : ''}`)
  const what = o.memo ? 'transport only (answers replayed)' : `real engine, WORKERS=${o.workers}, answer cache ${o.cache ? 'on' : 'off'}`
  console.log(`\nSourcier WebSocket load — ${what}; loopback, server in its own process, log level ${o.logLevel}`)
  row('measure', 'value', 'bare ws echo')
  row('-'.repeat(26), '-'.repeat(14), '-'.repeat(14))
  row('concurrent sockets', String(o.clients), String(o.clients))
  row('questions per socket', String(o.questions), String(o.questions))
  row('pause between asks (ms)', o.pause ? `${o.pause} ± 50 %` : '0 (saturation)')
  row('distinct questions', String(questions))
  row('replies received', String(f.replies), String(echo?.replies))
  row('answers per second', f.perSecond.toFixed(0), echo?.perSecond.toFixed(0))
  row('latency p50 (ms)', f.p50.toFixed(2), echo?.p50.toFixed(2))
  row('latency p99 (ms)', f.p99.toFixed(2), echo?.p99.toFixed(2))
  row('latency max (ms)', f.max.toFixed(2), echo?.max.toFixed(2))
  row(
    'engine tookMs p50 / p99',
    o.memo ? 'n/a (replayed)' : `${percentile(f.engine, 50).toFixed(2)} / ${percentile(f.engine, 99).toFixed(2)}`,
  )
  row('error replies', errorCount ? `${errorCount} ${JSON.stringify(f.errors)}` : '0')
  row('lost (no reply)', String(f.lost), String(echo?.lost))
  row('sockets that failed', String(f.connectFailed), String(echo?.connectFailed))
  row('wall time (s)', f.seconds.toFixed(2), echo?.seconds.toFixed(2))
  row('server CPU per reply (ms)', f.cpuMsPerReply.toFixed(2), echo?.cpuMsPerReply.toFixed(2))
  console.log(
    `machine: ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (1, 5, 15 min)`,
  )
  if (echo) console.log(`answers per second, Sourcier / bare ws echo: ${(f.perSecond / echo.perSecond).toFixed(3)}`)
}

async function main() {
  const o = options()
  if (o.serveMemo) return serveMemo()
  const questions = await loadQuestions()
  const server = await spawnServer(
    {
      LOG_LEVEL: o.logLevel,
      WORKERS: o.workers,
      ...(o.cache ? {} : { ANSWER_CACHE_SIZE: '0' }),
      // The bench measures capacity: every ask waits its turn. (Every client shares one loopback
      // address, which the per-address cap would read as one abusive client; shedding under
      // overload is hardening's `npm run attack`.)
      MAX_QUEUED_PER_CLIENT: String(o.clients * 2),
      MAX_QUEUED_ASKS: String(o.clients * 2),
      MAX_QUEUE_WAIT_MS: String(o.timeout * 1000),
    },
    o.memo ? ['bench/load.ts', '--serve-memo'] : ['index.ts'],
  )
  let figures: RunFigures
  try {
    figures = await load(`${server.base.replace(/^http/, 'ws')}/ws`, server.child.pid!, questions, o)
  } finally {
    await server.stop()
  }
  let echo: RunFigures | undefined
  if (o.echo) {
    const e = await startEcho()
    try {
      echo = await load(e.wsUrl, e.child.pid!, questions, o)
    } finally {
      e.child.kill('SIGTERM')
    }
  }
  print(o, questions.length, figures, echo)
  process.exitCode = figures.lost || figures.connectFailed ? 1 : 0
}

await main()
