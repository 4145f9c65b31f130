import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, isAfterToday, todayInLondon, todayTyped } from './time.js'

describe('the one clock', () => {
  it('counts days as they are in London, not in UTC', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (British Summer Time).
    const justAfterMidnightInSummer = new Date('2026-06-30T23:30:00Z')
    expect(justAfterMidnightInSummer.toISOString().slice(0, 10)).toBe('2026-06-30')
    expect(todayInLondon(justAfterMidnightInSummer)).toBe('2026-07-01')
    expect(isAfterToday('2026-07-01', justAfterMidnightInSummer)).toBe(false)
    expect(isAfterToday('2026-07-02', justAfterMidnightInSummer)).toBe(true)
  })

  it('agrees with UTC in winter', () => {
    const lateInWinter = new Date('2026-12-04T23:30:00Z')
    expect(todayInLondon(lateInWinter)).toBe('2026-12-04')
    expect(todayTyped(lateInWinter)).toBe('4/12/2026')
  })

  it('moves and measures calendar days across the clocks changing', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2)
  })
})
