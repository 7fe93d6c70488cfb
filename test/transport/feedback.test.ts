// The question log and feedback through real servers, on SQLite and on PostgreSQL: every ask is
// logged with its answerId, feedback is acknowledged (WebSocket) or 204 (REST), bad input gets a
// coded error, and feedback on an answer given by one server is accepted by another sharing the DB.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { serversClosedAfterEach, type RunningServer } from '../helpers/server.ts'
import { BACKENDS, testStore } from '../helpers/databases.ts'
import { connect } from './client.ts'
import type { AnswerBody, AnswerMessage, ServerMessage } from '../../server/protocol/types.ts'
import type { Store } from '../../server/storage/types.ts'

const server = serversClosedAfterEach(afterEach)
type Answer = AnswerMessage & { answerId: string }
const isReply = (id: string) => (m: ServerMessage) => (m as { id?: unknown }).id === id && m.type !== 'hello'

const postFeedback = (s: RunningServer, body: unknown) =>
  fetch(`${s.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

/** Waits until the server's question log has written everything it buffered. */
async function logged(store: Store, answerId: string) {
  await expect.poll(() => store.answer(answerId), { timeout: 10_000, interval: 20 }).not.toBeNull()
  return (await store.answer(answerId))!
}

describe.each(BACKENDS)('question log and feedback on %s', (backend) => {
  let db: Awaited<ReturnType<typeof testStore>>
  beforeEach(async () => {
    db = await testStore(backend)
  })
  afterEach(async () => {
    await db?.cleanup()
  })

  it('logs a WebSocket ask with its answerId, status, passages, language and document filter', async () => {
    const s = await server({}, undefined, { store: db.store })
    const [doc] = s.engine.corpus.documents.map((d) => d.id)
    const c = await connect(s.wsUrl)
    const a = (await c.ask('a1', 'envois de fonds des migrants', { documents: [doc] })) as Answer
    c.ws.close()
    expect(a.answerId).toMatch(/^[0-9a-f-]{36}$/)
    const r = await logged(db.store, a.answerId)
    expect(r).toMatchObject({ status: a.status, language: 'fr', question: 'envois de fonds des migrants', documents: [doc], via: 'ws' })
    expect(r.paragraphs.map((p) => p.id)).toEqual(a.extracts.slice(0, 5).map((x) => x.paragraph.id))
    expect(r.client).toMatch(/^[\w-]{12}$/)
    expect(r.client).not.toContain('127.0.0.1')
  })

  it('logs a REST ask; a no_match logs its nearest passages; LOG_QUESTIONS=false keeps no text', async () => {
    const s = await server({ logQuestions: false }, undefined, { store: db.store })
    const res = await fetch(`${s.url}/api/ask?q=${encodeURIComponent('recette de la tarte aux pommes')}`)
    const body = (await res.json()) as AnswerBody & { answerId: string }
    const r = await logged(db.store, body.answerId)
    expect(r).toMatchObject({ status: body.status, question: null, via: 'rest' })
    const shown = body.extracts.length ? body.extracts : (body.nearest ?? [])
    expect(r.paragraphs.map((p) => p.id)).toEqual(shown.slice(0, 5).map((x) => x.paragraph.id))
  })

  it('acknowledges WebSocket feedback with {type:"ack", id} and stores it with its answer', async () => {
    const s = await server({}, undefined, { store: db.store })
    const c = await connect(s.wsUrl)
    const a = (await c.ask('a1', 'envois de fonds')) as Answer
    const pid = a.extracts[0]!.paragraph.id
    c.ws.send(
      JSON.stringify({
        type: 'feedback',
        id: 'f1',
        answerId: a.answerId,
        vote: 'down',
        paragraphId: pid,
        reason: 'wrong_passage',
        comment: ' pas le bon ',
      }),
    )
    expect(await c.waitFor(isReply('f1'))).toEqual({ type: 'ack', id: 'f1' })
    c.ws.close()
    const [f] = await db.store.feedback()
    expect(f).toMatchObject({ answerId: a.answerId, vote: 'down', paragraphId: pid, reason: 'wrong_passage', comment: 'pas le bon' })
    expect(f!.answer?.question).toBe('envois de fonds')
  })

  it('POST /api/feedback answers 204 (type and id optional)', async () => {
    const s = await server({}, undefined, { store: db.store })
    const a = (await (await fetch(`${s.url}/api/ask?q=migration`)).json()) as { answerId: string }
    const res = await postFeedback(s, { answerId: a.answerId, vote: 'up' })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect((await db.store.feedback()).map((f) => f.vote)).toEqual(['up'])
  })

  it('unknown answerId is not_found on both paths; nothing is stored', async () => {
    const s = await server({}, undefined, { store: db.store })
    const res = await postFeedback(s, { answerId: 'no-such-answer', vote: 'up' })
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([404, 'not_found'])
    const c = await connect(s.wsUrl)
    c.ws.send(JSON.stringify({ type: 'feedback', id: 'f', answerId: 'no-such-answer', vote: 'up' }))
    expect(await c.waitFor(isReply('f'))).toMatchObject({ type: 'error', id: 'f', code: 'not_found' })
    c.ws.close()
    expect(await db.store.feedback()).toEqual([])
  })

  it('regression: feedback-before-log-written — feedback sent as the answer arrives is acked, not not_found, while its log record is still being written', async () => {
    const s = await server({}, undefined, { store: db.store })
    const c = await connect(s.wsUrl)
    const a = (await c.ask('a', 'migration')) as Answer
    // Sent in the same turn as the answer arrives: the record may still be in the buffer.
    c.ws.send(JSON.stringify({ type: 'feedback', id: 'f', answerId: a.answerId, vote: 'up' }))
    expect(await c.waitFor(isReply('f'))).toEqual({ type: 'ack', id: 'f' })
    c.ws.close()
  })

  it('feedback on an answer given by another server sharing the database is accepted', async () => {
    const a = await server({}, undefined, { store: db.store })
    const b = await server({}, undefined, { store: await db.another() })
    const answer = (await (await fetch(`${a.url}/api/ask?q=envois%20de%20fonds`)).json()) as { answerId: string }
    await logged(db.store, answer.answerId)
    expect((await postFeedback(b, { answerId: answer.answerId, vote: 'down', reason: 'incomplete' })).status).toBe(204)
    expect((await db.store.feedback())[0]).toMatchObject({ answerId: answer.answerId, reason: 'incomplete' })
  })
})

describe('feedback input errors (coded, on both paths)', () => {
  it.each([
    ['a missing answerId', { vote: 'up' }, 'answerId'],
    ['a bad vote', { answerId: 'x', vote: 'meh' }, 'vote'],
    ['an unknown reason', { answerId: 'x', vote: 'down', reason: 'boring' }, 'reason'],
    ['an over-long comment', { answerId: 'x', vote: 'down', comment: 'a'.repeat(2001) }, 'comment'],
    ['a non-string paragraphId', { answerId: 'x', vote: 'down', paragraphId: 3 }, 'paragraphId'],
  ])('%s → bad_message naming the field', async (_what, fields, field) => {
    const s = await server()
    const res = await postFeedback(s, fields)
    const body = (await res.json()) as { code: string; message: string }
    expect([res.status, body.code]).toEqual([400, 'bad_message'])
    expect(body.message).toContain(field)
    const c = await connect(s.wsUrl)
    c.ws.send(JSON.stringify({ type: 'feedback', id: 'f', ...fields }))
    const e = await c.waitFor(isReply('f'))
    expect(e).toMatchObject({ type: 'error', id: 'f', code: 'bad_message' })
    expect((e as { message: string }).message).toContain(field)
    c.ws.close()
  })

  it('a feedback frame without an id is bad_message with id null; the socket stays usable', async () => {
    const s = await server()
    const c = await connect(s.wsUrl)
    c.ws.send(JSON.stringify({ type: 'feedback', answerId: 'x', vote: 'up' }))
    expect(await c.waitFor((m) => m.type === 'error')).toMatchObject({ id: null, code: 'bad_message' })
    expect(await c.ask('next', 'migration')).toMatchObject({ type: 'answer', id: 'next' })
    c.ws.close()
  })

  it('REST feedback that is not JSON is refused with a code', async () => {
    const s = await server()
    const res = await fetch(`${s.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'up' })
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([400, 'bad_message'])
    const broken = await fetch(`${s.url}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"vote":',
    })
    expect([broken.status, ((await broken.json()) as { code: string }).code]).toEqual([400, 'bad_json'])
  })

  it('regression: feedback-flood-unlimited — POST /api/feedback is rate-limited per client like a question; refused votes are not stored', async () => {
    const db = await testStore('sqlite')
    try {
      const s = await server({ rateBurst: 3, ratePerSecond: 0.001 }, undefined, { store: db.store })
      // Asked over the WebSocket (a bucket per connection): a REST ask would spend one of the votes' tokens.
      const c = await connect(s.wsUrl)
      const answer = (await c.ask('a1', 'envois de fonds')) as Answer
      c.ws.close()
      await logged(db.store, answer.answerId)
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) statuses.push((await postFeedback(s, { answerId: answer.answerId, vote: 'up' })).status)
      expect(statuses).toEqual([204, 204, 204, 429, 429])
      const refused = await postFeedback(s, { answerId: answer.answerId, vote: 'up' })
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
      expect(((await refused.json()) as { code: string }).code).toBe('rate_limited')
      expect(await db.store.feedback({})).toHaveLength(3)
    } finally {
      await db.cleanup()
    }
  })

  it('regression: rest-feedback-own-bucket — POST /api/feedback takes from the REST questions’ bucket, not a second one of its own', async () => {
    const s = await server({ rateBurst: 2, ratePerSecond: 0.001 })
    const statuses: number[] = []
    let answerId = ''
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${s.url}/api/ask?q=${encodeURIComponent('envois de fonds')}`)
      statuses.push(res.status)
      if (res.ok) answerId = ((await res.json()) as { answerId: string }).answerId
      else await res.body?.cancel()
    }
    expect(statuses).toEqual([200, 200, 429])
    const vote = await postFeedback(s, { answerId, vote: 'up' })
    expect([vote.status, ((await vote.json()) as { code: string }).code]).toEqual([429, 'rate_limited'])
  })
})
