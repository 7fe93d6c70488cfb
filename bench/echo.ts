/**
 * The ceiling bench:load compares against: a bare `ws` server on loopback answering each message
 * with a fixed 8 kB reply carrying the ask's id (no parsing beyond the id, no engine, no logging).
 * Run as its own process by bench/load.ts; prints its port on stdout.
 */
import { WebSocketServer } from 'ws'

const PAD = 'x'.repeat(8 * 1024)
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
wss.on('connection', (ws) => {
  ws.send(JSON.stringify({ type: 'hello' }))
  ws.on('message', (data) => {
    const id = (JSON.parse(String(data)) as { id: string }).id
    ws.send(`{"type":"answer","id":${JSON.stringify(id)},"tookMs":0,"pad":"${PAD}"}`)
  })
})
wss.on('listening', () => {
  const address = wss.address()
  console.log(typeof address === 'object' && address ? address.port : address)
})
