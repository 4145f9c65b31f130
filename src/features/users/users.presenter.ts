import { STAFF_ROLES, type StaffRole } from '../../db/schema/organisations.js'
import { STAFF_ROLE_NAMES, escapeHtml } from '../../platform/views/presenters.js'
import { formatDateTime } from '../../platform/views/setup.js'
import type { UserFormValues } from './users.schema.js'
import { userPaths } from './users.paths.js'
import { pageNumbers } from '../../platform/views/presenters.js'

interface UserRow {
  id: string; displayName: string; email: string; role: StaffRole; status: 'active' | 'disabled'
  teamName: string | null; agencyName: string | null; lastSignedInAt: Date | null
}

interface UserDetail extends UserRow {
  workPhone: string; version: number; totpEnabledAt: Date | null; passwordMustChange: boolean; createdAt: Date; updatedAt: Date
}

function statusTag(status: 'active' | 'disabled') {
  return status === 'active' ? { text: 'Active', classes: 'govuk-tag--green' } : { text: 'Disabled', classes: 'govuk-tag--grey' }
}

export function presentUserList(result: { rows: UserRow[]; total: number; page: number; pageCount: number }, filter: { search: string; role: string; status: string }) {
  const query = (page: number): string => {
    const parameters = new URLSearchParams()
    if (filter.search !== '') parameters.set('search', filter.search)
    if (filter.role !== '') parameters.set('role', filter.role)
    if (filter.status !== '') parameters.set('status', filter.status)
    if (page > 1) parameters.set('page', String(page))
    const text = parameters.toString()
    return text === '' ? userPaths.list() : `${userPaths.list()}?${text}`
  }
  const from = result.total === 0 ? 0 : (result.page - 1) * 25 + 1
  return {
    filter,
    total: result.total,
    showing: { from, to: from === 0 ? 0 : from + result.rows.length - 1 },
    rows: result.rows.map((row) => [
      { html: `<a class="govuk-link" href="${userPaths.show(row.id)}">${escapeHtml(row.displayName)}</a>` },
      { text: row.email },
      { text: STAFF_ROLE_NAMES[row.role] },
      { text: row.teamName ?? row.agencyName ?? '' },
      { html: `<strong class="govuk-tag ${statusTag(row.status).classes}">${statusTag(row.status).text}</strong>` },
    ]),
    roleItems: [{ value: '', text: 'Any role' }, ...STAFF_ROLES.map((role) => ({ value: role, text: STAFF_ROLE_NAMES[role], selected: filter.role === role }))],
    statusItems: [
      { value: '', text: 'Any status' },
      { value: 'active', text: 'Active', selected: filter.status === 'active' },
      { value: 'disabled', text: 'Disabled', selected: filter.status === 'disabled' },
    ],
    pagination: result.pageCount <= 1 ? undefined : {
      previous: result.page > 1 ? { href: query(result.page - 1) } : undefined,
      next: result.page < result.pageCount ? { href: query(result.page + 1) } : undefined,
      items: pageNumbers(result.page, result.pageCount).map((page) => page === undefined
        ? { ellipsis: true }
        : { number: page, href: query(page), current: page === result.page }),
    },
  }
}

/** 1 … 4 5 6 … 20: the first, the last, and the pages either side of the current one. */
export function presentUserSummary(user: UserDetail) {
  return {
    id: user.id,
    displayName: user.displayName,
    status: user.status,
    statusTag: statusTag(user.status),
    version: user.version,
    rows: [
      { key: { text: 'Full name' }, value: { text: user.displayName } },
      { key: { text: 'Email address' }, value: { text: user.email } },
      { key: { text: 'Work phone' }, value: { text: user.workPhone === '' ? 'Not given' : user.workPhone } },
      { key: { text: 'Role' }, value: { text: STAFF_ROLE_NAMES[user.role] } },
      { key: { text: user.agencyName === null ? 'Team' : 'Agency' }, value: { text: user.agencyName ?? user.teamName ?? 'No team' } },
      { key: { text: 'Status' }, value: { html: `<strong class="govuk-tag ${statusTag(user.status).classes}">${statusTag(user.status).text}</strong>` } },
      { key: { text: 'Authenticator app' }, value: { text: user.totpEnabledAt === null ? 'Not set up' : `Set up ${formatDateTime(user.totpEnabledAt)}` } },
      { key: { text: 'Password' }, value: { text: user.passwordMustChange ? 'Temporary: must be changed at next sign-in' : 'Chosen by the user' } },
      { key: { text: 'Last signed in' }, value: { text: user.lastSignedInAt === null ? 'Never' : formatDateTime(user.lastSignedInAt) } },
    ],
  }
}

export function presentUserForm(values: Partial<UserFormValues>, choices: { teams: { id: string; name: string }[]; agencies: { id: string; name: string }[] }) {
  return {
    values,
    roleItems: STAFF_ROLES.map((role) => ({ value: role, text: STAFF_ROLE_NAMES[role], checked: values.role === role })),
    teamItems: [{ value: '', text: 'No team' }, ...choices.teams.map((team) => ({ value: team.id, text: team.name, selected: values.teamId === team.id }))],
    agencyItems: [{ value: '', text: 'No agency' }, ...choices.agencies.map((agency) => ({ value: agency.id, text: agency.name, selected: values.agencyId === agency.id }))],
  }
}
