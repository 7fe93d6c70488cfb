import { describe, expect, it } from 'vitest'
import { paragraphFromLocation, permalink } from '../../client/src/chat/reader.ts'

describe('permalinks', () => {
  it('builds /#p=<id> on the base, replacing any hash', () => {
    expect(permalink('http://127.0.0.1:3000/', 'idm-2005-p12')).toBe('http://127.0.0.1:3000/#p=idm-2005-p12')
    expect(permalink('https://x.example/chat#old', 'a b')).toBe('https://x.example/chat#p=a%20b')
  })
  it('reads the paragraph id back from the hash or the query', () => {
    expect(paragraphFromLocation({ hash: '#p=idm-2005-p12', search: '' })).toBe('idm-2005-p12')
    expect(paragraphFromLocation({ hash: '', search: '?p=sg-2008-p3' })).toBe('sg-2008-p3')
    expect(paragraphFromLocation({ hash: '#p=a%20b', search: '' })).toBe('a b')
    expect(paragraphFromLocation({ hash: '#top', search: '?q=1' })).toBeNull()
  })
})
