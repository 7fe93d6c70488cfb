// Written by `npm run eval:fit -- --write` (eval/fit-rank.ts): the re-ranker's weights, fitted on
// the dev questions. Refit after changing a feature, the query parser or the data files.
export const RANK_MODEL = {bm25: 2.846, coverage: 1.667, concepts: 8.086, proximity: 0.355, phrase: 0.286, missing: -0.268, title: 0.619, sentence: 3.495, exact: 0.725}
