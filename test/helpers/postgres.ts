/**
 * A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl from Debian's postgresql package
 * in a temporary folder, trust authentication on 127.0.0.1 only, a free loopback port. No
 * system service is used, so it works whether or not the package's default cluster runs.
 * As root (CI containers), the server runs as the `postgres` user, which refuses to run as root.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from './net.ts'

export interface Cluster {
  url: string
  dir: string
  port: number
  /** Starts the server (again), e.g. after stop() in the "database down" tests. */
  start(): void
  /**
   * Stops the server (connections are cut, transactions aborted), keeping its data. `fast`, not
   * `immediate`: with synchronous_commit=off an immediate stop would lose the latest commits.
   */
  stop(): void
  /** Stops it and removes its folder. */
  destroy(): void
}

/** The newest /usr/lib/postgresql/N/bin, or null when the package is missing. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
  for (const v of versions) if (existsSync(path.join(root, v, 'bin', 'initdb'))) return path.join(root, v, 'bin')
  return null
}

const asRoot = process.getuid?.() === 0

/** Runs a PostgreSQL binary, as `postgres` when we are root; throws with its output on failure. */
function run(bin: string, args: string[]): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: os.tmpdir() })
  if (r.status !== 0) throw new Error(`${path.basename(bin)} failed (${r.status}): ${r.stderr || r.stdout}`)
}

export async function startCluster(): Promise<Cluster> {
  const bin = postgresBin()
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql), and TEST_DATABASE_URL is not set.')
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sourcier-pg-'))
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir])
  else chownSync(dir, process.getuid!(), process.getgid!())
  const data = path.join(dir, 'data')
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'])
  const port = await freePort()
  // The socket lives in our folder: /var/run/postgresql may not exist without the default cluster.
  const opts = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
  const cluster: Cluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    port,
    start: () => run(path.join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']),
    stop: () => run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']),
    destroy: () => {
      try {
        cluster.stop()
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
  cluster.start()
  return cluster
}
