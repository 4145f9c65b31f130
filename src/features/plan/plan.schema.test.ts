import { describe, expect, it } from 'vitest'
import { PLAN_MESSAGES, parseAgreement, parseCheckIns } from './plan.schema.js'

// 00:30 in London on 16 July 2026 (British Summer Time), when the UTC date is still the 15th.
const justAfterMidnightInSummer = new Date('2026-07-15T23:30:00Z')
const ruleId = '00000000-0000-4000-8000-000000000001'

describe('dates in the plan forms, counted as days in London', () => {
  it('accepts a check-in dated today between midnight and 1 a.m. in summer', () => {
    const parsed = parseCheckIns({ checkedOn: '16/7/2026', checkedBy: 'Jean (nan)', [`result-${ruleId}`]: 'kept' }, { ruleIds: [ruleId], goalIds: [] }, justAfterMidnightInSummer)
    expect(parsed.errors).toEqual({})
    expect(parsed.fields?.checkedOn).toBe('2026-07-16')
  })

  it('still refuses a check-in dated tomorrow', () => {
    const parsed = parseCheckIns({ checkedOn: '17/7/2026', checkedBy: 'Jean (nan)', [`result-${ruleId}`]: 'kept' }, { ruleIds: [ruleId], goalIds: [] }, justAfterMidnightInSummer)
    expect(parsed.errors.checkedOn).toBe(PLAN_MESSAGES.dateFuture)
    expect(parsed.fields).toBeUndefined()
  })

  it('accepts an agreement dated today in London, and refuses one dated tomorrow', () => {
    expect(parseAgreement({ agreedBy: ['Claire Ashworth'], agreedOn: '16/7/2026', planVersion: '3' }, justAfterMidnightInSummer).fields?.agreedOn).toBe('2026-07-16')
    expect(parseAgreement({ agreedBy: ['Claire Ashworth'], agreedOn: '17/7/2026', planVersion: '3' }, justAfterMidnightInSummer).errors.agreedOn).toBe(PLAN_MESSAGES.dateFuture)
  })
})
