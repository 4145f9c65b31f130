import { describe, expect, it } from 'vitest'
import { familyTree, generationOf, relationshipSentence, type TreePerson, type TreeRelationship } from './family-tree.js'

function decode(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
}

/** Each person's name as drawn (a name on two lines is read as one). */
function drawnNames(svg: string): string[] {
  return [...svg.matchAll(/<text class="app-family-tree__name"[^>]*>([\s\S]*?)<\/text>/g)]
    .map((match) => decode([...(match[1] ?? '').matchAll(/<tspan[^>]*>([\s\S]*?)<\/tspan>/g)].map((line) => line[1] ?? '').join(' ')))
}

function drawnRelationships(svg: string): string[] {
  return [...svg.matchAll(/<text class="app-family-tree__relationship"[^>]*>([\s\S]*?)<\/text>/g)].map((match) => decode(match[1] ?? ''))
}

interface Box { x: number; y: number; width: number; height: number }

function personBoxes(svg: string): Box[] {
  return [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="(\d+)" height="(\d+)" rx="6"/g)].map((match) => ({ x: Number(match[1]), y: Number(match[2]), width: Number(match[3]), height: Number(match[4]) }))
}

function labelBoxes(svg: string): Box[] {
  return [...svg.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="16" fill="#ffffff"\/>/g)].map((match) => ({ x: Number(match[1]), y: Number(match[2]), width: Number(match[3]), height: 16 }))
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/** Each arrow as its points (straight segments) or undefined for a curve. */
function arrows(svg: string): ([number, number][] | undefined)[] {
  return [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="#505a5f" stroke-width="1.5" marker-end/g)].map((match) => {
    const d = match[1] ?? ''
    if (d.includes('C')) return undefined
    return [...d.matchAll(/[ML] ([\d.-]+) ([\d.-]+)/g)].map((point): [number, number] => [Number(point[1]), Number(point[2])])
  })
}

/** Whether a straight, level or upright segment goes through the inside of a box. */
function crosses(from: [number, number], to: [number, number], box: Box): boolean {
  const inside = { x: box.x + 1, y: box.y + 1, width: box.width - 2, height: box.height - 2 }
  const segment = { x: Math.min(from[0], to[0]), y: Math.min(from[1], to[1]), width: Math.max(Math.abs(to[0] - from[0]), 0.01), height: Math.max(Math.abs(to[1] - from[1]), 0.01) }
  return overlap(segment, inside)
}

function expectTidy(svg: string): void {
  const boxes = personBoxes(svg)
  for (const points of arrows(svg)) {
    if (points === undefined) continue
    expect(points.length).toBeGreaterThanOrEqual(2)
    for (let index = 1; index < points.length; index += 1) {
      const from = points[index - 1] ?? [0, 0]
      const to = points[index] ?? [0, 0]
      expect(from[0] === to[0] || from[1] === to[1], 'arrows run across and down').toBe(true)
      for (const box of boxes) expect(crosses(from, to, box), `arrow ${JSON.stringify(points)} goes behind a box`).toBe(false)
    }
  }
  const labels = labelBoxes(svg)
  for (const [index, labelBox] of labels.entries()) {
    for (const other of labels.slice(index + 1)) expect(overlap(labelBox, other), `labels overlap: ${JSON.stringify([labelBox, other])}`).toBe(false)
    for (const box of boxes) expect(overlap(labelBox, box), 'a label covers a box').toBe(false)
  }
}

/** The top of each person's box, by name. */
function rowsOf(svg: string): Map<string, number> {
  return new Map([...svg.matchAll(/<g class="app-family-tree__person"><title>([^<]*)<\/title><rect x="[\d.]+" y="([\d.]+)"/g)]
    .map((match) => [decode(match[1] ?? ''), Number(match[2])]))
}

