import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import {
  booklets, mapEntries, mapEntryVersions, maps, networkMeetings, networkMembers, networkToldRecords, people, safetyPlans, users,
  type MapCategory,
} from '../../db/schema/index.js'

/** Queries for the safety network. SQL only: the rules are in the service. */

function memberQuery(tx: Transaction) {
  return tx.select({
    id: networkMembers.id, personId: networkMembers.personId, givenName: people.givenName, familyName: people.familyNameOfPerson, knownAs: people.knownAs,
    kind: people.kind, relationshipToChild: networkMembers.relationshipToChild, closeness: networkMembers.closeness, commitments: networkMembers.commitments,
    joinedOn: networkMembers.joinedOn, leftOn: networkMembers.leftOn, version: networkMembers.version, updatedAt: networkMembers.updatedAt,
  }).from(networkMembers).innerJoin(people, eq(people.id, networkMembers.personId))
}

export async function members(tx: Transaction, familyId: string) {
  return memberQuery(tx).where(eq(networkMembers.familyId, familyId))
    .orderBy(asc(networkMembers.closeness), asc(networkMembers.joinedOn), asc(people.givenName), asc(networkMembers.id))
}

export type MemberRow = Awaited<ReturnType<typeof members>>[number]

export async function member(tx: Transaction, familyId: string, memberId: string, forUpdate = false): Promise<MemberRow | undefined> {
  const query = memberQuery(tx).where(and(eq(networkMembers.id, memberId), eq(networkMembers.familyId, familyId)))
  const [row] = forUpdate ? await query.for('update', { of: networkMembers }) : await query
  return row
}

export async function memberSubmission(tx: Transaction, familyId: string, submissionId: string) {
  const [row] = await tx.select({ id: networkMembers.id }).from(networkMembers)
    .where(and(eq(networkMembers.familyId, familyId), eq(networkMembers.submissionId, submissionId)))
  return row
}

export async function memberForPerson(tx: Transaction, personId: string) {
  const [row] = await tx.select({ id: networkMembers.id }).from(networkMembers).where(eq(networkMembers.personId, personId))
  return row
}

/**
 * Holds any other transaction adding a member from the same form until this one ends. Without it,
 * a double submit could add the new person to the record twice before the member's unique
 * submission index turned the second one away.
 */
