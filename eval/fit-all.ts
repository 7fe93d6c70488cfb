// Refits both learned models on the dev questions, in the order they depend on each other, and
// writes them to data/models/: `npm run eval:fit [-- --corpus dir] [-- --dry-run]`.
// 1. the re-ranker (eval/fit-rank.ts): its features do not depend on its weights;
// 2. the confidence model (eval/fit.ts), on the features and ranks the NEW re-ranker gives, since
//    its label is « a right passage among the first five » and its margins are score gaps.
// The test split and the fresh batch are never read (evaluate runs dev only).
import { pathToFileURL } from 'node:url'
import { loadCorpus } from '../server/corpus/load.ts'
import { createEngine } from '../server/engine.ts'
import { confidenceExamples, fitConfidenceModel, writeModel } from './fit.ts'
import { fitRankModel, rankingGroups } from './fit-rank.ts'
import { evaluate } from './run.ts'
import { loadLexicon } from '../server/analysis/lexicon.ts'

const MODEL_FILES = { rank: 'data/models/rank.json', confidence: 'data/models/confidence.json' }

async function main() {
  const at = process.argv.indexOf('--corpus')
  const corpusDir = at >= 0 ? process.argv[at + 1]! : 'corpus'
  const dry = process.argv.includes('--dry-run')
  const corpus = await loadCorpus(corpusDir)
  const { outcomes } = await evaluate({ corpus: corpusDir, splits: ['dev'] })
  const dev = outcomes.filter((o) => o.q.split === 'dev')

  const lexicon = loadLexicon()
  const rankModel = fitRankModel(rankingGroups(createEngine(corpus, { lexicon }), dev), corpusDir)
  const { r1, r5, mrr } = rankModel.crossValidated
  console.log(
    `re-ranker: ${rankModel.trainingSet.questions} answerable dev questions; ${rankModel.crossValidated.folds}-fold CV R@1 ${r1}, R@5 ${r5}, MRR@10 ${mrr}`,
  )

  const confidenceModel = fitConfidenceModel(confidenceExamples(createEngine(corpus, { lexicon, rankModel }), dev), corpusDir)
  const c = confidenceModel.crossValidated
  console.log(
    `confidence: ${c.questions} dev questions; thresholds ${JSON.stringify(confidenceModel.thresholds)}; ` +
      `${c.folds}-fold CV: confident right ${c.confidentRight}/${c.answerable}, confident wrong ${c.confidentWrong}/${c.questions}, refused ${c.refused}, unanswerable caught ${c.caught}`,
  )
  if (dry) return
  writeModel(rankModel, MODEL_FILES.rank)
  writeModel(confidenceModel, MODEL_FILES.confidence)
  console.log(`written: ${MODEL_FILES.rank}, ${MODEL_FILES.confidence}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
