/**
 * The staff view's "questions over time by status" chart, drawn here as SVG: stacked bars per day,
 * no charting library in the page, and nothing but numbers and dates in the markup. Colours are
 * presentation attributes, not style attributes, which the page's CSP would refuse.
 */
import { STATUSES, type ChartSeries } from '../storage/report.ts'

const COLOURS = { answered: '#2e7d32', uncertain: '#ef6c00', no_match: '#c62828' } as const
const LABELS = { answered: 'answered', uncertain: 'uncertain', no_match: 'no match' } as const
const W = 720
const H = 240
const PAD = { left: 40, right: 10, top: 28, bottom: 28 }

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
const day = (t: number) => new Date(t).toISOString().slice(0, 10)

/** Stacked bars: one column per bucket, answered at the bottom. */
export function statusChartSvg(series: ChartSeries): string {
  const n = Math.max(1, series.buckets.length)
  const totals = series.buckets.map((_, i) => STATUSES.reduce((sum, s) => sum + series.counts[s][i]!, 0))
  const max = Math.max(1, ...totals)
  const plotW = W - PAD.left - PAD.right
  const plotH = H - PAD.top - PAD.bottom
  const bw = plotW / n
  const bars: string[] = []
  series.buckets.forEach((t, i) => {
    let y = PAD.top + plotH
    for (const s of STATUSES) {
      const v = series.counts[s][i]!
      if (!v) continue
      const h = (v / max) * plotH
      y -= h
      bars.push(
        `<rect x="${(PAD.left + i * bw + 1).toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOURS[s]}"><title>${escapeXml(`${day(t)}: ${v} ${LABELS[s]}`)}</title></rect>`,
      )
    }
  })
  const legend = STATUSES.map(
    (s, k) =>
      `<rect x="${PAD.left + k * 130}" y="6" width="12" height="12" fill="${COLOURS[s]}"/><text x="${PAD.left + k * 130 + 16}" y="16" font-size="12" fill="currentColor">${LABELS[s]}</text>`,
  ).join('')
  const first = series.buckets[0]
  const last = series.buckets[series.buckets.length - 1]
  const axis =
    `<text x="${PAD.left - 4}" y="${PAD.top + 10}" font-size="11" text-anchor="end" fill="currentColor">${max}</text>` +
    `<text x="${PAD.left - 4}" y="${PAD.top + plotH}" font-size="11" text-anchor="end" fill="currentColor">0</text>` +
    `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${W - PAD.right}" y2="${PAD.top + plotH}" stroke="currentColor" stroke-width="1"/>` +
    (first === undefined ? '' : `<text x="${PAD.left}" y="${H - 8}" font-size="11" fill="currentColor">${day(first)}</text>`) +
    (last === undefined
      ? ''
      : `<text x="${W - PAD.right}" y="${H - 8}" font-size="11" text-anchor="end" fill="currentColor">${day(last)}</text>`)
  const total = totals.reduce((a, b) => a + b, 0)
  const summary = `${total} questions from ${first === undefined ? '' : day(first)} to ${last === undefined ? '' : day(last)}`
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="chart-title">` +
    `<title id="chart-title">${escapeXml(`Questions per day by status: ${summary}`)}</title>${legend}${axis}${bars.join('')}</svg>`
  )
}
