import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { agencies, families, familyMeetings, partnerAccess, partnerReports, people, scalingRounds, scalingScores, users, type MapCategory, type PartnerBasis, type VoiceKind } from '../../db/schema/index.js'

/** "Today" as the people using Mapwell count days: in the UK. */
export const TODAY = sql`(now() at time zone 'Europe/London')::date`

export function todayInLondon(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
}

export interface Invitation {
  accessId: string
  familyId: string
  familyName: string
  agencyId: string
  agencyName: string
  basis: PartnerBasis
  invitedAt: Date
}

function invitations(tx: Transaction, userId: string, visible: SQL, familyId?: string) {
  return tx.select({
    accessId: partnerAccess.id, familyId: families.id, familyName: families.familyName, agencyId: partnerAccess.agencyId, agencyName: agencies.name,
    basis: partnerAccess.basis, invitedAt: partnerAccess.invitedAt,
  }).from(partnerAccess)
    .innerJoin(families, eq(families.id, partnerAccess.familyId))
    .innerJoin(agencies, eq(agencies.id, partnerAccess.agencyId))
    .where(and(eq(partnerAccess.userId, userId), isNull(partnerAccess.endedAt), visible, familyId === undefined ? undefined : eq(partnerAccess.familyId, familyId)))
}

/** The families a partner is invited to now (the invitation not ended, the family visible to them). */
export async function liveInvitations(tx: Transaction, userId: string, visible: SQL): Promise<Invitation[]> {
  return invitations(tx, userId, visible).orderBy(asc(families.familyName), asc(families.id))
}

/** A partner's live invitation to one family, locked when they are about to change something, so that ending it waits for them or they for it. */
export async function liveInvitation(tx: Transaction, userId: string, visible: SQL, familyId: string, forUpdate = false): Promise<Invitation | undefined> {
  const query = invitations(tx, userId, visible, familyId)
  const [row] = forUpdate ? await query.for('update', { of: partnerAccess }) : await query
  return row
}

/** The children, by first name and date of birth only. */
export async function childrenOf(tx: Transaction, familyId: string) {
  return tx.select({ givenName: people.givenName, knownAs: people.knownAs, kind: people.kind, dateOfBirth: people.dateOfBirth })
    .from(people).where(and(eq(people.familyId, familyId), inArray(people.kind, ['child', 'unborn-child'])))
    .orderBy(asc(people.dateOfBirth), asc(people.givenName))
}

export interface PartnerEntry { entryId: string; category: MapCategory; text: string; saidByKind: VoiceKind; saidByName: string; ours: boolean }

/**
 * The map's live entries for a partner: the text and whose view it is, and nothing else. A child's
 * own words are left out unless the child chose to share them with their parents and the network.
 */
export async function partnerEntries(tx: Transaction, mapId: string, agencyId: string): Promise<PartnerEntry[]> {
  const result = await tx.execute<{ entry_id: string; category: MapCategory; text: string; said_by_kind: VoiceKind; said_by_name: string; ours: boolean }>(sql`
    select latest.entry_id, latest.category, latest.text, latest.said_by_kind, latest.said_by_name, coalesce(latest.added_by_agency = ${agencyId}, false) as ours
      from (select distinct on (v.entry_id) v.entry_id, e.category, e.child_words_id, e.created_at, v.change, v.text, v.said_by_kind, v.said_by_name,
                   (select u.agency_id from map_entry_versions added join users u on u.id = added.typed_by where added.entry_id = e.id and added.version = 1) as added_by_agency
              from map_entry_versions v join map_entries e on e.id = v.entry_id
             where v.map_id = ${mapId}
             order by v.entry_id, v.version desc) latest
      left join child_words words on words.id = latest.child_words_id
     where latest.change <> 'removed'
       and (latest.child_words_id is null or (words.parents_may_see and words.network_may_see))
     order by latest.created_at, latest.entry_id`)
  return result.rows.map((row) => ({ entryId: row.entry_id, category: row.category, text: row.text, saidByKind: row.said_by_kind, saidByName: row.said_by_name, ours: row.ours }))
}

/** Meetings from today on, with this partner's own report for each, if they have written one. */
export async function upcomingMeetings(tx: Transaction, familyId: string, authorId: string) {
  return tx.select({
    id: familyMeetings.id, title: familyMeetings.title, heldOn: familyMeetings.heldOn, place: familyMeetings.place,
    reportId: partnerReports.id, reportSubmittedAt: partnerReports.submittedAt, reportReleasedAt: partnerReports.releasedAt,
  }).from(familyMeetings)
    .leftJoin(partnerReports, and(eq(partnerReports.meetingId, familyMeetings.id), eq(partnerReports.authorId, authorId)))
    .where(and(eq(familyMeetings.familyId, familyId), sql`${familyMeetings.heldOn} >= ${TODAY}`))
    .orderBy(asc(familyMeetings.heldOn), asc(familyMeetings.createdAt))
}

