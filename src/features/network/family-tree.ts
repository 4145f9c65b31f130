import type { PersonKind } from '../../db/schema/families.js'
import { n, shorten, text, textWidth, wrap } from './svg-text.js'

export interface TreePerson { id: string; name: string; kind: PersonKind; inNetwork: boolean; networkRelationship?: string }
export interface TreeRelationship { personId: string; relatedPersonId: string; relationship: string }

export type Generation = 'grandparents' | 'adults' | 'children'

export const GENERATION_NAMES: Record<Generation, string> = {
  grandparents: 'Grandparents',
  adults: 'Parents, carers and other adults',
  children: 'Children',
}

const KIND_WORDS: Record<PersonKind, string> = {
  'child': 'child', 'unborn-child': 'unborn baby', 'parent-carer': 'parent or carer', 'other-adult': 'other adult',
}

export interface FamilyTree {
  svg: string
  /** The text equivalent: every person and every relationship, in sentences. */
  people: { name: string; generation: string; sentence: string }[]
  sentences: string[]
  description: string
}

const GRANDPARENT = /\bgreat-grand|\bgrand|\bgran(ny|nie)?\b|\bnan(a|na|ny)?\b/i
const GENERATIONS: Generation[] = ['grandparents', 'adults', 'children']
const NODE_WIDTH = 160
const NODE_HEIGHT = 64
const GAP_X = 32
const PER_LINE = 5
const GUTTER = 140
const MARGIN = 16
const FONT = 14
const LABEL_FONT = 12
const LABEL_HEIGHT = 18
const CHANNEL_STEP = 12
const APPROACH_STEP = 10
const LANE_STEP = 10
const LABEL_LENGTH = 24
const FONT_FAMILY = 'font-family="arial, sans-serif"'

/** Which row of the tree someone belongs in: children at the bottom, grandparents at the top. */
export function generationOf(person: TreePerson, relationships: TreeRelationship[]): Generation {
  if (person.kind === 'child' || person.kind === 'unborn-child') return 'children'
  const says = relationships.filter((relation) => relation.personId === person.id).map((relation) => relation.relationship)
  if (person.networkRelationship !== undefined) says.push(person.networkRelationship)
  return says.some((words) => GRANDPARENT.test(words)) ? 'grandparents' : 'adults'
}

function relationshipWords(relationship: string): string {
  return relationship.trim().replace(/\s+of$/i, '')
}

/** "Claire Ashworth is mother of Leo Ashworth." The relationship is stored as "mother" (or sometimes "mother of"). */
export function relationshipSentence(person: string, relationship: string, related: string): string {
  return `${person} is ${relationshipWords(relationship)} of ${related}.`
}

interface Node { person: TreePerson; x: number; top: number; line: number; generation: Generation; firstOfGeneration: boolean }
interface Link { relation: TreeRelationship; from: Node; to: Node; words: string }
/** Links from one person with the same words in one direction share a trunk and one label. */
interface Group { from: Node; words: string; direction: 'down' | 'up'; links: Link[]; port: number; index: number; channel: number }

function spread(start: number, width: number, count: number, index: number): number {
  return start + ((index + 1) * width) / (count + 1)
}

/**
 * The people in the family's record as a family tree, drawn on the server as SVG: grandparents at
 * the top, then parents, carers and other adults, then the children. Each relationship is an
 * arrow from the person to the one they are related to, labelled with the relationship. Arrows
 * run in the gaps between rows, and round the side when they skip a row, so that no arrow passes
 * behind someone it does not belong to. People in the safety network have a thick dashed green
 * outline. The same facts come back as sentences.
 */
