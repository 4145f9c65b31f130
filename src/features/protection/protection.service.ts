import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { BREAK_GLASS_MINUTES, CASEWORKERS, MANAGERS, isCaseworker, type FamilyRecord } from '../../family-record/index.js'
import * as repository from './protection.repository.js'
import type { AccessLogFilter } from './protection.repository.js'

export type { AccessLogFilter } from './protection.repository.js'

export function createProtectionService(deps: { database: DatabaseHandle; familyRecord: FamilyRecord }) {
  const { database, familyRecord } = deps

  /** Only the manager of the family's own team: not one who sees it by breaking the glass or allocation. */
  function mustBeItsOwnManager(actor: Actor, teamId: string | null): void {
    if (actor.role !== 'team-manager' || teamId !== actor.teamId) throw new NotFoundError('family')
  }

  return {
    /** Sealing: only the family's own team manager, who stays named. */
    async sealing(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'protection.sealing-viewed', roles: MANAGERS }, async ({ tx, family }) => {
        const row = await repository.sealingOf(tx, familyId)
        mustBeItsOwnManager(actor, row?.teamId ?? null)
        return { family, sealed: row?.sealed ?? false, named: await repository.namedStaff(tx, familyId), staff: await repository.activeCaseworkers(tx) }
      })
    },

    async setSealing(actor: Actor, familyId: string, sealed: boolean, namedUserIds: string[]): Promise<void> {
      await familyRecord.withFamily(actor, familyId, { action: sealed ? 'protection.sealed' : 'protection.unsealed', roles: MANAGERS, lockFamily: true }, async ({ tx, audit }) => {
        mustBeItsOwnManager(actor, (await repository.sealingOf(tx, familyId))?.teamId ?? null)
        const staff = await repository.caseworkerIds(tx)
        // The manager sealing it stays named, or they would lose the family they just sealed.
        const named = [...new Set([...namedUserIds.filter((id) => staff.has(id)), actor.userId])]
        await repository.setSealing(tx, actor.organisationId, familyId, sealed, named)
        audit.details = { named: sealed ? named.length : 0 }
      })
    },

    /**
     * Families outside this person's work that a child's NHS number leads to. This and the two below
     * are about families the person may not see yet, so they cannot go through withFamily; each
     * writes its own audit row in the same transaction.
     */
    async findOutside(actor: Actor, nhsNumber: string) {
      if (!isCaseworker(actor.role)) throw new ForbiddenError('Only caseworkers break the glass')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const found = await repository.familiesByNhsNumber(tx, actor, nhsNumber)
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'protection.break-glass-search', subjectType: 'organisation', subjectId: actor.organisationId, requestId: actor.requestId, details: { found: found.length } })
        return found
      })
    },

    /** The family a break-the-glass form is about, if it can be opened that way (not sealed). */
    async findOutsideById(actor: Actor, familyId: string) {
      if (!isCaseworker(actor.role)) throw new ForbiddenError('Only caseworkers break the glass')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await repository.unsealedFamily(tx, familyId)
        if (family === undefined) throw new NotFoundError('family')
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'protection.break-glass-form-viewed', subjectType: 'family', subjectId: familyId, requestId: actor.requestId })
        return { id: family.id, familyName: family.familyName }
      })
    },

    /**
     * Opens a family with a written reason for a short time, and logs it. Someone always hears of it:
     * the family's team managers and worker, or the organisation's administrators when no one else would.
     */
    async breakGlass(actor: Actor, familyId: string, reason: string): Promise<Date> {
      if (!isCaseworker(actor.role)) throw new ForbiddenError('Only caseworkers break the glass')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await repository.unsealedFamily(tx, familyId)
        if (family === undefined) throw new NotFoundError('family')
        const expiresAt = new Date(Date.now() + BREAK_GLASS_MINUTES * 60_000)
        await repository.grantBreakGlass(tx, { organisationId: actor.organisationId, familyId, userId: actor.userId, reason, expiresAt })
        const managers = family.teamId === null ? [] : await repository.activeManagersOf(tx, family.teamId)
        let told = [...new Set([...managers, ...(family.workerId === null ? [] : [family.workerId])])].filter((id) => id !== actor.userId)
        if (managers.filter((id) => id !== actor.userId).length === 0) {
          told = [...new Set([...told, ...(await repository.activeAdministrators(tx))])].filter((id) => id !== actor.userId)
        }
        await repository.insertAlerts(tx, actor.organisationId, familyId, told,
          `${actor.displayName} opened ${family.familyName}'s record from outside their work ("break the glass"). Their reason: ${reason}`)
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'family.break-glass', subjectType: 'family', subjectId: familyId, requestId: actor.requestId, details: { reason, expiresAt: expiresAt.toISOString(), told: told.length } })
        return expiresAt
      })
    },

    /** This person's current break-the-glass opening of the family, if any. */
    async openedWithReason(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'protection.break-glass-checked', roles: CASEWORKERS }, async ({ tx }) =>
        repository.currentGrant(tx, familyId, actor.userId))
    },

    /** Every access to a family's record, from the audit trail: who, when, what, and whether it was break-the-glass. */
    async accessLog(actor: Actor, familyId: string, filter: AccessLogFilter, page: number, pageSize = 50) {
      return familyRecord.withFamily(actor, familyId, { action: 'protection.access-log-viewed', roles: MANAGERS }, async ({ tx, family, audit }) => {
        audit.details = { page }
        return { family, ...await repository.accessLog(tx, familyId, filter, pageSize, (page - 1) * pageSize) }
      })
    },

    /** This person's alerts (they name families and reasons, so reading them is audited too). */
    async alerts(actor: Actor) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const rows = await repository.alertsFor(tx, actor.userId)
        if (rows.length > 0) {
          await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'protection.alerts-viewed', subjectType: 'user', subjectId: actor.userId, requestId: actor.requestId, details: { alertIds: rows.map((row) => row.id), familyIds: [...new Set(rows.flatMap((row) => row.familyId === null ? [] : [row.familyId]))] } })
        }
        return rows
      })
    },

    async dismissAlert(actor: Actor, alertId: string): Promise<void> {
      await database.inOrganisation(actor.organisationId, async (tx) => {
        if (!await repository.dismissAlert(tx, alertId, actor.userId)) throw new NotFoundError('alert')
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'protection.alert-dismissed', subjectType: 'alert', subjectId: alertId, requestId: actor.requestId })
      })
    },
  }
}

export type ProtectionService = ReturnType<typeof createProtectionService>