export async function lockMemberSubmission(tx: Transaction, familyId: string, submissionId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`network-member:${familyId}:${submissionId}`}, 0))`)
}

export async function toldRecords(tx: Transaction, familyId: string) {
  return tx.select({
    id: networkToldRecords.id, memberId: networkToldRecords.memberId, toldOn: networkToldRecords.toldOn, items: networkToldRecords.items,
    mapVersion: networkToldRecords.mapVersion, planVersion: networkToldRecords.planVersion, booklets: networkToldRecords.booklets,
    toldBy: networkToldRecords.toldBy, note: networkToldRecords.note, recordedByName: users.displayName, recordedAt: networkToldRecords.recordedAt,
  }).from(networkToldRecords).innerJoin(users, eq(users.id, networkToldRecords.recordedBy))
    .where(eq(networkToldRecords.familyId, familyId)).orderBy(desc(networkToldRecords.toldOn), desc(networkToldRecords.recordedAt))
}

export type ToldRow = Awaited<ReturnType<typeof toldRecords>>[number]

export async function toldSubmission(tx: Transaction, familyId: string, submissionId: string) {
  const [row] = await tx.select({ id: networkToldRecords.id, memberId: networkToldRecords.memberId }).from(networkToldRecords)
    .where(and(eq(networkToldRecords.familyId, familyId), eq(networkToldRecords.submissionId, submissionId)))
  return row
}

export async function meetings(tx: Transaction, familyId: string) {
  return tx.select({
    id: networkMeetings.id, heldOn: networkMeetings.heldOn, attendeeMemberIds: networkMeetings.attendeeMemberIds, otherAttendees: networkMeetings.otherAttendees,
    agreed: networkMeetings.agreed, recordedByName: users.displayName, recordedAt: networkMeetings.recordedAt,
  }).from(networkMeetings).innerJoin(users, eq(users.id, networkMeetings.recordedBy))
    .where(eq(networkMeetings.familyId, familyId)).orderBy(desc(networkMeetings.heldOn), desc(networkMeetings.recordedAt))
}

export type MeetingRow = Awaited<ReturnType<typeof meetings>>[number]

export async function meetingSubmission(tx: Transaction, familyId: string, submissionId: string) {
  const [row] = await tx.select({ id: networkMeetings.id }).from(networkMeetings)
    .where(and(eq(networkMeetings.familyId, familyId), eq(networkMeetings.submissionId, submissionId)))
  return row
}

export interface MapChangeThatDay { day: string; category: MapCategory; change: 'added' | 'changed' | 'removed'; text: string; mapVersion: number; typedAt: Date }

/** Every change typed on the family's maps on these days (days as they are in England). */
export async function mapChangesOn(tx: Transaction, familyId: string, days: string[]): Promise<MapChangeThatDay[]> {
  if (days.length === 0) return []
  const day = sql<string>`((${mapEntryVersions.typedAt} at time zone 'Europe/London')::date)::text`
  const rows = await tx.select({
    day, category: mapEntries.category, change: mapEntryVersions.change, text: mapEntryVersions.text, mapVersion: mapEntryVersions.mapVersion, typedAt: mapEntryVersions.typedAt,
  }).from(mapEntryVersions)
    .innerJoin(mapEntries, eq(mapEntries.id, mapEntryVersions.entryId))
    .innerJoin(maps, eq(maps.id, mapEntryVersions.mapId))
    .where(and(eq(maps.familyId, familyId), sql`(${mapEntryVersions.typedAt} at time zone 'Europe/London')::date in (${sql.join(days.map((value) => sql`${value}::date`), sql`, `)})`))
    .orderBy(asc(mapEntryVersions.typedAt), asc(mapEntryVersions.mapVersion))
  return rows
}

export async function safetyPlanVersion(tx: Transaction, familyId: string): Promise<number | null> {
  const [row] = await tx.select({ version: safetyPlans.version }).from(safetyPlans).where(eq(safetyPlans.familyId, familyId))
  return row?.version ?? null
}

export async function familyBooklets(tx: Transaction, familyId: string) {
  return tx.select({ bookletId: booklets.id, version: booklets.currentVersion, title: booklets.title })
    .from(booklets).where(eq(booklets.familyId, familyId)).orderBy(asc(booklets.createdAt), asc(booklets.id))
}

export async function peopleByIds(tx: Transaction, familyId: string, ids: string[]) {
  if (ids.length === 0) return []
  return tx.select({ id: people.id, kind: people.kind }).from(people).where(and(eq(people.familyId, familyId), inArray(people.id, ids)))
}

export async function insertOtherAdult(tx: Transaction, values: { organisationId: string; familyId: string; givenName: string; familyName: string }): Promise<string> {
  const [person] = await tx.insert(people).values({
    organisationId: values.organisationId, familyId: values.familyId, kind: 'other-adult', givenName: values.givenName, familyNameOfPerson: values.familyName,
  }).returning({ id: people.id })
  if (person === undefined) throw new Error('person not added')
  return person.id
}

export async function insertMember(tx: Transaction, values: typeof networkMembers.$inferInsert): Promise<string> {
  const [added] = await tx.insert(networkMembers).values(values).returning({ id: networkMembers.id })
  if (added === undefined) throw new Error('network member not added')
  return added.id
}

export async function updateMember(tx: Transaction, familyId: string, memberId: string, version: number, fields: {
  relationshipToChild: string; closeness: number; joinedOn: string; commitments: string; leftOn: string | null
}): Promise<void> {
  await tx.update(networkMembers).set({ ...fields, version, updatedAt: new Date() })
    .where(and(eq(networkMembers.id, memberId), eq(networkMembers.familyId, familyId)))
}

/** A told record, once per submission: undefined when this submission saved one already. */
export async function insertTold(tx: Transaction, values: typeof networkToldRecords.$inferInsert): Promise<string | undefined> {
  const [row] = await tx.insert(networkToldRecords).values(values)
    .onConflictDoNothing({ target: [networkToldRecords.familyId, networkToldRecords.submissionId] }).returning({ id: networkToldRecords.id })
  return row?.id
}

/** A meeting, once per submission: undefined when this submission saved one already. */
export async function insertMeeting(tx: Transaction, values: typeof networkMeetings.$inferInsert): Promise<string | undefined> {
  const [row] = await tx.insert(networkMeetings).values(values)
    .onConflictDoNothing({ target: [networkMeetings.familyId, networkMeetings.submissionId] }).returning({ id: networkMeetings.id })
  return row?.id
}

/** The network members still in the network, by name, with what they are known as to the children and what they committed to. */
export async function currentCommitments(tx: Transaction, familyId: string): Promise<{ memberId: string; givenName: string; familyName: string; knownAs: string | null; relationshipToChild: string; commitments: string }[]> {
  const rows = await memberQuery(tx).where(and(eq(networkMembers.familyId, familyId), sql`${networkMembers.leftOn} is null`))
    .orderBy(asc(networkMembers.closeness), asc(people.givenName), asc(networkMembers.id))
  return rows.map((row) => ({ memberId: row.id, givenName: row.givenName, familyName: row.familyName, knownAs: row.knownAs, relationshipToChild: row.relationshipToChild, commitments: row.commitments }))
}
