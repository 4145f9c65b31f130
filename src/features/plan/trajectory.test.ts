import { describe, expect, it } from 'vitest'
import { escapeHtml } from '../../platform/views/presenters.js'
import { trajectoryStages, trajectorySvg } from './trajectory.js'

const stages = [
  { id: 'b', title: 'Time with dad, supervised by nan', description: '', startsOn: '2026-12-07', reviewOn: '2027-01-11' },
  { id: 'a', title: 'Supervised time at the family centre', description: '', startsOn: '2026-11-02', reviewOn: '2026-12-04' },
  { id: 'c', title: 'Overnight stays at home', description: '', startsOn: '2027-01-12', reviewOn: '2027-02-22' },
]

describe('the trajectory', () => {
  it('puts stages in date order and says which is now', () => {
    const ordered = trajectoryStages(stages, '2026-11-26')
    expect(ordered.map((stage) => [stage.id, stage.state])).toEqual([['a', 'now'], ['b', 'next'], ['c', 'next']])
    expect(ordered[0]?.sentence).toBe('Stage 1: Supervised time at the family centre. From 2 November 2026, review on 4 December 2026 (this is where things are now).')
    expect(trajectoryStages(stages, '2026-12-10')[0]?.state).toBe('done')
  })

  it('draws every stage and date that the text equivalent names, with the text escaped', () => {
    const ordered = trajectoryStages([...stages, { id: 'd', title: '<script>alert(1)</script>', description: '', startsOn: '2027-03-01', reviewOn: '2027-03-29' }], '2026-11-26')
    const svg = trajectorySvg(ordered, '2026-11-26', 'The plan\'s stages')
    for (const stage of ordered) {
      expect(svg).toContain(`data-stage="${stage.id}"`)
      expect(svg).toContain(escapeHtml(stage.title))
    }
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('4 December 2026')
    expect(svg).toContain('Today, 26 November 2026')
    expect(svg).toMatch(/<desc id="trajectory-desc">Stage 1: Supervised time/)
  })

  it('draws an empty trajectory without failing', () => {
    expect(trajectorySvg([], '2026-11-26', 'Stages')).toContain('No stages yet.')
  })
})
