// MiniSearch built over an index's paragraphs as the server builds it, then kept: the oracle the
// compact postings (which replace it after the build) are compared with.
import MiniSearch from 'minisearch'
import { analyze } from '../../server/analysis/analyze.ts'
import type { Analyzer } from '../../server/analysis/types.ts'
import { miniSearchOptions, type SearchIndex } from '../../server/search/index.ts'

export function miniSearchOf(index: SearchIndex, analyzer: Analyzer = analyze): MiniSearch<{ id: number }> {
  const ms = new MiniSearch<{ id: number }>(
    miniSearchOptions(
      (text) => analyzer(text).map((t) => t.term),
      (id) => index.entries[id]!,
    ),
  )
  ms.addAll(index.entries.map((e) => ({ id: e.id })))
  return ms
}
