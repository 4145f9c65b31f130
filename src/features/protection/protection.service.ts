import { and, asc, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { alerts, auditEvents, breakGlassGrants, families, sealedFamilyStaff, users } from '../../db/schema/index.js'
import { BREAK_GLASS_MINUTES, familiesVisibleTo } from '../../family-record/index.js'
import { findVisibleFamily } from '../families/families.repository.js'

const CASEWORK = ['practitioner', 'team-manager', 'conference-chair']

export interface AccessLogFilter { userId?: string; from?: string; to?: string }

export function createProtectionService(deps: { database: DatabaseHandle }) {
  const { database } = deps

  async function visibleFamily(tx: Transaction, actor: Actor, familyId: string) {
    const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
    if (family === undefined) throw new NotFoundError('family')
    return family
  }

  function accessLogWhere(familyId: string, filter: AccessLogFilter): SQL {
    const conditions: SQL[] = [sql`((${auditEvents.subjectType} = 'family' and ${auditEvents.subjectId} = ${familyId}) or ${auditEvents.details}->>'familyId' = ${familyId})`]
    if (filter.userId !== undefined) conditions.push(eq(auditEvents.actorUserId, filter.userId))
    if (filter.from !== undefined) conditions.push(gte(auditEvents.occurredAt, new Date(`${filter.from}T00:00:00Z`)))
    if (filter.to !== undefined) conditions.push(lte(auditEvents.occurredAt, new Date(`${filter.to}T23:59:59.999Z`)))
    return and(...conditions) ?? sql`false`
  }

  return {
    /** Sealing: only the family's own team manager, who stays named. */
    async sealing(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const [row] = await tx.select({ sealed: families.sealed, teamId: families.teamId }).from(families).where(eq(families.id, familyId))
        // Only the manager of the family's own team: not one who sees it by breaking the glass or allocation.
        if (actor.role !== 'team-manager' || row?.teamId !== actor.teamId) throw new NotFoundError('family')
        const named = await tx.select({ userId: sealedFamilyStaff.userId }).from(sealedFamilyStaff).where(eq(sealedFamilyStaff.familyId, familyId))
        const staff = await tx.select({ id: users.id, name: users.displayName, role: users.role }).from(users)
          .where(and(inArray(users.role, ['practitioner', 'team-manager', 'conference-chair']), eq(users.status, 'active'))).orderBy(asc(users.displayName))
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'protection.sealing-viewed', subjectType: 'family', subjectId: familyId, requestId: actor.requestId })
        return { family, sealed: row.sealed, named: named.map((item) => item.userId), staff }
      })
    },

    async setSealing(actor: Actor, familyId: string, sealed: boolean, namedUserIds: string[]): Promise<void> {
      await database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const [own] = await tx.select({ teamId: families.teamId }).from(families).where(eq(families.id, familyId))
        if (actor.role !== 'team-manager' || own?.teamId !== actor.teamId) throw new NotFoundError('family')
        const staff = new Set((await tx.select({ id: users.id }).from(users).where(inArray(users.role, ['practitioner', 'team-manager', 'conference-chair']))).map((row) => row.id))
        // The manager sealing it stays named, or they would lose the family they just sealed.
        const named = [...new Set([...namedUserIds.filter((id) => staff.has(id)), actor.userId])]
        await tx.update(families).set({ sealed, updatedAt: new Date() }).where(eq(families.id, familyId))
        await tx.delete(sealedFamilyStaff).where(eq(sealedFamilyStaff.familyId, familyId))
        if (sealed) await tx.insert(sealedFamilyStaff).values(named.map((userId) => ({ organisationId: actor.organisationId, familyId, userId })))
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: sealed ? 'protection.sealed' : 'protection.unsealed', subjectType: 'family', subjectId: familyId, requestId: actor.requestId, details: { named: sealed ? named.length : 0 } })
      })
    },

    /**
     * Families outside this person's work that a child's NHS number leads to. Sealed families are
     * never found this way: only the staff named for them can open them.
     */
    async findOutside(actor: Actor, nhsNumber: string) {
      if (!CASEWORK.includes(actor.role)) throw new ForbiddenError('Only caseworkers break the glass')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        // The visibility rule refers to "families" by name, so the table is not aliased here.
        const rows = await tx.execute<{ id: string; family_name: string; visible: boolean }>(sql`
          select distinct families.id, families.family_name, ${familiesVisibleTo(actor)} as visible
            from families join people p on p.family_id = families.id
           where p.nhs_number = ${nhsNumber} and not families.sealed`)
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'protection.break-glass-search', subjectType: 'organisation', subjectId: actor.organisationId, requestId: actor.requestId, details: { found: rows.rows.length } })
        return rows.rows.map((row) => ({ id: row.id, familyName: row.family_name, alreadyVisible: row.visible }))
      })
    },

    /** The family a break-the-glass form is about, if it can be opened that way (not sealed). */
    async findOutsideById(actor: Actor, familyId: string) {
      if (!CASEWORK.includes(actor.role)) throw new ForbiddenError('Only caseworkers break the glass')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const [family] = await tx.select({ id: families.id, familyName: families.familyName }).from(families).where(and(eq(families.id, familyId), eq(families.sealed, false)))
        if (family === undefined) throw new NotFoundError('family')
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'protection.break-glass-form-viewed', subjectType: 'family', subjectId: familyId, requestId: actor.requestId })
        return family
      })
    },

    /** Opens a family with a written reason for a short time, tells its manager and worker, and logs it. */
    async breakGlass(actor: Actor, familyId: string, reason: string): Promise<Date> {
      if (!CASEWORK.includes(actor.role)) throw new ForbiddenError('Only caseworkers break the glass')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const [family] = await tx.select({ id: families.id, name: families.familyName, teamId: families.teamId, workerId: families.allocatedWorkerId, sealed: families.sealed }).from(families).where(eq(families.id, familyId))
        if (family === undefined || family.sealed) throw new NotFoundError('family')
        const expiresAt = new Date(Date.now() + BREAK_GLASS_MINUTES * 60_000)
        await tx.insert(breakGlassGrants).values({ organisationId: actor.organisationId, familyId, userId: actor.userId, reason, expiresAt })
        const managers = family.teamId === null ? [] : await tx.select({ id: users.id }).from(users).where(and(eq(users.teamId, family.teamId), eq(users.role, 'team-manager'), eq(users.status, 'active')))
        const told = [...new Set([...managers.map((row) => row.id), ...(family.workerId === null ? [] : [family.workerId])])].filter((id) => id !== actor.userId)
        if (told.length > 0) {
          await tx.insert(alerts).values(told.map((userId) => ({
            organisationId: actor.organisationId, userId, familyId,
            message: `${actor.displayName} opened ${family.name}'s record from outside their work ("break the glass"). Their reason: ${reason}`,
          })))
        }
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'family.break-glass', subjectType: 'family', subjectId: familyId, requestId: actor.requestId, details: { reason, expiresAt: expiresAt.toISOString(), told: told.length } })
        return expiresAt
      })
    },

    /** This person's current break-the-glass opening of the family, if any. */
    async openedWithReason(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const [grant] = await tx.select({ expiresAt: breakGlassGrants.expiresAt, reason: breakGlassGrants.reason }).from(breakGlassGrants)
          .where(and(eq(breakGlassGrants.familyId, familyId), eq(breakGlassGrants.userId, actor.userId), sql`${breakGlassGrants.expiresAt} > now()`)).orderBy(desc(breakGlassGrants.expiresAt)).limit(1)
        return grant
      })
    },

    /** Every access to a family's record, from the audit trail: who, when, what, and whether it was break-the-glass. */
    async accessLog(actor: Actor, familyId: string, filter: AccessLogFilter, page: number, pageSize = 50) {
      if (actor.role !== 'team-manager') throw new ForbiddenError('Only team managers see the access log')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const where = accessLogWhere(familyId, filter)
        const rows = await tx.select({
          occurredAt: auditEvents.occurredAt, action: auditEvents.action, outcome: auditEvents.outcome, userId: auditEvents.actorUserId,
          name: users.displayName, role: users.role, details: auditEvents.details,
        }).from(auditEvents).leftJoin(users, eq(users.id, auditEvents.actorUserId)).where(where)
          .orderBy(desc(auditEvents.id)).limit(pageSize).offset((page - 1) * pageSize)
        const [total] = await tx.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(where)
        const people = await tx.execute<{ id: string; name: string }>(sql`
          select distinct u.id, u.display_name as name from ${auditEvents} join ${users} u on u.id = ${auditEvents.actorUserId} where ${accessLogWhere(familyId, {})} order by name`)
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'protection.access-log-viewed', subjectType: 'family', subjectId: familyId, requestId: actor.requestId, details: { page } })
        return { family, rows, total: total?.n ?? 0, people: people.rows }
      })
    },

    async alerts(actor: Actor) {
      return database.inOrganisation(actor.organisationId, async (tx) => tx.select({ id: alerts.id, message: alerts.message, createdAt: alerts.createdAt, familyId: alerts.familyId })
        .from(alerts).where(and(eq(alerts.userId, actor.userId), eq(alerts.dismissed, false))).orderBy(desc(alerts.createdAt)).limit(20))
    },

    async dismissAlert(actor: Actor, alertId: string): Promise<void> {
      await database.inOrganisation(actor.organisationId, async (tx) => {
        const done = await tx.update(alerts).set({ dismissed: true, readAt: new Date() }).where(and(eq(alerts.id, alertId), eq(alerts.userId, actor.userId), isNull(alerts.readAt))).returning({ id: alerts.id })
        if (done.length === 0) throw new NotFoundError('alert')
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'protection.alert-dismissed', subjectType: 'alert', subjectId: alertId, requestId: actor.requestId })
      })
    },
  }
}

export type ProtectionService = ReturnType<typeof createProtectionService>
