import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import {
  bookletAdditions, bookletComments, bookletResponses, booklets, bookletShares, bookletVersions, people, pictures, users, type BookletPage, type BookletStatus,
} from '../../db/schema/index.js'

export interface BookletRow {
  id: string
  familyId: string
  childPersonId: string
  title: string
  status: BookletStatus
  currentVersion: number
  updatedAt: Date
}

const bookletColumns = {
  id: booklets.id, familyId: booklets.familyId, childPersonId: booklets.childPersonId, title: booklets.title,
  status: booklets.status, currentVersion: booklets.currentVersion, updatedAt: booklets.updatedAt,
}

/** The family's children, born and unborn, oldest first. */
export async function familyChildren(tx: Transaction, familyId: string) {
  return tx.select({ id: people.id, kind: people.kind, givenName: people.givenName, knownAs: people.knownAs, familyName: people.familyNameOfPerson })
    .from(people).where(and(eq(people.familyId, familyId), inArray(people.kind, ['child', 'unborn-child'])))
    .orderBy(sql`${people.dateOfBirth} nulls last`, asc(people.givenName))
}

/** The family's parents and carers, whose comments on a booklet are recorded. */
export async function familyParents(tx: Transaction, familyId: string) {
  return tx.select({ givenName: people.givenName, familyName: people.familyNameOfPerson, knownAs: people.knownAs })
    .from(people).where(and(eq(people.familyId, familyId), eq(people.kind, 'parent-carer'))).orderBy(asc(people.givenName))
}

export async function findPerson(tx: Transaction, familyId: string, personId: string, forUpdate = false) {
  const query = tx.select({ id: people.id, kind: people.kind, givenName: people.givenName, knownAs: people.knownAs, familyName: people.familyNameOfPerson })
    .from(people).where(and(eq(people.id, personId), eq(people.familyId, familyId)))
  const [row] = forUpdate ? await query.for('update') : await query
  return row
}

export async function familyBooklets(tx: Transaction, familyId: string): Promise<BookletRow[]> {
  return tx.select(bookletColumns).from(booklets).where(eq(booklets.familyId, familyId)).orderBy(asc(booklets.createdAt))
}

/** One booklet of this family (locked for update when asked), or undefined: a booklet of another family is not found. */
export async function findBooklet(tx: Transaction, familyId: string, bookletId: string, forUpdate = false): Promise<BookletRow | undefined> {
  const query = tx.select(bookletColumns).from(booklets).where(and(eq(booklets.id, bookletId), eq(booklets.familyId, familyId)))
  const [row] = forUpdate ? await query.for('update') : await query
  return row
}

export interface VersionRow { version: number; title: string; pages: BookletPage[]; changeNote: string; changedByName: string; changedAt: Date }

const versionColumns = {
  version: bookletVersions.version, title: bookletVersions.title, pages: bookletVersions.pages, changeNote: bookletVersions.changeNote,
  changedByName: users.displayName, changedAt: bookletVersions.changedAt,
}

export async function findVersion(tx: Transaction, bookletId: string, version: number): Promise<VersionRow | undefined> {
  const [row] = await tx.select(versionColumns).from(bookletVersions).innerJoin(users, eq(users.id, bookletVersions.changedBy))
    .where(and(eq(bookletVersions.bookletId, bookletId), eq(bookletVersions.version, version)))
  return row
}

/** Every version, newest first, without their pages. */
export async function versionList(tx: Transaction, bookletId: string) {
  return tx.select({ version: bookletVersions.version, changeNote: bookletVersions.changeNote, changedByName: users.displayName, changedAt: bookletVersions.changedAt })
    .from(bookletVersions).innerJoin(users, eq(users.id, bookletVersions.changedBy))
    .where(eq(bookletVersions.bookletId, bookletId)).orderBy(desc(bookletVersions.version))
}

export async function findVersionBySubmission(tx: Transaction, bookletId: string, submissionId: string) {
  const [row] = await tx.select({ version: bookletVersions.version }).from(bookletVersions)
    .where(and(eq(bookletVersions.bookletId, bookletId), eq(bookletVersions.submissionId, submissionId)))
  return row
}

