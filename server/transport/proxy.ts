/**
 * Who the client is behind a reverse proxy. With TRUST_PROXY unset, the socket's peer is the
 * client and X-Forwarded-For is ignored (anyone can write it). With a hop count or a list of proxy
 * addresses, X-Forwarded-For is walked from the nearest hop as Express's `trust proxy` does: the
 * first address not trusted is the client, so limits apply per real client behind one proxy.
 */
import { BlockList, isIP } from 'node:net'
import type { IncomingMessage } from 'node:http'

/** Strips the IPv4-mapped prefix (`::ffff:10.0.0.1`) so that one client has one spelling. */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  return mapped ? mapped[1]! : address
}

/**
 * A predicate "this hop may tell us who the client is": `hops` (the hop's index, 0 being the socket
 * peer) for a hop count, membership in the list for addresses and CIDRs.
 */
export function trustPredicate(trustProxy: readonly string[]): (address: string, hop: number) => boolean {
  if (trustProxy.length === 0) return () => false
  if (trustProxy.length === 1 && /^\d+$/.test(trustProxy[0]!)) {
    const hops = Number(trustProxy[0])
    return (_address, hop) => hop < hops
  }
  const list = new BlockList()
  for (const entry of trustProxy) {
    if (entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4')
      list.addAddress('::1', 'ipv6')
      continue
    }
    const [address, bits] = entry.split('/') as [string, string | undefined]
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) list.addAddress(address, type)
    else list.addSubnet(address, Number(bits), type)
  }
  return (address) => {
    const family = isIP(address)
    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4')
  }
}

/** Longest X-Forwarded-For read, in entries: a header of thousands of hops is not walked. */
const MAX_FORWARDED_HOPS = 32

/** Returns a function giving a request's client address according to TRUST_PROXY. */
export function createClientAddress(trustProxy: readonly string[]): (req: IncomingMessage) => string {
  const trusted = trustPredicate(trustProxy)
  return (req) => {
    let address = plainAddress(req.socket.remoteAddress ?? '')
    if (!trusted(address, 0)) return address
    const header = req.headers['x-forwarded-for']
    const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')
    // Nearest hop last: walk back from it while each hop is trusted to have told the truth.
    for (let hop = 1, i = forwarded.length - 1; i >= 0 && hop <= MAX_FORWARDED_HOPS; i--, hop++) {
      const next = plainAddress(forwarded[i]!.trim())
      if (isIP(next) === 0) return address
      address = next
      if (!trusted(address, hop)) return address
    }
    return address
  }
}
