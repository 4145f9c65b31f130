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

/**
 * A time of day as a person types it, 24-hour ("14:30", "14.30", "9:05") or with am or pm ("2pm",
 * "2:30 pm", "10.15am"), as hh:mm; undefined when it is not a real time. "12am" is midnight, "12pm" midday.
 */
export function parseClockTime(text: string): string | undefined {
  const typed = text.trim().toLowerCase().replace(/\s+/g, '').replace(/a\.?m\.?$/, 'am').replace(/p\.?m\.?$/, 'pm').replace(/\./g, ':')
  const match = /^(\d{1,2})(?::(\d{2}))?(am|pm)?$/.exec(typed)
  if (match === null) return undefined
  const [, hourText = '', minuteText, half] = match
  const minute = minuteText === undefined ? 0 : Number(minuteText)
  let hour = Number(hourText)
  if (minute > 59) return undefined
  if (half === undefined) {
    // A bare hour without am or pm ("2") could be either: ask again rather than guess.
    if (minuteText === undefined || hour > 23) return undefined
  } else {
    if (hour < 1 || hour > 12) return undefined
    if (half === 'am') hour = hour === 12 ? 0 : hour
    else hour = hour === 12 ? 12 : hour + 12
  }
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}

/** A time of day from the database ("14:30:00") the GOV.UK way: "2:30pm", "10am", "midday", "midnight". */
export function formatClockTime(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const [hourText = '0', minuteText = '0'] = value.split(':')
  const hour = Number(hourText)
  const minute = Number(minuteText)
  if (minute === 0 && hour === 12) return 'midday'
  if (minute === 0 && hour === 0) return 'midnight'
  const twelve = hour % 12 === 0 ? 12 : hour % 12
  return `${String(twelve)}${minute === 0 ? '' : `:${String(minute).padStart(2, '0')}`}${hour < 12 ? 'am' : 'pm'}`
}

/** A time of day from the database as a person would type it back into the form: "14:30". */
export function clockTimeTyped(value: string | null | undefined): string {
  return value === null || value === undefined ? '' : value.slice(0, 5)
}
