import { describe, expect, it } from 'vitest'
import { summarise, weekOf, weeklyResults } from './check-in-summary.js'

describe('check-in summaries', () => {
  it('groups dates into weeks starting on Monday', () => {
    expect(weekOf('2026-11-26')).toBe('2026-11-23')
    expect(weekOf('2026-11-23')).toBe('2026-11-23')
    expect(weekOf('2026-11-22')).toBe('2026-11-16')
  })

  it('counts a week as kept only when nothing that week was "not kept", and ignores "not tested"', () => {
    expect(weeklyResults([
      { checkedOn: '2026-11-23', result: 'kept' }, { checkedOn: '2026-11-25', result: 'not-kept' },
      { checkedOn: '2026-11-17', result: 'kept' }, { checkedOn: '2026-11-10', result: 'not-tested' },
    ])).toEqual([{ week: '2026-11-23', kept: false }, { week: '2026-11-16', kept: true }])
  })

  it('says "kept in 7 of the last 8 weeks checked" over the latest eight weeks', () => {
    const checkIns = Array.from({ length: 10 }, (_, index) => {
      const day = new Date(Date.UTC(2026, 10, 25) - index * 7 * 86_400_000).toISOString().slice(0, 10)
      return { checkedOn: day, result: index === 3 ? 'not-kept' as const : 'kept' as const }
    })
    const summary = summarise(checkIns)
    expect(summary.text).toBe('Kept in 7 of the last 8 weeks checked')
    expect(summary.streak).toBe(3)
    expect(summary.last?.checkedOn).toBe('2026-11-25')
  })

  it('breaks a streak at a week with no check-in', () => {
    const summary = summarise([{ checkedOn: '2026-11-25', result: 'kept' }, { checkedOn: '2026-11-11', result: 'kept' }], 8, 'seen')
    expect(summary.streak).toBe(1)
    expect(summary.text).toBe('Seen in 2 of the last 2 weeks checked')
  })

  it('says when nothing has been checked or tested', () => {
    expect(summarise([]).text).toBe('Not checked yet')
    expect(summarise([{ checkedOn: '2026-11-25', result: 'not-tested' }]).text).toBe('Not tested yet')
    expect(summarise([{ checkedOn: '2026-11-25', result: 'kept' }]).text).toBe('Kept in the 1 week checked')
  })
})
