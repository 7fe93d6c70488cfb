// Rendering of answers in real Chromium, without a server: render.ts is bundled with esbuild and
// fed the fixture answers, so every card detail is checked against known offsets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from 'esbuild'
import type { Browser, Page } from 'playwright-core'
import { launch } from './browser.ts'
import { answered, englishAnswer, extract1, extract2, noMatch } from '../fixtures/client/answer.ts'
import type { AnswerBody } from '../../server/protocol/types.ts'

const HARNESS = `
import { renderTurn } from './client/src/chat/render.ts'
import { STRINGS } from './client/src/chat/i18n.ts'
import { feedbackControl } from './client/src/chat/feedback.ts'
window.renderAnswer = (answer, lang, question) => {
  const calls = []
  const ctx = {
    t: STRINGS[lang],
    online: true,
    onCopy: (extracts) => calls.push(['copy', extracts.map((e) => e.paragraph.id)]),
    onView: (id) => calls.push(['view', id]),
    onAsk: (q) => calls.push(['ask', q]),
  }
  const el = renderTurn({ id: 't1', question, answer }, ctx)
  document.querySelector('#root').replaceChildren(el)
  window.calls = calls
}
// Everything a mounted chat gives: pins, share, documents named, and the real feedback control
// whose send resolves as the server's ack would (or fails, for a question about « failed »).
window.renderRich = (answer, lang, question, documents) => {
  const calls = []
  const ctx = {
    t: STRINGS[lang],
    online: true,
    onCopy: (extracts, _b, caution) => calls.push(['copy', extracts.map((e) => e.paragraph.id), caution ?? null]),
    onView: (id) => calls.push(['view', id]),
    onAsk: (q, docs) => calls.push(['ask', q, docs ?? null]),
    onPin: (e) => calls.push(['pin', e.paragraph.id]),
    isPinned: () => false,
    onShare: (turn) => calls.push(['share', turn.question]),
    documentName: (id) => id.toUpperCase(),
    feedback: (answerId, paragraphId, label) =>
      feedbackControl({
        answerId, paragraphId, label, t: STRINGS[lang], announce: () => {},
        send: async (m) => (calls.push(['feedback', m]), question.includes('failed') ? 'failed' : 'ack'),
      }),
  }
  const turn = { id: 't1', question, answer, ...(documents ? { documents } : {}) }
  document.querySelector('#root').replaceChildren(renderTurn(turn, ctx))
  window.calls = calls
}
`

let browser: Browser
let page: Page
let bundle: string

