import { z } from 'zod'

/**
 * A learned linear model shipped as data (data/models/*.json) with its provenance: what it
 * weighs, when and on what it was fitted, and how well it did when cross-validated. Written by
 * `npm run eval:fit`; read once at start-up and checked against the code's feature list, so a
 * feature added to the code without a refit fails loudly instead of silently weighing 0.
 */
export const linearModelSchema = z.object({
  /** What the model scores: `rank` (re-ranker) or `confidence` (answer status). */
  name: z.string(),
  /** What it predicts, in one sentence. */
  description: z.string(),
  /** Feature names, in the code's order (RANK_FEATURES, CONFIDENCE_FEATURES). */
  features: z.array(z.string()).min(1),
  /** Weight of each feature (raw feature units). */
  weights: z.record(z.string(), z.number()),
  /** Intercept (a logistic model's); a ranker's order does not need one. */
  bias: z.number().optional(),
  /** Decision thresholds on the model's output (the confidence model's statuses). */
  thresholds: z.record(z.string(), z.number()).optional(),
  /** ISO date of the fit. */
  fitted: z.string(),
  /** The command that wrote the file. */
  command: z.string(),
  /** What it was fitted on: corpus folder, split, question counts. */
  trainingSet: z.object({ corpus: z.string(), split: z.string(), questions: z.number().int().nonnegative() }).catchall(z.unknown()),
  /** Cross-validated scores (folds by question, so a question never helps score itself). */
  crossValidated: z.record(z.string(), z.number()),
  /** Fit settings (penalty, steps …). */
  settings: z.record(z.string(), z.number()).optional(),
})

export type LinearModel = z.infer<typeof linearModelSchema>

/** Validates a parsed model file; throws a readable error naming the bad field. */
export function parseModel(json: unknown, source = 'model'): LinearModel {
  const parsed = linearModelSchema.safeParse(json)
  if (!parsed.success)
    throw new Error(`${source}: not a model file: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`)
  const model = parsed.data
  const missing = model.features.filter((f) => model.weights[f] === undefined)
  if (missing.length > 0) throw new Error(`${source}: no weight for ${missing.join(', ')}`)
  return model
}

/**
 * Throws unless the model weighs exactly the code's features, in the code's order: a model
 * fitted before a feature was added or renamed must be refitted (`npm run eval:fit`).
 */
export function checkFeatures(model: LinearModel, expected: readonly string[]): LinearModel {
  if (model.features.length !== expected.length || model.features.some((f, i) => f !== expected[i]))
    throw new Error(
      `${model.name} model weighs [${model.features.join(', ')}] but the code computes [${expected.join(', ')}]: refit with npm run eval:fit`,
    )
  return model
}
