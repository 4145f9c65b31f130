import { eq, or, sql, type SQL } from 'drizzle-orm'
import { families } from '../../db/schema/index.js'
import type { Actor } from '../../platform/http/types.js'

/**
 * Which families a member of staff may see, as a SQL condition, so that search, lists, counts and
 * single records all apply the same rule. Access comes from a relationship with the family; the
 * organisation boundary is enforced underneath by row-level security.
 *
 * - practitioner: families allocated to them, or to their team
 * - team manager: families of their team
 * - conference chair: families with an open child protection episode
 * - administrators and partners: none here (partners are invited family by family, later)
 */
export function familiesVisibleTo(actor: Actor): SQL {
  const ownTeam = actor.teamId === null ? sql`false` : eq(families.teamId, actor.teamId)
  switch (actor.role) {
    case 'practitioner':
      return or(eq(families.allocatedWorkerId, actor.userId), ownTeam) ?? sql`false`
    case 'team-manager':
      return or(ownTeam, eq(families.allocatedWorkerId, actor.userId)) ?? sql`false`
    case 'conference-chair':
      // Written out in full: inside a subquery the ORM would leave "families" off the column name.
      return sql`exists (select 1 from episodes open_episode where open_episode.family_id = families.id
                         and open_episode.level = 'child-protection' and open_episode.closed_on is null)`
    case 'partner-practitioner':
    case 'organisation-administrator':
    case 'learning-administrator':
      return sql`false`
  }
}

export function canSearchFamilies(actor: Actor): boolean {
  return ['practitioner', 'team-manager', 'conference-chair'].includes(actor.role)
}
