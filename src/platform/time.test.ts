import { describe, expect, it } from 'vitest'
import { addDays, clockTimeTyped, daysBetween, formatClockTime, isAfterToday, parseClockTime, todayInLondon, todayTyped } from './time.js'

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

describe('times of day', () => {
  it('reads 24-hour and am/pm times as people type them', () => {
    expect(parseClockTime('14:30')).toBe('14:30')
    expect(parseClockTime(' 9.05 ')).toBe('09:05')
    expect(parseClockTime('2pm')).toBe('14:00')
    expect(parseClockTime('2:30 PM')).toBe('14:30')
    expect(parseClockTime('10.15 a.m.')).toBe('10:15')
    expect(parseClockTime('12am')).toBe('00:00')
    expect(parseClockTime('12pm')).toBe('12:00')
    expect(parseClockTime('00:00')).toBe('00:00')
  })

  it('refuses what is not a real time, or could be either morning or afternoon', () => {
    for (const typed of ['', '2', '24:00', '14:60', '13pm', '0am', 'half two', '14:30pm', '1:5']) expect(parseClockTime(typed), typed).toBeUndefined()
  })

  it('shows a time the GOV.UK way, and as typed back into a form', () => {
    expect(formatClockTime('14:30:00')).toBe('2:30pm')
    expect(formatClockTime('10:00:00')).toBe('10am')
    expect(formatClockTime('12:00:00')).toBe('midday')
    expect(formatClockTime('00:00:00')).toBe('midnight')
    expect(formatClockTime('00:15:00')).toBe('12:15am')
    expect(formatClockTime(null)).toBe('')
    expect(clockTimeTyped('09:05:00')).toBe('09:05')
  })
})
