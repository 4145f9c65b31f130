import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError } from '../../platform/http/errors.js'
import { listActivity, type ActivityFilter } from './sign-in-activity.repository.js'

export const ACTIVITY_PAGE_SIZE = 50

/**
 * Administrators see no families, so family and network members (who sign in with the family-member
 * role) are never named here: staff are shown by name, everyone else only as this.
 */
export const NOT_NAMED = 'A family or network member'

function nameShown(name: string | null, role: string | null): string | null {
  if (name === null) return null
  return role === 'family-member' ? NOT_NAMED : name
}

export function createSignInActivityService(deps: { database: DatabaseHandle }) {
  return {
    async list(actor: Actor, filter: ActivityFilter, page: number) {
      if (actor.role !== 'organisation-administrator') throw new ForbiddenError('Only administrators see sign-in activity')
      return deps.database.inOrganisation(actor.organisationId, async (tx) => {
        const result = await listActivity(tx, filter, ACTIVITY_PAGE_SIZE, (page - 1) * ACTIVITY_PAGE_SIZE)
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'sign-in-activity.viewed', subjectType: 'audit', requestId: actor.requestId, details: { page } })
        const rows = result.rows.map(({ actorName, actorRole, subjectName, subjectRole, ...row }) => ({
          ...row, actorName: nameShown(actorName, actorRole), subjectName: nameShown(subjectName, subjectRole),
        }))
        return { rows, total: result.total, page, pageCount: Math.max(1, Math.ceil(result.total / ACTIVITY_PAGE_SIZE)) }
      })
    },
  }
}

export type SignInActivityService = ReturnType<typeof createSignInActivityService>
