import { listInWords, n, shorten, text, textWidth, wrap } from './svg-text.js'

export type Closeness = 1 | 2 | 3

/** How close someone is to the children, in words: the rings of the network picture. */
export const CLOSENESS: Record<Closeness, { name: string; description: string }> = {
  1: { name: 'Very close', description: 'sees the children most days' },
  2: { name: 'Close', description: 'sees the children every week or so' },
  3: { name: 'Further away', description: 'sees the children now and then, or helps from further away' },
}

export const CLOSENESS_LEVELS: readonly Closeness[] = [1, 2, 3]

export function isCloseness(value: number): value is Closeness {
  return value === 1 || value === 2 || value === 3
}

export interface PictureMember { name: string; relationship: string; closeness: Closeness }

export interface NetworkPicture {
  svg: string
  /** The text equivalent: the same people as the picture, ring by ring. */
  centre: string[]
  rings: { closeness: Closeness; name: string; description: string; people: { name: string; relationship: string }[] }[]
  description: string
}

// GOV.UK colours; each ring also has its own line pattern, so colour is never the only difference.
const RING_STYLE: Record<Closeness, { colour: string; dash: string; fill: string }> = {
  1: { colour: '#1d70b8', dash: '', fill: '#e8f1f8' },
  2: { colour: '#00703c', dash: '8 4', fill: '#f3f2f1' },
  3: { colour: '#4c2c92', dash: '2 4', fill: '#ffffff' },
}

const FONT = 14
const PILL_HEIGHT = 28
const PILL_PADDING = 12
const NAME_LENGTH = 28
const CENTRE_LINES = 4
const MARGIN = 16
const RING_GAP = 44
// Rings are staggered so that people on neighbouring rings do not line up.
const STAGGER: Record<Closeness, number> = { 1: 0, 2: 0.5, 3: 0.25 }

const LEGEND_SWATCH = 36
const LEGEND_LINE = 18
const LEGEND_GAP = 6

/** How many characters of legend fit on a line beside its line sample, in a picture this wide. */
function legendCharacters(size: number): number {
  return Math.max(12, Math.floor((size - MARGIN * 2 - LEGEND_SWATCH - 8) / textWidth('x', FONT)))
}

/** A name on a ring, placed relative to the middle of the picture. */
interface Pill { member: PictureMember; closeness: Closeness; x: number; y: number; width: number }

function clash(a: Pill, b: Pill): boolean {
  return Math.abs(a.x - b.x) < (a.width + b.width) / 2 + 6 && Math.abs(a.y - b.y) < PILL_HEIGHT + 6
}

/** How far the nearest point of a name's box is from the middle. */
function nearest(pill: Pill): number {
  const dx = Math.max(0, Math.abs(pill.x) - pill.width / 2)
  const dy = Math.max(0, Math.abs(pill.y) - PILL_HEIGHT / 2)
  return Math.hypot(dx, dy)
}

/** How far the furthest corner of a name's box is from the middle. */
function farthest(pill: Pill): number {
  return Math.hypot(Math.abs(pill.x) + pill.width / 2, Math.abs(pill.y) + PILL_HEIGHT / 2)
}

function dashAttribute(dash: string): string {
  return dash === '' ? '' : ` stroke-dasharray="${dash}"`
}

/**
 * The safety network as a picture, drawn on the server as SVG: the children in the middle and the
 * people around them on three rings by how close they are. The rings grow with the number of
 * people so that no two names overlap, and no name sits across another ring's line. The SVG has a title and description, and the same people
 * come back as a text equivalent for the page to show beside it.
 */
