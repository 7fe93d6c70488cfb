// A throwaway nginx (Debian's /usr/sbin/nginx) in front of test servers: its own config, pid, log
// and temp paths in a temp dir, listening on a free loopback port. The proxy block is the one
// README documents (WebSocket upgrade, Host with port, X-Forwarded-For appended).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort } from './net.ts'

const NGINX = '/usr/sbin/nginx'
export const hasNginx = existsSync(NGINX)

export interface RunningNginx {
  port: number
  url: string
  stop(): Promise<void>
}

/** The `location` block README recommends, pointing at `upstream`. */
function proxyLocation(upstream: string): string {
  return `location / {
      proxy_pass http://${upstream};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 3600s;
    }`
}

function config(dir: string, port: number, upstreams: number[]): string {
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`
  return `worker_processes 1;
daemon off;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream sourcier { ${upstreams.map((p) => `server 127.0.0.1:${p};`).join(' ')} }
  server {
    listen 127.0.0.1:${port};
    ${proxyLocation('sourcier')}
  }
}
`
}

/** Starts nginx proxying to the given local ports; resolves once it accepts connections. */
export async function startNginx(upstreams: number[]): Promise<RunningNginx> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sourcier-nginx-'))
  const port = await freePort()
  await writeFile(path.join(dir, 'nginx.conf'), config(dir, port, upstreams))
  const proc: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], {
    stdio: 'ignore',
  })
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  for (let i = 0; ; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)))
      s.on('error', () => resolve(false))
    })
    if (up) break
    if (i > 200 || proc.exitCode !== null) throw new Error(`nginx did not start (see ${dir}/error.log)`)
    await new Promise((r) => setTimeout(r, 25))
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      proc.kill('SIGTERM')
      await exited
      await rm(dir, { recursive: true, force: true })
    },
  }
}
