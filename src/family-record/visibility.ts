import { eq, or, sql, type SQL } from 'drizzle-orm'
import { families } from '../db/schema/index.js'
import type { Actor } from '../platform/http/types.js'
import { isCaseworker } from './roles.js'

/** How long a break-the-glass opening lasts. */
export const BREAK_GLASS_MINUTES = 120

/**
 * Which families someone may see, as a SQL condition, so that search, lists, counts and single
 * records all apply the same rule. Access comes from a relationship with the family; the
 * organisation boundary is enforced underneath by row-level security.
 *
 * - practitioner: families allocated to them, or to their team
 * - team manager: families of their team
 * - conference chair: families with an open child protection episode
 * - caseworkers outside the relationship: a family they broke the glass for, until it expires
 * - partner practitioner: families they are invited to, while the invitation and consent last
 * - family or network member: their own family, while their access lasts (see familyMemberAccess)
 * - administrators: none
 *
 * A sealed family is visible only to the staff named for it, whatever else is true.
 */
export function familiesVisibleTo(actor: Actor): SQL {
  const named = sql`exists (select 1 from sealed_family_staff sealed_staff where sealed_staff.family_id = families.id and sealed_staff.user_id = ${actor.userId})`
  const relationship = relationshipOf(actor)
  return sql`(case when families.sealed then ${named} else (${relationship}) end)`
}

function relationshipOf(actor: Actor): SQL {
  const ownTeam = actor.teamId === null ? sql`false` : eq(families.teamId, actor.teamId)
  const brokeTheGlass = sql`exists (select 1 from break_glass_grants grant_row where grant_row.family_id = families.id and grant_row.user_id = ${actor.userId} and grant_row.expires_at > now())`
  switch (actor.role) {
    case 'practitioner':
      return or(eq(families.allocatedWorkerId, actor.userId), ownTeam, brokeTheGlass) ?? sql`false`
    case 'team-manager':
      return or(ownTeam, eq(families.allocatedWorkerId, actor.userId), brokeTheGlass) ?? sql`false`
    case 'conference-chair':
      // Written out in full: inside a subquery the ORM would leave "families" off the column name.
      return sql`(exists (select 1 from episodes open_episode where open_episode.family_id = families.id
                         and open_episode.level = 'child-protection' and open_episode.closed_on is null) or ${brokeTheGlass})`
    case 'partner-practitioner':
      return sql`exists (select 1 from partner_access invited where invited.family_id = families.id and invited.user_id = ${actor.userId} and invited.ended_at is null)`
    case 'family-member':
      return familyMemberAccess(actor.userId)
    case 'organisation-administrator':
    case 'learning-administrator':
      return sql`false`
  }
}

/**
 * A family or network member sees their own family while their access is not ended (and, for the
 * network, while they are still in it) and the family has open help, or its help ended less than the
 * organisation's grace period ago.
 */
export function familyMemberAccess(userId: string): SQL {
  return sql`exists (
    select 1 from family_access member_access
     where member_access.family_id = families.id and member_access.user_id = ${userId} and member_access.ended_at is null
       and (member_access.kind <> 'network-member' or exists (select 1 from network_members still where still.person_id = member_access.person_id and still.left_on is null))
       and (exists (select 1 from episodes live where live.family_id = families.id and live.closed_on is null)
            or exists (select 1 from episodes ended join organisations o on o.id = ended.organisation_id
                        where ended.family_id = families.id and ended.closed_on + o.family_access_grace_days >= current_date)))`
}

export function canSearchFamilies(actor: Actor): boolean {
  return isCaseworker(actor.role)
}
