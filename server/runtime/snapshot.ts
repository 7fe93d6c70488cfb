/**
 * Fast start: the parsed corpus and its search index saved under DATA_DIR/snapshots/<key>/, where
 * the key hashes the corpus folder's files, the lexicon and the code the index is built from. A
 * restart with the same three loads them (v8 serialisation) instead of parsing and analysing every paragraph; any
 * change to one of them makes a new key, and the old snapshot is removed once the new one is saved.
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import v8 from 'node:v8'
import type { Corpus } from '../corpus/types.ts'
import type { Lexicon } from '../analysis/lexicon.ts'
import { buildIndex, type SearchIndex } from '../search/index.ts'
import { restoreIndex, shareSnapshot, snapshotIndex, type IndexSnapshot } from '../search/snapshot.ts'

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** The files under a folder, sorted; a file alone when given one. */
async function filesUnder(dir: string): Promise<string[]> {
  if (!(await stat(dir)).isDirectory()) return [dir]
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await filesUnder(full)))
    else out.push(full)
  }
  return out.sort()
}

export interface SnapshotKeyOptions {
  /** The folder `codePaths` are relative to. Defaults to the server's source folder. */
  codeRoot: string
  /**
   * The code the corpus and index are built from, folders or files: the corpus parser, the
   * analysis (tokens, stems), the index and its snapshot, and this file (the snapshot's layout).
   * Nothing else feeds `loadCorpus` (corpus/load.ts) or `buildIndex` (search/index.ts), so editing
   * transport, admin or storage code keeps the snapshot. Defaults to corpus, analysis, search and
   * runtime/snapshot.ts.
   */
  codePaths: readonly string[]
}

export const DEFAULT_SNAPSHOT_KEY_OPTIONS: SnapshotKeyOptions = {
  codeRoot: SERVER_DIR,
  codePaths: ['corpus', 'analysis', 'search', path.join('runtime', 'snapshot.ts')],
}

/**
 * The snapshot key: a hash of the corpus folder (names and bytes of every file), the lexicon and
 * the code the index is built from (a change to it may change the index; other code may not).
 */
export async function snapshotKey(corpusDir: string, lexicon: Lexicon, options: Partial<SnapshotKeyOptions> = {}): Promise<string> {
  const { codeRoot, codePaths } = { ...DEFAULT_SNAPSHOT_KEY_OPTIONS, ...options }
  const hash = createHash('sha256')
  const add = (label: string, data: string | Buffer) => hash.update(`${label}\0${data.length}\0`).update(data)
  for (const codePath of codePaths)
    for (const file of await filesUnder(path.join(codeRoot, codePath))) add(path.relative(codeRoot, file), await readFile(file))
  add('lexicon', JSON.stringify(lexicon))
  for (const file of await filesUnder(corpusDir).catch(() => [])) add(`corpus/${path.relative(corpusDir, file)}`, await readFile(file))
  return hash.digest('hex').slice(0, 24)
}

export interface PreparedIndex {
  corpus: Corpus
  /** The index file workers (or a later restart) load. */
  indexFile: string
  /** Built during this call (cold start), for the in-process engine; absent when loaded. */
  index?: SearchIndex
  /** Whether the snapshot was loaded (warm) or built and saved (cold). */
  warm: boolean
}

export interface SnapshotOptions {
  dataDir: string
  corpusDir: string
  lexicon: Lexicon
  /** Parses the corpus folder when no snapshot matches. */
  loadCorpus: (dir: string) => Promise<Corpus>
  /** Told when a snapshot cannot be saved (read-only DATA_DIR …): the server still starts. */
  onProblem?: (message: string) => void
}

/**
 * Reads the index snapshot a worker (or the in-process engine) restores; undefined when it is gone
 * or unreadable (another server sharing DATA_DIR replaced it): the caller then builds.
 */
export async function readIndexSnapshot(file: string, corpus: Corpus): Promise<SearchIndex | undefined> {
  try {
    return restoreIndex(corpus, v8.deserialize(await readFile(file)) as IndexSnapshot)
  } catch {
    return undefined
  }
}

/**
 * Reads an index snapshot once for a pool of workers, its arrays shared between threads
 * (search/snapshot.ts `shareSnapshot`); undefined when it is gone or unreadable: workers then build.
 */
export async function readSharedIndexSnapshot(file: string): Promise<IndexSnapshot | undefined> {
  try {
    return shareSnapshot(v8.deserialize(await readFile(file)) as IndexSnapshot)
  } catch {
    return undefined
  }
}

/** The index from a snapshot already read (a worker's shared one); undefined when it does not restore: the caller builds. */
export function restoreIndexSnapshot(snapshot: IndexSnapshot, corpus: Corpus): SearchIndex | undefined {
  try {
    return restoreIndex(corpus, snapshot)
  } catch {
    return undefined
  }
}

/**
 * The corpus and the path of its index snapshot: loaded when the key matches, else parsed, built
 * and saved (written to a temporary folder, then renamed, so a crash never leaves half a snapshot).
 */
export async function prepareIndex(o: SnapshotOptions): Promise<PreparedIndex> {
  const root = path.join(o.dataDir, 'snapshots')
  const key = await snapshotKey(o.corpusDir, o.lexicon)
  const dir = path.join(root, key)
  const indexFile = path.join(dir, 'index.v8')
  if (existsSync(indexFile)) {
    try {
      return { corpus: v8.deserialize(await readFile(path.join(dir, 'corpus.v8'))) as Corpus, indexFile, warm: true }
    } catch (err) {
      o.onProblem?.(`index snapshot ${dir} unreadable, rebuilding: ${(err as Error).message}`)
    }
  }
  const corpus = await o.loadCorpus(o.corpusDir)
  const index = buildIndex(corpus)
  try {
    const tmp = `${dir}.tmp-${process.pid}`
    await mkdir(tmp, { recursive: true })
    await writeFile(path.join(tmp, 'corpus.v8'), v8.serialize(corpus))
    await writeFile(path.join(tmp, 'index.v8'), v8.serialize(snapshotIndex(index, corpus)))
    await rm(dir, { recursive: true, force: true })
    await rename(tmp, dir)
    for (const other of await readdir(root))
      if (other !== key && !other.includes('.tmp-')) await rm(path.join(root, other), { recursive: true, force: true })
  } catch (err) {
    o.onProblem?.(`index snapshot not saved in ${root}: ${(err as Error).message}`)
  }
  return { corpus, indexFile, index, warm: false }
}
