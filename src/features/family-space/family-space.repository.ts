import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { familyMemberAccess } from '../../family-record/index.js'
import {
  agencies, bookletAdditions, bookletComments, bookletResponses, booklets, bookletShares, bookletVersions, childWords, families, familyComments, familyMeetings,
  familyAccess, languageTerms, networkMembers, partnerReports, people, pictures, safetyPlanAgreements, safetyPlanCheckIns, trajectoryStages, users,
  type BookletPage, type FamilyAccessKind,
} from '../../db/schema/index.js'

/**
 * Queries for a family's own space. Every one names the columns it reads: what a family or network
 * member sees is built from these allow-lists, never from a whole record with parts taken out.
 */

/** The signed-in family or network member, and the family their access belongs to. */
export interface Reader {
  userId: string
  familyId: string
  familyName: string
  accessId: string
  kind: FamilyAccessKind
  personId: string
  name: string
}

/** The family this person's own access is to, while it lasts (the first, should there ever be more than one). */
export async function memberFamilyId(tx: Transaction, userId: string): Promise<string | undefined> {
  const [row] = await tx.select({ familyId: families.id }).from(familyAccess).innerJoin(families, eq(families.id, familyAccess.familyId))
    .where(and(eq(familyAccess.userId, userId), familyMemberAccess(userId)))
  return row?.familyId
}

/** Who this person is in the family: their access, its kind, and their person in the family's record. */
export async function memberAccess(tx: Transaction, familyId: string, userId: string): Promise<{ accessId: string; kind: FamilyAccessKind; personId: string } | undefined> {
  const [row] = await tx.select({ accessId: familyAccess.id, kind: familyAccess.kind, personId: familyAccess.personId }).from(familyAccess)
    .where(and(eq(familyAccess.familyId, familyId), eq(familyAccess.userId, userId), isNull(familyAccess.endedAt)))
  return row
}

export async function personName(tx: Transaction, familyId: string, personId: string): Promise<string> {
  const [row] = await tx.select({ givenName: people.givenName, familyName: people.familyNameOfPerson }).from(people)
    .where(and(eq(people.id, personId), eq(people.familyId, familyId)))
  return row === undefined ? '' : `${row.givenName} ${row.familyName}`
}

/** The family's allocated worker, if they have one: their name and work phone, and nothing else about them. */
export async function workerContact(tx: Transaction, familyId: string): Promise<{ name: string; workPhone: string } | null> {
  const [row] = await tx.select({ name: users.displayName, workPhone: users.workPhone }).from(families).innerJoin(users, eq(users.id, families.allocatedWorkerId))
    .where(and(eq(families.id, familyId), eq(users.status, 'active')))
  return row ?? null
}

/**
 * Which of the children's words this reader may see: what the child shared with parents (a parent),
 * or with the network (a network member). A young person sees only their own words: a brother or
 * sister who chose to share with their parents did not choose to share with them.
 */
function childWordsVisibleTo(reader: Reader): SQL {
  switch (reader.kind) {
    case 'parent-carer': return eq(childWords.parentsMaySee, true)
    case 'network-member': return eq(childWords.networkMaySee, true)
    case 'young-person': return eq(childWords.childPersonId, reader.personId)
  }
}

export interface VisibleChildWords { id: string; childName: string; words: string; pictureId: string | null; pictureDescription: string | null }

export async function visibleChildWords(tx: Transaction, reader: Reader): Promise<VisibleChildWords[]> {
  const rows = await tx.select({
    id: childWords.id, givenName: people.givenName, knownAs: people.knownAs, words: childWords.words, pictureId: childWords.pictureId, pictureDescription: pictures.description,
  }).from(childWords).innerJoin(people, eq(people.id, childWords.childPersonId)).leftJoin(pictures, eq(pictures.id, childWords.pictureId))
    .where(and(eq(childWords.familyId, reader.familyId), childWordsVisibleTo(reader)))
  return rows.map((row) => ({ id: row.id, childName: row.knownAs ?? row.givenName, words: row.words, pictureId: row.pictureId, pictureDescription: row.pictureDescription }))
}

