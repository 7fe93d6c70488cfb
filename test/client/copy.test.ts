import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { copyFormat, escapeHtml } from '../../client/src/chat/copy.ts'
import { extract1, extract2 } from '../fixtures/client/answer.ts'

describe('copyFormat', () => {
  it('quotes each extract with its citation, then numbers the sources (plain text)', () => {
    const { plain } = copyFormat([extract1, extract2])
    expect(plain).toBe(
      [
        '« Faute de cohérence dans les politiques, les mesures prises dans un domaine peuvent nuire aux priorités d’autres domaines. » — IDM 2005 (2005), § 2 [1]',
        '« Les envois de fonds des migrants <b>contribuent</b> au développement & à la réduction de la pauvreté. » — Rapport du SG 2008 (2008), § 31 [2]',
        '',
        'Sources :',
        '1. Dialogue international sur la migration 2005 : recherche d’une cohérence politique en matière migratoire, Organisation internationale pour les migrations (OIM), 2005, § 2',
        '2. Migrations internationales et développement : rapport du Secrétaire général, Nations Unies, Assemblée générale, 2008, § 31',
      ].join('\n'),
    )
  })

  it('gives the same content as HTML, escaped, with an ordered list of sources', () => {
    const { html } = copyFormat([extract2])
    expect(html).toBe(
      [
        '<p>« Les envois de fonds des migrants &lt;b&gt;contribuent&lt;/b&gt; au développement &amp; à la réduction de la pauvreté. » — <cite>Rapport du SG 2008 (2008), § 31</cite> [1]</p>',
        '<p>Sources :</p>',
        '<ol><li>Migrations internationales et développement : rapport du Secrétaire général, Nations Unies, Assemblée générale, 2008, § 31</li></ol>',
      ].join('\n'),
    )
  })

  it('uses the given heading for the sources (English interface)', () => {
    expect(copyFormat([extract1], { sourcesHeading: 'Sources:' }).plain).toContain('\nSources:\n1. ')
  })

  // Bug: the copy rebuilt the quote from the best-sentence offsets, so a sentence the server had
  // cut (« … de plus amples … ») was pasted without its ellipsis, as if the corpus said no more.
  it('regression: copy-dropped-ellipsis keeps the server citation of a cut sentence, « … » included', () => {
    const citation = {
      quote: 'Ces recherches montrent que … de plus amples …',
      source: 'ONU, Migrations (2008)',
      reference: '§ 42',
      text: '« Ces recherches montrent que … de plus amples … » — ONU, Migrations (2008), § 42',
    }
    const { plain, html } = copyFormat([{ ...extract1, citation }])
    expect(plain.split('\n')[0]).toBe(`${citation.text} [1]`)
    expect(html.split('\n')[0]).toBe(
      '<p>« Ces recherches montrent que … de plus amples … » — <cite>ONU, Migrations (2008), § 42</cite> [1]</p>',
    )
  })

  // Bug: the copy split the server's citation string on « » — » to find the reference; a quote
  // that itself contained « » — » was cut at the wrong place. The parts need no parsing.
  it('regression: copy-split-citation puts a quote containing « » — » whole before the <cite>', () => {
    const citation = {
      quote: 'il dit « oui » — puis non',
      source: 'IDM 2005 (2005)',
      reference: '§ 2',
      text: '« il dit « oui » — puis non » — IDM 2005 (2005), § 2',
    }
    expect(copyFormat([{ ...extract1, citation }]).html.split('\n')[0]).toBe(
      '<p>« il dit « oui » — puis non » — <cite>IDM 2005 (2005), § 2</cite> [1]</p>',
    )
  })

  it('lists a document once, with every paragraph quoted from it, and numbers each quote by its source', () => {
    const other = {
      ...extract1,
      paragraph: { ...extract1.paragraph, id: 'idm-2005-p5', label: '§ 5' },
      citation: { quote: 'Autre.', source: 'IDM 2005 (2005)', reference: '§ 5', text: '« Autre. » — IDM 2005 (2005), § 5' },
    }
    const { plain, html } = copyFormat([extract1, extract2, other, extract1])
    const lines = plain.split('\n')
    expect(lines.slice(0, 4).map((l) => /\[(\d)\]$/.exec(l)?.[1])).toEqual(['1', '2', '1', '1'])
    expect(lines.slice(5)).toEqual([
      'Sources :',
      '1. Dialogue international sur la migration 2005 : recherche d’une cohérence politique en matière migratoire, Organisation internationale pour les migrations (OIM), 2005, § 2 ; § 5',
      '2. Migrations internationales et développement : rapport du Secrétaire général, Nations Unies, Assemblée générale, 2008, § 31',
    ])
    expect(html.match(/<li>/g)).toHaveLength(2)
  })

  it('is empty for no extract', () => {
    expect(copyFormat([])).toEqual({ plain: '', html: '' })
  })

  it('never lets corpus text become markup (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (text, title) => {
        const citation = { quote: text, source: `${title} (2005)`, reference: '§ 2', text: `« ${text} » — ${title} (2005), § 2` }
        const { html } = copyFormat([{ ...extract1, citation, document: { ...extract1.document, title, shortTitle: title } }])
        const stripped = html.replace(/<\/?(p|cite|ol|li)>/g, '')
        expect(stripped).not.toMatch(/[<>]/)
        expect(stripped).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/)
      }),
    )
  })

  it('escapeHtml escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  })
})

describe('copyFormat: intro lines and cautions (issue 15)', () => {
  it('puts the intro first and a quote’s caution after its source number, in both flavours', () => {
    const { plain, html } = copyFormat([{ ...extract1, caution: 'Réponse incertaine : peu sûr' }, extract2], { intro: ['Note du dossier'] })
    const lines = plain.split('\n')
    expect(lines[0]).toBe('Note du dossier')
    expect(lines[1]).toBe(`${extract1.citation.text} [1] (Réponse incertaine : peu sûr)`)
    expect(lines[2]).toBe(`${extract2.citation.text} [2]`)
    expect(html.split('\n')[0]).toBe('<p><strong>Note du dossier</strong></p>')
    expect(html.split('\n')[1]).toMatch(/\[1\] <strong>\(Réponse incertaine : peu sûr\)<\/strong><\/p>$/)
  })
})
