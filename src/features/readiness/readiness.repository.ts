import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { bookletShares, booklets, episodes, networkMembers, networkToldRecords, organisations, people, safetyPlanCheckIns, safetyPlanGoalTimes, scalingRounds, scalingScores } from '../../db/schema/index.js'

/**
 * What the readiness checklist reads from the rest of the record. It only reads: the features that
 * own these tables write them.
 */
export async function readinessThreshold(tx: Transaction, organisationId: string): Promise<number> {
  const [organisation] = await tx.select({ threshold: organisations.readinessThreshold }).from(organisations).where(eq(organisations.id, organisationId))
  return organisation?.threshold ?? 7
}

export async function goalTimes(tx: Transaction, familyId: string) {
  return tx.select({ goalEntryId: safetyPlanGoalTimes.goalEntryId, weeks: safetyPlanGoalTimes.weeks }).from(safetyPlanGoalTimes)
    .innerJoin(sql`safety_plans sp`, sql`sp.id = ${safetyPlanGoalTimes.planId}`).where(sql`sp.family_id = ${familyId}`)
}

export async function goalCheckIns(tx: Transaction, familyId: string) {
  return tx.select({ goalEntryId: safetyPlanCheckIns.goalEntryId, checkedOn: safetyPlanCheckIns.checkedOn, result: safetyPlanCheckIns.result }).from(safetyPlanCheckIns)
    .innerJoin(sql`safety_plans sp`, sql`sp.id = ${safetyPlanCheckIns.planId}`).where(sql`sp.family_id = ${familyId} and ${safetyPlanCheckIns.goalEntryId} is not null`)
}

export async function currentNetwork(tx: Transaction, familyId: string) {
  const members = await tx.select({ id: networkMembers.id, name: sql<string>`${people.givenName} || ' ' || ${people.familyNameOfPerson}`, commitments: networkMembers.commitments })
    .from(networkMembers).innerJoin(people, eq(people.id, networkMembers.personId)).where(and(eq(networkMembers.familyId, familyId), isNull(networkMembers.leftOn)))
  const told = await tx.select({ memberId: networkToldRecords.memberId, items: networkToldRecords.items, mapVersion: networkToldRecords.mapVersion })
    .from(networkToldRecords).where(eq(networkToldRecords.familyId, familyId)).orderBy(desc(networkToldRecords.toldOn), desc(networkToldRecords.recordedAt))
  return { members, told }
}

export async function bookletsShared(tx: Transaction, familyId: string) {
  return tx.select({ childPersonId: booklets.childPersonId, shares: sql<number>`count(${bookletShares.id})::int` })
    .from(booklets).leftJoin(bookletShares, eq(bookletShares.bookletId, booklets.id)).where(eq(booklets.familyId, familyId)).groupBy(booklets.childPersonId)
}

/** Each perspective's latest whole-map scale that everyone can see (a blind round once revealed). */
export async function latestScales(tx: Transaction, mapId: string) {
  const scores = await tx.execute<{ perspective: string; score: number; held_on: string }>(sql`
    select distinct on (lower(s.perspective_name)) s.perspective_name as perspective, s.score, r.held_on::text as held_on
      from ${scalingScores} s join ${scalingRounds} r on r.id = s.round_id
     where r.map_id = ${mapId} and r.entry_id is null and (not r.blind or r.revealed_at is not null)
     order by lower(s.perspective_name), r.held_on desc, s.recorded_at desc`)
  return scores.rows
}

/** The level of help of the family's open episode, for the level's words (none when no episode is open). */
export async function openLevel(tx: Transaction, familyId: string) {
  const [episode] = await tx.select({ level: episodes.level }).from(episodes).where(and(eq(episodes.familyId, familyId), isNull(episodes.closedOn)))
  return episode?.level
}
