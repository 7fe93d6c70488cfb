/**
 * Scale bench: `npm run bench:scale -- 100` generates the 100× synthetic corpus (bench/synth.ts),
 * and, in the same run and next to the shipped corpus, starts the real server (index.ts, its own
 * process) on each, twice (cold: no index snapshot; warm: loading the one the cold start saved),
 * and prints ready time, RSS and round-trip p50/p99 over the evaluation questions asked one at a
 * time over the WebSocket.
 *
 *   npm run bench:scale -- 100 [--rounds 2] [--workers 0] [--cache 0]
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import type { ServerMessage } from '../server/protocol/types.ts'
import { synthesizeCorpus } from './synth.ts'
import { percentile, rssMb, spawnServer } from './serve.ts'

interface Question {
  question: string
  context?: Array<{ question: string }>
}

/** Asks every question once per round on one socket, one at a time; returns round-trip times. */
async function askAll(wsUrl: string, questions: Question[], rounds: number): Promise<{ times: number[]; errors: number }> {
  const ws = new WebSocket(wsUrl)
  await new Promise((resolve, reject) => {
    ws.once('message', resolve) // hello
    ws.once('error', reject)
  })
  const times: number[] = []
  let errors = 0
  for (let r = 0; r < rounds; r++)
    for (const [i, q] of questions.entries()) {
      const id = `q${r}-${i}`
      const t0 = performance.now()
      const reply = await new Promise<ServerMessage>((resolve) => {
        const on = (data: WebSocket.RawData) => {
          const m = JSON.parse(String(data)) as ServerMessage
          if ('id' in m && m.id === id) {
            ws.off('message', on)
            resolve(m)
          }
        }
        ws.on('message', on)
        ws.send(JSON.stringify({ type: 'ask', id, question: q.question, context: q.context }))
      })
      times.push(performance.now() - t0)
      if (reply.type === 'error') errors++
    }
  ws.close()
  return { times, errors }
}

interface Row {
  corpus: string
  start: string
  readyS: number
  rssMb: number
  p50: number
  p99: number
  errors: number
}

async function measure(
  corpus: string,
  label: string,
  dataDir: string,
  env: Record<string, string>,
  questions: Question[],
  rounds: number,
): Promise<Row[]> {
  const rows: Row[] = []
  for (const start of ['cold', 'warm'] as const) {
    const server = await spawnServer({ CORPUS_DIR: corpus, DATA_DIR: dataDir, ...env })
    try {
      const wsUrl = `${server.base.replace(/^http/, 'ws')}/ws`
      // One pass unmeasured: the first asks pay for JIT compilation.
      await askAll(wsUrl, questions, 1)
      const { times, errors } = await askAll(wsUrl, questions, rounds)
      rows.push({
        corpus: label,
        start,
        readyS: server.readyMs / 1000,
        rssMb: rssMb(server.child.pid!),
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        errors,
      })
    } finally {
      await server.stop()
    }
  }
  return rows
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rounds: { type: 'string' }, workers: { type: 'string' }, cache: { type: 'string' } },
  })
  const k = Number(positionals[0] ?? 100)
  const rounds = Number(values.rounds ?? 2)
  const env: Record<string, string> = {}
  if (values.workers !== undefined) env.WORKERS = values.workers
  if (values.cache !== undefined) env.ANSWER_CACHE_SIZE = values.cache
  const questions = JSON.parse(readFileSync('eval/questions.json', 'utf8')) as Question[]
  const t0 = performance.now()
  const synthetic = await synthesizeCorpus({ copies: k })
  console.log(`${k}× corpus in ${synthetic} (${((performance.now() - t0) / 1000).toFixed(1)} s to generate or find)`)
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sourcier-scale-data-'))
  try {
    const rows = [
      ...(await measure('corpus', 'shipped', path.join(dataDir, 'shipped'), env, questions, rounds)),
      ...(await measure(synthetic, `${k}×`, path.join(dataDir, 'synthetic'), env, questions, rounds)),
    ]
    console.log(
      `\nmachine: ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; ${questions.length} questions × ${rounds} rounds, one at a time over one WebSocket`,
    )
    console.log('| corpus | start | ready (s) | RSS (MB) | p50 (ms) | p99 (ms) | errors |')
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |')
    for (const r of rows)
      console.log(
        `| ${r.corpus} | ${r.start} | ${r.readyS.toFixed(2)} | ${r.rssMb.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`,
      )
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
}

await main()
