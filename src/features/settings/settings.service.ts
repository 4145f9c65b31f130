import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError } from '../../platform/http/errors.js'
import { USER_ROLES, type UserRole } from '../../db/schema/organisations.js'
import type { Transaction } from '../../platform/db/database.js'
import * as repository from './settings.repository.js'
import { ROLES_ALWAYS_NEEDING_SECOND_FACTOR } from '../sign-in/index.js'

/** Roles an organisation may choose to require a second factor for (administrators always need one). */
export const OPTIONAL_SECOND_FACTOR_ROLES: readonly UserRole[] = USER_ROLES.filter((role) => !ROLES_ALWAYS_NEEDING_SECOND_FACTOR.includes(role))

export function createSettingsService(deps: { database: DatabaseHandle }) {
  function assertAdministrator(actor: Actor): void {
    if (actor.role !== 'organisation-administrator') throw new ForbiddenError('Only administrators change settings')
  }
  /** Reading the settings pages is audited like every other administrators' page. */
  async function audited(tx: Transaction, actor: Actor, action: string, details: Record<string, unknown> = {}): Promise<void> {
    await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action, subjectType: 'organisation', subjectId: actor.organisationId, requestId: actor.requestId, details })
  }
  return {
    async secondFactorRoles(actor: Actor): Promise<UserRole[]> {
      assertAdministrator(actor)
      return deps.database.inOrganisation(actor.organisationId, async (tx) => {
        const row = await repository.organisationSettings(tx, actor.organisationId)
        await audited(tx, actor, 'settings.viewed')
        return (row?.secondFactorRoles ?? []).filter((role): role is UserRole => (USER_ROLES as readonly string[]).includes(role))
      })
    },

    /** The scale every perspective must reach before a family is ready to step down or close. */
    async readinessThreshold(actor: Actor): Promise<number> {
      return (await this.familySettings(actor)).readinessThreshold
    },

    /** The numbers an organisation sets for families: readiness threshold, young people's minimum age, access grace period. */
    async familySettings(actor: Actor): Promise<{ readinessThreshold: number; youngPersonMinimumAge: number; familyAccessGraceDays: number; outOfHoursPhone: string; outOfHoursText: string; stepDownNeedsApproval: boolean }> {
      assertAdministrator(actor)
      return deps.database.inOrganisation(actor.organisationId, async (tx) => {
        const row = await repository.organisationSettings(tx, actor.organisationId)
        await audited(tx, actor, 'settings.viewed')
        return row === undefined ? { readinessThreshold: 7, youngPersonMinimumAge: 12, familyAccessGraceDays: 28, outOfHoursPhone: '', outOfHoursText: '', stepDownNeedsApproval: false }
          : {
              readinessThreshold: row.readinessThreshold, youngPersonMinimumAge: row.youngPersonMinimumAge, familyAccessGraceDays: row.familyAccessGraceDays,
              outOfHoursPhone: row.outOfHoursPhone, outOfHoursText: row.outOfHoursText, stepDownNeedsApproval: row.stepDownNeedsApproval,
            }
      })
    },

    async setFamilyAccess(actor: Actor, values: { youngPersonMinimumAge: number; familyAccessGraceDays: number }): Promise<void> {
      assertAdministrator(actor)
      if (!Number.isInteger(values.youngPersonMinimumAge) || values.youngPersonMinimumAge < 8 || values.youngPersonMinimumAge > 18) throw new RangeError('minimum age must be 8 to 18')
      if (!Number.isInteger(values.familyAccessGraceDays) || values.familyAccessGraceDays < 0 || values.familyAccessGraceDays > 365) throw new RangeError('grace must be 0 to 365 days')
      await deps.database.inOrganisation(actor.organisationId, async (tx) => {
        await repository.changeSettings(tx, actor.organisationId, values)
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'settings.family-access-changed', subjectType: 'organisation', subjectId: actor.organisationId, requestId: actor.requestId, details: values })
      })
    },

    /** The council's out-of-hours number and what else to tell families, shown in every family's own space. */
    async setOutOfHours(actor: Actor, values: { outOfHoursPhone: string; outOfHoursText: string }): Promise<void> {
      assertAdministrator(actor)
      await deps.database.inOrganisation(actor.organisationId, async (tx) => {
        await repository.changeSettings(tx, actor.organisationId, values)
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'settings.out-of-hours-changed', subjectType: 'organisation',
          subjectId: actor.organisationId, requestId: actor.requestId, details: { phoneGiven: values.outOfHoursPhone !== '', textGiven: values.outOfHoursText !== '' },
        })
      })
    },

    async setReadinessThreshold(actor: Actor, threshold: number): Promise<void> {
      assertAdministrator(actor)
      if (!Number.isInteger(threshold) || threshold < 0 || threshold > 10) throw new RangeError('threshold must be 0 to 10')
      await deps.database.inOrganisation(actor.organisationId, async (tx) => {
        await repository.changeSettings(tx, actor.organisationId, { readinessThreshold: threshold })
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'settings.readiness-threshold-changed', subjectType: 'organisation',
          subjectId: actor.organisationId, requestId: actor.requestId, details: { threshold },
        })
      })
    },

    /** Whether a practitioner's step-down or closure waits for a team manager's approval. */
    async setStepDownApproval(actor: Actor, needed: boolean): Promise<void> {
      assertAdministrator(actor)
      await deps.database.inOrganisation(actor.organisationId, async (tx) => {
        await repository.changeSettings(tx, actor.organisationId, { stepDownNeedsApproval: needed })
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'settings.step-down-approval-changed', subjectType: 'organisation',
          subjectId: actor.organisationId, requestId: actor.requestId, details: { needed },
        })
      })
    },

    async setSecondFactorRoles(actor: Actor, roles: UserRole[]): Promise<void> {
      assertAdministrator(actor)
      const chosen = roles.filter((role) => OPTIONAL_SECOND_FACTOR_ROLES.includes(role))
      await deps.database.inOrganisation(actor.organisationId, async (tx) => {
        await repository.changeSettings(tx, actor.organisationId, { secondFactorRoles: chosen })
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'settings.second-factor-changed', subjectType: 'organisation',
          subjectId: actor.organisationId, requestId: actor.requestId, details: { roles: chosen },
        })
      })
    },
  }
}

export type SettingsService = ReturnType<typeof createSettingsService>
