import { TOLD_ITEMS, type ToldItem } from '../../db/schema/network.js'
import { isAfterToday } from '../../platform/time.js'
import { parseDate } from '../families/index.js'
import { isCloseness, type Closeness } from './network-picture.js'

export const MESSAGES = {
  whoMissing: 'Select who is joining the network, or "Someone new"',
  whoUnknown: 'Select someone from this family\'s record, or "Someone new"',
  givenMissing: 'Enter their first name',
  familyMissing: 'Enter their last name',
  nameWithChosen: 'Leave the name empty when you choose someone already in the record, or select "Someone new"',
  relationshipMissing: 'Enter how they know the children, for example "Leo and Maisie\'s grandmother"',
  closenessMissing: 'Select how close they are to the children',
  joinedInvalid: 'Enter the date they joined the network, like 27/3/2026',
  joinedFuture: 'The date they joined must be today or in the past',
  leftInvalid: 'Enter the date they left the network, like 27/3/2026, or leave it empty',
  leftFuture: 'The date they left must be today or in the past',
  leftBeforeJoined: 'The date they left must be the same as or after the date they joined',
  commitmentsTooLong: 'Keep their commitments to 4,000 characters or fewer',
  toldOnInvalid: 'Enter the date they were told, like 27/3/2026',
  toldOnFuture: 'The date they were told must be today or in the past',
  itemsMissing: 'Select what they were told',
  toldByMissing: 'Enter who told them, for example "Claire (mum) and Rowan Ashby (social worker)"',
  noteTooLong: 'Keep the note to 4,000 characters or fewer',
  heldOnInvalid: 'Enter the date of the meeting, like 27/3/2026',
  heldOnFuture: 'The date of the meeting must be today or in the past',
  attendeesMissing: 'Select who came, or write the names of others who came',
  attendeesUnknown: 'Select people from this family\'s network only',
  agreedMissing: 'Enter what was agreed',
  agreedTooLong: 'Keep what was agreed to 8,000 characters or fewer',
} as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type Body = Record<string, unknown>
export type FormValues = Record<string, string | string[]>
export interface Parsed<T> { values: FormValues; errors: Record<string, string>; fields?: T }

function text(body: unknown, name: string, max: number): string {
  const value = typeof body === 'object' && body !== null ? (body as Body)[name] : undefined
  return typeof value === 'string' ? value.trim().slice(0, max) : ''
}

function list(body: unknown, name: string): string[] {
  const value = typeof body === 'object' && body !== null ? (body as Body)[name] : undefined
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((item): item is string => typeof item === 'string').slice(0, 200)
}

export function isSubmissionId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}

/** A date that must be real and not in the future: the error to show, or the ISO date. */
function pastDate(typed: string, messages: { invalid: string; future: string }): { date?: string; error?: string } {
  const date = parseDate(typed)
  if (date === undefined) return { error: messages.invalid }
  if (isAfterToday(date)) return { error: messages.future }
  return { date }
}

/** A date as the forms show it: 2026-03-27 becomes 27/3/2026. */
export function asTyped(date: string | null): string {
  if (date === null) return ''
  const [year, month, day] = date.split('-')
  return `${String(Number(day))}/${String(Number(month))}/${year ?? ''}`
}

export const SOMEONE_NEW = 'new'

export interface MemberFields { relationshipToChild: string; closeness: Closeness; joinedOn: string; commitments: string; leftOn: string | null }
export type NewMember = MemberFields & ({ personId: string } | { givenName: string; familyName: string })

function memberFields(body: unknown, values: FormValues, errors: Record<string, string>, editing: boolean): MemberFields | undefined {
  const closenessNumber = Number(values.closeness)
  const closeness = isCloseness(closenessNumber) ? closenessNumber : undefined
  if (values.relationship === '') errors.relationship = MESSAGES.relationshipMissing
  if (closeness === undefined) errors.closeness = MESSAGES.closenessMissing
  const joined = pastDate(text(body, 'joinedOn', 30), { invalid: MESSAGES.joinedInvalid, future: MESSAGES.joinedFuture })
  if (joined.error !== undefined) errors.joinedOn = joined.error
  if (text(body, 'commitments', 5000).length > 4000) errors.commitments = MESSAGES.commitmentsTooLong
  let leftOn: string | null = null
  if (editing && values.leftOn !== '') {
    const left = pastDate(String(values.leftOn), { invalid: MESSAGES.leftInvalid, future: MESSAGES.leftFuture })
    if (left.error !== undefined) errors.leftOn = left.error
    else if (joined.date !== undefined && left.date !== undefined && left.date < joined.date) errors.leftOn = MESSAGES.leftBeforeJoined
    else leftOn = left.date ?? null
  }
  if (closeness === undefined || joined.date === undefined) return undefined
  return { relationshipToChild: String(values.relationship), closeness, joinedOn: joined.date, commitments: String(values.commitments), leftOn }
}