/** A booklet of this family started by this form submission already, if there is one. */
export async function findStartedBySubmission(tx: Transaction, familyId: string, submissionId: string) {
  const [row] = await tx.select({ bookletId: booklets.id }).from(booklets)
    .innerJoin(bookletVersions, and(eq(bookletVersions.bookletId, booklets.id), eq(bookletVersions.version, 1)))
    .where(and(eq(booklets.familyId, familyId), eq(bookletVersions.submissionId, submissionId)))
  return row
}

export async function insertVersion(tx: Transaction, values: {
  organisationId: string; bookletId: string; version: number; title: string; pages: BookletPage[]; changeNote: string; changedBy: string; submissionId: string
}): Promise<void> {
  await tx.insert(bookletVersions).values(values)
}

export async function responses(tx: Transaction, bookletId: string) {
  return tx.select({
    id: bookletResponses.id, version: bookletResponses.version, parentName: bookletResponses.parentName, comments: bookletResponses.comments,
    agrees: bookletResponses.agrees, respondedOn: bookletResponses.respondedOn, recordedByName: users.displayName,
  }).from(bookletResponses).innerJoin(users, eq(users.id, bookletResponses.recordedBy))
    .where(eq(bookletResponses.bookletId, bookletId)).orderBy(desc(bookletResponses.version), desc(bookletResponses.respondedOn), desc(bookletResponses.recordedAt))
}

export async function shares(tx: Transaction, bookletId: string) {
  return tx.select({
    id: bookletShares.id, version: bookletShares.version, sharedOn: bookletShares.sharedOn, how: bookletShares.how, sharedBy: bookletShares.sharedBy, recordedByName: users.displayName,
  }).from(bookletShares).innerJoin(users, eq(users.id, bookletShares.recordedBy))
    .where(eq(bookletShares.bookletId, bookletId)).orderBy(desc(bookletShares.sharedOn), desc(bookletShares.recordedAt))
}

/** The latest time each of these booklets was shared with the child. */
export async function lastShares(tx: Transaction, bookletIds: string[]) {
  if (bookletIds.length === 0) return []
  return tx.selectDistinctOn([bookletShares.bookletId], {
    bookletId: bookletShares.bookletId, version: bookletShares.version, sharedOn: bookletShares.sharedOn, how: bookletShares.how, sharedBy: bookletShares.sharedBy,
  }).from(bookletShares).where(inArray(bookletShares.bookletId, bookletIds))
    .orderBy(bookletShares.bookletId, desc(bookletShares.sharedOn), desc(bookletShares.recordedAt))
}

/**
 * The child's additions. For anything built for the child and parents, ask for `parentsMaySeeOnly`:
 * what the child chose to keep from their parents is then never read from the database at all.
 */
export async function additions(tx: Transaction, bookletId: string, options: { parentsMaySeeOnly: boolean }) {
  return tx.select({
    id: bookletAdditions.id, addedOn: bookletAdditions.addedOn, words: bookletAdditions.words, pictureId: bookletAdditions.pictureId,
    parentsMaySee: bookletAdditions.parentsMaySee, recordedByName: users.displayName,
  }).from(bookletAdditions).innerJoin(users, eq(users.id, bookletAdditions.recordedBy))
    .where(and(eq(bookletAdditions.bookletId, bookletId), options.parentsMaySeeOnly ? eq(bookletAdditions.parentsMaySee, true) : undefined))
    .orderBy(asc(bookletAdditions.addedOn), asc(bookletAdditions.recordedAt))
}

/** What each picture shows (its alternative text), for pictures of this family only. */
export async function pictureDescriptions(tx: Transaction, familyId: string, pictureIds: string[]): Promise<Map<string, string>> {
  if (pictureIds.length === 0) return new Map()
  const rows = await tx.select({ id: pictures.id, description: pictures.description }).from(pictures)
    .where(and(eq(pictures.familyId, familyId), inArray(pictures.id, pictureIds)))
  return new Map(rows.map((row) => [row.id, row.description]))
}

/** The cleaned bytes of pictures of this family, for the PDF. */
export async function pictureBytes(tx: Transaction, familyId: string, pictureIds: string[]) {
  if (pictureIds.length === 0) return new Map<string, { mediaType: string; bytes: Buffer; description: string }>()
  const rows = await tx.select({ id: pictures.id, mediaType: pictures.mediaType, bytes: pictures.bytes, description: pictures.description }).from(pictures)
    .where(and(eq(pictures.familyId, familyId), inArray(pictures.id, pictureIds)))
  return new Map(rows.map((row) => [row.id, { mediaType: row.mediaType, bytes: row.bytes, description: row.description }]))
}

