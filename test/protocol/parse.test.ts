// The one parse function for client input: codes, echoed ids, and properties over any input.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_PARSE_OPTIONS, MAX_ID_LENGTH, parseAskBody, parseClientMessage } from '../../server/protocol/parse.ts'
import { isErrorCode } from '../../server/errors.ts'

const ask = (fields: Record<string, unknown>) => JSON.stringify({ type: 'ask', id: 'q1', question: 'migration', ...fields })

describe('parseClientMessage', () => {
  it('accepts a full ask and drops unknown fields', () => {
    const r = parseClientMessage(ask({ limit: 3, documents: ['sg-2008'], context: [{ question: 'développement' }], future: true }))
    expect(r).toEqual({
      ok: true,
      message: { type: 'ask', id: 'q1', question: 'migration', limit: 3, documents: ['sg-2008'], context: [{ question: 'développement' }] },
    })
  })

  it.each([
    ['{', 'bad_json', null],
    ['', 'bad_json', null],
    ['[]', 'bad_message', null],
    ['null', 'bad_message', null],
    ['"ask"', 'bad_message', null],
    ['{"type":"subscribe","id":"s"}', 'unknown_type', 's'],
    ['{"id":"n","question":"x"}', 'unknown_type', 'n'],
    ['{"type":"ask","question":"x"}', 'bad_message', null],
    ['{"type":"ask","id":"","question":"x"}', 'bad_message', null],
    [JSON.stringify({ type: 'ask', id: 'x'.repeat(MAX_ID_LENGTH + 1), question: 'x' }), 'bad_message', null],
    ['{"type":"ask","id":7,"question":"x"}', 'bad_message', null],
    [ask({ question: 42 }), 'bad_message', 'q1'],
    [ask({ question: '' }), 'invalid_question', 'q1'],
    [ask({ question: ' \n\t ' }), 'invalid_question', 'q1'],
    [ask({ question: 'x'.repeat(1001) }), 'invalid_question', 'q1'],
    [ask({ limit: 0 }), 'bad_message', 'q1'],
    [ask({ limit: 11 }), 'bad_message', 'q1'],
    [ask({ limit: 2.5 }), 'bad_message', 'q1'],
    [ask({ limit: '3' }), 'bad_message', 'q1'],
    [ask({ documents: 'sg-2008' }), 'bad_message', 'q1'],
    [ask({ documents: [''] }), 'bad_message', 'q1'],
    [ask({ documents: Array.from({ length: 51 }, (_, i) => `d${i}`) }), 'bad_message', 'q1'],
    [ask({ context: [{ question: ' ' }] }), 'bad_message', 'q1'],
    [ask({ context: ['migration'] }), 'bad_message', 'q1'],
    [ask({ context: Array.from({ length: 11 }, () => ({ question: 'q' })) }), 'bad_message', 'q1'],
  ])('%s → %s (id %s)', (raw, code, id) => {
    const r = parseClientMessage(raw)
    expect(r).toMatchObject({ ok: false, code, id })
  })

  it('names the offending field in a bad_message', () => {
    expect(parseClientMessage(ask({ limit: 99 }))).toMatchObject({ message: expect.stringMatching(/^limit: .*1 and 10/) })
    expect(parseClientMessage(ask({ context: [1] }))).toMatchObject({ message: expect.stringMatching(/^context\.0: /) })
  })

  it('prefers bad_message over invalid_question when both apply', () => {
    expect(parseClientMessage(ask({ question: ' ', limit: 0 }))).toMatchObject({ code: 'bad_message' })
  })

  it('follows maxQuestionLength from the options', () => {
    const options = { ...DEFAULT_PARSE_OPTIONS, maxQuestionLength: 10 }
    expect(parseClientMessage(ask({ question: 'x'.repeat(10) }), options).ok).toBe(true)
    expect(parseClientMessage(ask({ question: 'x'.repeat(11) }), options)).toMatchObject({ code: 'invalid_question' })
  })

  it('never throws, and always answers ok or a code from the table (any string)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        (raw) => {
          const r = parseClientMessage(raw)
          if (!r.ok) {
            expect(isErrorCode(r.code)).toBe(true)
            expect(r.message.length).toBeGreaterThan(0)
          }
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('accepts every well-formed ask and echoes its id (any valid fields)', () => {
    const nonBlank = fc.string({ minLength: 1, maxLength: 1000 }).filter((s) => s.trim().length > 0)
    const askArb = fc.record(
      {
        type: fc.constant('ask' as const),
        id: fc.string({ minLength: 1, maxLength: MAX_ID_LENGTH }),
        question: nonBlank,
        limit: fc.integer({ min: 1, max: 10 }),
        documents: fc.array(fc.string({ minLength: 1, maxLength: 64 }), { maxLength: 50 }),
        context: fc.array(fc.record({ question: nonBlank.map((s) => s.trim()) }), { maxLength: 10 }),
      },
      { requiredKeys: ['type', 'id', 'question'] },
    )
    fc.assert(
      fc.property(askArb, (m) => {
        const r = parseClientMessage(JSON.stringify(m))
        expect(r).toEqual({ ok: true, message: m })
      }),
      { numRuns: 500 },
    )
  })

  it('echoes a readable id on every refusal after JSON parsing', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: MAX_ID_LENGTH }), fc.jsonValue(), (id, junk) => {
        const r = parseClientMessage(JSON.stringify({ type: 'ask', id, question: junk, limit: junk }))
        if (!r.ok) expect(r.id).toBe(id)
      }),
    )
  })
})

describe('parseAskBody (REST)', () => {
  it('uses the same rules as the socket, without type and id', () => {
    expect(parseAskBody({ question: 'migration', limit: 2 })).toEqual({ ok: true, message: { question: 'migration', limit: 2 } })
    expect(parseAskBody({ question: ' ' })).toMatchObject({ ok: false, code: 'invalid_question', id: null })
    expect(parseAskBody({ question: 'x', limit: 11 })).toMatchObject({ ok: false, code: 'bad_message' })
    expect(parseAskBody([])).toMatchObject({ ok: false, code: 'bad_message', message: 'The body must be a JSON object.' })
  })

  it('refuses exactly what the socket refuses (any body)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('question', 'limit', 'documents', 'context'), fc.jsonValue()), (body) => {
        const rest = parseAskBody(body)
        const socket = parseClientMessage(JSON.stringify({ type: 'ask', id: 'same', ...body }))
        expect(rest.ok).toBe(socket.ok)
        if (!rest.ok && !socket.ok) expect(rest.code).toBe(socket.code)
      }),
      { numRuns: 1000 },
    )
  })
})
