// Written by `npm run eval:fit -- --write` (eval/fit-rank.ts): the re-ranker's weights, fitted on
// the dev questions. Refit after changing a feature, the query parser or the data files.
export const RANK_MODEL = {bm25: 2.898, coverage: 1.657, concepts: 8.187, proximity: 0.277, phrase: 0.441, missing: -0.291, title: 0.489, sentence: 3.597, exact: 0.898}
