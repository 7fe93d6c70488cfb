/**
 * A K× synthetic corpus for the scale bench: the shipped texts once as they are (so that the
 * evaluation questions keep their answers), then K − 1 copies with a share of their words swapped
 * for other words of the corpus, drawn by a seeded generator: the same K and seed give the same
 * files byte for byte. Each copy is a document of its own in manifest.json.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface SynthOptions {
  /** Copies of the corpus, the original included. Defaults to 100. */
  copies: number
  /** Share of the words of each copy replaced by another corpus word. Defaults to 0.2. */
  swap: number
  /** Seed of the word swaps. Defaults to 12. */
  seed: number
  /** The corpus copied. Defaults to ./corpus. */
  source: string
  /** Parent folder of the generated corpus. Defaults to the system's temporary folder. */
  parent: string
}

export const DEFAULT_SYNTH_OPTIONS: SynthOptions = { copies: 100, swap: 0.2, seed: 12, source: 'corpus', parent: os.tmpdir() }

/** mulberry32: small, fast and good enough for word swaps. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORD = /\p{L}{3,}/gu

interface ManifestEntry {
  id: string
  file: string
  title: string
  shortTitle: string
  [key: string]: unknown
}

/**
 * Writes the K× corpus (unless that folder already holds it: generation is deterministic) and
 * returns its folder.
 */
export async function synthesizeCorpus(options: Partial<SynthOptions> = {}): Promise<string> {
  const o = { ...DEFAULT_SYNTH_OPTIONS, ...options }
  const dir = path.join(o.parent, `sourcier-synth-${o.copies}x-${o.swap}-${o.seed}`)
  if (existsSync(path.join(dir, 'manifest.json'))) return dir
  await mkdir(dir, { recursive: true })
  const manifest = JSON.parse(await readFile(path.join(o.source, 'manifest.json'), 'utf8')) as ManifestEntry[]
  const texts = new Map<string, string>()
  for (const f of (await readdir(o.source)).filter((f) => f.endsWith('.txt'))) texts.set(f, await readFile(path.join(o.source, f), 'utf8'))
  const vocabulary = [...new Set([...texts.values()].flatMap((t) => t.match(WORD) ?? []))].sort()
  const next = random(o.seed)
  const out: ManifestEntry[] = []
  for (let k = 0; k < o.copies; k++)
    for (const entry of manifest) {
      const text = texts.get(entry.file)
      if (text === undefined) continue
      const file = k === 0 ? entry.file : entry.file.replace(/\.txt$/, `-k${k}.txt`)
      const body = k === 0 ? text : text.replace(WORD, (w) => (next() < o.swap ? vocabulary[Math.floor(next() * vocabulary.length)]! : w))
      await writeFile(path.join(dir, file), body)
      out.push(k === 0 ? entry : { ...entry, id: `${entry.id}-k${k}`, file, shortTitle: `${entry.shortTitle} (copie ${k})` })
    }
  // manifest.json last: its presence marks a complete folder.
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(out, null, 1))
  return dir
}