export async function organisationTerms(tx: Transaction) {
  return tx.select({ term: languageTerms.term, suggestion: languageTerms.suggestion, explanation: languageTerms.explanation }).from(languageTerms)
}

/** What this person has said themselves, about the map's entries or the plan. */
export async function ownComments(tx: Transaction, familyId: string, userId: string, about: 'map-entry' | 'plan') {
  return tx.select({ id: familyComments.id, entryId: familyComments.entryId, text: familyComments.text, createdAt: familyComments.createdAt })
    .from(familyComments).where(and(eq(familyComments.familyId, familyId), eq(familyComments.authorId, userId), eq(familyComments.about, about)))
    .orderBy(asc(familyComments.createdAt))
}

export async function commentSaved(tx: Transaction, familyId: string, submissionId: string): Promise<boolean> {
  const [row] = await tx.select({ id: familyComments.id }).from(familyComments).where(and(eq(familyComments.familyId, familyId), eq(familyComments.submissionId, submissionId)))
  return row !== undefined
}

export async function insertComment(tx: Transaction, values: { organisationId: string; familyId: string; entryId: string | null; about: 'map-entry' | 'plan'; text: string; authorId: string; submissionId: string }): Promise<string | undefined> {
  const [row] = await tx.insert(familyComments).values(values).onConflictDoNothing().returning({ id: familyComments.id })
  return row?.id
}

