// Written by `npm run eval:fit -- --write` (eval/fit-rank.ts): the re-ranker's weights, fitted on
// the dev questions. Refit after changing a feature, the query parser or the data files.
export const RANK_MODEL = {bm25: 2.69, coverage: 1.709, concepts: 7.625, proximity: 0.183, phrase: 0.532, missing: -0.255, title: 0.453, sentence: 3.709, exact: 0.875, neighbour: 2.452, answerType: 1.048}
