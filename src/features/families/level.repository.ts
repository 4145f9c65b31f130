import { and, count, desc, eq, type SQL } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { families, levelChangeRequests, organisations, users, type LevelOfHelp } from '../../db/schema/index.js'

export async function stepDownNeedsApproval(tx: Transaction, organisationId: string): Promise<boolean> {
  const [row] = await tx.select({ needed: organisations.stepDownNeedsApproval }).from(organisations).where(eq(organisations.id, organisationId))
  return row?.needed ?? false
}

export async function insertRequest(tx: Transaction, input: {
  organisationId: string; familyId: string; episodeId: string; toLevel: LevelOfHelp | null; change: 'step-down' | 'closure'
  changedOn: string; reason: string; notMet: string[]; overrideReason: string | null; requestedBy: string
}): Promise<string> {
  const [row] = await tx.insert(levelChangeRequests).values(input).returning({ id: levelChangeRequests.id })
  if (row === undefined) throw new Error('request not saved')
  return row.id
}

const requestColumns = {
  id: levelChangeRequests.id, familyId: levelChangeRequests.familyId, episodeId: levelChangeRequests.episodeId, toLevel: levelChangeRequests.toLevel,
  change: levelChangeRequests.change, changedOn: levelChangeRequests.changedOn, reason: levelChangeRequests.reason, notMet: levelChangeRequests.notMet,
  overrideReason: levelChangeRequests.overrideReason, requestedBy: levelChangeRequests.requestedBy, requestedAt: levelChangeRequests.requestedAt,
  status: levelChangeRequests.status, requestedByName: users.displayName,
}

/** The family's request waiting for a manager, if there is one. */
export async function pendingRequestFor(tx: Transaction, familyId: string, lock = false) {
  const query = tx.select(requestColumns).from(levelChangeRequests).innerJoin(users, eq(users.id, levelChangeRequests.requestedBy))
    .where(and(eq(levelChangeRequests.familyId, familyId), eq(levelChangeRequests.status, 'pending')))
  const [row] = lock ? await query.for('update', { of: levelChangeRequests }) : await query
  return row
}

export async function requestOfFamily(tx: Transaction, familyId: string, requestId: string) {
  const [row] = await tx.select(requestColumns).from(levelChangeRequests).innerJoin(users, eq(users.id, levelChangeRequests.requestedBy))
    .where(and(eq(levelChangeRequests.familyId, familyId), eq(levelChangeRequests.id, requestId)))
  return row
}

export async function decideRequest(tx: Transaction, requestId: string, decision: { status: 'approved' | 'returned'; decidedBy: string; decisionReason: string | null }): Promise<void> {
  await tx.update(levelChangeRequests).set({ ...decision, decidedAt: new Date() }).where(eq(levelChangeRequests.id, requestId))
}

/** The latest request a manager returned for this family, so the practitioner sees why. */
export async function lastReturnedRequest(tx: Transaction, familyId: string) {
  const [row] = await tx.select({ decisionReason: levelChangeRequests.decisionReason, decidedAt: levelChangeRequests.decidedAt }).from(levelChangeRequests)
    .where(and(eq(levelChangeRequests.familyId, familyId), eq(levelChangeRequests.status, 'returned'))).orderBy(desc(levelChangeRequests.decidedAt)).limit(1)
  return row
}

/** Requests waiting for a manager, on families the condition `visible` allows, oldest first, a page at a time. */
export async function pendingRequests(tx: Transaction, visible: SQL, limit: number, offset: number) {
  const where = and(eq(levelChangeRequests.status, 'pending'), visible)
  const rows = await tx.select({ ...requestColumns, familyName: families.familyName }).from(levelChangeRequests)
    .innerJoin(families, eq(families.id, levelChangeRequests.familyId)).innerJoin(users, eq(users.id, levelChangeRequests.requestedBy))
    .where(where).orderBy(levelChangeRequests.requestedAt).limit(limit).offset(offset)
  const [total] = await tx.select({ value: count() }).from(levelChangeRequests).innerJoin(families, eq(families.id, levelChangeRequests.familyId)).where(where)
  return { rows, total: total?.value ?? 0 }
}

