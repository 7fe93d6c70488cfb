// The learned models ship as data with provenance (data/models/*.json) and must match the code.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkFeatures, parseModel } from '../../server/search/model.ts'
import { RANK_FEATURES } from '../../server/search/rank.ts'
import { CONFIDENCE_FEATURES } from '../../server/search/confidence.ts'
import { createEngine } from '../../server/engine.ts'
import type { Corpus } from '../../server/corpus/types.ts'
import { EMPTY_LEXICON } from '../../server/analysis/lexicon.ts'

const file = (name: string) => JSON.parse(readFileSync(`data/models/${name}.json`, 'utf8')) as unknown
const empty: Corpus = { documents: [] } as unknown as Corpus

describe('model files', () => {
  for (const [name, features] of [
    ['rank', RANK_FEATURES],
    ['confidence', CONFIDENCE_FEATURES],
  ] as const)
    it(`${name}.json weighs exactly the code's features and says where it comes from`, () => {
      const model = parseModel(file(name), name)
      expect(model.name).toBe(name)
      expect(model.features).toEqual([...features])
      expect(() => checkFeatures(model, features)).not.toThrow()
      expect(Number.isNaN(Date.parse(model.fitted))).toBe(false)
      expect(model.command).toBe('npm run eval:fit')
      expect(model.trainingSet.split).toBe('dev')
      expect(model.trainingSet.questions).toBeGreaterThan(100)
      expect(Object.keys(model.crossValidated).length).toBeGreaterThan(1)
    })

  it('the confidence model has both thresholds, uncertain below answered', () => {
    const { thresholds } = parseModel(file('confidence'))
    expect(thresholds?.uncertain).toBeLessThanOrEqual(thresholds!.answered!)
  })

  it('rejects a file that is not a model, or lacks a weight, with the field named', () => {
    expect(() => parseModel({ name: 'rank' }, 'x.json')).toThrow(/x\.json: not a model file: .*features/)
    const model = parseModel(file('rank'))
    expect(() => parseModel({ ...model, weights: {} }, 'x.json')).toThrow(/no weight for bm25/)
  })

  it('the engine refuses a model fitted for other features (refit needed), and takes an injected one', () => {
    const rank = parseModel(file('rank'))
    const stale = { ...rank, features: rank.features.slice(1) }
    expect(() => createEngine(empty, { lexicon: EMPTY_LEXICON, rankModel: stale })).toThrow(/refit with npm run eval:fit/)
    const confidence = parseModel(file('confidence'))
    expect(() =>
      createEngine(empty, { lexicon: EMPTY_LEXICON, confidenceModel: { ...confidence, features: [...confidence.features].reverse() } }),
    ).toThrow(/confidence model weighs/)
    expect(() => createEngine(empty, { lexicon: EMPTY_LEXICON, rankModel: rank, confidenceModel: confidence })).not.toThrow()
  })
})
