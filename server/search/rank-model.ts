// The re-ranker's weights ship as data with their provenance (data/models/rank.json, written by
// `npm run eval:fit`); the engine checks its features against RANK_FEATURES (engine.ts).
import rankModel from '../../data/models/rank.json' with { type: 'json' }
import { parseModel, type LinearModel } from './model.ts'

/** The committed re-ranker model file, validated. */
export const RANK_MODEL_FILE: LinearModel = parseModel(rankModel, 'data/models/rank.json')

/** Its weights by feature name: DEFAULT_RANK_OPTIONS.model. */
export const RANK_MODEL: Readonly<Record<string, number>> = RANK_MODEL_FILE.weights
