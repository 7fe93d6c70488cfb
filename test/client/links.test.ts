import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { questionFromLocation, shareLink } from '../../client/src/chat/links.ts'
import { citationOf } from '../../client/src/chat/wire.ts'

describe('links', () => {
  it('reads the question and the document filter of a ?q= link', () => {
    expect(questionFromLocation({ search: '?q=envois+de+fonds&documents=idm-2005,sg-2008' })).toEqual({
      question: 'envois de fonds',
      documents: ['idm-2005', 'sg-2008'],
    })
    expect(questionFromLocation({ search: '?q=%20%20' })).toEqual({ question: null, documents: [] })
    expect(questionFromLocation({ search: '' })).toEqual({ question: null, documents: [] })
  })

  it('builds a link on the page, dropping what the base had after its path', () => {
    expect(shareLink('https://s.example/chat?p=x#p=y', 'Qu’est-ce ?', ['a', 'b'])).toBe(
      'https://s.example/chat?q=Qu%E2%80%99est-ce+%3F&documents=a%2Cb',
    )
    expect(shareLink('https://s.example/', 'q')).toBe('https://s.example/?q=q')
  })

  it('a shared link reads back as the same question and filter (property)', () => {
    const id = fc.stringMatching(/^[a-z0-9-]{1,12}$/)
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((q) => q.trim() === q && q !== ''),
        fc.array(id, { maxLength: 3 }),
        (question, documents) => {
          const url = new URL(shareLink('https://s.example/', question, documents))
          expect(questionFromLocation(url)).toEqual({ question, documents })
        },
      ),
    )
  })
})

describe('citationOf', () => {
  it('gives the structured citation as is, and splits a saved string one the same way', () => {
    const c = {
      quote: 'Texte … cité',
      source: 'ONU, Migrations (2008)',
      reference: '§ 12, p. 7',
      text: '« Texte … cité » — ONU, Migrations (2008), § 12, p. 7',
    }
    expect(citationOf({ citation: c })).toBe(c)
    expect(citationOf({ citation: c.text })).toEqual(c)
    expect(citationOf({ citation: 'odd' })).toEqual({ quote: 'odd', source: '', reference: '', text: 'odd' })
  })
})