function memberValues(body: unknown): FormValues {
  return {
    relationship: text(body, 'relationship', 300), closeness: text(body, 'closeness', 2), joinedOn: text(body, 'joinedOn', 30),
    commitments: text(body, 'commitments', 5000), leftOn: text(body, 'leftOn', 30), submissionId: text(body, 'submissionId', 40), version: text(body, 'version', 10),
  }
}

/**
 * Adding someone to the network: an adult already in the family's record (by their person id), or
 * someone new. When there is no one to choose, the form sends "new" without asking.
 */
export function parseNewMember(body: unknown): Parsed<NewMember> {
  const values: FormValues = { ...memberValues(body), who: text(body, 'who', 40), givenName: text(body, 'givenName', 100), familyName: text(body, 'familyName', 100) }
  const errors: Record<string, string> = {}
  const who = String(values.who)
  if (who === '') errors.who = MESSAGES.whoMissing
  // Whether the person chosen is an adult in this family's record is the service's check.
  else if (who !== SOMEONE_NEW && !UUID.test(who)) errors.who = MESSAGES.whoUnknown
  if (who === SOMEONE_NEW) {
    if (values.givenName === '') errors.givenName = MESSAGES.givenMissing
    if (values.familyName === '') errors.familyName = MESSAGES.familyMissing
  } else if (errors.who === undefined && (values.givenName !== '' || values.familyName !== '')) {
    errors.givenName = MESSAGES.nameWithChosen
  }
  const fields = memberFields(body, values, errors, false)
  if (fields === undefined || Object.keys(errors).length > 0) return { values, errors }
  return {
    values, errors,
    fields: who === SOMEONE_NEW ? { ...fields, givenName: String(values.givenName), familyName: String(values.familyName) } : { ...fields, personId: who },
  }
}

/** Changing a member: their place in the network, not who they are (that is the family record's job). */
export function parseMemberChange(body: unknown): Parsed<MemberFields> & { baseVersion?: number } {
  const values = memberValues(body)
  const errors: Record<string, string> = {}
  const fields = memberFields(body, values, errors, true)
  const version = /^\d{1,9}$/.test(String(values.version)) ? Number(values.version) : undefined
  if (fields === undefined || Object.keys(errors).length > 0) return { values, errors, baseVersion: version }
  return { values, errors, fields, baseVersion: version }
}

export interface ToldFields { toldOn: string; items: ToldItem[]; toldBy: string; note: string }

export function parseTold(body: unknown): Parsed<ToldFields> {
  const items = list(body, 'items')
  const values: FormValues = { toldOn: text(body, 'toldOn', 30), items, toldBy: text(body, 'toldBy', 300), note: text(body, 'note', 5000), submissionId: text(body, 'submissionId', 40) }
  const errors: Record<string, string> = {}
  const told = pastDate(String(values.toldOn), { invalid: MESSAGES.toldOnInvalid, future: MESSAGES.toldOnFuture })
  if (told.error !== undefined) errors.toldOn = told.error
  const chosen = TOLD_ITEMS.filter((item) => items.includes(item))
  if (chosen.length === 0 || items.some((item) => !(TOLD_ITEMS as readonly string[]).includes(item))) errors.items = MESSAGES.itemsMissing
  if (values.toldBy === '') errors.toldBy = MESSAGES.toldByMissing
  if (String(values.note).length > 4000) errors.note = MESSAGES.noteTooLong
  if (Object.keys(errors).length > 0 || told.date === undefined) return { values, errors }
  return { values, errors, fields: { toldOn: told.date, items: chosen, toldBy: String(values.toldBy), note: String(values.note) } }
}

export interface MeetingFields { heldOn: string; attendeeMemberIds: string[]; otherAttendees: string; agreed: string }

export function parseMeeting(body: unknown, memberIds: string[]): Parsed<MeetingFields> {
  const attendees = list(body, 'attendees')
  const values: FormValues = {
    heldOn: text(body, 'heldOn', 30), attendees, otherAttendees: text(body, 'otherAttendees', 2000), agreed: text(body, 'agreed', 10000), submissionId: text(body, 'submissionId', 40),
  }
  const errors: Record<string, string> = {}
  const held = pastDate(String(values.heldOn), { invalid: MESSAGES.heldOnInvalid, future: MESSAGES.heldOnFuture })
  if (held.error !== undefined) errors.heldOn = held.error
  if (attendees.some((id) => !memberIds.includes(id))) errors.attendees = MESSAGES.attendeesUnknown
  else if (attendees.length === 0 && values.otherAttendees === '') errors.attendees = MESSAGES.attendeesMissing
  if (values.agreed === '') errors.agreed = MESSAGES.agreedMissing
  else if (String(values.agreed).length > 8000) errors.agreed = MESSAGES.agreedTooLong
  if (Object.keys(errors).length > 0 || held.date === undefined) return { values, errors }
  return { values, errors, fields: { heldOn: held.date, attendeeMemberIds: [...new Set(attendees)], otherAttendees: String(values.otherAttendees), agreed: String(values.agreed) } }
}
