// Readers for the open lexical resources the bridge is built from, as Debian installs them.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

/** Debian package → a file it installs (its presence says the package is there). */
export const PACKAGES: Record<string, string> = {
  'dict-freedict-eng-fra': '/usr/share/dictd/freedict-eng-fra.index',
  'dict-freedict-fra-eng': '/usr/share/dictd/freedict-fra-eng.index',
  'mythes-fr': '/usr/share/mythes/thes_fr.dat',
  'apertium-eng-spa': '/usr/share/apertium/apertium-eng-spa/eng-spa.autobil.bin',
  'apertium-fr-es': '/usr/share/apertium/apertium-fr-es/es-fr.autobil.bin',
  'wordnet-base': '/usr/share/wordnet/index.noun',
  lttoolbox: '/usr/bin/lt-proc',
}

/** Installs the missing packages (as root, with apt-get) and returns each one's version. */
export function ensurePackages(): Record<string, string> {
  const missing = Object.entries(PACKAGES)
    .filter(([, file]) => !existsSync(file))
    .map(([p]) => p)
  if (missing.length > 0) {
    console.log(`installing ${missing.join(' ')}`)
    const run = spawnSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: 'inherit' })
    if (run.status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed: run it as root (after apt-get update)`)
  }
  const versions: Record<string, string> = {}
  for (const p of Object.keys(PACKAGES)) {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
    const q = spawnSync('dpkg-query', ['-W', '-f=${Version}', p], { encoding: 'utf8' })
    versions[p] = q.stdout.trim() || 'unknown'
  }
  return versions
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const b64 = (s: string) => [...s].reduce((n, c) => n * 64 + B64.indexOf(c), 0)

/**
 * A FreeDict dictionary (dictd format): headword → translations. An entry's body is the headword
 * line (with its pronunciation and part of speech), then one line per sense, numbered or not,
 * each a comma- or semicolon-separated list of translations.
 */
export function readFreeDict(name: string): Map<string, string[]> {
  const index = readFileSync(`/usr/share/dictd/${name}.index`, 'utf8')
  const body = gunzipSync(readFileSync(`/usr/share/dictd/${name}.dict.dz`)).toString('utf8')
  const bytes = Buffer.from(body, 'utf8')
  const out = new Map<string, string[]>()
  for (const line of index.split('\n')) {
    const [head, off, len] = line.split('\t')
    if (!head || !off || !len || head.startsWith('00database')) continue
    const text = bytes.subarray(b64(off), b64(off) + b64(len)).toString('utf8')
    const translations = text
      .split('\n')
      .slice(1)
      .flatMap((l) => l.replace(/^\s*\d+\.\s*/, '').split(/[;,]\s*/))
      .map((t) =>
        t
          .replace(/\([^)]*\)/g, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((t) => t.length > 1 && !t.startsWith('<') && !t.includes('/'))
    const key = head.toLowerCase().trim()
    out.set(key, [...new Set([...(out.get(key) ?? []), ...translations])])
  }
  return out
}

/** mythes-fr: headword → its senses, each a list of synonyms (the part of speech dropped). */
export function readMythes(): Map<string, string[][]> {
  const lines = readFileSync(PACKAGES['mythes-fr']!, 'utf8').split('\n')
  const out = new Map<string, string[][]>()
  for (let i = 1; i < lines.length; ) {
    const [head, count] = lines[i]!.split('|')
    const n = Number(count)
    i++
    if (!head || !Number.isFinite(n)) continue
    const senses = lines.slice(i, i + n).map((l) =>
      l
        .split('|')
        .slice(1)
        .map((s) => s.replace(/\([^)]*\)/g, '').trim())
        .filter(Boolean),
    )
    i += n
    const key = head.toLowerCase()
    out.set(key, [...(out.get(key) ?? []), ...senses])
  }
  return out
}

/** WordNet's single-word English lemmas by Apertium part of speech. */
export function readWordnetLemmas(): Array<{ lemma: string; tag: string }> {
  const files: Array<[string, string]> = [
    ['index.noun', 'n'],
    ['index.verb', 'vblex'],
    ['index.adj', 'adj'],
  ]
  return files.flatMap(([file, tag]) =>
    readFileSync(`/usr/share/wordnet/${file}`, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith(' ') && /^[a-z]+ /.test(l))
      .map((l) => ({ lemma: l.slice(0, l.indexOf(' ')), tag })),
  )
}

/** One pass of a batch of `^lemma<tags>$` units through an Apertium bilingual dictionary. */
function throughBidix(bin: string, units: string[]): string[][] {
  const run = spawnSync('lt-proc', ['-b', bin], { input: `${units.join('\n')}\n`, encoding: 'utf8', maxBuffer: 1 << 28 })
  if (run.status !== 0) throw new Error(`lt-proc ${bin}: ${run.stderr}`)
  return run.stdout
    .split('\n')
    .slice(0, units.length)
    .map((l) => {
      const parts = l
        .replace(/^\^|\$$/g, '')
        .split('/')
        .slice(1)
      return parts.filter((p) => !p.startsWith('@')).map((p) => p.replace(/<[^>]*>/g, ''))
    })
}

/**
 * English → Spanish → French through Apertium's two bilingual dictionaries (English-Spanish and
 * French-Spanish: Debian ships no English-French pair). Tags travel with the lemma, since a
 * dictionary entry is chosen by them (« trabajo<n><m> »).
 */
export function apertiumEnglishFrench(lemmas: Array<{ lemma: string; tag: string }>): Map<string, string[]> {
  const units = lemmas.map((l) => `^${l.lemma}<${l.tag}>${l.tag === 'vblex' ? '<inf>' : l.tag === 'n' ? '<sg>' : ''}$`)
  const spanishRaw = spawnSync('lt-proc', ['-b', PACKAGES['apertium-eng-spa']!], {
    input: `${units.join('\n')}\n`,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  })
  const spanish = spanishRaw.stdout
    .split('\n')
    .slice(0, units.length)
    .map((l) =>
      l
        .replace(/^\^|\$$/g, '')
        .split('/')
        .slice(1)
        .filter((p) => !p.startsWith('@')),
    )
  const flat = spanish.flatMap((list, k) => list.map((s) => ({ k, unit: `^${s}$` })))
  const french = throughBidix(
    PACKAGES['apertium-fr-es']!,
    flat.map((f) => f.unit),
  )
  const out = new Map<string, string[]>()
  flat.forEach((f, j) => {
    const lemma = lemmas[f.k]!.lemma
    const list = out.get(lemma) ?? []
    for (const fr of french[j] ?? []) if (!list.includes(fr)) list.push(fr)
    out.set(lemma, list)
  })
  return out
}
