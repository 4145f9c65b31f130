import { describe, expect, it } from 'vitest'
import { ageInWords } from './children.js'

describe('a child\'s age in words', () => {
  const on = (isoInstant: string) => new Date(isoInstant)

  it('gives weeks under 8 weeks', () => {
    expect(ageInWords('2026-12-01', on('2026-12-04T12:00:00Z'))).toBe('under 1 week')
    expect(ageInWords('2026-11-27', on('2026-12-04T12:00:00Z'))).toBe('1 week')
    expect(ageInWords('2026-10-30', on('2026-12-04T12:00:00Z'))).toBe('5 weeks')
    expect(ageInWords('2026-10-10', on('2026-12-04T12:00:00Z'))).toBe('7 weeks')
  })

  it('gives months from 8 weeks to 2 years', () => {
    expect(ageInWords('2026-10-09', on('2026-12-04T12:00:00Z'))).toBe('1 month')
    expect(ageInWords('2026-09-04', on('2026-12-04T12:00:00Z'))).toBe('3 months')
    expect(ageInWords('2026-09-05', on('2026-12-04T12:00:00Z'))).toBe('2 months')
    expect(ageInWords('2025-06-04', on('2026-12-04T12:00:00Z'))).toBe('18 months')
    expect(ageInWords('2024-12-05', on('2026-12-04T12:00:00Z'))).toBe('23 months')
  })

  it('gives whole years from 2 years', () => {
    expect(ageInWords('2024-12-04', on('2026-12-04T12:00:00Z'))).toBe('2')
    expect(ageInWords('2019-03-27', on('2026-12-04T12:00:00Z'))).toBe('7')
  })

  it('counts the day as it is in London, not in UTC', () => {
    // 23:30 UTC on 3 June is already 4 June in London (summer time): 3 months to the day.
    expect(ageInWords('2026-03-04', on('2026-06-03T23:30:00Z'))).toBe('3 months')
    expect(ageInWords('2026-03-04', on('2026-06-03T22:30:00Z'))).toBe('2 months')
  })
})
