// Written by `npm run eval:fit -- --write` (eval/fit-rank.ts): the re-ranker's weights, fitted on
// the dev questions. Refit after changing a feature, the query parser or the data files.
export const RANK_MODEL = {bm25: 2.791, coverage: 1.735, concepts: 7.79, proximity: 0.184, phrase: 0.637, missing: -0.274, title: 0.454, sentence: 3.766, exact: 0.933, neighbour: 1.82, answerType: 1.262}
