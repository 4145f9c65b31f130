import { eq } from 'drizzle-orm'
import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError } from '../../platform/http/errors.js'
import { organisations, STAFF_ROLES, type StaffRole } from '../../db/schema/organisations.js'
import { ROLES_ALWAYS_NEEDING_SECOND_FACTOR } from '../sign-in/index.js'

/** Roles an organisation may choose to require a second factor for (administrators always need one). */
export const OPTIONAL_SECOND_FACTOR_ROLES: readonly StaffRole[] = STAFF_ROLES.filter((role) => !ROLES_ALWAYS_NEEDING_SECOND_FACTOR.includes(role))

export function createSettingsService(deps: { database: DatabaseHandle }) {
  function assertAdministrator(actor: Actor): void {
    if (actor.role !== 'organisation-administrator') throw new ForbiddenError('Only administrators change settings')
  }
  return {
    async secondFactorRoles(actor: Actor): Promise<StaffRole[]> {
      assertAdministrator(actor)
      return deps.database.inOrganisation(actor.organisationId, async (tx) => {
        const [row] = await tx.select({ roles: organisations.secondFactorRoles }).from(organisations).where(eq(organisations.id, actor.organisationId))
        return (row?.roles ?? []).filter((role): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role))
      })
    },

    /** The scale every perspective must reach before a family is ready to step down or close. */
    async readinessThreshold(actor: Actor): Promise<number> {
      assertAdministrator(actor)
      return deps.database.inOrganisation(actor.organisationId, async (tx) => {
        const [row] = await tx.select({ threshold: organisations.readinessThreshold }).from(organisations).where(eq(organisations.id, actor.organisationId))
        return row?.threshold ?? 7
      })
    },

    async setReadinessThreshold(actor: Actor, threshold: number): Promise<void> {
      assertAdministrator(actor)
      if (!Number.isInteger(threshold) || threshold < 0 || threshold > 10) throw new RangeError('threshold must be 0 to 10')
      await deps.database.inOrganisation(actor.organisationId, async (tx) => {
        await tx.update(organisations).set({ readinessThreshold: threshold }).where(eq(organisations.id, actor.organisationId))
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'settings.readiness-threshold-changed', subjectType: 'organisation',
          subjectId: actor.organisationId, requestId: actor.requestId, details: { threshold },
        })
      })
    },

    async setSecondFactorRoles(actor: Actor, roles: StaffRole[]): Promise<void> {
      assertAdministrator(actor)
      const chosen = roles.filter((role) => OPTIONAL_SECOND_FACTOR_ROLES.includes(role))
      await deps.database.inOrganisation(actor.organisationId, async (tx) => {
        await tx.update(organisations).set({ secondFactorRoles: chosen }).where(eq(organisations.id, actor.organisationId))
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'settings.second-factor-changed', subjectType: 'organisation',
          subjectId: actor.organisationId, requestId: actor.requestId, details: { roles: chosen },
        })
      })
    },
  }
}

export type SettingsService = ReturnType<typeof createSettingsService>
