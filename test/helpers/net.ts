// One copy of the free-port probe the test helpers (PostgreSQL cluster, nginx) and the benches
// (bench/serve.ts) share.
import net from 'node:net'

/**
 * A free loopback port: bound, then released for the caller's process (PostgreSQL, nginx, the
 * server under bench), which takes it right after; told its port, its readiness does not hang on a
 * log line.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}
