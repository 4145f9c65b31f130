import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { presentErrors } from '../../platform/views/presenters.js'
import { formatDateTime } from '../../platform/views/setup.js'
import { pageNumbers } from '../../platform/views/presenters.js'
import type { SignInActivityService } from './sign-in-activity.service.js'
import { ACTIVITY_GROUPS, type ActivityFilter, type ActivityGroup } from './sign-in-activity.repository.js'

const DESCRIPTIONS: Record<string, Record<string, string>> = {
  'sign-in': { success: 'Signed in', failure: 'Failed to sign in', denied: 'Sign-in refused: too many attempts' },
  'sign-out': { success: 'Signed out' },
  'sign-in.second-factor': { failure: 'Entered a wrong authenticator code', denied: 'Authenticator code refused' },
  'sign-in.recovery-code': { success: 'Signed in with a recovery code', failure: 'Entered a wrong recovery code', denied: 'Recovery code refused' },
  'user.created': { success: 'Account added' },
  'user.changed': { success: 'Account details changed' },
  'user.disabled': { success: 'Account disabled' },
  'user.enabled': { success: 'Account enabled' },
  'user.second-factor-reset': { success: 'Authenticator app reset' },
  'user.password-reset': { success: 'Temporary password given' },
  'second-factor.set-up': { success: 'Authenticator app set up' },
  'password.changed': { success: 'Password changed' },
  'settings.second-factor-changed': { success: 'Second factor settings changed' },
}

const REASONS: Record<string, string> = {
  'unknown account': 'no account has that email address',
  'wrong password': 'wrong password',
  'account disabled': 'account is disabled',
  'too many attempts': 'too many attempts',
}

function parseDay(value: unknown): { date: Date | undefined; valid: boolean } {
  if (typeof value !== 'string' || value === '') return { date: undefined, valid: true }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return { date: undefined, valid: false }
  const date = new Date(`${value}T00:00:00Z`)
  return Number.isNaN(date.getTime()) ? { date: undefined, valid: false } : { date, valid: true }
}

export function signInActivityRoutes(deps: { activity: SignInActivityService }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/admin/sign-in-activity', { config: { access: allow.staff('organisation-administrator') } }, async (request, reply) => {
      const query = request.query as Record<string, unknown>
      const group = typeof query.group === 'string' && query.group in ACTIVITY_GROUPS ? query.group as ActivityGroup : ''
      const outcome = query.outcome === 'success' || query.outcome === 'failure' || query.outcome === 'denied' ? query.outcome : ''
      const from = parseDay(query.from)
      const to = parseDay(query.to)
      const errors: Record<string, string> = {}
      if (!from.valid) errors.from = 'Enter the start date as a real date'
      if (!to.valid) errors.to = 'Enter the end date as a real date'
      if (from.date !== undefined && to.date !== undefined && to.date < from.date) errors.to = 'The end date must be the same as or after the start date'
      const page = typeof query.page === 'string' && /^\d{1,6}$/.test(query.page) && Number(query.page) >= 1 ? Number(query.page) : 1
      const filter: ActivityFilter = {
        group, outcome,
        from: errors.from === undefined ? from.date : undefined,
        to: errors.to === undefined && to.date !== undefined ? new Date(to.date.getTime() + 86_400_000) : undefined,
      }
      const result = await deps.activity.list(actorOf(request), filter, page)
      const link = (target: number): string => {
        const parameters = new URLSearchParams()
        for (const key of ['group', 'outcome', 'from', 'to'] as const) {
          const value = query[key]
          if (typeof value === 'string' && value !== '') parameters.set(key, value)
        }
        if (target > 1) parameters.set('page', String(target))
        return `/admin/sign-in-activity${parameters.size > 0 ? `?${parameters.toString()}` : ''}`
      }
      return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view('sign-in-activity/views/list.njk', {
        ...presentErrors(errors),
        values: { group, outcome, from: typeof query.from === 'string' ? query.from.slice(0, 10) : '', to: typeof query.to === 'string' ? query.to.slice(0, 10) : '' },
        total: result.total,
        rows: result.rows.map((row) => {
          const details = row.details as { reason?: string }
          const description = DESCRIPTIONS[row.action]?.[row.outcome] ?? `${row.action} (${row.outcome})`
          return [
            { text: formatDateTime(row.occurredAt) },
            { text: description + (details.reason !== undefined && row.outcome !== 'success' ? `: ${REASONS[details.reason] ?? details.reason}` : '') },
            { text: row.actorName ?? (row.outcome === 'success' ? '' : 'Not signed in') },
            { text: row.subjectName ?? (details.reason === 'unknown account' ? 'Unknown email address' : '') },
          ]
        }),
        pagination: result.pageCount <= 1 ? undefined : {
          previous: page > 1 ? { href: link(page - 1) } : undefined,
          next: page < result.pageCount ? { href: link(page + 1) } : undefined,
          items: pageNumbers(page, result.pageCount).map((number) => number === undefined ? { ellipsis: true } : { number, href: link(number), current: number === page }),
        },
      })
    })
  }
}
