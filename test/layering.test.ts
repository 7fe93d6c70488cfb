// The house's import rules, read from the sources: the pipeline's stages import only the stages
// before them, the wire contract depends on nothing of ours, and the browser reaches the server
// only through it.
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
function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const specs = [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s*'([^']+)'/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]!)
  return specs.map((s) => (s.startsWith('.') ? path.normalize(path.join(path.dirname(file), s)) : s))
}

/**
 * The pipeline's direction (docs/architecture.md): a module of server/ may import only modules of
 * a lower rank, or itself. Rank 0 is the shared kernel every stage may use (the wire contract,
 * the error table, the configuration, the logger). `storage` sits beside the pipeline: the
 * transport uses it, the stages never do. A new folder of server/ must be placed here.
 */
const PIPELINE_RANK: Record<string, number> = {
  protocol: 0,
  'errors.ts': 0,
  'config.ts': 0,
  'logger.ts': 0,
  corpus: 1,
  analysis: 2,
  search: 3,
  answer: 4,
  'engine.ts': 5,
  runtime: 6,
  storage: 6,
  ingest: 7,
  transport: 8,
}

/** The module of server/ a path belongs to (its first segment under server/), or null outside server/. */
const moduleOf = (file: string): string | null => (file.startsWith('server/') ? file.split('/')[1]! : null)

