import { describe, expect, it } from 'vitest'
import { networkPicture, type Closeness, type PictureMember } from './network-picture.js'

/** The words a sighted person reads in the picture, as text (entities decoded). */
function labels(svg: string, className: string): string[] {
  return [...svg.matchAll(new RegExp(`<text class="${className}"[^>]*>([\\s\\S]*?)</text>`, 'g'))]
    .map((match) => (match[1] ?? '').replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))))
}

function boxes(svg: string): { x: number; y: number; width: number; height: number }[] {
  return [...svg.matchAll(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)" rx="14"/g)]
    .map((match) => ({ x: Number(match[1]), y: Number(match[2]), width: Number(match[3]), height: Number(match[4]) }))
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

function peopleOf(picture: ReturnType<typeof networkPicture>): string[] {
  return picture.rings.flatMap((ring) => ring.people.map((person) => person.name))
}

const many: PictureMember[] = Array.from({ length: 20 }, (_, index) => ({
  name: `Network Person ${String(index + 1)}`, relationship: `friend number ${String(index + 1)}`, closeness: ((index % 3) + 1) as Closeness,
}))

describe('the network picture', () => {
  it('puts the children in the middle and names everyone in the network, the same in the picture and in words', () => {
    const picture = networkPicture(['Leo Ashworth', 'Maisie Ashworth'], [
      { name: 'Jean Pollard', relationship: 'Leo and Maisie\'s grandmother', closeness: 1 },
      { name: 'Sam Kirkby', relationship: 'Claire\'s friend from work', closeness: 2 },
      { name: 'Ms Patel', relationship: 'Leo\'s teacher', closeness: 3 },
    ], { title: 'The Ashworth family\'s safety network' })
    expect(picture.svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="network-picture-title network-picture-desc"/)
    expect(picture.svg).toContain('<title id="network-picture-title">The Ashworth family&#39;s safety network</title>')
    expect(labels(picture.svg, 'app-network-picture__child')).toEqual(['Leo Ashworth', 'Maisie Ashworth'])
    expect(labels(picture.svg, 'app-network-picture__name').sort()).toEqual(peopleOf(picture).sort())
    expect(peopleOf(picture)).toEqual(['Jean Pollard', 'Sam Kirkby', 'Ms Patel'])
    expect(picture.rings.map((ring) => ring.name)).toEqual(['Very close', 'Close', 'Further away'])
    expect(picture.description).toContain('At the centre: Leo Ashworth and Maisie Ashworth.')
    expect(picture.description).toContain('Very close (sees the children most days): Jean Pollard (Leo and Maisie\'s grandmother).')
    expect(picture.description).toContain('Further away (sees the children now and then, or helps from further away): Ms Patel (Leo\'s teacher).')
  })

  it('draws people further out the less close they are', () => {
    const picture = networkPicture(['Leo'], [
      { name: 'Close One', relationship: 'aunt', closeness: 1 }, { name: 'Middle One', relationship: 'uncle', closeness: 2 }, { name: 'Far One', relationship: 'neighbour', closeness: 3 },
    ], { title: 'Network' })
    const size = Number(/viewBox="0 0 ([\d.]+)/.exec(picture.svg)?.[1])
    const centre = size / 2
    const distances = boxes(picture.svg).map((box) => Math.hypot(box.x + box.width / 2 - centre, box.y + box.height / 2 - centre))
    expect(distances).toHaveLength(3)
    expect(distances[0]).toBeLessThan(distances[1] ?? 0)
    expect(distances[1]).toBeLessThan(distances[2] ?? 0)
  })

  it('says so in plain words when there is no one in the network yet', () => {
    const picture = networkPicture(['Ruby Pennington'], [], { title: 'Network' })
    expect(labels(picture.svg, 'app-network-picture__name')).toEqual([])
    expect(picture.rings.every((ring) => ring.people.length === 0)).toBe(true)
    expect(picture.description).toContain('Very close (sees the children most days): nobody.')
    expect(boxes(picture.svg)).toHaveLength(0)
  })

  it('draws one person', () => {
    const picture = networkPicture([], [{ name: 'Jean Pollard', relationship: 'grandmother', closeness: 2 }], { title: 'Network' })
    expect(labels(picture.svg, 'app-network-picture__name')).toEqual(['Jean Pollard'])
    expect(labels(picture.svg, 'app-network-picture__child')).toEqual(['The children'])
    expect(boxes(picture.svg)).toHaveLength(1)
  })

  it('keeps twenty people apart, none overlapping another or the children, all inside the picture', () => {
    const picture = networkPicture(['Leo Ashworth'], many, { title: 'Network' })
    const drawn = boxes(picture.svg)
    expect(drawn).toHaveLength(20)
    expect(labels(picture.svg, 'app-network-picture__name').sort()).toEqual(peopleOf(picture).sort())
    for (const [index, box] of drawn.entries()) {
      for (const other of drawn.slice(index + 1)) expect(overlap(box, other), JSON.stringify([box, other])).toBe(false)
    }
    const [width, height] = (/viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(picture.svg) ?? []).slice(1).map(Number)
    for (const box of drawn) {
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.y).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(width ?? 0)
      expect(box.y + box.height).toBeLessThanOrEqual(height ?? 0)
    }
    const centreRadius = Number(/<circle cx="[\d.]+" cy="[\d.]+" r="([\d.]+)" fill="#ffffff" stroke="#0b0c0c"/.exec(picture.svg)?.[1])
    const centre = (width ?? 0) / 2
    for (const box of drawn) {
      const nearestX = Math.max(box.x, Math.min(centre, box.x + box.width))
      const nearestY = Math.max(box.y, Math.min(centre, box.y + box.height))
      expect(Math.hypot(nearestX - centre, nearestY - centre)).toBeGreaterThan(centreRadius)
    }
  })

  it('keeps each name clear of the other rings\' lines, with any number of people on each ring', () => {
    const layouts: PictureMember[][] = [
      many, many.map((member) => ({ ...member, closeness: 1 as const })), many.slice(0, 3),
      [{ name: 'A very long name indeed for a network member', relationship: 'x', closeness: 1 }, { name: 'Bo', relationship: 'y', closeness: 3 }],
      [{ name: 'Only the outer ring', relationship: 'x', closeness: 3 }],
    ]
    for (const members of layouts) {
      const picture = networkPicture(['Leo Ashworth'], members, { title: 'Network' })
      const size = Number(/viewBox="0 0 ([\d.]+)/.exec(picture.svg)?.[1])
      const centre = size / 2
      const ringRadii = [...picture.svg.matchAll(/<circle cx="[\d.]+" cy="[\d.]+" r="([\d.]+)" fill="#(?:e8f1f8|f3f2f1|ffffff)" stroke="#(?:1d70b8|00703c|4c2c92)"/g)].map((match) => Number(match[1])).sort((a, b) => a - b)
      expect(ringRadii).toHaveLength(3)
      const centreRadius = Number(/<circle cx="[\d.]+" cy="[\d.]+" r="([\d.]+)" fill="#ffffff" stroke="#0b0c0c"/.exec(picture.svg)?.[1])
      const boundaries = [centreRadius, ...ringRadii, Infinity]
      const drawn = boxes(picture.svg)
      const byClosenessInOrder = [1, 2, 3].flatMap((closeness) => members.filter((member) => member.closeness === closeness))
      expect(drawn).toHaveLength(members.length)
      drawn.forEach((box, index) => {
        const closeness = byClosenessInOrder[index]?.closeness ?? 1
        const dx = Math.max(0, Math.abs(box.x + box.width / 2 - centre) - box.width / 2)
        const dy = Math.max(0, Math.abs(box.y + box.height / 2 - centre) - box.height / 2)
        const near = Math.hypot(dx, dy)
        const far = Math.hypot(Math.abs(box.x + box.width / 2 - centre) + box.width / 2, Math.abs(box.y + box.height / 2 - centre) + box.height / 2)
        expect(near).toBeGreaterThan(boundaries[closeness - 1] ?? 0)
        expect(far).toBeLessThan(boundaries[closeness + 1] ?? 0)
      })
    }
  })

  it('keeps twenty people on one ring apart too', () => {
    const picture = networkPicture(['Leo'], many.map((member) => ({ ...member, closeness: 1 as const })), { title: 'Network' })
    const drawn = boxes(picture.svg)
    for (const [index, box] of drawn.entries()) {
      for (const other of drawn.slice(index + 1)) expect(overlap(box, other)).toBe(false)
    }
  })

  it('writes names as text, never as markup', () => {
    const picture = networkPicture(['<b>Leo</b>'], [{ name: '<script>alert("hi")</script>', relationship: 'a & b', closeness: 1 }], { title: 'A <title>' })
    expect(picture.svg).not.toContain('<script>')
    expect(picture.svg).not.toContain('<b>')
    expect(picture.svg).toContain('&#60;script&#62;alert(&#34;hi&#34;)&#60;/script&#62;')
    expect(picture.svg).toContain('A &#60;title&#62;')
    expect(labels(picture.svg, 'app-network-picture__name')).toEqual(['<script>alert("hi")</script>'])
    expect(picture.rings[0]?.people[0]?.name).toBe('<script>alert("hi")</script>')
  })
})

describe('the network picture\'s legend', () => {
  it('wraps every line to the picture\'s width, however few people there are', () => {
    for (const members of [[], many.slice(0, 1), many]) {
      const picture = networkPicture(['Leo Ashworth'], members, { title: 'Network' })
      const width = Number(/viewBox="0 0 ([\d.]+) /.exec(picture.svg)?.[1])
      const lines = [...picture.svg.matchAll(/<tspan x="([\d.]+)"[^>]*>([^<]*)<\/tspan>/g)]
      expect(lines.length).toBeGreaterThanOrEqual(3)
      for (const line of lines) {
        expect(Number(line[1]) + Array.from(line[2] ?? '').length * 14 * 0.56).toBeLessThanOrEqual(width)
      }
      expect(lines.map((line) => line[2]).join(' ')).toContain('helps from further away')
    }
  })
})