/** Makes a second sending of the same form wait for the first, so that it is saved once. */
export async function lockSubmission(tx: Transaction, what: string, familyId: string, submissionId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`family-space:${what}:${familyId}:${submissionId}`}, 0))`)
}

export async function planCheckIns(tx: Transaction, planId: string) {
  return tx.select({ ruleId: safetyPlanCheckIns.ruleId, checkedOn: safetyPlanCheckIns.checkedOn, result: safetyPlanCheckIns.result, note: safetyPlanCheckIns.note, recordedBy: safetyPlanCheckIns.recordedBy })
    .from(safetyPlanCheckIns).where(eq(safetyPlanCheckIns.planId, planId)).orderBy(desc(safetyPlanCheckIns.checkedOn), desc(safetyPlanCheckIns.recordedAt))
}

export async function checkInSaved(tx: Transaction, planId: string, submissionId: string): Promise<boolean> {
  const [row] = await tx.select({ id: safetyPlanCheckIns.id }).from(safetyPlanCheckIns).where(and(eq(safetyPlanCheckIns.planId, planId), eq(safetyPlanCheckIns.submissionId, submissionId))).limit(1)
  return row !== undefined
}

export async function insertCheckIn(tx: Transaction, values: { organisationId: string; planId: string; ruleId: string; checkedOn: string; result: 'kept' | 'not-kept' | 'not-tested'; checkedBy: string; note: string; recordedBy: string; submissionId: string }): Promise<boolean> {
  const inserted = await tx.insert(safetyPlanCheckIns).values(values).onConflictDoNothing().returning({ id: safetyPlanCheckIns.id })
  return inserted.length > 0
}

export async function latestAgreement(tx: Transaction, planId: string) {
  const [row] = await tx.select({ planVersion: safetyPlanAgreements.planVersion, agreedBy: safetyPlanAgreements.agreedBy, agreedOn: safetyPlanAgreements.agreedOn })
    .from(safetyPlanAgreements).where(eq(safetyPlanAgreements.planId, planId)).orderBy(desc(safetyPlanAgreements.recordedAt)).limit(1)
  return row
}

export async function stages(tx: Transaction, planId: string) {
  return tx.select({ id: trajectoryStages.id, title: trajectoryStages.title, description: trajectoryStages.description, startsOn: trajectoryStages.startsOn, reviewOn: trajectoryStages.reviewOn })
    .from(trajectoryStages).where(and(eq(trajectoryStages.planId, planId), isNull(trajectoryStages.removedAt))).orderBy(asc(trajectoryStages.startsOn))
}

/** The safety network's promises: each member's name, how they know the children, and what they will do. Never how to reach them. */
export async function networkCommitments(tx: Transaction, familyId: string) {
  return tx.select({ givenName: people.givenName, familyName: people.familyNameOfPerson, relationship: networkMembers.relationshipToChild, commitments: networkMembers.commitments })
    .from(networkMembers).innerJoin(people, eq(people.id, networkMembers.personId))
    .where(and(eq(networkMembers.familyId, familyId), isNull(networkMembers.leftOn)))
    .orderBy(asc(networkMembers.closeness), asc(networkMembers.joinedOn), asc(people.givenName))
}

export async function familyBooklets(tx: Transaction, familyId: string, childPersonId?: string) {
  return tx.select({ id: booklets.id, childPersonId: booklets.childPersonId, currentVersion: booklets.currentVersion, givenName: people.givenName, knownAs: people.knownAs })
    .from(booklets).innerJoin(people, eq(people.id, booklets.childPersonId))
    .where(and(eq(booklets.familyId, familyId), childPersonId === undefined ? undefined : eq(booklets.childPersonId, childPersonId)))
    .orderBy(sql`${people.dateOfBirth} nulls last`, asc(booklets.createdAt))
}

/** Which versions of a booklet the parents answered (and whether they agreed), and which were shared with the child. */
export async function bookletMilestones(tx: Transaction, bookletId: string) {
  const responses = await tx.select({ version: bookletResponses.version, agrees: bookletResponses.agrees }).from(bookletResponses).where(eq(bookletResponses.bookletId, bookletId))
  const shares = await tx.select({ version: bookletShares.version }).from(bookletShares).where(eq(bookletShares.bookletId, bookletId))
  return { responses, sharedVersions: shares.map((share) => share.version) }
}

export async function bookletVersion(tx: Transaction, bookletId: string, version: number): Promise<{ title: string; pages: BookletPage[] } | undefined> {
  const [row] = await tx.select({ title: bookletVersions.title, pages: bookletVersions.pages }).from(bookletVersions)
    .where(and(eq(bookletVersions.bookletId, bookletId), eq(bookletVersions.version, version)))
  return row
}

/**
 * The child's additions to a booklet. With `parentsMaySeeOnly`, what the child kept from their
 * parents is never read from the database at all.
 */
export async function bookletAdditionsFor(tx: Transaction, bookletId: string, options: { parentsMaySeeOnly: boolean }) {
  return tx.select({ addedOn: bookletAdditions.addedOn, words: bookletAdditions.words, pictureId: bookletAdditions.pictureId })
    .from(bookletAdditions)
    .where(and(eq(bookletAdditions.bookletId, bookletId), options.parentsMaySeeOnly ? eq(bookletAdditions.parentsMaySee, true) : undefined))
    .orderBy(asc(bookletAdditions.addedOn), asc(bookletAdditions.recordedAt))
}

export async function pictureDescriptions(tx: Transaction, familyId: string, pictureIds: string[]): Promise<Map<string, string>> {
  if (pictureIds.length === 0) return new Map()
  const rows = await tx.select({ id: pictures.id, description: pictures.description }).from(pictures).where(and(eq(pictures.familyId, familyId), inArray(pictures.id, pictureIds)))
  return new Map(rows.map((row) => [row.id, row.description]))
}

export async function pictureFile(tx: Transaction, familyId: string, pictureId: string) {
  const [row] = await tx.select({ mediaType: pictures.mediaType, bytes: pictures.bytes }).from(pictures).where(and(eq(pictures.id, pictureId), eq(pictures.familyId, familyId)))
  return row
}

/** Meetings about the family from today on. */
export async function upcomingMeetings(tx: Transaction, familyId: string, today: string) {
  return tx.select({ id: familyMeetings.id, title: familyMeetings.title, heldOn: familyMeetings.heldOn, startsAt: familyMeetings.startsAt, place: familyMeetings.place })
    .from(familyMeetings).where(and(eq(familyMeetings.familyId, familyId), gte(familyMeetings.heldOn, today)))
    .orderBy(asc(familyMeetings.heldOn), sql`${familyMeetings.startsAt} nulls last`, asc(familyMeetings.createdAt))
}

/** Partners' reports for these meetings that the worker has released to the family. Others are never read. */
export async function releasedReports(tx: Transaction, familyId: string, meetingIds: string[]) {
  if (meetingIds.length === 0) return []
  return tx.select({
    meetingId: partnerReports.meetingId, agency: agencies.name, author: users.displayName, worries: partnerReports.worries, workingWell: partnerReports.workingWell,
    needsToHappen: partnerReports.needsToHappen, scale: partnerReports.scale, releasedAt: partnerReports.releasedAt,
  }).from(partnerReports).innerJoin(agencies, eq(agencies.id, partnerReports.agencyId)).innerJoin(users, eq(users.id, partnerReports.authorId))
    .where(and(eq(partnerReports.familyId, familyId), inArray(partnerReports.meetingId, meetingIds), isNotNull(partnerReports.releasedAt)))
    .orderBy(asc(agencies.name), asc(partnerReports.submittedAt))
}

export interface OwnBookletComment { id: string; bookletId: string; bookletVersion: number; pageNumber: number | null; text: string; createdAt: Date; replies: { text: string; by: string; createdAt: Date }[] }

/**
 * What this person said about these booklets, and the workers' replies to them. Nobody else's
 * comments are read: two parents may not share what they tell the worker.
 */
export async function ownBookletComments(tx: Transaction, familyId: string, userId: string, bookletIds: string[]): Promise<OwnBookletComment[]> {
  if (bookletIds.length === 0) return []
  const own = await tx.select({
    id: bookletComments.id, bookletId: bookletComments.bookletId, bookletVersion: bookletComments.bookletVersion, pageNumber: bookletComments.pageNumber,
    text: bookletComments.text, createdAt: bookletComments.createdAt,
  }).from(bookletComments)
    .where(and(eq(bookletComments.familyId, familyId), eq(bookletComments.authorId, userId), isNull(bookletComments.replyToId), inArray(bookletComments.bookletId, bookletIds)))
    .orderBy(asc(bookletComments.createdAt), asc(bookletComments.id))
  if (own.length === 0) return []
  const replies = await tx.select({ replyToId: bookletComments.replyToId, text: bookletComments.text, by: bookletComments.authorName, createdAt: bookletComments.createdAt })
    .from(bookletComments).where(and(eq(bookletComments.familyId, familyId), inArray(bookletComments.replyToId, own.map((comment) => comment.id))))
    .orderBy(asc(bookletComments.createdAt))
  return own.map((comment) => ({ ...comment, replies: replies.filter((reply) => reply.replyToId === comment.id).map(({ text, by, createdAt }) => ({ text, by, createdAt })) }))
}

export async function bookletCommentSaved(tx: Transaction, familyId: string, submissionId: string): Promise<boolean> {
  const [row] = await tx.select({ id: bookletComments.id }).from(bookletComments).where(and(eq(bookletComments.familyId, familyId), eq(bookletComments.submissionId, submissionId)))
  return row !== undefined
}

export async function insertBookletComment(tx: Transaction, values: { organisationId: string; familyId: string; bookletId: string; bookletVersion: number; pageNumber: number | null; text: string; authorId: string; authorName: string; submissionId: string }): Promise<string | undefined> {
  const [row] = await tx.insert(bookletComments).values(values).onConflictDoNothing().returning({ id: bookletComments.id })
  return row?.id
}