const ashworths: TreePerson[] = [
  { id: 'leo', name: 'Leo Ashworth', kind: 'child', inNetwork: false },
  { id: 'maisie', name: 'Maisie Ashworth', kind: 'child', inNetwork: false },
  { id: 'claire', name: 'Claire Ashworth', kind: 'parent-carer', inNetwork: false },
  { id: 'dean', name: 'Dean Ashworth', kind: 'parent-carer', inNetwork: false },
  { id: 'jean', name: 'Jean Pollard', kind: 'other-adult', inNetwork: true, networkRelationship: 'Leo and Maisie\'s nan' },
  { id: 'sam', name: 'Sam Kirkby', kind: 'other-adult', inNetwork: true, networkRelationship: 'Claire\'s friend from work' },
]
const relations: TreeRelationship[] = [
  { personId: 'claire', relatedPersonId: 'leo', relationship: 'mother' },
  { personId: 'claire', relatedPersonId: 'maisie', relationship: 'mother' },
  { personId: 'dean', relatedPersonId: 'leo', relationship: 'father' },
  { personId: 'jean', relatedPersonId: 'leo', relationship: 'grandmother' },
  { personId: 'leo', relatedPersonId: 'maisie', relationship: 'brother' },
]

describe('the family tree', () => {
  it('draws every person and every relationship, and says the same in sentences', () => {
    const tree = familyTree(ashworths, relations, { title: 'The Ashworth family tree' })
    expect(tree.svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="family-tree-title family-tree-desc"/)
    expect(drawnNames(tree.svg).sort()).toEqual(tree.people.map((person) => person.name).sort())
    expect(tree.people.map((person) => person.name)).toEqual(ashworths.map((person) => person.name))
    // One label for each person's relationship, however many arrows it has.
    expect(drawnRelationships(tree.svg)).toEqual(['mother of', 'father of', 'grandmother of', 'brother of'])
    expect(arrows(tree.svg)).toHaveLength(relations.length)
    expect(tree.sentences).toEqual([
      'Claire Ashworth is mother of Leo Ashworth.', 'Claire Ashworth is mother of Maisie Ashworth.', 'Dean Ashworth is father of Leo Ashworth.',
      'Jean Pollard is grandmother of Leo Ashworth.', 'Leo Ashworth is brother of Maisie Ashworth.',
    ])
    expect(tree.description).toContain('Claire Ashworth is mother of Maisie Ashworth.')
    expect(tree.people.find((person) => person.name === 'Sam Kirkby')?.sentence).toBe('Sam Kirkby: other adult, in the safety network (Claire\'s friend from work).')
  })

  it('never runs an arrow behind someone else, nor lets labels cover each other', () => {
    expectTidy(familyTree(ashworths, relations, { title: 'Tree' }).svg)
    // Relationships upwards, across a line, and skipping a line, all at once.
    const more: TreeRelationship[] = [...relations,
      { personId: 'maisie', relatedPersonId: 'claire', relationship: 'daughter' },
      { personId: 'maisie', relatedPersonId: 'jean', relationship: 'granddaughter' },
      { personId: 'claire', relatedPersonId: 'dean', relationship: 'ex-partner' },
      { personId: 'sam', relatedPersonId: 'claire', relationship: 'friend' },
      { personId: 'jean', relatedPersonId: 'claire', relationship: 'mother' },
    ]
    const tree = familyTree(ashworths, more, { title: 'Tree' })
    expect(arrows(tree.svg)).toHaveLength(more.length)
    expectTidy(tree.svg)
  })

  it('puts grandparents at the top, then the adults, then the children', () => {
    const tree = familyTree(ashworths, relations, { title: 'Tree' })
    const rows = rowsOf(tree.svg)
    expect(rows.get('Jean Pollard')).toBeLessThan(rows.get('Claire Ashworth') ?? 0)
    expect(rows.get('Claire Ashworth')).toBe(rows.get('Sam Kirkby'))
    expect(rows.get('Claire Ashworth')).toBeLessThan(rows.get('Leo Ashworth') ?? 0)
    expect(rows.get('Leo Ashworth')).toBe(rows.get('Maisie Ashworth'))
    expect(tree.people.map((person) => person.generation)).toEqual(['Children', 'Children', 'Parents, carers and other adults', 'Parents, carers and other adults', 'Grandparents', 'Parents, carers and other adults'])
  })

  it('knows a grandparent by the words used, in the record or in the network', () => {
    const person = (networkRelationship?: string): TreePerson => ({ id: 'p', name: 'P', kind: 'other-adult', inNetwork: false, networkRelationship })
    expect(generationOf(person(), [{ personId: 'p', relatedPersonId: 'c', relationship: 'great-grandfather' }])).toBe('grandparents')
    expect(generationOf(person('Ava\'s nan'), [])).toBe('grandparents')
    expect(generationOf(person('Gran'), [])).toBe('grandparents')
    expect(generationOf(person('neighbour'), [])).toBe('adults')
    expect(generationOf(person(), [{ personId: 'p', relatedPersonId: 'c', relationship: 'aunt' }])).toBe('adults')
    expect(generationOf({ ...person('grandmother'), kind: 'unborn-child' }, [])).toBe('children')
  })

  it('gives network members a different outline', () => {
    const tree = familyTree(ashworths, relations, { title: 'Tree' })
    const outlines = [...tree.svg.matchAll(/<g class="app-family-tree__person"><title>([^<]*)<\/title><rect [^>]*stroke="(#[0-9a-f]+)"/g)].map((match) => [match[1], match[2]])
    expect(outlines).toContainEqual(['Jean Pollard', '#00703c'])
    expect(outlines).toContainEqual(['Claire Ashworth', '#0b0c0c'])
  })

  it('says so when there is no one in the record', () => {
    const tree = familyTree([], [], { title: 'Tree' })
    expect(drawnNames(tree.svg)).toEqual([])
    expect(tree.description).toBe('No one has been added to the family record yet.')
    expect(tree.svg).toContain('No one in the family record yet')
  })

  it('draws one person', () => {
    const tree = familyTree([{ id: 'a', name: 'Ada Quill', kind: 'child', inNetwork: false }], [], { title: 'Tree' })
    expect(drawnNames(tree.svg)).toEqual(['Ada Quill'])
    expect(tree.sentences).toEqual([])
  })

  it('wraps twenty people onto lines without boxes overlapping, all inside the picture', () => {
    const people: TreePerson[] = Array.from({ length: 20 }, (_, index) => ({ id: `p${String(index)}`, name: `Person Number ${String(index + 1)}`, kind: index < 12 ? 'other-adult' : 'child', inNetwork: index % 2 === 0 }))
    const links: TreeRelationship[] = people.slice(0, 12).map((person, index) => ({ personId: person.id, relatedPersonId: `p${String(12 + (index % 8))}`, relationship: 'aunt' }))
    const tree = familyTree(people, links, { title: 'Tree' })
    expect(drawnNames(tree.svg).sort()).toEqual(people.map((person) => person.name).sort())
    expect(tree.sentences).toHaveLength(12)
    expectTidy(tree.svg)
    const [width, height] = (/viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(tree.svg) ?? []).slice(1).map(Number)
    const drawn = [...tree.svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="(\d+)" height="(\d+)" rx="6"/g)].map((match) => ({ x: Number(match[1]), y: Number(match[2]), width: Number(match[3]), height: Number(match[4]) }))
    expect(drawn).toHaveLength(20)
    for (const [index, box] of drawn.entries()) {
      expect(box.x + box.width).toBeLessThanOrEqual(width ?? 0)
      expect(box.y + box.height).toBeLessThanOrEqual(height ?? 0)
      for (const other of drawn.slice(index + 1)) {
        expect(box.x < other.x + other.width && other.x < box.x + box.width && box.y < other.y + other.height && other.y < box.y + box.height).toBe(false)
      }
    }
  })

  it('writes names and relationships as text, never as markup', () => {
    const tree = familyTree([
      { id: 'a', name: '<script>x</script>', kind: 'parent-carer', inNetwork: false },
      { id: 'b', name: 'Bo "B" Smith', kind: 'child', inNetwork: false },
    ], [{ personId: 'a', relatedPersonId: 'b', relationship: '<img src=x onerror=alert(1)>' }], { title: '<title>' })
    expect(tree.svg).not.toContain('<script>')
    expect(tree.svg).not.toContain('<img')
    expect(tree.svg).toContain('&#60;script&#62;')
    expect(drawnNames(tree.svg)).toEqual(['<script>x</script>', 'Bo "B" Smith'])
    expect(tree.sentences).toEqual(['<script>x</script> is <img src=x onerror=alert(1)> of Bo "B" Smith.'])
  })

  it('does not say "of" twice', () => {
    expect(relationshipSentence('Claire', 'mother of', 'Ava')).toBe('Claire is mother of Ava.')
  })
})
