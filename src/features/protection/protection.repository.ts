import { and, asc, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { alerts, auditEvents, breakGlassGrants, families, sealedFamilyStaff, users } from '../../db/schema/index.js'
import { CASEWORKERS, familiesVisibleTo } from '../../family-record/index.js'
import type { Actor } from '../../platform/http/types.js'


export async function sealingOf(tx: Transaction, familyId: string) {
  const [row] = await tx.select({ sealed: families.sealed, teamId: families.teamId }).from(families).where(eq(families.id, familyId))
  return row
}

export async function namedStaff(tx: Transaction, familyId: string) {
  return (await tx.select({ userId: sealedFamilyStaff.userId }).from(sealedFamilyStaff).where(eq(sealedFamilyStaff.familyId, familyId))).map((row) => row.userId)
}

export async function activeCaseworkers(tx: Transaction) {
  return tx.select({ id: users.id, name: users.displayName, role: users.role }).from(users)
    .where(and(inArray(users.role, [...CASEWORKERS]), eq(users.status, 'active'))).orderBy(asc(users.displayName))
}

export async function caseworkerIds(tx: Transaction): Promise<Set<string>> {
  return new Set((await tx.select({ id: users.id }).from(users).where(inArray(users.role, [...CASEWORKERS]))).map((row) => row.id))
}

export async function setSealing(tx: Transaction, organisationId: string, familyId: string, sealed: boolean, named: string[]): Promise<void> {
  await tx.update(families).set({ sealed, updatedAt: new Date() }).where(eq(families.id, familyId))
  await tx.delete(sealedFamilyStaff).where(eq(sealedFamilyStaff.familyId, familyId))
  if (sealed) await tx.insert(sealedFamilyStaff).values(named.map((userId) => ({ organisationId, familyId, userId })))
}

/** Families a child's NHS number leads to, and whether this person sees each already. Sealed families are never found this way. */
export async function familiesByNhsNumber(tx: Transaction, actor: Actor, nhsNumber: string) {
  // The visibility rule refers to "families" by name, so the table is not aliased here.
  const rows = await tx.execute<{ id: string; family_name: string; visible: boolean }>(sql`
    select distinct families.id, families.family_name, ${familiesVisibleTo(actor)} as visible
      from families join people p on p.family_id = families.id
     where p.nhs_number = ${nhsNumber} and not families.sealed`)
  return rows.rows.map((row) => ({ id: row.id, familyName: row.family_name, alreadyVisible: row.visible }))
}

export async function unsealedFamily(tx: Transaction, familyId: string) {
  const [family] = await tx.select({ id: families.id, familyName: families.familyName, teamId: families.teamId, workerId: families.allocatedWorkerId })
    .from(families).where(and(eq(families.id, familyId), eq(families.sealed, false)))
  return family
}

export async function grantBreakGlass(tx: Transaction, grant: { organisationId: string; familyId: string; userId: string; reason: string; expiresAt: Date }): Promise<void> {
  await tx.insert(breakGlassGrants).values(grant)
}

export async function activeManagersOf(tx: Transaction, teamId: string) {
  return (await tx.select({ id: users.id }).from(users).where(and(eq(users.teamId, teamId), eq(users.role, 'team-manager'), eq(users.status, 'active')))).map((row) => row.id)
}

/** The organisation's administrators: who hears of an opening when the family's team has no manager. */
export async function activeAdministrators(tx: Transaction) {
  return (await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'organisation-administrator'), eq(users.status, 'active')))).map((row) => row.id)
}

export async function insertAlerts(tx: Transaction, organisationId: string, familyId: string | null, userIds: string[], message: string): Promise<void> {
  if (userIds.length === 0) return
  await tx.insert(alerts).values(userIds.map((userId) => ({ organisationId, userId, familyId, message })))
}

export async function currentGrant(tx: Transaction, familyId: string, userId: string) {
  const [grant] = await tx.select({ expiresAt: breakGlassGrants.expiresAt, reason: breakGlassGrants.reason }).from(breakGlassGrants)
    .where(and(eq(breakGlassGrants.familyId, familyId), eq(breakGlassGrants.userId, userId), sql`${breakGlassGrants.expiresAt} > now()`)).orderBy(desc(breakGlassGrants.expiresAt)).limit(1)
  return grant
}

export interface AccessLogFilter { userId?: string; from?: string; to?: string }

function accessLogWhere(familyId: string, filter: AccessLogFilter): SQL {
  const conditions: SQL[] = [sql`((${auditEvents.subjectType} = 'family' and ${auditEvents.subjectId} = ${familyId}) or ${auditEvents.details}->>'familyId' = ${familyId})`]
  if (filter.userId !== undefined) conditions.push(eq(auditEvents.actorUserId, filter.userId))
  if (filter.from !== undefined) conditions.push(gte(auditEvents.occurredAt, new Date(`${filter.from}T00:00:00Z`)))
  if (filter.to !== undefined) conditions.push(lte(auditEvents.occurredAt, new Date(`${filter.to}T23:59:59.999Z`)))
  return and(...conditions) ?? sql`false`
}

export async function accessLog(tx: Transaction, familyId: string, filter: AccessLogFilter, limit: number, offset: number) {
  const where = accessLogWhere(familyId, filter)
  const rows = await tx.select({
    occurredAt: auditEvents.occurredAt, action: auditEvents.action, outcome: auditEvents.outcome, userId: auditEvents.actorUserId,
    name: users.displayName, role: users.role, details: auditEvents.details,
  }).from(auditEvents).leftJoin(users, eq(users.id, auditEvents.actorUserId)).where(where)
    .orderBy(desc(auditEvents.id)).limit(limit).offset(offset)
  const [total] = await tx.select({ n: sql<number>`count(*)::int` }).from(auditEvents).where(where)
  const people = await tx.execute<{ id: string; name: string }>(sql`
    select distinct u.id, u.display_name as name from ${auditEvents} join ${users} u on u.id = ${auditEvents.actorUserId} where ${accessLogWhere(familyId, {})} order by name`)
  return { rows, total: total?.n ?? 0, people: people.rows }
}

export async function alertsFor(tx: Transaction, userId: string) {
  return tx.select({ id: alerts.id, message: alerts.message, createdAt: alerts.createdAt, familyId: alerts.familyId })
    .from(alerts).where(and(eq(alerts.userId, userId), eq(alerts.dismissed, false))).orderBy(desc(alerts.createdAt)).limit(20)
}

export async function dismissAlert(tx: Transaction, alertId: string, userId: string): Promise<boolean> {
  const done = await tx.update(alerts).set({ dismissed: true, readAt: new Date() }).where(and(eq(alerts.id, alertId), eq(alerts.userId, userId), isNull(alerts.readAt))).returning({ id: alerts.id })
  return done.length > 0
}
