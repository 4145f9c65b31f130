import { describe, expect, it } from 'vitest'
import type { EntryState } from './map.repository.js'
import { SECTION_LIMIT, presentMap } from './map.presenter.js'
import { mapSectionsHtml } from './map.html.js'
import { diffEntries } from './map.service.js'

function entry(id: string, category: EntryState['category'], text: string, pairedEntryId: string | null = null, version = 1): EntryState {
  return { entryId: id, category, pairedEntryId, childWordsId: null, version, mapVersion: 1, text, saidByKind: 'worker', saidByName: 'Rowan', owner: null, dueOn: null, done: false, typedByName: 'Rowan Ashby', typedAt: new Date('2026-11-01T10:00:00Z') }
}

describe('statements and their goals', () => {
  const entries = [entry('d1', 'danger', 'Worry one'), entry('d2', 'danger', 'Worry two'), entry('g1', 'goal', 'Goal one', 'd1')]

  it('shows each statement with its goal, and offers to add the missing one', () => {
    const map = presentMap('f', 'The Test family', 'child-protection', entries, { editable: true, version: 3, latest: true })
    const statements = map.columns[0]?.sections.find((section) => section.category === 'danger')?.entries as { id: string; goal?: { text: string }; addGoalHref?: string }[]
    expect(statements.find((statement) => statement.id === 'd1')?.goal?.text).toBe('Goal one')
    expect(statements.find((statement) => statement.id === 'd2')?.addGoalHref).toBe('/families/f/map/add/goal?statement=d2')
    expect(map.unpaired).toBe(1)
    const goals = map.columns[2]?.sections.find((section) => section.category === 'goal')?.entries as { answers?: string }[]
    expect(goals[0]?.answers).toBe('Worry one')
  })

  it('names the parts in the words of the level, and offers no changes on a read-only map', () => {
    const early = presentMap('f', 'The Test family', 'early-help', entries, { editable: false, version: 3, latest: false })
    expect(early.names.danger.plural).toBe('Worry statements')
    expect(early.names.goal.plural).toBe('Wellbeing goals')
    expect(early.columns.flatMap((column) => column.sections).every((section) => section.addHref === undefined)).toBe(true)
  })
})

describe('comparing two versions', () => {
  it('finds what was added, changed and removed', () => {
    const before = [entry('a', 'strength', 'Kept'), entry('b', 'strength', 'Old text'), entry('c', 'harm', 'Gone')]
    const after = [entry('a', 'strength', 'Kept'), entry('b', 'strength', 'New text', null, 2), entry('d', 'safety', 'New')]
    const diff = diffEntries(before, after)
    expect(diff.added.map((item) => item.entryId)).toEqual(['d'])
    expect(diff.removed.map((item) => item.entryId)).toEqual(['c'])
    expect(diff.changed.map((pair) => [pair.before.text, pair.after.text])).toEqual([['Old text', 'New text']])
  })
})

describe('a long-running family\'s map', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute))
  const many = Array.from({ length: 25 }, (_, index) => ({ ...entry(`s${String(index)}`, 'strength', `Strength ${String(index)}`), typedAt: at(index) }))
  // Statements typed newest first, so the oldest goals' statements are among the newest statements.
  const statements = Array.from({ length: 12 }, (_, index) => ({ ...entry(`d${String(index)}`, 'danger', `Worry ${String(index)}`), typedAt: at(29 - index) }))
  const goals = Array.from({ length: 12 }, (_, index) => ({ ...entry(`g${String(index)}`, 'goal', `Goal ${String(index)}`, `d${String(index)}`), typedAt: at(30 + index) }))
  // In the order the map page reads them: oldest first.
  const entries = [...many, ...statements, ...goals].sort((a, b) => a.typedAt.getTime() - b.typedAt.getTime())

  it('shows the newest of a long section, with a link to all of it, and all of it when asked', () => {
    const map = presentMap('f', 'The Test family', 'child-protection', entries, { editable: true, version: 3000, latest: true })
    const strengths = map.columns[1]?.sections.find((section) => section.category === 'strength')
    expect(strengths?.entries.map((item) => item.id)).toEqual(many.slice(-SECTION_LIMIT).map((item) => item.entryId))
    expect(strengths?.total).toBe(25)
    expect(strengths?.showAllHref).toBe('/families/f/map?all=strength#section-strength')
    const html = mapSectionsHtml(map)
    expect(html).toContain(`The newest ${String(SECTION_LIMIT)} of 25. <a class="govuk-link" href="/families/f/map?all=strength#section-strength">Show all 25 strengths</a>`)
    // A statement whose goal is not among the newest links to the goal in the full list.
    expect(html).toContain('href="/families/f/map?all=goal#entry-g0"')
    expect(html).toContain('href="#entry-g9"')

    const full = presentMap('f', 'The Test family', 'child-protection', entries, { editable: true, version: 3000, latest: true, expanded: 'strength' })
    const all = full.columns[1]?.sections.find((section) => section.category === 'strength')
    expect(all?.entries).toHaveLength(25)
    expect(all?.showFewerHref).toBe('/families/f/map#section-strength')
  })

  it('keeps the version shown in its links, and escapes everything typed', () => {
    const typed = [...many, { ...entry('x', 'strength', '<script>alert("x")</script> & more'), typedAt: at(59) }]
    const map = presentMap('f', 'The Test family', 'child-protection', typed, { editable: false, version: 7, latest: false })
    expect(map.columns[1]?.sections.find((section) => section.category === 'strength')?.showAllHref).toBe('/families/f/map?version=7&all=strength#section-strength')
    const html = mapSectionsHtml(map)
    expect(html).not.toContain('<script>')
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; more')
    expect(html).toContain('href="/families/f/map?version=7&#38;all=strength#section-strength"')
  })
})
