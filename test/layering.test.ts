// The house's import rules, read from the sources: the wire contract depends on nothing of ours,
// and the browser reaches the server only through it.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/** Every .ts file under `dir`, as paths relative to the repository root. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f))
}

/** The modules a file imports or re-exports (static and dynamic), resolved against the root when relative. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s*'([^']+)'/g)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  )
  return specs.map((s) => (s.startsWith('.') ? path.normalize(path.join(path.dirname(file), s)) : s))
}

describe('layering', () => {
  it('the wire contract (server/protocol) imports zod and itself only', () => {
    const bad = sources('server/protocol').flatMap((f) =>
      importsOf(f)
        .filter((i) => !(i === 'zod' || i === 'zod/mini' || i.startsWith('server/protocol/')))
        .map((i) => `${f} → ${i}`),
    )
    expect(bad).toEqual([])
  })

  it('the browser code imports nothing of the server but the contract', () => {
    const bad = sources('client').flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('server/') && !i.startsWith('server/protocol/'))
        .map((i) => `${f} → ${i}`),
    )
    expect(bad).toEqual([])
  })

  it('importsOf sees static, re-export, side-effect and dynamic imports (so the rules above can fail)', () => {
    const text = `import { a } from './x.ts'\nexport type { B } from '../y.ts'\nimport './z.ts'\nconst m = await import('node:fs')\nimport type {\n  C,\n} from 'zod'\n`
    expect(importsOf('server/protocol/f.ts', text)).toEqual(['server/protocol/x.ts', 'server/y.ts', 'server/protocol/z.ts', 'node:fs', 'zod'])
  })
})
