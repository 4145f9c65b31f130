import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number.js'
import type { FamilySearch } from './families.repository.js'

export const MESSAGES = {
  searchMissing: 'Enter a name, date of birth or NHS number',
  searchTooShort: 'Enter at least 2 letters of a name',
  nhsNumberInvalid: 'Enter a real NHS number: 10 digits, like 999 123 4560. Check the last digit',
  dateInvalid: 'Enter a real date of birth, like 27/3/2019',
} as const

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined
  if (year < 1900 || year > 2100) return undefined
  return date.toISOString().slice(0, 10)
}

/** A date as people type it: 27/3/2019, 27-03-2019, 2019-03-27 or 27 March 2019; undefined if it is not a real date. */
export function parseDate(text: string): string | undefined {
  const value = text.trim().toLowerCase()
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value)
  if (match !== null) return isoDate(Number(match[3]), Number(match[2]), Number(match[1]))
  match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (match !== null) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]))
  const written = /^(\d{1,2})\s+([a-z]+)\s+(\d{4})$/.exec(value)
  if (written !== null) {
    const monthText = written[2] ?? ''
    const month = monthText.length >= 3 ? MONTHS.findIndex((name) => name.startsWith(monthText)) : -1
    return month === -1 ? undefined : isoDate(Number(written[3]), month + 1, Number(written[1]))
  }
  return undefined
}

/** Works out what someone typed into the one search box. */
export function parseFamilySearch(raw: unknown): { search?: FamilySearch; error?: string; text: string } {
  const text = typeof raw === 'string' ? raw.trim().slice(0, 100) : ''
  if (text === '') return { text }
  const digits = normaliseNhsNumber(text)
  if (/^\d{10}$/.test(digits)) {
    return isValidNhsNumber(digits) ? { text, search: { by: 'nhs-number', number: digits } } : { text, error: MESSAGES.nhsNumberInvalid }
  }
  if (/^[\d\s/.-]+$/.test(text) || /^\d{1,2}\s+[a-z]+\s+\d{4}$/i.test(text)) {
    const date = parseDate(text)
    return date === undefined ? { text, error: MESSAGES.dateInvalid } : { text, search: { by: 'date-of-birth', date } }
  }
  const letters = text.replace(/[^\p{L}]/gu, '')
  if (letters.length < 2) return { text, error: MESSAGES.searchTooShort }
  return { text, search: { by: 'name', text: text.replace(/\s+/g, ' ') } }
}
