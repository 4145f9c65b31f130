import { sql, type SQL } from 'drizzle-orm'
import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { todayInLondon } from '../../platform/time.js'
import { isCaseworker } from '../../family-record/index.js'
import * as repository from './home.repository.js'

export const NEXT_STEPS_AHEAD_DAYS = 14
export const MEETINGS_AHEAD_DAYS = 28

/** The families that are a person's own work: allocated to them, or for a team manager their team's. */
function ownWork(actor: Actor): SQL {
  const allocated = sql`families.allocated_worker_id = ${actor.userId}`
  if (actor.role === 'team-manager' && actor.teamId !== null) return sql`(${allocated} or families.team_id = ${actor.teamId})`
  return allocated
}

/** What is coming up for a member of staff: next steps overdue or due soon, and meetings, on their own families. */
export function createHomeService(deps: { database: DatabaseHandle }) {
  return {
    async comingUp(actor: Actor) {
      if (!isCaseworker(actor.role)) return { nextSteps: [], meetings: [], today: todayInLondon() }
      return deps.database.inOrganisation(actor.organisationId, async (tx) => {
        const found = await repository.comingUp(tx, ownWork(actor), NEXT_STEPS_AHEAD_DAYS, MEETINGS_AHEAD_DAYS)
        const familyIds = [...new Set([...found.nextSteps, ...found.meetings].map((item) => item.familyId))]
        if (familyIds.length > 0) {
          await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'home.coming-up-viewed', subjectType: 'user', subjectId: actor.userId, requestId: actor.requestId, details: { familyIds } })
        }
        return { ...found, today: todayInLondon() }
      })
    },
  }
}

export type HomeService = ReturnType<typeof createHomeService>