export function networkPicture(children: string[], members: PictureMember[], options: { title: string; idPrefix?: string }): NetworkPicture {
  const idPrefix = options.idPrefix ?? 'network-picture'
  const byRing = (closeness: Closeness) => members.filter((member) => member.closeness === closeness)

  // The middle: the children's names, as many lines as fit.
  const centreLines = children.length === 0 ? ['The children']
    : children.length <= CENTRE_LINES ? children.map((name) => shorten(name, 22))
      : [...children.slice(0, CENTRE_LINES - 1).map((name) => shorten(name, 22)), `and ${String(children.length - CENTRE_LINES + 1)} more`]
  const centreWidth = Math.max(...centreLines.map((line) => textWidth(line, FONT)))
  const centreHeight = centreLines.length * 18
  const centreRadius = Math.max(64, Math.sqrt((centreWidth / 2) ** 2 + (centreHeight / 2) ** 2) + 14)

  // Each ring is as small as it can be while no name overlaps another, the middle, or a ring line
  // it does not belong to. Names on a ring start at the top, staggered from the ring inside.
  const pillWidth = (member: PictureMember): number => textWidth(shorten(member.name, NAME_LENGTH), FONT) + PILL_PADDING * 2
  const placeRing = (closeness: Closeness, radius: number): Pill[] => byRing(closeness).map((member, index, ring) => {
    const angle = -Math.PI / 2 + ((index + STAGGER[closeness]) * 2 * Math.PI) / ring.length
    return { member, closeness, x: radius * Math.cos(angle), y: radius * Math.sin(angle), width: pillWidth(member) }
  })
  const radii: Record<Closeness, number> = { 1: 0, 2: 0, 3: 0 }
  const placed: Pill[] = []
  let inner = centreRadius
  for (const closeness of CLOSENESS_LEVELS) {
    const widest = Math.max(0, ...byRing(closeness).map(pillWidth))
    let radius = Math.max(inner + RING_GAP, (byRing(closeness).length * (widest + MARGIN)) / (2 * Math.PI))
    let pills = placeRing(closeness, radius)
    const fits = (): boolean => placed.every((other) => farthest(other) < radius - MARGIN / 2)
      && pills.every((pill, index) => nearest(pill) > inner + MARGIN / 2
        && placed.every((other) => !clash(pill, other))
        && pills.every((other, otherIndex) => otherIndex === index || !clash(pill, other)))
    for (let tries = 0; !fits() && tries < 2000; tries += 1) {
      radius += 4
      pills = placeRing(closeness, radius)
    }
    radii[closeness] = radius
    placed.push(...pills)
    inner = radius
  }
  const halfSize = Math.max(radii[3] + 2, ...placed.map((pill) => Math.max(Math.abs(pill.x) + pill.width / 2, Math.abs(pill.y) + PILL_HEIGHT / 2))) + MARGIN
  const size = halfSize * 2
  const centre = halfSize
  // The legend wraps to the picture's own width, so it scales with it and is never cut off,
  // however narrow the screen (the SVG shrinks as a whole; nothing sits outside its viewBox).
  const legendLines = CLOSENESS_LEVELS.map((closeness) =>
    wrap(`${CLOSENESS[closeness].name}: ${CLOSENESS[closeness].description}`, legendCharacters(size), 4))
  const legendTop = size + 8
  const legendHeight = legendLines.reduce((total, lines) => total + lines.length * LEGEND_LINE + LEGEND_GAP, 0) + 8
  const height = legendTop + legendHeight

  const rings = [...CLOSENESS_LEVELS].reverse().map((closeness) => {
    const style = RING_STYLE[closeness]
    return `<circle cx="${n(centre)}" cy="${n(centre)}" r="${n(radii[closeness])}" fill="${style.fill}" stroke="${style.colour}" stroke-width="2"${dashAttribute(style.dash)}/>`
  }).join('')

  const middle = `<circle cx="${n(centre)}" cy="${n(centre)}" r="${n(centreRadius)}" fill="#ffffff" stroke="#0b0c0c" stroke-width="3"/>` +
    centreLines.map((line, index) => {
      const y = centre - centreHeight / 2 + index * 18 + 13
      return `<text class="app-network-picture__child" x="${n(centre)}" y="${n(y)}" text-anchor="middle" font-size="${String(FONT)}" font-weight="bold" fill="#0b0c0c">${text(line)}</text>`
    }).join('')

  const people = placed.map((pill) => {
    const style = RING_STYLE[pill.closeness]
    const x = centre + pill.x
    const y = centre + pill.y
    return `<g class="app-network-picture__member"><title>${text(`${pill.member.name}: ${pill.member.relationship}`)}</title>` +
      `<rect x="${n(x - pill.width / 2)}" y="${n(y - PILL_HEIGHT / 2)}" width="${n(pill.width)}" height="${String(PILL_HEIGHT)}" rx="14" fill="#ffffff" stroke="${style.colour}" stroke-width="2"${dashAttribute(style.dash)}/>` +
      `<text class="app-network-picture__name" x="${n(x)}" y="${n(y + 5)}" text-anchor="middle" font-size="${String(FONT)}" fill="#0b0c0c">${text(shorten(pill.member.name, NAME_LENGTH))}</text></g>`
  }).join('')

  let legendY = legendTop
  const legend = CLOSENESS_LEVELS.map((closeness, index) => {
    const style = RING_STYLE[closeness]
    const lines = legendLines[index] ?? []
    const y = legendY + 16
    legendY += lines.length * LEGEND_LINE + LEGEND_GAP
    return `<g class="app-network-picture__legend-item"><line x1="${String(MARGIN)}" x2="${String(MARGIN + LEGEND_SWATCH)}" y1="${n(y - 5)}" y2="${n(y - 5)}" stroke="${style.colour}" stroke-width="3"${dashAttribute(style.dash)}/>` +
      `<text x="${String(MARGIN + LEGEND_SWATCH + 8)}" y="${n(y)}" font-size="${String(FONT)}" fill="#0b0c0c">` +
      lines.map((line, lineIndex) => `<tspan x="${String(MARGIN + LEGEND_SWATCH + 8)}" dy="${lineIndex === 0 ? '0' : String(LEGEND_LINE)}">${text(line)}</tspan>`).join('') +
      '</text></g>'
  }).join('')

  const centreWords = children.length === 0 ? 'The children are at the centre.' : `At the centre: ${listInWords(children)}.`
  const description = [
    centreWords,
    ...CLOSENESS_LEVELS.map((closeness) => `${CLOSENESS[closeness].name} (${CLOSENESS[closeness].description}): ${listInWords(byRing(closeness).map((member) => `${member.name} (${member.relationship})`))}.`),
  ].join(' ')

  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(size)} ${n(height)}" role="img" aria-labelledby="${idPrefix}-title ${idPrefix}-desc" class="app-chart app-network-picture" font-family="arial, sans-serif">` +
    `<title id="${idPrefix}-title">${text(options.title)}</title><desc id="${idPrefix}-desc">${text(description)}</desc>${rings}${middle}${people}<g class="app-network-picture__legend">${legend}</g></svg>`

  return {
    svg,
    centre: children,
    rings: CLOSENESS_LEVELS.map((closeness) => ({
      closeness, name: CLOSENESS[closeness].name, description: CLOSENESS[closeness].description,
      people: byRing(closeness).map((member) => ({ name: member.name, relationship: member.relationship })),
    })),
    description,
  }
}
