import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { childSessions, childViewReasons, childWords, goalChildWords, mapEntries, maps, people, users, type ChildTool } from '../../db/schema/index.js'

export interface ChildWordsItem {
  id: string; sessionId: string; childPersonId: string; childName: string; tool: ChildTool; heldOn: string; part: string; words: string
  pictureId: string | null; pictureDescription: string | null; parentsMaySee: boolean; networkMaySee: boolean; mapEntryIds: string[]
}

export type Audience = 'parents' | 'network'

/** A child's name as the worker and family use it. */
function nameOf(person: { givenName: string; knownAs: string | null; kind: string }): string {
  if (person.kind === 'unborn-child') return 'The unborn baby'
  return person.knownAs ?? person.givenName
}

/** Every thing the children of a family have said, with where it has been placed on the map. */
export async function familyChildWords(tx: Transaction, familyId: string): Promise<ChildWordsItem[]> {
  const rows = await tx.execute<{
    id: string; session_id: string; child_person_id: string; given_name: string; known_as: string | null; kind: string; tool: ChildTool; held_on: string
    part: string; words: string; picture_id: string | null; picture_description: string | null; parents_may_see: boolean; network_may_see: boolean; map_entry_ids: string[] | null
  }>(sql`
    select w.id, w.session_id, w.child_person_id, p.given_name, p.known_as, p.kind, s.tool, s.held_on::text as held_on, w.part, w.words, w.picture_id,
           pic.description as picture_description, w.parents_may_see, w.network_may_see,
           (select array_agg(e.id) from ${mapEntries} e where e.child_words_id = w.id and e.removed_at is null) as map_entry_ids
      from ${childWords} w
      join ${childSessions} s on s.id = w.session_id
      join ${people} p on p.id = w.child_person_id
      left join pictures pic on pic.id = w.picture_id
     where w.family_id = ${familyId}
     order by s.held_on desc, s.created_at desc, w.position`)
  return rows.rows.map((row) => ({
    id: row.id, sessionId: row.session_id, childPersonId: row.child_person_id, childName: nameOf({ givenName: row.given_name, knownAs: row.known_as, kind: row.kind }),
    tool: row.tool, heldOn: row.held_on, part: row.part, words: row.words, pictureId: row.picture_id, pictureDescription: row.picture_description,
    parentsMaySee: row.parents_may_see, networkMaySee: row.network_may_see, mapEntryIds: row.map_entry_ids ?? [],
  }))
}

/**
 * The ids of the children's words that must be left out of anything built for this audience:
 * the child chose not to share them with that audience.
 */
export async function childWordsKeptFrom(tx: Transaction, familyId: string, audience: Audience): Promise<Set<string>> {
  const rows = await tx.select({ id: childWords.id }).from(childWords)
    .where(and(eq(childWords.familyId, familyId), audience === 'parents' ? eq(childWords.parentsMaySee, false) : eq(childWords.networkMaySee, false)))
  return new Set(rows.map((row) => row.id))
}

/** The children of a family: who the plan is about, and whose view it must carry. */
export async function familyChildren(tx: Transaction, familyId: string) {
  const rows = await tx.select({ id: people.id, givenName: people.givenName, knownAs: people.knownAs, kind: people.kind, familyName: people.familyNameOfPerson, dateOfBirth: people.dateOfBirth })
    .from(people).where(and(eq(people.familyId, familyId), inArray(people.kind, ['child', 'unborn-child']))).orderBy(asc(people.dateOfBirth), asc(people.givenName))
  return rows.map((row) => ({ ...row, name: nameOf(row) }))
}

/** For each child, whether their own view is recorded (a session) or a reason why not. */
export async function childViewStatus(tx: Transaction, familyId: string) {
  const children = await familyChildren(tx, familyId)
  const sessions = await tx.select({ childPersonId: childSessions.childPersonId, n: sql<number>`count(*)::int`, latest: sql<string>`max(${childSessions.heldOn})::text` })
    .from(childSessions).where(eq(childSessions.familyId, familyId)).groupBy(childSessions.childPersonId)
  const reasons = await tx.select({ childPersonId: childViewReasons.childPersonId, reason: childViewReasons.reason, howObserved: childViewReasons.howObserved })
    .from(childViewReasons).where(eq(childViewReasons.familyId, familyId))
  return children.map((child) => {
    const session = sessions.find((row) => row.childPersonId === child.id)
    const reason = reasons.find((row) => row.childPersonId === child.id)
    return { child, sessions: session?.n ?? 0, latestSession: session?.latest ?? null, reason: reason ?? null, recorded: (session?.n ?? 0) > 0 || reason !== undefined }
  })
}

const sessionColumns = { id: childSessions.id, tool: childSessions.tool, heldOn: childSessions.heldOn, whoWasThere: childSessions.whoWasThere, pathPosition: childSessions.pathPosition, recordedByName: users.displayName }