/** Reports written for this family by people from one agency. */
export async function agencyReports(tx: Transaction, familyId: string, agencyId: string) {
  return tx.select({
    id: partnerReports.id, meetingTitle: familyMeetings.title, meetingHeldOn: familyMeetings.heldOn, authorName: users.displayName,
    worries: partnerReports.worries, workingWell: partnerReports.workingWell, needsToHappen: partnerReports.needsToHappen, scale: partnerReports.scale,
    submittedAt: partnerReports.submittedAt, releasedAt: partnerReports.releasedAt,
  }).from(partnerReports)
    .innerJoin(familyMeetings, eq(familyMeetings.id, partnerReports.meetingId))
    .innerJoin(users, eq(users.id, partnerReports.authorId))
    .where(and(eq(partnerReports.familyId, familyId), eq(partnerReports.agencyId, agencyId)))
    .orderBy(desc(familyMeetings.heldOn), desc(partnerReports.submittedAt))
}

/** Scores recorded on this map by people from one agency. */
export async function agencyScores(tx: Transaction, mapId: string, agencyId: string) {
  return tx.select({
    perspectiveName: scalingScores.perspectiveName, score: scalingScores.score, why: scalingScores.why, onePointHigher: scalingScores.onePointHigher,
    heldOn: scalingRounds.heldOn, recordedAt: scalingScores.recordedAt,
  }).from(scalingScores)
    .innerJoin(scalingRounds, eq(scalingRounds.id, scalingScores.roundId))
    .innerJoin(users, eq(users.id, scalingScores.recordedBy))
    .where(and(eq(scalingRounds.mapId, mapId), eq(users.agencyId, agencyId), sql`(${scalingRounds.blind} = false or ${scalingRounds.revealedAt} is not null)`))
    .orderBy(desc(scalingScores.recordedAt))
}

export async function scoreWithSubmission(tx: Transaction, mapId: string, submissionId: string) {
  const [row] = await tx.select({ id: scalingScores.id }).from(scalingScores).innerJoin(scalingRounds, eq(scalingRounds.id, scalingScores.roundId))
    .where(and(eq(scalingRounds.mapId, mapId), eq(scalingScores.submissionId, submissionId)))
  return row
}

export async function findMeeting(tx: Transaction, familyId: string, meetingId: string) {
  const [row] = await tx.select({ id: familyMeetings.id, title: familyMeetings.title, heldOn: familyMeetings.heldOn, place: familyMeetings.place, passed: sql<boolean>`${familyMeetings.heldOn} < ${TODAY}` })
    .from(familyMeetings).where(and(eq(familyMeetings.id, meetingId), eq(familyMeetings.familyId, familyId)))
  return row
}

export async function ownReport(tx: Transaction, meetingId: string, authorId: string) {
  const [row] = await tx.select({
    id: partnerReports.id, worries: partnerReports.worries, workingWell: partnerReports.workingWell, needsToHappen: partnerReports.needsToHappen,
    scale: partnerReports.scale, submittedAt: partnerReports.submittedAt, releasedAt: partnerReports.releasedAt, submissionId: partnerReports.submissionId,
  }).from(partnerReports).where(and(eq(partnerReports.meetingId, meetingId), eq(partnerReports.authorId, authorId)))
  return row
}

/** Every meeting about a family, newest first, for the worker. */
export async function familyMeetingsOf(tx: Transaction, familyId: string) {
  return tx.select({ id: familyMeetings.id, title: familyMeetings.title, heldOn: familyMeetings.heldOn, place: familyMeetings.place, upcoming: sql<boolean>`${familyMeetings.heldOn} >= ${TODAY}` })
    .from(familyMeetings).where(eq(familyMeetings.familyId, familyId)).orderBy(desc(familyMeetings.heldOn), desc(familyMeetings.createdAt))
}

/** Every partner's report about a family, for the worker, with who wrote it and who released it. */
export async function familyReports(tx: Transaction, familyId: string) {
  const releasers = sql`(select releaser.display_name from users releaser where releaser.id = ${partnerReports.releasedBy})`
  return tx.select({
    id: partnerReports.id, meetingId: partnerReports.meetingId, agencyName: agencies.name, authorName: users.displayName,
    worries: partnerReports.worries, workingWell: partnerReports.workingWell, needsToHappen: partnerReports.needsToHappen, scale: partnerReports.scale,
    submittedAt: partnerReports.submittedAt, releasedAt: partnerReports.releasedAt, releasedByName: sql<string | null>`${releasers}`,
  }).from(partnerReports)
    .innerJoin(users, eq(users.id, partnerReports.authorId))
    .innerJoin(agencies, eq(agencies.id, partnerReports.agencyId))
    .where(eq(partnerReports.familyId, familyId))
    .orderBy(asc(agencies.name), asc(partnerReports.submittedAt))
}
