import { sql } from 'drizzle-orm'

/**
 * The one clock. People using Mapwell count days as they are in the UK, so "today" is the date in
 * London, not in UTC: between midnight and 1 a.m. in summer the UTC date is still yesterday, and a
 * check-in or consent dated today would otherwise be refused as "in the future".
 */
export const LONDON = 'Europe/London'

const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: LONDON, year: 'numeric', month: '2-digit', day: '2-digit' })

/** Today's date in London as yyyy-mm-dd. */
export function todayInLondon(now: Date = new Date()): string {
  return londonDate.format(now)
}

/** Today's date in London as a person types it into a GOV.UK date field: d/m/yyyy. */
export function todayTyped(now: Date = new Date()): string {
  const [year, month, day] = todayInLondon(now).split('-')
  return `${String(Number(day))}/${String(Number(month))}/${year ?? ''}`
}

/** Whether a yyyy-mm-dd date is after today in London. */
export function isAfterToday(date: string, now: Date = new Date()): boolean {
  return date > todayInLondon(now)
}

const DAY_MS = 24 * 60 * 60 * 1000

/** A yyyy-mm-dd date moved by a whole number of days (calendar arithmetic, no time zone). */
export function addDays(date: string, days: number): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + days * DAY_MS).toISOString().slice(0, 10)
}

/** Whole days from one yyyy-mm-dd date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / DAY_MS)
}

/** The same "today" inside SQL, for queries that compare dates in the database. */
export const TODAY_IN_LONDON = sql`(now() at time zone 'Europe/London')::date`
