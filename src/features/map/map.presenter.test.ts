import { describe, expect, it } from 'vitest'
import type { EntryState } from './map.repository.js'
import { presentMap } from './map.presenter.js'
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
