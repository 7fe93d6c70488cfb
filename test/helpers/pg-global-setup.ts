// vitest globalSetup: one throwaway PostgreSQL cluster for the whole run, unless the environment
// already names one (TEST_DATABASE_URL). Suites read process.env.TEST_DATABASE_URL, inherited by
// the workers that vitest starts after this ran.
import { startCluster, type Cluster } from './postgres.ts'

let cluster: Cluster | undefined

export async function setup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return
  cluster = await startCluster()
  process.env.TEST_DATABASE_URL = cluster.url
}

export async function teardown(): Promise<void> {
  cluster?.destroy()
}
