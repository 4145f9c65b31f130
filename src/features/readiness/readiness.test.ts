import { describe, expect, it } from 'vitest'
import { LEVEL_VOCABULARY } from '../families/index.js'
import { workOutReadiness, type ReadinessInput } from './readiness.js'

const ready: ReadinessInput = {
  familyId: 'f', threshold: 7, mapVersion: 4, words: LEVEL_VOCABULARY['child-in-need'],
  goals: [{ text: 'Leo is safe at home', weeks: 6, streak: 6 }],
  members: [{ name: 'Jean Pollard', toldDangerStatements: true, toldAtMapVersion: 4, commitments: 'Collects the children from school' }],
  children: [{ name: 'Leo', unborn: false, explained: true, bookletStarted: true }, { name: 'The unborn baby', unborn: true, explained: false, bookletStarted: false }],
  scales: [{ perspective: 'Claire (mum)', score: 8, on: '20 November 2026' }, { perspective: 'Rowan (worker)', score: 7, on: '20 November 2026' }],
}

describe('ready to step down or close', () => {
  it('is ready when every part is met', () => {
    expect(workOutReadiness(ready).every((item) => item.met)).toBe(true)
  })

  it('says exactly what is missing', () => {
    const items = workOutReadiness({
      ...ready,
      goals: [{ text: 'Leo is safe at home', weeks: 6, streak: 2 }, { text: 'Mum and dad sort out arguments safely', streak: 9 }],
      members: [{ name: 'Jean Pollard', toldDangerStatements: false, toldAtMapVersion: null, commitments: '' }],
      children: [{ name: 'Leo', unborn: false, explained: false, bookletStarted: true }],
      scales: [{ perspective: 'Rowan (worker)', score: 5, on: '20 November 2026' }],
    })
    const missing = Object.fromEntries(items.map((item) => [item.key, item.missing]))
    expect(items.some((item) => item.met)).toBe(false)
    expect(missing.goals).toEqual(['"Leo is safe at home": seen 2 weeks in a row of the 6 needed.', '"Mum and dad sort out arguments safely": how long it needs to be seen is not set.'])
    expect(missing.network).toEqual(['Jean Pollard has not been told the danger statements.', 'Jean Pollard has no commitments recorded.'])
    expect(missing.explanations).toEqual(['Leo\'s words and pictures explanation has not been shared with them yet.'])
    expect(missing.scales).toEqual(['Rowan (worker): 5 (the latest, on 20 November 2026).'])
  })

  it('warns, without holding the family back, when the network was told an older map', () => {
    const items = workOutReadiness({ ...ready, mapVersion: 9 })
    const network = items.find((item) => item.key === 'network')
    expect(network?.met).toBe(true)
    expect(network?.missing[0]).toContain('map version 4')
  })

  it('is not ready with nothing recorded', () => {
    const items = workOutReadiness({ familyId: 'f', threshold: 7, mapVersion: 0, words: LEVEL_VOCABULARY['child-in-need'], goals: [], members: [], children: [], scales: [] })
    expect(items.filter((item) => item.met)).toEqual([])
  })

  it('speaks in the words of the family\'s level of help', () => {
    const untold = { ...ready, goals: [], members: [{ name: 'Jean Pollard', toldDangerStatements: false, toldAtMapVersion: null, commitments: 'Collects the children' }], scales: [] }
    const atChildInNeed = JSON.stringify(workOutReadiness(untold))
    expect(atChildInNeed).toContain('Jean Pollard has not been told the danger statements.')
    expect(atChildInNeed).toContain('Each safety goal seen for its agreed time')
    expect(atChildInNeed).toContain('There are no safety goals on the map yet.')
    expect(atChildInNeed).toContain('No one has given a safety scale yet.')
    expect(atChildInNeed).not.toMatch(/worry|wellbeing/)
    const atEarlyHelp = JSON.stringify(workOutReadiness({ ...untold, words: LEVEL_VOCABULARY['early-help'] }))
    expect(atEarlyHelp).toContain('Jean Pollard has not been told the worry statements.')
    expect(atEarlyHelp).toContain('Each wellbeing goal seen for its agreed time')
    expect(atEarlyHelp).toContain('Everyone\'s latest wellbeing scale at 7 or above')
    expect(atEarlyHelp).not.toMatch(/danger|safety goal|safety scale/)
  })
})
