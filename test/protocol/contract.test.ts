// The contract checked against what the real server sends: every body the engine and the routes
// produce must pass the schemas the browser validates with, or the page would drop real answers.
import { afterEach, describe, expect, it } from 'vitest'
import { serversClosedAfterEach } from '../helpers/server.ts'
import { connect } from '../transport/client.ts'
import {
  AnswerBodySchema,
  DocumentBodySchema,
  DocumentListSchema,
  ErrorBodySchema,
  ParagraphContextSchema,
  ServerMessageSchema,
} from '../../server/protocol/types.ts'

const server = serversClosedAfterEach(afterEach)

describe('the wire contract matches what the server sends', () => {
  it('hello and answer frames (answered and no_match) pass ServerMessageSchema', async () => {
    const s = await server()
    const c = await connect(s.wsUrl)
    expect(ServerMessageSchema.safeParse(c.hello).success).toBe(true)
    const answered = await c.ask('a', 'envois de fonds des migrants', { limit: 3 })
    const refused = await c.ask('b', 'recette de la tarte aux pommes')
    c.ws.close()
    for (const frame of [answered, refused]) expect(ServerMessageSchema.parse(frame)).toEqual(frame)
  })

  it('the reply to a feedback frame (ack, or an error without a store) passes ServerMessageSchema', async () => {
    const s = await server()
    const c = await connect(s.wsUrl)
    const answer = await c.ask('a', 'envois de fonds des migrants')
    const answerId = answer.type === 'answer' ? answer.answerId : ''
    c.ws.send(JSON.stringify({ type: 'feedback', id: 'f1', answerId, vote: 'up' }))
    const reply = await c.waitFor((m) => m.type !== 'hello' && m.id === 'f1')
    c.ws.close()
    expect(ServerMessageSchema.parse(reply)).toEqual(reply)
  })

  it('REST answer, error and document bodies pass their schemas unchanged', async () => {
    const s = await server()
    const get = async (path: string) => (await fetch(`${s.url}${path}`)).json() as Promise<unknown>
    const answer = await get('/api/ask?q=migration')
    expect(AnswerBodySchema.parse(answer)).toEqual(answer)
    expect(ErrorBodySchema.safeParse(await get('/api/ask?q=')).success).toBe(true)
    const list = await get('/api/documents')
    expect(DocumentListSchema.parse(list)).toEqual(list)
    const id = DocumentListSchema.parse(list)[0]!.id
    const doc = await get(`/api/documents/${id}`)
    expect(DocumentBodySchema.parse(doc)).toEqual(doc)
    const paragraphId = DocumentBodySchema.parse(doc).paragraphs[3]!.id
    const context = await get(`/api/paragraphs/${paragraphId}?context=2`)
    expect(ParagraphContextSchema.parse(context)).toEqual(context)
  })

  it('an answer carries a fresh answerId and citations in parts that rebuild the line', async () => {
    const s = await server()
    const a = AnswerBodySchema.parse(await (await fetch(`${s.url}/api/ask?q=migration`)).json())
    const b = AnswerBodySchema.parse(await (await fetch(`${s.url}/api/ask?q=migration`)).json())
    expect(a.answerId).not.toBe(b.answerId)
    for (const e of a.extracts) {
      const { quote, source, reference, text } = e.citation
      expect(text).toBe(`« ${quote} » — ${source}, ${reference}`)
      expect(source).toBe(`${e.document.shortTitle} (${e.document.year})`)
    }
  })
})
