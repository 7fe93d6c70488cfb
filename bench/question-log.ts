// What logging costs per ask: the call on the answering path (record(): a push into the buffer),
// and the background write per record, batched as the log does it or one by one, on SQLite (a
// file) and PostgreSQL (a throwaway local cluster unless DATABASE_URL is set).
// Run: npm run bench:log   (noisy on a shared machine: compare the rows of one run, not runs)
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createQuestionLog } from '../server/storage/question-log.ts'
import { openSqliteStore } from '../server/storage/sqlite.ts'
import { openPostgresStore } from '../server/storage/postgres.ts'
import type { QuestionRecord, Store } from '../server/storage/types.ts'
import { startCluster } from '../test/helpers/postgres.ts'

const N = Number(process.env.N ?? 2000)

function record(i: number): QuestionRecord {
  return {
    answerId: crypto.randomUUID(),
    at: Date.now(),
    language: 'fr',
    status: i % 5 ? 'answered' : 'no_match',
    question: `Que dit le Pacte mondial sur les envois de fonds des migrants ? ${i}`,
    paragraphs: [1, 2, 3, 4, 5].map((k) => ({ id: `sg-2008-p${k + (i % 50)}`, score: 10 / k })),
    tookMs: 1.23,
    documents: null,
    via: 'ws',
    client: 'abcdefghijkl',
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** µs per record for: record() calls, the buffered drain, and one INSERT per record. */
async function measure(store: Store): Promise<{ recordUs: number; batchedUs: number; singleUs: number }> {
  const log = createQuestionLog(store, { purgeEveryMs: 3_600_000 })
  const rs = Array.from({ length: N }, (_, i) => record(i))
  const calls: number[] = []
  const t0 = performance.now()
  for (const r of rs) {
    const c0 = performance.now()
    log.record(r)
    calls.push(performance.now() - c0)
  }
  await log.flush()
  await new Promise((resolve) => setImmediate(resolve))
  await log.flush()
  const batchedMs = performance.now() - t0
  const singles = Array.from({ length: Math.min(N, 500) }, (_, i) => record(N + i))
  const t1 = performance.now()
  for (const r of singles) await store.logAsk(r)
  const singleMs = performance.now() - t1
  await log.close()
  return { recordUs: median(calls) * 1000, batchedUs: (batchedMs / N) * 1000, singleUs: (singleMs / singles.length) * 1000 }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'sourcier-bench-'))
const cluster = process.env.DATABASE_URL ? null : await startCluster()
const rows: Array<[string, Awaited<ReturnType<typeof measure>>]> = []
try {
  const sqlite = openSqliteStore(dir)
  rows.push(['sqlite (file, WAL)', await measure(sqlite)])
  await sqlite.close()
  const pg = await openPostgresStore(process.env.DATABASE_URL ?? cluster!.url)
  rows.push(['postgres (loopback)', await measure(pg)])
  await pg.close()
} finally {
  cluster?.destroy()
  rmSync(dir, { recursive: true, force: true })
}
console.log(`${N} records; µs per record (median for record(), mean for writes)`)
console.log('backend               record()   batched write   one INSERT each')
for (const [name, r] of rows) {
  console.log(
    `${name.padEnd(20)} ${r.recordUs.toFixed(2).padStart(9)} ${r.batchedUs.toFixed(1).padStart(15)} ${r.singleUs.toFixed(1).padStart(17)}`,
  )
}