/** A child's sessions, newest first. */
export async function sessionsOf(tx: Transaction, familyId: string, childId: string) {
  return tx.select(sessionColumns).from(childSessions).innerJoin(users, eq(users.id, childSessions.recordedBy))
    .where(and(eq(childSessions.familyId, familyId), eq(childSessions.childPersonId, childId))).orderBy(desc(childSessions.heldOn), desc(childSessions.createdAt))
}

export async function findSession(tx: Transaction, familyId: string, childId: string, sessionId: string) {
  const [session] = await tx.select(sessionColumns).from(childSessions).innerJoin(users, eq(users.id, childSessions.recordedBy))
    .where(and(eq(childSessions.id, sessionId), eq(childSessions.childPersonId, childId), eq(childSessions.familyId, familyId)))
  return session
}

/** The session, locked so that words added to it at the same moment are numbered one after the other. */
export async function lockSession(tx: Transaction, childId: string, sessionId: string): Promise<boolean> {
  const [session] = await tx.select({ id: childSessions.id }).from(childSessions)
    .where(and(eq(childSessions.id, sessionId), eq(childSessions.childPersonId, childId))).for('update')
  return session !== undefined
}

export async function sessionWithSubmission(tx: Transaction, familyId: string, submissionId: string): Promise<string | undefined> {
  const [earlier] = await tx.select({ id: childSessions.id }).from(childSessions).where(and(eq(childSessions.familyId, familyId), eq(childSessions.submissionId, submissionId)))
  return earlier?.id
}

export async function insertSession(tx: Transaction, values: typeof childSessions.$inferInsert): Promise<string> {
  const [row] = await tx.insert(childSessions).values(values).returning({ id: childSessions.id })
  if (row === undefined) throw new Error('session not saved')
  return row.id
}

export async function wordsWithSubmission(tx: Transaction, familyId: string, submissionId: string): Promise<string | undefined> {
  const [earlier] = await tx.select({ id: childWords.id }).from(childWords).where(and(eq(childWords.familyId, familyId), eq(childWords.submissionId, submissionId)))
  return earlier?.id
}

/** Adds the words at the end of the session. */
export async function insertWords(tx: Transaction, values: Omit<typeof childWords.$inferInsert, 'position'>): Promise<string> {
  const [position] = await tx.select({ next: sql<number>`coalesce(max(${childWords.position}), 0)::int + 1` }).from(childWords).where(eq(childWords.sessionId, values.sessionId))
  const [row] = await tx.insert(childWords).values({ ...values, position: position?.next ?? 1 }).returning({ id: childWords.id })
  if (row === undefined) throw new Error('words not saved')
  return row.id
}

/** Whether the words were found (and so changed). */
export async function setSharing(tx: Transaction, familyId: string, wordsId: string, parentsMaySee: boolean, networkMaySee: boolean): Promise<boolean> {
  const updated = await tx.update(childWords).set({ parentsMaySee, networkMaySee, updatedAt: new Date() })
    .where(and(eq(childWords.id, wordsId), eq(childWords.familyId, familyId))).returning({ id: childWords.id })
  return updated.length > 0
}

export async function findViewReason(tx: Transaction, childId: string) {
  const [reason] = await tx.select().from(childViewReasons).where(eq(childViewReasons.childPersonId, childId))
  return reason
}

export async function saveViewReason(tx: Transaction, values: { organisationId: string; familyId: string; childPersonId: string; reason: string; howObserved: string; recordedBy: string }): Promise<void> {
  await tx.insert(childViewReasons).values(values)
    .onConflictDoUpdate({ target: childViewReasons.childPersonId, set: { reason: values.reason, howObserved: values.howObserved, recordedBy: values.recordedBy, recordedAt: new Date() } })
}

export async function goalLinks(tx: Transaction, goalEntryId: string): Promise<string[]> {
  const linked = await tx.select({ id: goalChildWords.childWordsId }).from(goalChildWords).where(eq(goalChildWords.goalEntryId, goalEntryId))
  return linked.map((row) => row.id)
}

/** Whether the entry is a goal on this family's map that has not been removed. */
export async function isLiveGoal(tx: Transaction, familyId: string, goalEntryId: string): Promise<boolean> {
  const [goal] = await tx.select({ id: mapEntries.id }).from(mapEntries).innerJoin(maps, eq(maps.id, mapEntries.mapId))
    .where(and(eq(mapEntries.id, goalEntryId), eq(maps.familyId, familyId), eq(mapEntries.category, 'goal'), sql`${mapEntries.removedAt} is null`))
  return goal !== undefined
}

/** Replaces the words a goal answers. */
export async function replaceGoalLinks(tx: Transaction, values: { organisationId: string; familyId: string; goalEntryId: string; childWordsIds: string[]; linkedBy: string }): Promise<void> {
  await tx.delete(goalChildWords).where(eq(goalChildWords.goalEntryId, values.goalEntryId))
  if (values.childWordsIds.length > 0) {
    await tx.insert(goalChildWords).values(values.childWordsIds.map((childWordsId) => ({
      organisationId: values.organisationId, familyId: values.familyId, goalEntryId: values.goalEntryId, childWordsId, linkedBy: values.linkedBy,
    })))
  }
}