/** Imports of `file` against the pipeline's direction (or into the client, scripts or tests), as « from → to » lines. */
function againstPipeline(file: string, imports: readonly string[]): string[] {
  const from = moduleOf(file)
  if (from === null) return []
  const rank = PIPELINE_RANK[from]
  if (rank === undefined) return [`${file}: server/${from} has no place in PIPELINE_RANK`]
  return imports
    .filter((i) => {
      if (/^(?:client|eval|bench|scripts|test)\//.test(i)) return true
      const to = moduleOf(i)
      if (to === null || to === from) return false
      const target = PIPELINE_RANK[to]
      return target === undefined || !(target < rank || (target === 0 && rank === 0))
    })
    .map((i) => `${file} → ${i}`)
}

describe('layering', () => {
  it('every import in server/ follows the pipeline: corpus → analysis → search → answer → engine → runtime → transport', () => {
    const bad = sources('server').flatMap((f) => againstPipeline(f, importsOf(f)))
    expect(bad).toEqual([])
  })

  it('againstPipeline refuses a backward import and a module without a rank (so the rule above can fail)', () => {
    expect(againstPipeline('server/search/index.ts', ['server/answer/sentences.ts'])).toEqual([
      'server/search/index.ts → server/answer/sentences.ts',
    ])
    expect(againstPipeline('server/storage/store.ts', ['server/runtime/host.ts'])).toHaveLength(1)
    expect(againstPipeline('server/corpus/load.ts', ['client/src/chat/h.ts'])).toHaveLength(1)
    expect(againstPipeline('server/search/rank.ts', ['eval/run.ts', 'test/helpers/server.ts'])).toHaveLength(2)
    expect(againstPipeline('server/nowhere/x.ts', [])).toEqual(['server/nowhere/x.ts: server/nowhere has no place in PIPELINE_RANK'])
    expect(
      againstPipeline('server/answer/compose.ts', [
        'server/analysis/sentences.ts',
        'server/protocol/types.ts',
        'server/answer/best.ts',
        'zod',
      ]),
    ).toEqual([])
  })

  it('the wire contract (server/protocol) imports zod and itself only', () => {
    const bad = sources('server/protocol').flatMap((f) =>
      importsOf(f)
        .filter((i) => !(i === 'zod' || i === 'zod/mini' || i.startsWith('server/protocol/')))
        .map((i) => `${f} → ${i}`),
    )
    expect(bad).toEqual([])
  })

  it('the browser code imports nothing of the server but the contract', () => {
    // Not even parse.ts: it is the server's policy, and full zod would triple the widget.
    const bad = sources('client').flatMap((f) =>
      importsOf(f)
        .filter((i) => (i.startsWith('server/') && i !== 'server/protocol/types.ts') || i === 'zod')
        .map((i) => `${f} → ${i}`),
    )
    expect(bad).toEqual([])
  })

  it('importsOf sees static, re-export, side-effect and dynamic imports (so the rules above can fail)', () => {
    const text = `import { a } from './x.ts'\nexport type { B } from '../y.ts'\nimport './z.ts'\nconst m = await import('node:fs')\nimport type {\n  C,\n} from 'zod'\n`
    expect(importsOf('server/protocol/f.ts', text)).toEqual([
      'server/protocol/x.ts',
      'server/y.ts',
      'server/protocol/z.ts',
      'node:fs',
      'zod',
    ])
  })
})

/**
 * Departures from the options convention (docs/architecture.md, « Options ») in one source: a
 * defaults constant that is untyped or wrongly named, an options type derived from its defaults,
 * or optional fields papered over with `Required<>`.
 */
function optionsStyleProblems(file: string, text = readFileSync(file, 'utf8')): string[] {
  const problems: string[] = []
  for (const m of text.matchAll(/export const (\w+_DEFAULTS)\b/g)) problems.push(`${file}: ${m[1]} is not named DEFAULT_<STAGE>_OPTIONS`)
  for (const m of text.matchAll(/export const (DEFAULT_\w+)\s*(:)?/g)) {
    if (!/^DEFAULT_[A-Z0-9_]+_OPTIONS$|^DEFAULT_CONFIG$/.test(m[1]!)) problems.push(`${file}: ${m[1]} is not named DEFAULT_<STAGE>_OPTIONS`)
    if (!m[2]) problems.push(`${file}: ${m[1]} has no declared type`)
  }
  for (const m of text.matchAll(/\b(?:Partial|Required)<typeof DEFAULT_\w+>|\bRequired<\w+Options>|typeof DEFAULT_\w+_OPTIONS\b/g))
    problems.push(`${file}: ${m[0]}`)
  return problems
}

describe('options convention', () => {
  it('every defaults constant is DEFAULT_<STAGE>_OPTIONS, typed by its interface, which is not derived from it', () => {
    const files = ['index.ts', ...['server', 'client/src', 'eval', 'bench', 'scripts'].flatMap(sources)]
    expect(files.flatMap((f) => optionsStyleProblems(f))).toEqual([])
  })

  it('optionsStyleProblems sees each departure (so the rule above can fail)', () => {
    const text = [
      'export const DEFAULT_A_OPTIONS = { a: 1 }',
      'export type AOptions = Partial<typeof DEFAULT_A_OPTIONS>',
      'export const B_DEFAULTS: BOptions = { b: 1 }',
      'export const DEFAULT_C: COptions = { c: 1 }',
      'export const DEFAULT_D_OPTIONS: Required<DOptions> = { d: 1 }',
      'export const DEFAULT_E_OPTIONS: EOptions = { e: 1 }',
    ].join('\n')
    expect(optionsStyleProblems('f.ts', text)).toEqual([
      'f.ts: B_DEFAULTS is not named DEFAULT_<STAGE>_OPTIONS',
      'f.ts: DEFAULT_A_OPTIONS has no declared type',
      'f.ts: DEFAULT_C is not named DEFAULT_<STAGE>_OPTIONS',
      'f.ts: Partial<typeof DEFAULT_A_OPTIONS>',
      'f.ts: Required<DOptions>',
    ])
  })
})

/**
 * Functions longer than `max` lines, counted from the opening line to the closing brace at the same
 * indentation (Biome's own count leaves some out: nested functions, comments). Declarations,
 * `const f = (…) => {` and methods `name(…) {` are measured.
 */
function longFunctions(file: string, max: number, text = readFileSync(file, 'utf8')): string[] {
  const lines = text.split('\n')
  const opening = /^\s*(?:export )?(?:async )?function\b|^\s*(?:export )?const \w+ = (?:async )?\(.*=> \{$|^\s*\w+\(.*\) \{$/
  const out: string[] = []
  lines.forEach((line, i) => {
    if (!opening.test(line)) return
    const indent = line.length - line.trimStart().length
    const end = lines.findIndex((l, j) => j > i && l.startsWith(`${' '.repeat(indent)}}`) && l.length - l.trimStart().length === indent)
    if (end > 0 && end - i + 1 > max) out.push(`${file}:${i + 1} ${end - i + 1} lines`)
  })
  return out
}

describe('function length', () => {
  it('no function outside tests is over 80 lines', () => {
    const files = ['index.ts', ...['server', 'client/src', 'eval', 'bench', 'scripts'].flatMap(sources)]
    expect(files.flatMap((f) => longFunctions(f, 80))).toEqual([])
  })

  it('longFunctions measures declarations, arrow functions and methods (so the rule above can fail)', () => {
    const body = (n: number) => Array.from({ length: n }, () => '  x()').join('\n')
    const text = `export function a() {\n${body(3)}\n}\nconst b = (y: number) => {\n${body(3)}\n}\nclass C {\n  m(z) {\n${body(3)}\n  }\n}\n`
    expect(longFunctions('f.ts', 4, text)).toEqual(['f.ts:1 5 lines', 'f.ts:6 5 lines', 'f.ts:12 5 lines'])
  })
})
