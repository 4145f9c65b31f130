import { STAFF_ROLES, type StaffRole } from '../../db/schema/organisations.js'
import type { UserFields, UserFilter } from './users.repository.js'
import { parseUkPhone } from '../../platform/phone.js'

export const MESSAGES = {
  displayNameMissing: 'Enter the person\'s full name',
  displayNameTooLong: 'Full name must be 100 characters or fewer',
  emailMissing: 'Enter the person\'s work email address',
  emailInvalid: 'Enter an email address in the correct format, like name@example.gov.uk',
  emailTaken: 'Someone already uses this email address in Mapwell',
  roleMissing: 'Select the person\'s role',
  teamUnknown: 'Select a team from the list',
  agencyMissing: 'Select the agency this partner works for',
  agencyUnknown: 'Select an agency from the list',
  agencyNotPartner: 'Only partner practitioners belong to an agency. Choose "No agency" or change the role',
  workPhoneInvalid: 'Enter a UK phone number, like 01632 960 001 or +44 1632 960 001',
  cannotDisableSelf: 'You cannot disable your own account. Ask another administrator',
  versionMissing: 'The form was missing which version of the details it changes. Check the details below, then save again',
} as const


function text(body: unknown, field: string, max = 500): string {
  if (typeof body !== 'object' || body === null) return ''
  const value = (body as Record<string, unknown>)[field]
  return typeof value === 'string' ? value.trim().slice(0, max) : ''
}

export interface UserFormValues { displayName: string; email: string; workPhone: string; role: string; teamId: string; agencyId: string; version: string }


export function parseUserForm(body: unknown, known: { teamIds: string[]; agencyIds: string[] }) {
  const values: UserFormValues = {
    displayName: text(body, 'displayName', 200), email: text(body, 'email', 320), workPhone: text(body, 'workPhone', 40), role: text(body, 'role', 50),
    teamId: text(body, 'teamId', 50), agencyId: text(body, 'agencyId', 50), version: text(body, 'version', 20),
  }
  const errors: Record<string, string> = {}
  if (values.displayName === '') errors.displayName = MESSAGES.displayNameMissing
  else if (values.displayName.length > 100) errors.displayName = MESSAGES.displayNameTooLong
  if (values.email === '') errors.email = MESSAGES.emailMissing
  else if (!/^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(values.email) || values.email.length > 254) errors.email = MESSAGES.emailInvalid
  const workPhone = values.workPhone === '' ? '' : parseUkPhone(values.workPhone)
  if (workPhone === undefined) errors.workPhone = MESSAGES.workPhoneInvalid
  const role = STAFF_ROLES.includes(values.role as StaffRole) ? values.role as StaffRole : undefined
  if (role === undefined) errors.role = MESSAGES.roleMissing
  if (values.teamId !== '' && !known.teamIds.includes(values.teamId)) errors.teamId = MESSAGES.teamUnknown
  if (role === 'partner-practitioner') {
    if (values.agencyId === '') errors.agencyId = MESSAGES.agencyMissing
    else if (!known.agencyIds.includes(values.agencyId)) errors.agencyId = MESSAGES.agencyUnknown
  } else if (values.agencyId !== '') {
    errors.agencyId = MESSAGES.agencyNotPartner
  }
  const fields: UserFields | undefined = Object.keys(errors).length > 0 || role === undefined || workPhone === undefined ? undefined : {
    displayName: values.displayName, email: values.email.toLowerCase(), workPhone, role,
    teamId: values.teamId === '' ? null : values.teamId, agencyId: values.agencyId === '' ? null : values.agencyId,
  }
  const version = /^\d{1,9}$/.test(values.version) ? Number(values.version) : undefined
  return { values, errors, fields, version }
}

export const PAGE_SIZE = 25

export function parseUserFilter(query: unknown): UserFilter & { page: number } {
  const role = text(query, 'role', 50)
  const status = text(query, 'status', 20)
  const pageText = text(query, 'page', 6)
  return {
    search: text(query, 'search', 100),
    role: STAFF_ROLES.includes(role as StaffRole) ? role as StaffRole : '',
    status: status === 'active' || status === 'disabled' ? status : '',
    page: /^\d+$/.test(pageText) && Number(pageText) >= 1 ? Number(pageText) : 1,
  }
}