export function familyTree(people: TreePerson[], relationships: TreeRelationship[], options: { title: string; idPrefix?: string }): FamilyTree {
  const idPrefix = options.idPrefix ?? 'family-tree'
  const byId = new Map(people.map((person) => [person.id, person]))
  const known = relationships.filter((relation) => byId.has(relation.personId) && byId.has(relation.relatedPersonId) && relation.personId !== relation.relatedPersonId)

  // Lines of boxes: each generation in order, wrapped after PER_LINE people.
  // The children stay in the record's order; each older generation is placed above the people it
  // is related to, and anyone related to no one below goes to the side.
  const position = new Map<string, number>()
  const byGeneration = new Map<Generation, TreePerson[]>()
  for (const generation of [...GENERATIONS].reverse()) {
    const members = people.filter((person) => generationOf(person, known) === generation)
    const pull = (person: TreePerson): number => {
      const linked = known.flatMap((relation) => relation.personId === person.id ? [relation.relatedPersonId] : relation.relatedPersonId === person.id ? [relation.personId] : [])
        .map((id) => position.get(id)).filter((value): value is number => value !== undefined)
      return linked.length === 0 ? Infinity : linked.reduce((sum, value) => sum + value, 0) / linked.length
    }
    const ordered = generation === 'children' ? members
      : members.map((person, index) => ({ person, index, pull: pull(person) })).sort((a, b) => a.pull - b.pull || a.index - b.index).map((entry) => entry.person)
    ordered.forEach((person, index) => position.set(person.id, index - (ordered.length - 1) / 2))
    byGeneration.set(generation, ordered)
  }
  const lines: { generation: Generation; people: TreePerson[] }[] = []
  for (const generation of GENERATIONS) {
    const members = byGeneration.get(generation) ?? []
    for (let start = 0; start < members.length; start += PER_LINE) lines.push({ generation, people: members.slice(start, start + PER_LINE) })
  }
  const widestLine = Math.max(1, ...lines.map((line) => line.people.length))
  const boxesWidth = widestLine * NODE_WIDTH + (widestLine - 1) * GAP_X
  const nodes = new Map<string, Node>()
  lines.forEach((line, lineIndex) => {
    const lineWidth = line.people.length * NODE_WIDTH + (line.people.length - 1) * GAP_X
    const offset = GUTTER + (boxesWidth - lineWidth) / 2
    line.people.forEach((person, index) => {
      nodes.set(person.id, {
        person, x: offset + index * (NODE_WIDTH + GAP_X), top: 0, line: lineIndex, generation: line.generation,
        firstOfGeneration: index === 0 && lines[lineIndex - 1]?.generation !== line.generation,
      })
    })
  })
  const nodeOf = (id: string): Node => {
    const node = nodes.get(id)
    if (node === undefined) throw new Error('person not placed')
    return node
  }
  const links: Link[] = known.map((relation) => ({ relation, from: nodeOf(relation.personId), to: nodeOf(relation.relatedPersonId), words: relationshipWords(relation.relationship) }))
  const centre = (node: Node): number => node.x + NODE_WIDTH / 2

  // Group the arrows between lines; arrows within a line become arcs above it.
  const groups: Group[] = []
  for (const link of links.filter((candidate) => candidate.from.line !== candidate.to.line)) {
    const direction = link.to.line > link.from.line ? 'down' : 'up'
    const existing = groups.find((group) => group.from === link.from && group.words === link.words && group.direction === direction)
    if (existing === undefined) groups.push({ from: link.from, words: link.words, direction, links: [link], port: 0, index: 0, channel: 0 })
    else existing.links.push(link)
  }
  const arcs = links.filter((link) => link.from.line === link.to.line)
    .sort((a, b) => Math.abs(centre(a.from) - centre(a.to)) - Math.abs(centre(b.from) - centre(b.to)))

  // Where each arrow meets a box: spread along its top and bottom edges, in order of where the other end is.
  const topPorts = new Map<Node, { key: object; far: number }[]>()
  const bottomPorts = new Map<Node, { key: object; far: number }[]>()
  const attach = (ports: Map<Node, { key: object; far: number }[]>, node: Node, key: object, far: number) => {
    const list = ports.get(node) ?? []
    list.push({ key, far })
    ports.set(node, list)
  }
  for (const group of groups) {
    const far = group.links.reduce((sum, link) => sum + centre(link.to), 0) / group.links.length
    attach(group.direction === 'down' ? bottomPorts : topPorts, group.from, group, far)
    for (const link of group.links) attach(group.direction === 'down' ? topPorts : bottomPorts, link.to, link, centre(group.from))
  }
  for (const arc of arcs) {
    attach(topPorts, arc.from, { arc, end: 'from' }, centre(arc.to))
    attach(topPorts, arc.to, { arc, end: 'to' }, centre(arc.from))
  }
  const portX = (ports: Map<Node, { key: object; far: number }[]>, node: Node, key: (candidate: object) => boolean): number => {
    const list = [...(ports.get(node) ?? [])].sort((a, b) => a.far - b.far)
    const index = list.findIndex((entry) => key(entry.key))
    return spread(node.x, NODE_WIDTH, list.length, Math.max(0, index))
  }
  for (const group of groups) group.port = portX(group.direction === 'down' ? bottomPorts : topPorts, group.from, (key) => key === group)

  // How much room each line needs above and below it.
  const lineCount = lines.length
  const labelRows = (line: number, direction: 'down' | 'up'): number => {
    const perSource = new Map<Node, number>()
    for (const group of groups.filter((candidate) => candidate.from.line === line && candidate.direction === direction)) {
      group.index = perSource.get(group.from) ?? 0
      perSource.set(group.from, group.index + 1)
    }
    return Math.max(0, ...perSource.values())
  }
  const downRows = Array.from({ length: lineCount }, (_, line) => labelRows(line, 'down'))
  const upRows = Array.from({ length: lineCount }, (_, line) => labelRows(line, 'up'))
  const channelsOf = (line: number, direction: 'down' | 'up'): Group[] => {
    const list = groups.filter((group) => group.from.line === line && group.direction === direction).sort((a, b) => a.port - b.port)
    list.forEach((group, index) => { group.channel = index })
    return list
  }
  const downChannels = Array.from({ length: lineCount }, (_, line) => channelsOf(line, 'down').length)
  const upChannels = Array.from({ length: lineCount }, (_, line) => channelsOf(line, 'up').length)
  // Arrows that skip a line come round the side, then in along the gap next to the box they point at.
  const skipping = groups.flatMap((group) => group.links.filter((link) => Math.abs(link.to.line - link.from.line) > 1).map((link) => ({ group, link })))
  const approachAbove = Array.from({ length: lineCount }, () => 0)
  const approachBelow = Array.from({ length: lineCount }, () => 0)
  const approachSlot = new Map<Link, number>()
  for (const { group, link } of skipping) {
    const counts = group.direction === 'down' ? approachAbove : approachBelow
    approachSlot.set(link, counts[link.to.line] ?? 0)
    counts[link.to.line] = (counts[link.to.line] ?? 0) + 1
  }
  const arcLevel = new Map<Link, number>()
  const arcRows = Array.from({ length: lineCount }, () => 0)
  for (const arc of arcs) {
    const level = arcRows[arc.from.line] ?? 0
    arcLevel.set(arc, level)
    arcRows[arc.from.line] = level + 1
  }
  const arcSpace = (line: number): number => (arcRows[line] ?? 0) === 0 ? 0 : 20 + (arcRows[line] ?? 0) * LABEL_HEIGHT
  const downSpace = (line: number): number => (downChannels[line] ?? 0) === 0 ? 0 : 10 + (downRows[line] ?? 0) * LABEL_HEIGHT + (downChannels[line] ?? 0) * CHANNEL_STEP
  const upSpace = (line: number): number => (upChannels[line] ?? 0) === 0 ? 0 : 10 + (upRows[line] ?? 0) * LABEL_HEIGHT + (upChannels[line] ?? 0) * CHANNEL_STEP
  const approachSpace = (count: number): number => count === 0 ? 0 : 8 + count * APPROACH_STEP

  const tops: number[] = []
  let y = MARGIN
  lines.forEach((line, index) => {
    if (index === 0) y += arcSpace(0)
    else {
      const sameGeneration = lines[index - 1]?.generation === line.generation
      const needed = downSpace(index - 1) + approachSpace(approachBelow[index - 1] ?? 0) + approachSpace(approachAbove[index] ?? 0) + upSpace(index) + arcSpace(index) + 12
      y += Math.max(sameGeneration ? 28 : 56, needed)
    }
    tops.push(y)
    y += NODE_HEIGHT
  })
  for (const node of nodes.values()) node.top = tops[node.line] ?? 0
  const bottom = (node: Node): number => node.top + NODE_HEIGHT
  const lanesStart = GUTTER + boxesWidth + 20
  const width = Math.max(480, lanesStart + (skipping.length === 0 ? -20 : skipping.length * LANE_STEP) + MARGIN)
  const legendTop = lineCount === 0 ? 56 : y + 24
  const height = legendTop + 36

  // Draw the arrows between lines.
  const drawn: string[] = []
  const labels: string[] = []
  const label = (words: string, x: number, centreY: number) => {
    const shown = shorten(`${words} of`, LABEL_LENGTH)
    const labelWidth = textWidth(shown, LABEL_FONT) + 8
    labels.push(`<rect x="${n(x - labelWidth / 2)}" y="${n(centreY - LABEL_HEIGHT / 2 + 1)}" width="${n(labelWidth)}" height="${String(LABEL_HEIGHT - 2)}" fill="#ffffff"/>` +
      `<text class="app-family-tree__relationship" x="${n(x)}" y="${n(centreY + 4)}" text-anchor="middle" font-size="${String(LABEL_FONT)}" fill="#0b0c0c">${text(shown)}</text>`)
  }
  const arrow = (points: [number, number][]) => {
    drawn.push(`<path d="${points.map(([px, py], index) => `${index === 0 ? 'M' : 'L'} ${n(px)} ${n(py)}`).join(' ')}" fill="none" stroke="#505a5f" stroke-width="1.5" marker-end="url(#${idPrefix}-arrow)"/>`)
  }
  // Each arrow that skips a line has its own lane down the right-hand side.
  const lanes = new Map(skipping.map(({ link }, lane) => [link, lanesStart + lane * LANE_STEP]))
  const laneX = (link: Link): number => lanes.get(link) ?? lanesStart
  for (const group of groups) {
    const line = group.from.line
    const down = group.direction === 'down'
    const edge = down ? bottom(group.from) : group.from.top - arcSpace(line)
    const sign = down ? 1 : -1
    const labelY = edge + sign * (10 + group.index * LABEL_HEIGHT + LABEL_HEIGHT / 2)
    const rows = down ? downRows[line] ?? 0 : upRows[line] ?? 0
    const channelY = edge + sign * (10 + rows * LABEL_HEIGHT + group.channel * CHANNEL_STEP + CHANNEL_STEP / 2)
    const start: [number, number] = [group.port, down ? bottom(group.from) : group.from.top]
    for (const link of group.links) {
      const target = link.to
      const targetX = portX(down ? topPorts : bottomPorts, target, (key) => key === link)
      const targetY = down ? target.top - 2 : bottom(target) + 2
      if (Math.abs(target.line - line) === 1) {
        arrow([start, [group.port, channelY], [targetX, channelY], [targetX, targetY]])
      } else {
        const slot = approachSlot.get(link) ?? 0
        const approachY = down
          ? target.top - arcSpace(target.line) - upSpace(target.line) - 8 - slot * APPROACH_STEP
          : bottom(target) + downSpace(target.line) + 8 + slot * APPROACH_STEP
        arrow([start, [group.port, channelY], [laneX(link), channelY], [laneX(link), approachY], [targetX, approachY], [targetX, targetY]])
      }
    }
    label(group.words, group.port, labelY)
  }
  // Arrows within a line: arcs above it, shorter ones lower.
  for (const arc of arcs) {
    const fromX = portX(topPorts, arc.from, (key) => (key as { arc?: Link; end?: string }).arc === arc && (key as { end?: string }).end === 'from')
    const toX = portX(topPorts, arc.to, (key) => (key as { arc?: Link; end?: string }).arc === arc && (key as { end?: string }).end === 'to')
    const top = arc.from.top
    const rise = 20 + ((arcLevel.get(arc) ?? 0) + 1) * LABEL_HEIGHT
    drawn.push(`<path d="M ${n(fromX)} ${n(top)} C ${n(fromX)} ${n(top - rise)} ${n(toX)} ${n(top - rise)} ${n(toX)} ${n(top - 2)}" fill="none" stroke="#505a5f" stroke-width="1.5" marker-end="url(#${idPrefix}-arrow)"/>`)
    label(arc.words, (fromX + toX) / 2, top - rise * 0.75)
  }

  const headings = [...nodes.values()].filter((node) => node.firstOfGeneration).map((node) =>
    `<text x="${String(MARGIN)}" y="${n(node.top + 22)}" font-size="${String(FONT)}" font-weight="bold" fill="#0b0c0c">` +
    wrap(GENERATION_NAMES[node.generation], 17, 3).map((line, index) => `<tspan x="${String(MARGIN)}" dy="${index === 0 ? '0' : '18'}">${text(line)}</tspan>`).join('') + '</text>')

  const boxes = [...nodes.values()].map(({ person, x, top }) => {
    const nameLines = wrap(person.name, 18)
    const outline = person.inNetwork ? ' stroke="#00703c" stroke-width="4" stroke-dasharray="10 4"' : ' stroke="#0b0c0c" stroke-width="2"'
    const nameTop = top + (nameLines.length === 1 ? 26 : 20)
    return `<g class="app-family-tree__person"><title>${text(person.name)}</title>` +
      `<rect x="${n(x)}" y="${n(top)}" width="${String(NODE_WIDTH)}" height="${String(NODE_HEIGHT)}" rx="6" fill="#ffffff"${outline}/>` +
      `<text class="app-family-tree__name" x="${n(x + NODE_WIDTH / 2)}" y="${n(nameTop)}" text-anchor="middle" font-size="${String(FONT)}" font-weight="bold" fill="#0b0c0c">` +
      nameLines.map((line, index) => `<tspan x="${n(x + NODE_WIDTH / 2)}" dy="${index === 0 ? '0' : '17'}">${text(line)}</tspan>`).join('') + '</text>' +
      `<text x="${n(x + NODE_WIDTH / 2)}" y="${n(top + NODE_HEIGHT - 9)}" text-anchor="middle" font-size="${String(LABEL_FONT)}" fill="#505a5f">${text(KIND_WORDS[person.kind])}</text></g>`
  }).join('')

  const legend = `<rect x="${String(MARGIN)}" y="${n(legendTop)}" width="36" height="20" rx="4" fill="#ffffff" stroke="#00703c" stroke-width="4" stroke-dasharray="10 4"/>` +
    `<text x="${String(MARGIN + 46)}" y="${n(legendTop + 15)}" font-size="${String(FONT)}" fill="#0b0c0c">In the safety network</text>`

  const sentences = known.map((relation) => relationshipSentence(byId.get(relation.personId)?.name ?? '', relation.relationship, byId.get(relation.relatedPersonId)?.name ?? ''))
  const peopleInWords = people.map((person) => {
    const network = person.inNetwork ? `, in the safety network${person.networkRelationship === undefined || person.networkRelationship === '' ? '' : ` (${person.networkRelationship})`}` : ''
    return { name: person.name, generation: GENERATION_NAMES[generationOf(person, known)], sentence: `${person.name}: ${KIND_WORDS[person.kind]}${network}.` }
  })
  const description = people.length === 0 ? 'No one has been added to the family record yet.'
    : [...peopleInWords.map((person) => person.sentence), ...sentences].join(' ')

  const marker = `<defs><marker id="${idPrefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
    `<path d="M 0 0 L 10 5 L 0 10 z" fill="#505a5f"/></marker></defs>`
  const empty = people.length === 0
    ? `<text x="${n(width / 2)}" y="40" text-anchor="middle" font-size="${String(FONT)}" fill="#0b0c0c">No one in the family record yet</text>` : ''
  // Drawn at its natural size (the page scrolls it sideways on a small screen), so names stay readable.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" role="img" aria-labelledby="${idPrefix}-title ${idPrefix}-desc" class="app-family-tree" ${FONT_FAMILY}>` +
    `<title id="${idPrefix}-title">${text(options.title)}</title><desc id="${idPrefix}-desc">${text(description)}</desc>${marker}${headings.join('')}${drawn.join('')}${labels.join('')}${boxes}${empty}${empty === '' ? legend : ''}</svg>`
  return { svg, people: peopleInWords, sentences, description }
}
