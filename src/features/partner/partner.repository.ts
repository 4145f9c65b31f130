import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { TODAY_IN_LONDON as TODAY } from '../../platform/time.js'
import { agencies, families, familyMeetings, partnerAccess, partnerReportVersions, partnerReports, people, users, type AgencyKind, type MapCategory, type PartnerBasis, type VoiceKind } from '../../db/schema/index.js'

export interface Invitation {
  accessId: string
  familyId: string
  familyName: string
  agencyId: string
  agencyName: string
  agencyKind: AgencyKind
  basis: PartnerBasis
  invitedAt: Date
}

function invitations(tx: Transaction, userId: string, visible: SQL | undefined, familyId?: string) {
  return tx.select({
    accessId: partnerAccess.id, familyId: families.id, familyName: families.familyName, agencyId: partnerAccess.agencyId, agencyName: agencies.name, agencyKind: agencies.kind,
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

/**
 * A partner's live invitation to one family (the family's unit of work has checked they may see it),
 * locked when they are about to change something, so that ending it waits for them or they for it.
 */
export async function liveInvitation(tx: Transaction, userId: string, familyId: string, forUpdate = false): Promise<Invitation | undefined> {
  const query = invitations(tx, userId, undefined, familyId)
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
    id: familyMeetings.id, title: familyMeetings.title, heldOn: familyMeetings.heldOn, startsAt: familyMeetings.startsAt, place: familyMeetings.place,
    reportId: partnerReports.id, reportSubmittedAt: partnerReports.submittedAt, reportReleasedAt: partnerReports.releasedAt,
  }).from(familyMeetings)
    .leftJoin(partnerReports, and(eq(partnerReports.meetingId, familyMeetings.id), eq(partnerReports.authorId, authorId)))
    .where(and(eq(familyMeetings.familyId, familyId), sql`${familyMeetings.heldOn} >= ${TODAY}`))
    .orderBy(asc(familyMeetings.heldOn), asc(familyMeetings.createdAt))
}

/** Reports written for this family by people from one agency. */
export async function agencyReports(tx: Transaction, familyId: string, agencyId: string) {
  return tx.select({
    id: partnerReports.id, meetingTitle: familyMeetings.title, meetingHeldOn: familyMeetings.heldOn, meetingStartsAt: familyMeetings.startsAt, authorName: users.displayName,
    worries: partnerReports.worries, workingWell: partnerReports.workingWell, needsToHappen: partnerReports.needsToHappen, scale: partnerReports.scale,
    submittedAt: partnerReports.submittedAt, releasedAt: partnerReports.releasedAt,
  }).from(partnerReports)
    .innerJoin(familyMeetings, eq(familyMeetings.id, partnerReports.meetingId))
    .innerJoin(users, eq(users.id, partnerReports.authorId))
    .where(and(eq(partnerReports.familyId, familyId), eq(partnerReports.agencyId, agencyId)))
    .orderBy(desc(familyMeetings.heldOn), desc(partnerReports.submittedAt))
}

export async function findMeeting(tx: Transaction, familyId: string, meetingId: string) {
  const [row] = await tx.select({ id: familyMeetings.id, title: familyMeetings.title, heldOn: familyMeetings.heldOn, startsAt: familyMeetings.startsAt, place: familyMeetings.place, passed: sql<boolean>`${familyMeetings.heldOn} < ${TODAY}` })
    .from(familyMeetings).where(and(eq(familyMeetings.id, meetingId), eq(familyMeetings.familyId, familyId)))
  return row
}

/** The partner's own report for a meeting, locked when they are about to change or release it. */
export async function ownReport(tx: Transaction, meetingId: string, authorId: string, forUpdate = false) {
  const query = tx.select({
    id: partnerReports.id, worries: partnerReports.worries, workingWell: partnerReports.workingWell, needsToHappen: partnerReports.needsToHappen,
    scale: partnerReports.scale, submittedAt: partnerReports.submittedAt, releasedAt: partnerReports.releasedAt, submissionId: partnerReports.submissionId,
    version: partnerReports.version,
  }).from(partnerReports).where(and(eq(partnerReports.meetingId, meetingId), eq(partnerReports.authorId, authorId)))
  const [row] = forUpdate ? await query.for('update') : await query
  return row
}

/** Every meeting about a family, newest first, for the worker. */
export async function familyMeetingsOf(tx: Transaction, familyId: string) {
  return tx.select({ id: familyMeetings.id, title: familyMeetings.title, heldOn: familyMeetings.heldOn, startsAt: familyMeetings.startsAt, place: familyMeetings.place, upcoming: sql<boolean>`${familyMeetings.heldOn} >= ${TODAY}` })
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

/** The report and version a submission saved, if it was saved already (whichever version it made). */
export async function reportVersionWithSubmission(tx: Transaction, familyId: string, submissionId: string): Promise<{ reportId: string; version: number } | undefined> {
  const [row] = await tx.select({ reportId: partnerReportVersions.reportId, version: partnerReportVersions.version }).from(partnerReportVersions)
    .where(and(eq(partnerReportVersions.familyId, familyId), eq(partnerReportVersions.submissionId, submissionId)))
  return row
}

interface ReportText { worries: string; workingWell: string; needsToHappen: string; scale: number | null }

/** A new report and its first version. */
export async function insertReport(tx: Transaction, values: ReportText & {
  organisationId: string; familyId: string; meetingId: string; authorId: string; agencyId: string; submissionId: string
}): Promise<string> {
  const [created] = await tx.insert(partnerReports).values({ ...values, version: 1 }).returning({ id: partnerReports.id })
  if (created === undefined) throw new Error('report not saved')
  await insertReportVersion(tx, { ...values, reportId: created.id, version: 1, typedBy: values.authorId })
  return created.id
}

async function insertReportVersion(tx: Transaction, values: ReportText & { organisationId: string; familyId: string; reportId: string; version: number; typedBy: string; submissionId: string }): Promise<void> {
  await tx.insert(partnerReportVersions).values({
    organisationId: values.organisationId, familyId: values.familyId, reportId: values.reportId, version: values.version,
    worries: values.worries, workingWell: values.workingWell, needsToHappen: values.needsToHappen, scale: values.scale, typedBy: values.typedBy, submissionId: values.submissionId,
  })
}

/** Changes a report that has not been released (a released one is never changed) as its next version, keeping the text it replaces. */
export async function updateReport(tx: Transaction, ids: { organisationId: string; familyId: string; reportId: string; typedBy: string }, version: number, values: ReportText & { submissionId: string }): Promise<void> {
  const changed = await tx.update(partnerReports).set({ ...values, version, submittedAt: new Date() })
    .where(and(eq(partnerReports.id, ids.reportId), isNull(partnerReports.releasedAt))).returning({ id: partnerReports.id })
  if (changed.length === 0) throw new Error('a released report cannot be changed')
  await insertReportVersion(tx, { ...ids, ...values, version })
}

/** Every saved text of one report, oldest first. */
export async function reportVersions(tx: Transaction, reportId: string) {
  return tx.select({ version: partnerReportVersions.version, worries: partnerReportVersions.worries, workingWell: partnerReportVersions.workingWell, needsToHappen: partnerReportVersions.needsToHappen, scale: partnerReportVersions.scale, typedAt: partnerReportVersions.typedAt })
    .from(partnerReportVersions).where(eq(partnerReportVersions.reportId, reportId)).orderBy(asc(partnerReportVersions.version))
}

export async function meetingWithSubmission(tx: Transaction, familyId: string, submissionId: string): Promise<string | undefined> {
  const [row] = await tx.select({ id: familyMeetings.id }).from(familyMeetings).where(and(eq(familyMeetings.familyId, familyId), eq(familyMeetings.submissionId, submissionId)))
  return row?.id
}

/** A new meeting, or nothing when the same submission was saved at the same moment by another request. */
export async function insertMeeting(tx: Transaction, values: { organisationId: string; familyId: string; title: string; heldOn: string; startsAt: string; place: string; createdBy: string; submissionId: string }): Promise<string | undefined> {
  const [created] = await tx.insert(familyMeetings).values(values).onConflictDoNothing().returning({ id: familyMeetings.id })
  return created?.id
}

/** Releases a report to the parents once: false when it was not there to release (already released, or not this family's). */
export async function releaseReport(tx: Transaction, ids: { familyId: string; meetingId: string; reportId: string; releasedBy: string }): Promise<boolean> {
  const released = await tx.update(partnerReports).set({ releasedAt: new Date(), releasedBy: ids.releasedBy })
    .where(and(eq(partnerReports.id, ids.reportId), eq(partnerReports.meetingId, ids.meetingId), eq(partnerReports.familyId, ids.familyId), isNull(partnerReports.releasedAt)))
    .returning({ id: partnerReports.id })
  return released.length > 0
}

/** The author releases exactly the version they checked: false when it was released already or has changed since. */
export async function releaseOwnReport(tx: Transaction, ids: { reportId: string; version: number; releasedBy: string }): Promise<boolean> {
  const released = await tx.update(partnerReports).set({ releasedAt: new Date(), releasedBy: ids.releasedBy })
    .where(and(eq(partnerReports.id, ids.reportId), eq(partnerReports.version, ids.version), isNull(partnerReports.releasedAt)))
    .returning({ id: partnerReports.id })
  return released.length > 0
}

export async function reportExists(tx: Transaction, ids: { familyId: string; meetingId: string; reportId: string }): Promise<boolean> {
  const [existing] = await tx.select({ id: partnerReports.id }).from(partnerReports)
    .where(and(eq(partnerReports.id, ids.reportId), eq(partnerReports.meetingId, ids.meetingId), eq(partnerReports.familyId, ids.familyId)))
  return existing !== undefined
}
