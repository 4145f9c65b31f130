import { and, count, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Transaction } from '../../platform/db/database.js'
import { auditEvents, users } from '../../db/schema/index.js'

/** The audit actions an administrator sees as sign-in activity and account changes, by group. */
export const ACTIVITY_GROUPS = {
  'sign-ins': ['sign-in', 'sign-out', 'sign-in.second-factor', 'sign-in.recovery-code'],
  'account-changes': ['user.created', 'user.changed', 'user.disabled', 'user.enabled', 'user.second-factor-reset', 'user.password-reset', 'second-factor.set-up', 'password.changed', 'settings.second-factor-changed'],
} as const
export type ActivityGroup = keyof typeof ACTIVITY_GROUPS

export interface ActivityFilter { group: ActivityGroup | ''; outcome: 'success' | 'failure' | 'denied' | ''; from: Date | undefined; to: Date | undefined }

export async function listActivity(tx: Transaction, filter: ActivityFilter, limit: number, offset: number) {
  const actions = filter.group === '' ? [...ACTIVITY_GROUPS['sign-ins'], ...ACTIVITY_GROUPS['account-changes']] : [...ACTIVITY_GROUPS[filter.group]]
  const conditions = [inArray(auditEvents.action, actions)]
  if (filter.outcome !== '') conditions.push(eq(auditEvents.outcome, filter.outcome))
  if (filter.from !== undefined) conditions.push(gte(auditEvents.occurredAt, filter.from))
  if (filter.to !== undefined) conditions.push(lt(auditEvents.occurredAt, filter.to))
  const where = and(...conditions)
  const actorUser = alias(users, 'actor_user')
  const subjectUser = alias(users, 'subject_user')
  const rows = await tx.select({
    id: auditEvents.id, occurredAt: auditEvents.occurredAt, action: auditEvents.action, outcome: auditEvents.outcome,
    details: auditEvents.details, actorName: actorUser.displayName, actorRole: actorUser.role, subjectName: subjectUser.displayName, subjectRole: subjectUser.role,
  }).from(auditEvents)
    .leftJoin(actorUser, eq(actorUser.id, auditEvents.actorUserId))
    .leftJoin(subjectUser, and(eq(auditEvents.subjectType, 'user'), eq(sql`${subjectUser.id}::text`, auditEvents.subjectId)))
    .where(where).orderBy(desc(auditEvents.id)).limit(limit).offset(offset)
  const [total] = await tx.select({ n: count() }).from(auditEvents).where(where)
  return { rows, total: total?.n ?? 0 }
}
