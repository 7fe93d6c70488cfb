/**
 * Stage 3: putting words back together. Hard-wrapped lines are joined, end-of-line hyphenation is
 * undone and drop capitals are rejoined, deciding every ambiguous case from the corpus's own
 * vocabulary (the words it prints unbroken somewhere), never from a guess about French.
 */

/** Lower-cased word forms the corpus prints without a line break inside them, with their counts. */
export type Vocabulary = ReadonlyMap<string, number>

// A word, or a word cut at a line end with a hyphen together with its continuation.
const TOKEN = /\p{L}(?:[\p{L}’'-]*\p{L})?(?:-[^\S\n]*\n\s*[\p{L}’']+)?/gu

/**
 * Every word form of the texts, skipping the two halves of each end-of-line hyphenation (they are
 * what we must decide about). Compounds and elisions also contribute their parts (« main », « d’œuvre », « œuvre »).
 */
export function buildVocabulary(texts: Iterable<string>): Map<string, number> {
  const vocab = new Map<string, number>()
  const add = (w: string) => vocab.set(w, (vocab.get(w) ?? 0) + 1)
  for (const text of texts) {
    // One pass over the whole text; a match that spans a line end is a hyphenation, skipped.
    for (const [w] of text.toLowerCase().matchAll(TOKEN)) {
      if (w.includes('\n')) continue
      add(w)
      if (/[-’']/.test(w)) for (const part of w.split(/[-’']/)) if (part) add(part)
    }
  }
  return vocab
}

/**
 * Decides « canali- / ser » (→ « canaliser ») against « main- / d’œuvre » (→ « main-d’œuvre »):
 * the joined word when the corpus prints it, else the hyphenated form when the corpus prints it,
 * else a compound when both halves are words of their own (the right one perhaps in another
 * inflection), else a broken word.
 */
export function joinHyphenated(left: string, right: string, vocab: Vocabulary): string {
  const l = left.toLowerCase()
  const r = right.toLowerCase()
  const lastPart = l.slice(l.lastIndexOf('-') + 1)
  if (vocab.has(lastPart + r) || vocab.has(l + r)) return left + right
  if (vocab.has(`${lastPart}-${r}`) || vocab.has(`${l}-${r}`)) return `${left}-${right}`
  // The right half may be printed only in another inflection (« sud- / américaine », « américain »).
  const bare = r.replace(/^\p{L}[’']/u, '')
  if (vocab.has(lastPart) && [bare, bare.replace(/(?:e|s|es|x)$/u, '')].some((w) => w.length > 2 && vocab.has(w))) return `${left}-${right}`
  return left + right
}

// The last token looks like a URL cut by the line wrap (« http:// » then « publications.iom… »).
const OPEN_URL = /(?:https?:\/\/|www\.)(?:\S*[/.\-_=&?#])?$/

/** Lines of one paragraph or note → one line of text, hyphenation undone, spaces collapsed. */
export function joinLines(lines: readonly string[], vocab: Vocabulary): string {
  // Pieces joined once at the end: looking into a growing concatenated string flattens it at
  // every line, which made long paragraphs quadratic.
  const parts: string[] = []
  for (const raw of lines) {
    const line = raw.trim()
    if (!line) continue
    const last = parts.at(-1)
    if (last === undefined) {
      parts.push(line)
      continue
    }
    const tail = last.slice(last.lastIndexOf(' ') + 1)
    const hyph = /([\p{L}’'-]*\p{L})-$/u.exec(tail)
    const first = /^[\p{L}’']+/u.exec(line)
    const openUrl = OPEN_URL.test(tail)
    if (hyph && first && !openUrl) {
      parts[parts.length - 1] =
        last.slice(0, last.length - tail.length + hyph.index) + joinHyphenated(hyph[1]!, first[0], vocab) + line.slice(first[0].length)
    } else if (openUrl || /^[.,;:)]/.test(line)) parts[parts.length - 1] = last + line
    else parts.push(line)
  }
  return parts.join(' ').replace(/ {2,}/g, ' ')
}

const DROP_CAP = /^\s*(\p{Lu})\s*$/u

/**
 * « M » alone on a line before « igration et développement … » → « Migration et développement … ».
 * When the capital makes a word of its own (« A » / « mesure que … ») it is kept apart.
 */
export function rejoinDropCaps(lines: readonly string[], vocab: Vocabulary): string[] {
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const cap = DROP_CAP.exec(lines[i]!)
    const next = lines[i + 1]
    const word = next === undefined ? null : /^\s*(\p{Ll}[\p{L}’']*)/u.exec(next)
    if (!cap || !word) {
      out.push(lines[i]!)
      continue
    }
    const glued = (cap[1]! + word[1]!).toLowerCase()
    const apart = vocab.has(word[1]!.toLowerCase()) && !vocab.has(glued)
    // The capital line's indent is kept: it may be the sign of a new page that ends a note block.
    out.push(/^\s*/.exec(lines[i]!)![0] + cap[1]! + (apart ? ' ' : '') + next!.trimStart())
    i++
  }
  return out
}
