import { escapeHtml } from '../../platform/views/presenters.js'
import { formatDate } from '../../platform/views/setup.js'

export interface ChartPoint { date: string; perspective: string; score: number }

// Colours from the GOV.UK palette, distinguishable by shape as well as colour.
const SERIES = [
  { colour: '#1d70b8', shape: 'circle' }, { colour: '#d4351c', shape: 'square' }, { colour: '#00703c', shape: 'triangle' },
  { colour: '#4c2c92', shape: 'diamond' }, { colour: '#b58840', shape: 'circle' }, { colour: '#505a5f', shape: 'square' },
  { colour: '#912b88', shape: 'triangle' }, { colour: '#28a197', shape: 'diamond' },
] as const

function marker(shape: string, x: number, y: number, colour: string): string {
  switch (shape) {
    case 'square': return `<rect x="${String(x - 5)}" y="${String(y - 5)}" width="10" height="10" fill="${colour}"/>`
    case 'triangle': return `<polygon points="${String(x)},${String(y - 6)} ${String(x - 6)},${String(y + 5)} ${String(x + 6)},${String(y + 5)}" fill="${colour}"/>`
    case 'diamond': return `<polygon points="${String(x)},${String(y - 7)} ${String(x + 7)},${String(y)} ${String(x)},${String(y + 7)} ${String(x - 7)},${String(y)}" fill="${colour}"/>`
    default: return `<circle cx="${String(x)}" cy="${String(y)}" r="5" fill="${colour}"/>`
  }
}

/**
 * Every perspective's scores over time, drawn on the server as SVG (no script needed). The same data
 * goes in a table beside it; the SVG carries a title and description for screen readers.
 */
export function scalingChart(points: ChartPoint[], title: string, idPrefix = 'chart'): { svg: string; dates: string[]; perspectives: string[]; table: (number | undefined)[][] } {
  const dates = [...new Set(points.map((point) => point.date))].sort()
  const perspectives = [...new Set(points.map((point) => point.perspective))]
  const table = dates.map((date) => perspectives.map((perspective) => points.find((point) => point.date === date && point.perspective === perspective)?.score))
  const width = 640
  const height = 320
  const left = 40
  const right = 20
  const top = 20
  const bottom = 50
  const x = (index: number): number => dates.length <= 1 ? left + (width - left - right) / 2 : left + (index * (width - left - right)) / (dates.length - 1)
  const y = (score: number): number => top + ((10 - score) * (height - top - bottom)) / 10
  const grid = Array.from({ length: 11 }, (_, score) =>
    `<line x1="${String(left)}" x2="${String(width - right)}" y1="${String(y(score))}" y2="${String(y(score))}" stroke="#b1b4b6" stroke-width="${String(score % 5 === 0 ? 1 : 0.5)}"/>` +
    `<text x="${String(left - 8)}" y="${String(y(score) + 4)}" text-anchor="end" font-size="12" fill="#0b0c0c">${String(score)}</text>`).join('')
  const labels = dates.map((date, index) => `<text x="${String(x(index))}" y="${String(height - bottom + 18)}" text-anchor="middle" font-size="12" fill="#0b0c0c">${escapeHtml(formatDate(date))}</text>`).join('')
  const series = perspectives.map((perspective, seriesIndex) => {
    const style = SERIES[seriesIndex % SERIES.length] ?? SERIES[0]
    const coordinates = dates.flatMap((date, index) => {
      const score = points.find((point) => point.date === date && point.perspective === perspective)?.score
      return score === undefined ? [] : [[x(index), y(score)] as const]
    })
    const line = coordinates.length > 1 ? `<polyline fill="none" stroke="${style.colour}" stroke-width="2" points="${coordinates.map(([px, py]) => `${String(px)},${String(py)}`).join(' ')}"/>` : ''
    return line + coordinates.map(([px, py]) => marker(style.shape, px, py, style.colour)).join('')
  }).join('')
  const legend = perspectives.map((perspective, index) => {
    const style = SERIES[index % SERIES.length] ?? SERIES[0]
    const lx = left + (index % 3) * 200
    const ly = height - 12 + Math.floor(index / 3) * 16
    return `${marker(style.shape, lx, ly - 4, style.colour)}<text x="${String(lx + 10)}" y="${String(ly)}" font-size="12" fill="#0b0c0c">${escapeHtml(perspective)}</text>`
  }).join('')
  const legendRows = Math.ceil(perspectives.length / 3)
  const totalHeight = height + Math.max(0, legendRows - 1) * 16
  const description = perspectives.map((perspective) => `${perspective}: ${dates.map((date) => {
    const score = points.find((point) => point.date === date && point.perspective === perspective)?.score
    return score === undefined ? null : `${String(score)} on ${formatDate(date)}`
  }).filter((text) => text !== null).join(', ')}`).join('. ')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${String(width)} ${String(totalHeight)}" role="img" aria-labelledby="${idPrefix}-title ${idPrefix}-desc" class="app-chart">` +
    `<title id="${idPrefix}-title">${escapeHtml(title)}</title><desc id="${idPrefix}-desc">${escapeHtml(description)}</desc>${grid}${labels}${series}${legend}</svg>`
  return { svg, dates, perspectives, table }
}
