// bench/load.ts end to end on a tiny run: it must start the real server, report every reply and
// stop it. Figures are not asserted (speed belongs to the bench, not to tests).
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'

function bench(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (b: Buffer) => (out += b.toString()))
  child.stderr.on('data', (b: Buffer) => (out += b.toString()))
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })))
}

const cell = (out: string, name: string) => new RegExp(`\\| ${name}\\s*\\|\\s*(.+?) \\|`).exec(out)?.[1]?.trim()

describe('bench:load', () => {
  it('regression: finishes when the server logs nothing at info (it used to wait for a log line)', async () => {
    const { code, out } = await bench(['--clients', '4', '--questions', '3', '--pause', '0', '--log-level', 'warn', '--timeout', '30'])
    expect(code, out).toBe(0)
    expect(cell(out, 'replies received')).toBe('12')
    expect(cell(out, 'lost \\(no reply\\)')).toBe('0')
    expect(cell(out, 'error replies')).toBe('0')
    expect(cell(out, 'latency p99 \\(ms\\)')).toMatch(/^\d+\.\d\d$/)
  }, 120_000)
})
