// vitest globalSetup: one throwaway PostgreSQL cluster for the whole run, unless the environment
// already names one (TEST_DATABASE_URL). Suites read process.env.TEST_DATABASE_URL, inherited by
// the workers that vitest starts after this ran.
import { postgresBin, startCluster, type Cluster } from './postgres.ts'

let cluster: Cluster | undefined

export async function setup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return
  // Without PostgreSQL only the suites that need it fail (testDatabaseUrl() says why); the rest run.
  if (!postgresBin()) {
    console.warn(
      'PostgreSQL is not installed (apt-get install postgresql) and TEST_DATABASE_URL is not set: the PostgreSQL suites will fail.',
    )
    return
  }
  cluster = await startCluster()
  process.env.TEST_DATABASE_URL = cluster.url
  // An interrupted run (Ctrl-C) may skip teardown: never leave a postgres behind.
  process.once('exit', () => teardown())
}

export function teardown(): void {
  cluster?.destroy()
  cluster = undefined
}
