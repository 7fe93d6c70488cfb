import { describe, expect, it } from 'vitest'
import { followUpContext } from '../../client/src/chat/context.ts'
import type { Turn } from '../../client/src/chat/store.ts'
import { extract1 } from '../fixtures/client/answer.ts'

const answered = (question: string): Turn => ({
  id: question,
  question,
  answer: { status: 'answered', answerId: 'a', language: 'fr', extracts: [extract1], searched: [], tookMs: 1 },
})
const unanswered = (question: string): Turn => ({
  id: question,
  question,
  answer: {
    status: 'no_match',
    answerId: 'b',
    language: 'fr',
    extracts: [],
    searched: [],
    tookMs: 1,
    message: 'Le corpus ne répond pas à cette question.',
  },
})

describe('followUpContext', () => {
  it('sends the last questions before the new one, oldest first', () => {
    const turns = ['a', 'b', 'c', 'd'].map(answered)
    expect(followUpContext(turns, 4, 3)).toEqual([{ question: 'b' }, { question: 'c' }, { question: 'd' }])
    expect(followUpContext(turns, 2, 3)).toEqual([{ question: 'a' }, { question: 'b' }])
    expect(followUpContext(turns, 0, 3)).toEqual([])
  })

  // Bug: « et pour les femmes ? » after an off-topic question was understood as « Quelle est la
  // capitale du Pérou ? — et pour les femmes ? » and searched for capitals.
  it('regression: followup-after-no-match leaves out questions the corpus did not answer, and failed ones', () => {
    const turns = [
      answered('migrations et développement'),
      unanswered('Quelle est la capitale du Pérou ?'),
      { id: 'e', question: 'x', error: { code: 'internal', message: '…' } },
    ]
    expect(followUpContext(turns, 3, 3)).toEqual([{ question: 'migrations et développement' }])
  })

  it('keeps a question still waiting for its reply', () => {
    expect(followUpContext([{ id: 'p', question: 'pending' }], 1, 3)).toEqual([{ question: 'pending' }])
  })
})
