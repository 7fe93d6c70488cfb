// TEMPORARY STUB — replaced by the retrieval pipeline (issue 4). Same API, plain MiniSearch.
import MiniSearch from 'minisearch'
import type { Corpus, Paragraph, CorpusDocument } from './corpus/types.ts'
import type { AnswerBody, AskContextTurn, Extract } from './protocol/types.ts'
import { SourcierError } from './errors.ts'

export interface AskRequest {
  question: string
  /** Defaults to 5. */
  limit?: number
  documents?: string[]
  context?: AskContextTurn[]
}

export interface Engine {
  /** Answers one question. Throws SourcierError('unknown_document') for a bad filter. */
  ask(request: AskRequest): AnswerBody
  readonly corpus: Corpus
}

export function createEngine(corpus: Corpus): Engine {
  const byId = new Map<string, { p: Paragraph; d: CorpusDocument }>()
  for (const d of corpus.documents) for (const p of d.paragraphs) byId.set(p.id, { p, d })
  const ms = new MiniSearch<Paragraph>({ fields: ['text'], storeFields: [] })
  ms.addAll([...byId.values()].map((x) => x.p))
  const docIds = new Set(corpus.documents.map((d) => d.id))
  return {
    corpus,
    ask({ question, limit = 5, documents }) {
      const t0 = performance.now()
      for (const id of documents ?? []) if (!docIds.has(id)) throw new SourcierError('unknown_document', `Unknown document id: ${id}`)
      const hits = ms
        .search(question, { prefix: true, filter: documents?.length ? (r) => documents.includes(byId.get(String(r.id))!.d.id) : undefined })
        .slice(0, limit)
      const extracts: Extract[] = hits.map((h, i) => {
        const { p, d } = byId.get(String(h.id))!
        return {
          rank: i + 1, score: h.score,
          document: { id: d.id, title: d.title, shortTitle: d.shortTitle, publisher: d.publisher, year: d.year },
          paragraph: { id: p.id, n: p.n, number: p.number, label: p.label, section: p.section },
          text: p.text, best: { start: 0, end: Math.min(200, p.text.length) }, highlights: [],
          citation: `« ${p.text.slice(0, 200)} » — ${d.shortTitle} (${d.year}), ${p.label}`,
        }
      })
      return {
        status: extracts.length ? 'answered' : 'no_match', language: 'fr', extracts,
        searched: question.split(/\s+/), tookMs: performance.now() - t0,
        ...(extracts.length ? {} : { message: 'Le corpus ne répond pas à cette question.', nearest: [] }),
      }
    },
  }
}
