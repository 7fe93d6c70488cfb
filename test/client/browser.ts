// Real Chromium for the chat page's browser tests (Debian's /usr/bin/chromium).
import { chromium, type Browser, type Page } from 'playwright-core'
import { readFile } from 'node:fs/promises'
import { build } from 'esbuild'

export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
}

export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 360, height: 740 } }

export function launch(): Promise<Browser> {
  return chromium.launch(CHROMIUM)
}

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: string[] }>
}

let axeSource: Promise<string> | undefined

/**
 * Runs axe-core in the page (open shadow roots included) and returns every violation, whatever
 * its impact. Injected through the DevTools protocol rather than a script tag, which the page's
 * CSP rightly refuses.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFile('node_modules/axe-core/axe.min.js', 'utf8')
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: AxeViolation[] }> } }).axe
    const r = await axe.run(document)
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }))
  })
}

/** The serious and critical violations of axeViolations: what the pages must have none of. */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  return (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/**
 * Bundles one export of a client module as a window global, to evaluate in a page through
 * DevTools (the pages' CSP rightly refuses injected script tags).
 */
export async function bundleExport(modulePath: string, name: string): Promise<string> {
  const out = await build({
    stdin: { contents: `import { ${name} } from './${modulePath}'; window.${name} = ${name}`, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
  })
  return out.outputFiles[0]!.text
}

/**
 * Collects a page's uncaught errors into `sink`, and its Content-Security-Policy violations too:
 * every page must live within the server's CSP, so a violation fails the test like an error.
 */
export function collectPageErrors(page: Page, sink: string[]): void {
  page.on('pageerror', (err) => sink.push(err.message))
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/.test(msg.text())) sink.push(msg.text())
  })
}

/** Opens the chat page at `url` and waits until its socket is connected. */
export async function openChat(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.waitForSelector('.sourcier[data-status=online]')
}

/** Types a question into the chat page and waits for its turn to be answered. */
export async function askInChat(page: Page, question: string): Promise<void> {
  const before = await page.locator('.sc-turn:not([aria-busy])').count()
  await page.getByRole('textbox', { name: /Votre question|Your question/ }).fill(question)
  await page.keyboard.press('Enter')
  await page.waitForFunction((n) => document.querySelectorAll('.sc-turn:not([aria-busy])').length === n + 1, before)
}

/** Opens the first extract card's paragraph in the reader and waits for the cited paragraph. */
export async function readFirstExtract(page: Page): Promise<void> {
  await page
    .locator('.sc-card')
    .first()
    .getByRole('button', { name: /^Voir dans le document/ })
    .click()
  await page.locator('.sc-para--cited').waitFor()
}
