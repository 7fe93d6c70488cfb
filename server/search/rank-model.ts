// Written by `npm run eval:fit -- --write` (eval/fit-rank.ts): the re-ranker's weights, fitted on
// the dev questions. Refit after changing a feature, the query parser or the data files.
export const RANK_MODEL = {bm25: 2.743, coverage: 1.672, concepts: 7.93, proximity: 0.22, phrase: 0.597, missing: -0.29, title: 0.552, sentence: 3.608, exact: 1.065, neighbour: 1.803}
