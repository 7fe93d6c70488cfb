// README's "Error codes" table is the public contract: it must list exactly the codes of ERRORS,
// with the same HTTP status and WebSocket close code.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ERRORS, SourcierError, errorBody, isErrorCode } from '../server/errors.ts'

function readmeErrorRows(): Array<{ code: string; status: number; ws: string }> {
  const readme = readFileSync('README.md', 'utf8')
  const start = readme.indexOf('## Error codes')
  expect(start).toBeGreaterThanOrEqual(0)
  const end = readme.indexOf('\n## ', start + 1)
  const section = readme.slice(start, end === -1 ? undefined : end)
  return section
    .split('\n')
    .filter((line) => /^\|\s*`/.test(line))
    .map((line) => {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim())
      return { code: cells[0]!.replace(/`/g, ''), status: Number(cells[1]), ws: cells[2] ?? '' }
    })
}

describe('error table', () => {
  it('README lists exactly the codes of ERRORS, each once', () => {
    const rows = readmeErrorRows()
    expect(rows.map((r) => r.code).sort()).toEqual(Object.keys(ERRORS).sort())
  })

  it('README gives each code the table’s HTTP status and close code', () => {
    for (const row of readmeErrorRows()) {
      expect(isErrorCode(row.code)).toBe(true)
      const spec = ERRORS[row.code as keyof typeof ERRORS] as { status: number; wsClose?: number }
      expect(row.status, row.code).toBe(spec.status)
      if (spec.wsClose !== undefined) expect(row.ws, row.code).toContain(`close ${spec.wsClose}`)
      else expect(row.ws, row.code).not.toMatch(/close \d/)
    }
  })

  it('SourcierError carries the table’s status and a default message', () => {
    const e = new SourcierError('unknown_document')
    expect(e.status).toBe(400)
    expect(e.message).toBe(ERRORS.unknown_document.message)
    expect(errorBody('not_found', 'No such paragraph.')).toEqual({ code: 'not_found', message: 'No such paragraph.' })
  })
})
