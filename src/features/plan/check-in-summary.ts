import type { CheckInResult } from '../../db/schema/plans.js'

export interface CheckIn { checkedOn: string; result: CheckInResult }

const DAY_MS = 24 * 60 * 60 * 1000

/** The Monday of the week a date (yyyy-mm-dd) falls in, as yyyy-mm-dd. */
export function weekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`)
  const offset = (day.getUTCDay() + 6) % 7
  return new Date(day.getTime() - offset * DAY_MS).toISOString().slice(0, 10)
}

function previousWeek(week: string): string {
  return new Date(new Date(`${week}T00:00:00Z`).getTime() - 7 * DAY_MS).toISOString().slice(0, 10)
}

/** Each week with a kept or not-kept check-in, and whether it was kept (no "not kept" that week). */
export function weeklyResults(checkIns: readonly CheckIn[]): { week: string; kept: boolean }[] {
  const weeks = new Map<string, boolean>()
  for (const checkIn of checkIns) {
    if (checkIn.result === 'not-tested') continue
    const week = weekOf(checkIn.checkedOn)
    weeks.set(week, (weeks.get(week) ?? true) && checkIn.result === 'kept')
  }
  return [...weeks].map(([week, kept]) => ({ week, kept })).sort((a, b) => b.week.localeCompare(a.week))
}

export interface Summary {
  /** "Kept in 7 of the last 8 weeks checked" */
  text: string
  keptWeeks: number
  checkedWeeks: number
  /** Weeks in a row, up to the latest week checked, with the rule kept every week. */
  streak: number
  last?: CheckIn
}

/** How a rule or goal has held up over the last `window` weeks that were checked. */
export function summarise(checkIns: readonly CheckIn[], window = 8, noun: 'kept' | 'seen' = 'kept'): Summary {
  const weeks = weeklyResults(checkIns).slice(0, window)
  const keptWeeks = weeks.filter((week) => week.kept).length
  let streak = 0
  let expected = weeks[0]?.week
  for (const week of weeks) {
    if (week.week !== expected || !week.kept) break
    streak += 1
    expected = previousWeek(week.week)
  }
  const last = [...checkIns].sort((a, b) => b.checkedOn.localeCompare(a.checkedOn))[0]
  const verb = noun === 'kept' ? 'Kept' : 'Seen'
  const text = weeks.length === 0
    ? (last === undefined ? 'Not checked yet' : 'Not tested yet')
    : weeks.length === 1 ? (keptWeeks === 1 ? `${verb} in the 1 week checked` : `Not ${noun} in the 1 week checked`)
      : `${verb} in ${String(keptWeeks)} of the last ${String(weeks.length)} weeks checked`
  return { text, keptWeeks, checkedWeeks: weeks.length, streak, last }
}
