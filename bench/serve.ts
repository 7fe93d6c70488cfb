/**
 * What the benches share: starting the real server (index.ts) in its own process on a free
 * loopback port, timing its readiness, reading its RSS, percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { freePort } from '../test/helpers/net.ts'

/** Nearest-rank percentile of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/** Resident memory of a process and of its threads (workers are threads), in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024
}

/** CPU time a process (all its threads) has used so far, in ms, from /proc. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ')
  // utime and stime are fields 14 and 15 of stat, 12 and 13 once pid and comm are cut off.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

export interface RunningServer {
  child: ChildProcess
  base: string
  /** From spawn to the first successful /healthz. */
  readyMs: number
  stop(): Promise<void>
}

/** How long the server may take to parse the corpus and build its index. */
const READY_TIMEOUT_MS = 900_000

/**
 * Spawns index.ts with a rate limit and connection cap high enough for one loopback address to
 * carry every bench client, and resolves once /healthz answers.
 */
export async function spawnServer(env: Record<string, string>, args = ['index.ts']): Promise<RunningServer> {
  const port = await freePort()
  const t0 = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MAX_CONNECTIONS_PER_IP: '100000',
      RATE_BURST: '10000',
      RATE_PER_SECOND: '10000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before it was ready`))),
  )
  const base = `http://127.0.0.1:${port}`
  const poll = async () => {
    const deadline = Date.now() + READY_TIMEOUT_MS
    while (Date.now() < deadline) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`server not ready after ${READY_TIMEOUT_MS / 1000} s`)
  }
  try {
    await Promise.race([poll(), exited])
  } catch (err) {
    child.kill('SIGKILL')
    throw err
  }
  exited.catch(() => undefined)
  const readyMs = performance.now() - t0
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  return { child, base, readyMs, stop }
}