/** Whether a response, sharing or addition was already saved from this form submission (a form sent twice is saved once). */
export async function alreadySubmitted(tx: Transaction, table: typeof bookletResponses | typeof bookletShares | typeof bookletAdditions, bookletId: string, submissionId: string): Promise<boolean> {
  const [row] = await tx.select({ id: table.id }).from(table).where(and(eq(table.bookletId, bookletId), eq(table.submissionId, submissionId)))
  return row !== undefined
}

export async function insertBooklet(tx: Transaction, values: typeof booklets.$inferInsert): Promise<string> {
  const [created] = await tx.insert(booklets).values(values).returning({ id: booklets.id })
  if (created === undefined) throw new Error('booklet not created')
  return created.id
}

export async function setCurrentVersion(tx: Transaction, bookletId: string, version: number, status: BookletStatus): Promise<void> {
  await tx.update(booklets).set({ currentVersion: version, status, updatedAt: new Date() }).where(eq(booklets.id, bookletId))
}

export async function setStatus(tx: Transaction, bookletId: string, status: BookletStatus): Promise<void> {
  await tx.update(booklets).set({ status, updatedAt: new Date() }).where(eq(booklets.id, bookletId))
}

export async function insertResponse(tx: Transaction, values: typeof bookletResponses.$inferInsert): Promise<string> {
  const [saved] = await tx.insert(bookletResponses).values(values).returning({ id: bookletResponses.id })
  if (saved === undefined) throw new Error('response not saved')
  return saved.id
}

export async function insertShare(tx: Transaction, values: typeof bookletShares.$inferInsert): Promise<string> {
  const [saved] = await tx.insert(bookletShares).values(values).returning({ id: bookletShares.id })
  if (saved === undefined) throw new Error('share not saved')
  return saved.id
}

export async function insertAddition(tx: Transaction, values: typeof bookletAdditions.$inferInsert): Promise<string> {
  const [saved] = await tx.insert(bookletAdditions).values(values).returning({ id: bookletAdditions.id })
  if (saved === undefined) throw new Error('addition not saved')
  return saved.id
}

export interface BookletComment {
  id: string; bookletVersion: number; pageNumber: number | null; replyToId: string | null; text: string; authorName: string; createdAt: Date
}

/** Everything the family said about a booklet in their own space, and the workers' replies, oldest first. */
export async function comments(tx: Transaction, bookletId: string): Promise<BookletComment[]> {
  return tx.select({
    id: bookletComments.id, bookletVersion: bookletComments.bookletVersion, pageNumber: bookletComments.pageNumber, replyToId: bookletComments.replyToId,
    text: bookletComments.text, authorName: bookletComments.authorName, createdAt: bookletComments.createdAt,
  }).from(bookletComments).where(eq(bookletComments.bookletId, bookletId)).orderBy(asc(bookletComments.createdAt), asc(bookletComments.id))
}

/** A family's comment (not a reply) on this booklet. */
export async function familyComment(tx: Transaction, bookletId: string, commentId: string): Promise<BookletComment | undefined> {
  const found = (await comments(tx, bookletId)).find((comment) => comment.id === commentId && comment.replyToId === null)
  return found
}

export async function commentWithSubmission(tx: Transaction, familyId: string, submissionId: string): Promise<string | undefined> {
  const [row] = await tx.select({ id: bookletComments.id }).from(bookletComments).where(and(eq(bookletComments.familyId, familyId), eq(bookletComments.submissionId, submissionId)))
  return row?.id
}

export async function insertComment(tx: Transaction, values: typeof bookletComments.$inferInsert): Promise<string | undefined> {
  const [row] = await tx.insert(bookletComments).values(values).onConflictDoNothing().returning({ id: bookletComments.id })
  return row?.id
}

export async function userName(tx: Transaction, userId: string): Promise<string> {
  const [row] = await tx.select({ name: users.displayName }).from(users).where(eq(users.id, userId))
  return row?.name ?? ''
}
