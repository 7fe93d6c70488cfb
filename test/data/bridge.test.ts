import { beforeAll, describe, expect, it } from 'vitest'
import { analyze } from '../../server/analysis/analyze.ts'
import { loadLexicon, type Bridge } from '../../server/analysis/lexicon.ts'
import { sharedIndex } from '../helpers/server.ts'

// data/bridge.json is generated (`npm run lexicon:build`): these check what the build promises.
let bridge: Bridge
let df: ReadonlyMap<string, number>
beforeAll(async () => {
  const problems: string[] = []
  bridge = loadLexicon({ onProblem: (f, r) => problems.push(`${f}: ${r}`) }).bridge!
  expect(problems).toEqual([])
  df = (await sharedIndex()).df
})

describe('data/bridge.json', () => {
  it('holds both directions, a few renderings each', () => {
    expect(Object.keys(bridge.en).length).toBeGreaterThan(1000)
    expect(Object.keys(bridge.fr).length).toBeGreaterThan(1000)
    for (const list of [...Object.values(bridge.en), ...Object.values(bridge.fr)]) {
      expect(list.length).toBeGreaterThan(0)
      expect(list.length).toBeLessThanOrEqual(3)
    }
  })

  it('renders only into words the corpus uses', () => {
    const outside = [...Object.values(bridge.en), ...Object.values(bridge.fr)]
      .flat()
      .map(([text]) => text)
      .filter((text) => analyze(text).some((t) => !t.term.includes('-') && !df.has(t.term)))
    expect(outside).toEqual([])
  })
})