beforeAll(async () => {
  const out = await build({
    stdin: { contents: HARNESS, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
  })
  bundle = out.outputFiles[0]!.text
  browser = await launch()
  page = await browser.newPage()
  await page.setContent('<!doctype html><html lang="fr"><body><div id="root" class="sourcier"></div></body></html>')
  await page.addScriptTag({ content: bundle })
  await page.addStyleTag({ path: 'public/dist/app.css' })
})
afterAll(async () => {
  await browser?.close()
})

const render = (answer: AnswerBody, lang: 'fr' | 'en' = 'fr', question = 'Quelle cohérence ?') =>
  page.evaluate(([a, l, q]) => (window as unknown as { renderAnswer: Function }).renderAnswer(a, l, q), [answer, lang, question] as const)

const renderRich = (answer: object, options: { lang?: 'fr' | 'en'; question?: string; documents?: string[] } = {}) =>
  page.evaluate(([a, l, q, d]) => (window as unknown as { renderRich: Function }).renderRich(a, l, q, d), [
    answer,
    options.lang ?? 'fr',
    options.question ?? 'Quelle cohérence ?',
    options.documents ?? null,
  ] as const)
const calls = () => page.evaluate(() => (window as unknown as { calls: unknown[] }).calls)

describe('trust signals (issue 15)', () => {
  const uncertain = { ...answered, status: 'uncertain', answerId: 'a-1', reason: 'Les extraits ne parlent que de loin de la question.' }

  it('an uncertain answer carries a labelled notice with the server’s reason, and every copy carries it too', async () => {
    await renderRich(uncertain)
    const note = page.getByRole('note')
    expect(await note.textContent()).toBe('!Réponse incertaine : Les extraits ne parlent que de loin de la question.')
    expect(await page.locator('.sc-turn').getAttribute('data-status')).toBe('uncertain')
    await page.getByRole('button', { name: 'Copier la réponse' }).click()
    await page.getByRole('button', { name: 'Copier l’extrait IDM 2005 (2005), § 2' }).click()
    const caution = 'Réponse incertaine : Les extraits ne parlent que de loin de la question.'
    expect(await calls()).toEqual([
      ['copy', ['idm-2005-p3', 'sg-2008-p40'], caution],
      ['copy', ['idm-2005-p3'], caution],
    ])
  })

  it('an uncertain answer without a reason still says so in words (English)', async () => {
    await renderRich({ ...uncertain, reason: undefined }, { lang: 'en' })
    expect(await page.getByRole('note').textContent()).toBe('!Uncertain answer. Check the extracts before citing them.')
  })

  it('a confident answer has no notice and copies without caution', async () => {
    await renderRich({ ...answered, answerId: 'a-2' })
    expect(await page.getByRole('note').count()).toBe(0)
    await page.getByRole('button', { name: 'Copier la réponse' }).click()
    expect(await calls()).toEqual([['copy', ['idm-2005-p3', 'sg-2008-p40'], null]])
  })

  it('correctedQuestion reads « Résultats pour : … »', async () => {
    await renderRich({ ...answered, correctedQuestion: 'cohérence des politiques' })
    expect(await page.textContent('.sc-didyoumean')).toBe('Résultats pour : cohérence des politiques')
  })

  it('regression: a turn shows the document filter it was asked with, and offers every document', async () => {
    await renderRich(answered, { documents: ['idm-2005'] })
    expect(await page.textContent('.sc-filter-chip')).toBe('Dans : IDM-2005')
    await page.getByRole('button', { name: 'Chercher dans tous les documents' }).click()
    expect(await calls()).toEqual([['ask', 'Quelle cohérence ?', []]])
  })

  it('the filter in force is the server’s when it names one', async () => {
    await renderRich({ ...answered, documents: ['sg-2008'] })
    expect(await page.textContent('.sc-filter-chip')).toBe('Dans : SG-2008')
  })

  it('feedback: thumbs up sends at once and shows the acknowledgement; thumbs down asks for a reason', async () => {
    await renderRich({ ...answered, answerId: 'a-3' })
    const answerGroup = page.getByRole('group', { name: 'Avis sur cette réponse' })
    await answerGroup.getByRole('button', { name: 'Utile', exact: true }).click()
    await expect.poll(() => answerGroup.locator('.sc-feedback-status').textContent()).toBe('Merci, avis reçu.')
    expect(await answerGroup.getByRole('button', { name: 'Utile', exact: true }).getAttribute('aria-pressed')).toBe('true')
    const card = page.getByRole('group', { name: 'Avis sur IDM 2005 (2005), § 2' })
    await card.getByRole('button', { name: 'Pas utile' }).click()
    await page.getByRole('combobox', { name: 'Raison (facultatif)' }).selectOption('wrong_passage')
    await page.getByRole('textbox', { name: 'Commentaire (facultatif)' }).fill('hors sujet')
    await page.getByRole('button', { name: 'Envoyer l’avis' }).click()
    await expect.poll(() => card.locator('.sc-feedback-status').textContent()).toBe('Merci, avis reçu.')
    expect(await calls()).toEqual([
      ['feedback', { answerId: 'a-3', vote: 'up' }],
      ['feedback', { answerId: 'a-3', vote: 'down', paragraphId: 'idm-2005-p3', reason: 'wrong_passage', comment: 'hors sujet' }],
    ])
  })

  it('feedback the server refused says it was not recorded', async () => {
    await renderRich({ ...answered, answerId: 'a-4' }, { question: 'failed' })
    await page.getByRole('group', { name: 'Avis sur cette réponse' }).getByRole('button', { name: 'Utile', exact: true }).click()
    await expect.poll(() => page.locator('.sc-turn-actions .sc-feedback-status').textContent()).toBe('Avis non enregistré.')
  })

  it('no feedback control without an answerId (an older server), and none on a no-match', async () => {
    const { answerId: _, ...withoutId } = answered
    await renderRich(withoutId)
    expect(await page.locator('.sc-feedback').count()).toBe(0)
    await renderRich({ ...noMatch, answerId: 'a-5' })
    expect(await page.locator('.sc-turn-actions .sc-feedback').count()).toBe(0)
  })

  it('pins and shares through the chat’s handlers', async () => {
    await renderRich(answered)
    await page.getByRole('button', { name: 'Épingler l’extrait Rapport du SG 2008 (2008), § 31 au dossier' }).click()
    await page.getByRole('button', { name: /^Partager/ }).click()
    expect(await calls()).toEqual([
      ['pin', 'sg-2008-p40'],
      ['share', 'Quelle cohérence ?'],
    ])
  })
})

describe('renderTurn', () => {
  it('opens with the summary line, then one card per extract with title, year, reference and section', async () => {
    await render(answered)
    expect(await page.textContent('.sc-summary')).toBe('2 passages de 2 documents : IDM 2005 (2005) ; Rapport du SG 2008 (2008).')
    const cards = await page.$$eval('.sc-card', (els) =>
      els.map((el) => ({
        title: el.querySelector('h3')?.textContent,
        label: el.querySelector('.sc-label')?.textContent,
        section: el.querySelector('.sc-section')?.textContent,
        paragraph: el.getAttribute('data-paragraph'),
      })),
    )
    expect(cards).toEqual([
      { title: 'IDM 2005 (2005)', label: '§ 2', section: 'I. Introduction', paragraph: 'idm-2005-p3' },
      { title: 'Rapport du SG 2008 (2008)', label: '§ 31', section: 'III. Activités › B. Envois de fonds', paragraph: 'sg-2008-p40' },
    ])
  })

  it('shows the best sentence with the matched words in <mark>, the rest behind an expander', async () => {
    await render(answered)
    const first = page.locator('.sc-card').first()
    expect(await first.locator('.sc-text').textContent()).toBe(`${extract1.text.slice(extract1.best.start, extract1.best.end)} …`)
    expect(await first.locator('mark').allTextContents()).toEqual(['cohérence', 'politiques'])
    const toggle = first.locator('button[aria-controls]')
    expect(await toggle.textContent()).toBe('Afficher le paragraphe entier')
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    await toggle.click()
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    expect(await toggle.textContent()).toBe('Masquer le paragraphe entier')
    expect(await first.locator('.sc-text').textContent()).toBe(extract1.text)
    expect(await first.locator('strong.sc-best').textContent()).toBe(extract1.text.slice(extract1.best.start, extract1.best.end))
    // The whole paragraph is the best sentence in the second card: nothing to expand.
    expect(
      await page
        .locator('.sc-card')
        .nth(1)
        .getByRole('button', { name: /paragraphe entier/ })
        .count(),
    ).toBe(0)
  })

  it('inserts corpus text as text, never as HTML', async () => {
    await render(answered, 'fr', '<img src=x onerror="window.pwned=1">')
    expect(await page.locator('.sc-card b, #root img').count()).toBe(0)
    expect(await page.locator('.sc-card').nth(1).locator('.sc-text').textContent()).toContain('<b>contribuent</b>')
    expect(await page.locator('.sc-question').textContent()).toContain('<img src=x')
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
  })

  it('wires Copier, Voir dans le document and Copier la réponse with accessible names', async () => {
    await render(answered)
    await page.getByRole('button', { name: 'Copier l’extrait Rapport du SG 2008 (2008), § 31' }).click()
    await page.getByRole('button', { name: 'Voir dans le document : IDM 2005 (2005), § 2' }).click()
    await page.getByRole('button', { name: 'Copier la réponse' }).click()
    expect(await page.evaluate(() => (window as unknown as { calls: unknown }).calls)).toEqual([
      ['copy', ['sg-2008-p40']],
      ['view', 'idm-2005-p3'],
      ['copy', ['idm-2005-p3', 'sg-2008-p40']],
    ])
  })

  it('no answer: the plain sentence, a suggestion, then the nearest passages set apart', async () => {
    await render(noMatch)
    expect(await page.textContent('.sc-noanswer')).toBe('Le corpus ne répond pas à cette question.')
    expect(await page.locator('.sc-summary').count()).toBe(0)
    expect(await page.locator('.sc-reply > .sc-cards').count()).toBe(0)
    const nearest = page.getByRole('group', { name: 'Passages les plus proches (ils ne répondent pas à la question)' })
    expect(await nearest.locator('.sc-card').count()).toBe(1)
    await page.getByRole('button', { name: 'envois de fonds' }).click()
    expect(await page.evaluate(() => (window as unknown as { calls: unknown }).calls)).toEqual([['ask', 'envois de fonds']])
  })

  it('for an English answer, lists the French terms searched, in the English interface', async () => {
    await render(englishAnswer, 'en', 'remittances and development')
    expect(await page.textContent('.sc-searched summary')).toBe('French terms searched: (2)')
    expect(await page.locator('.sc-searched .sc-term[lang=fr]').allTextContents()).toEqual(['envois de fonds', 'développement'])
    expect(await page.textContent('.sc-summary')).toBe('2 passages from 2 documents: IDM 2005 (2005); Rapport du SG 2008 (2008).')
  })

  it('regression: with an answer, the corrected spelling is stated, not offered as a choice', async () => {
    await render({ ...answered, didYouMean: 'renforcement des capacités' })
    expect(await page.textContent('.sc-didyoumean')).toBe('Résultats pour : renforcement des capacités')
    expect(await page.locator('.sc-didyoumean button').count()).toBe(0)
    expect(await page.locator('.sc-card').count()).toBe(2)
  })

  it('a French answer does not list searched terms', async () => {
    await render(answered)
    expect(await page.locator('.sc-searched').count()).toBe(0)
  })

  it('regression: the view button’s accessible name starts with its visible text (axe label-content-name-mismatch)', async () => {
    for (const lang of ['fr', 'en'] as const) {
      await render(answered, lang)
      const names = await page
        .locator('.sc-card-actions button')
        .evaluateAll((els) => els.map((b) => ({ text: b.textContent ?? '', name: b.getAttribute('aria-label') ?? b.textContent ?? '' })))
      expect(names.length).toBeGreaterThan(0)
      for (const { text, name } of names) expect(name.startsWith(text), `${name} / ${text}`).toBe(true)
    }
  })

  it('regression: sizes do not follow the root font size of a host page (the widget lives in one)', async () => {
    await render(answered)
    const size = () =>
      page
        .locator('.sc-card-title')
        .first()
        .evaluate((el) => getComputedStyle(el).fontSize)
    const before = await size()
    await page.addStyleTag({ content: 'html { font-size: 40px !important }' })
    expect(await size()).toBe(before)
    await page.evaluate(() => document.querySelector('style:last-of-type')?.remove())
  })

  it('lists the neighbouring paragraphs folded into an extract, each opening the reader', async () => {
    const related = [
      { id: 'idm-2005-p4', n: 4, number: 3, label: '§ 3', section: ['I. Introduction'] },
      { id: 'idm-2005-p5', n: 5, number: 4, label: '§ 4', section: ['I. Introduction'] },
    ]
    await render({ ...answered, extracts: [{ ...extract1, related }] })
    expect(await page.textContent('.sc-related')).toBe('Voir aussi : § 3, § 4')
    await page.getByRole('button', { name: 'Voir dans le document : IDM 2005 (2005), § 4' }).click()
    expect(await page.evaluate(() => (window as unknown as { calls: unknown }).calls)).toEqual([['view', 'idm-2005-p5']])
    await render(answered)
    expect(await page.locator('.sc-related').count()).toBe(0)
  })

  it('survives offsets outside the text', async () => {
    await render({
      ...answered,
      extracts: [
        {
          ...extract2,
          best: { start: -4, end: 9999 },
          highlights: [
            [90, 5000],
            [-3, 2],
          ],
        },
      ],
    })
    expect(await page.locator('.sc-card .sc-text').textContent()).toBe(extract2.text)
  })

  it('regression: section-repeated-in-label — the innermost heading is not shown twice when the label names it', async () => {
    const unnumbered = (section: string[]) => ({
      ...extract2,
      paragraph: { ...extract2.paragraph, number: null, label: '3.2 Rapatriements de fonds, al. 1', section },
    })
    await render({ ...answered, extracts: [unnumbered(['3. Migration et développement', '3.2 Rapatriements de fonds'])] })
    expect(await page.locator('.sc-card .sc-section').textContent()).toBe('3. Migration et développement')
    await render({ ...answered, extracts: [unnumbered(['3.2 Rapatriements de fonds'])] })
    expect(await page.locator('.sc-card .sc-section').count()).toBe(0)
  })
})
