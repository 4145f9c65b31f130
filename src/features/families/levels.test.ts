import { describe, expect, it } from 'vitest'
import { LEVEL_VOCABULARY, directionOfChange } from './levels.js'

describe('the words of each level of help', () => {
  it('uses worry statements and wellbeing goals in early help, danger statements and safety goals in child protection', () => {
    expect(LEVEL_VOCABULARY['early-help']).toMatchObject({ statement: 'worry statement', goal: 'wellbeing goal', framework: 'Signs of Wellbeing' })
    expect(LEVEL_VOCABULARY['child-protection']).toMatchObject({ statement: 'danger statement', goal: 'safety goal', framework: 'Signs of Safety' })
    expect(LEVEL_VOCABULARY['child-looked-after']).toMatchObject({ goal: 'success goal', framework: 'Signs of Success' })
  })

  it('knows a step up from a step down', () => {
    expect(directionOfChange('early-help', 'child-protection')).toBe('step-up')
    expect(directionOfChange('child-protection', 'early-help')).toBe('step-down')
    expect(directionOfChange('child-in-need', 'child-in-need')).toBe('same')
  })
})
