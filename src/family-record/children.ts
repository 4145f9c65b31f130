import { todayInLondon } from '../platform/time.js'

/** How a child is named on staff pages and in lists: the name they are known by, and "The unborn baby" before birth. */
export function childDisplayName(child: { givenName: string; knownAs?: string | null; kind: string }): string {
  if (child.kind === 'unborn-child') return 'The unborn baby'
  return child.knownAs !== undefined && child.knownAs !== null && child.knownAs.trim() !== '' ? child.knownAs : child.givenName
}

/** How old someone is on a day, in whole years, from a date of birth (yyyy-mm-dd), counting days as they are in London. */
export function ageOn(dateOfBirth: string, today: Date = new Date()): number {
  const [year, month, day] = todayInLondon(today).split('-').map(Number)
  const [bornYear, bornMonth, bornDay] = dateOfBirth.split('-').map(Number)
  if (year === undefined || month === undefined || day === undefined || bornYear === undefined || bornMonth === undefined || bornDay === undefined) return 0
  const birthdayPassed = month > bornMonth || (month === bornMonth && day >= bornDay)
  return year - bornYear - (birthdayPassed ? 0 : 1)
}
