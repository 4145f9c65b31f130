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

/**
 * How old a child is, in words fit for a record: weeks under 8 weeks ("5 weeks"), months under 2 years
 * ("18 months"), then whole years ("7"), from a date of birth (yyyy-mm-dd), counting days as they are in London.
 */
export function ageInWords(dateOfBirth: string, today: Date = new Date()): string {
  const [year, month, day] = todayInLondon(today).split('-').map(Number)
  const [bornYear, bornMonth, bornDay] = dateOfBirth.split('-').map(Number)
  if (year === undefined || month === undefined || day === undefined || bornYear === undefined || bornMonth === undefined || bornDay === undefined) return ''
  const days = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(bornYear, bornMonth - 1, bornDay)) / 86_400_000)
  if (days < 0) return ''
  if (days < 56) {
    const weeks = Math.floor(days / 7)
    return weeks === 0 ? 'under 1 week' : `${String(weeks)} week${weeks === 1 ? '' : 's'}`
  }
  const months = (year - bornYear) * 12 + (month - bornMonth) - (day >= bornDay ? 0 : 1)
  if (months < 24) return `${String(months)} month${months === 1 ? '' : 's'}`
  return String(ageOn(dateOfBirth, today))
}
