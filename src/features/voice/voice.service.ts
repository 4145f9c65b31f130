import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { childSessions, childViewReasons, childWords, goalChildWords, mapEntries, maps, people, users, type ChildTool, type MapCategory } from '../../db/schema/index.js'
import { familiesVisibleTo } from '../../family-record/index.js'
import { findVisibleFamily } from '../families/families.repository.js'
import { insertPicture } from '../pictures/pictures.service.js'
import type { CleanedPicture } from '../pictures/clean-image.js'
import type { ChangeResult, MapService } from '../map/map.service.js'
import { findFamilyMap, entriesAt } from '../map/map.repository.js'

const EDITING_ROLES = ['practitioner', 'team-manager', 'conference-chair']

export interface SessionFields { tool: ChildTool; heldOn: string; whoWasThere: string; pathPosition: number | null }
export interface WordsFields { part: string; words: string; picture?: { picture: CleanedPicture; source: 'upload' | 'drawn'; description: string }; parentsMaySee: boolean; networkMaySee: boolean }

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

export function createVoiceService(deps: { database: DatabaseHandle; map: MapService }) {
  const { database } = deps

  async function visibleFamily(tx: Transaction, actor: Actor, familyId: string) {
    const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
    if (family === undefined) throw new NotFoundError('family')
    return family
  }

  async function childOf(tx: Transaction, familyId: string, childId: string) {
    const child = (await familyChildren(tx, familyId)).find((candidate) => candidate.id === childId)
    if (child === undefined) throw new NotFoundError('child')
    return child
  }

  function mustEdit(actor: Actor): void {
    if (!EDITING_ROLES.includes(actor.role)) throw new ForbiddenError('This role cannot record children\'s views')
  }

  async function audit(tx: Transaction, actor: Actor, action: string, subjectType: string, subjectId: string, details?: Record<string, unknown>) {
    await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action, subjectType, subjectId, requestId: actor.requestId, details })
  }

  return {
    async overview(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const children = await childViewStatus(tx, familyId)
        await audit(tx, actor, 'voice.overview-viewed', 'family', familyId)
        return { family, children }
      })
    },

    async child(actor: Actor, familyId: string, childId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const child = await childOf(tx, familyId, childId)
        const sessions = await tx.select({ id: childSessions.id, tool: childSessions.tool, heldOn: childSessions.heldOn, whoWasThere: childSessions.whoWasThere, pathPosition: childSessions.pathPosition, recordedByName: users.displayName })
          .from(childSessions).innerJoin(users, eq(users.id, childSessions.recordedBy))
          .where(and(eq(childSessions.familyId, familyId), eq(childSessions.childPersonId, childId))).orderBy(desc(childSessions.heldOn), desc(childSessions.createdAt))
        const words = (await familyChildWords(tx, familyId)).filter((item) => item.childPersonId === childId)
        const [reason] = await tx.select().from(childViewReasons).where(eq(childViewReasons.childPersonId, childId))
        await audit(tx, actor, 'voice.child-viewed', 'person', childId, { familyId })
        return { family, child, sessions: sessions.map((session) => ({ ...session, words: words.filter((item) => item.sessionId === session.id) })), reason: reason ?? null }
      })
    },

    async createSession(actor: Actor, familyId: string, childId: string, fields: SessionFields, submissionId: string): Promise<string> {
      mustEdit(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const child = await childOf(tx, familyId, childId)
        if (child.kind === 'unborn-child') throw new NotFoundError('child')
        const [earlier] = await tx.select({ id: childSessions.id }).from(childSessions).where(and(eq(childSessions.familyId, familyId), eq(childSessions.submissionId, submissionId)))
        if (earlier !== undefined) return earlier.id
        const [row] = await tx.insert(childSessions).values({
          organisationId: actor.organisationId, familyId, childPersonId: childId, tool: fields.tool, heldOn: fields.heldOn, whoWasThere: fields.whoWasThere,
          pathPosition: fields.tool === 'safety-house' ? fields.pathPosition : null, recordedBy: actor.userId, submissionId,
        }).returning({ id: childSessions.id })
        if (row === undefined) throw new Error('session not saved')
        await audit(tx, actor, 'voice.session-recorded', 'child-session', row.id, { familyId, childId, tool: fields.tool })
        return row.id
      })
    },

    async session(actor: Actor, familyId: string, childId: string, sessionId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const child = await childOf(tx, familyId, childId)
        const [session] = await tx.select({ id: childSessions.id, tool: childSessions.tool, heldOn: childSessions.heldOn, whoWasThere: childSessions.whoWasThere, pathPosition: childSessions.pathPosition, recordedByName: users.displayName })
          .from(childSessions).innerJoin(users, eq(users.id, childSessions.recordedBy))
          .where(and(eq(childSessions.id, sessionId), eq(childSessions.childPersonId, childId), eq(childSessions.familyId, familyId)))
        if (session === undefined) throw new NotFoundError('session')
        const words = (await familyChildWords(tx, familyId)).filter((item) => item.sessionId === sessionId)
        await audit(tx, actor, 'voice.session-viewed', 'child-session', sessionId, { familyId })
        return { family, child, session, words }
      })
    },

    async addWords(actor: Actor, familyId: string, childId: string, sessionId: string, fields: WordsFields, submissionId: string): Promise<string> {
      mustEdit(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        await childOf(tx, familyId, childId)
        const [session] = await tx.select({ id: childSessions.id }).from(childSessions)
          .where(and(eq(childSessions.id, sessionId), eq(childSessions.childPersonId, childId))).for('update')
        if (session === undefined) throw new NotFoundError('session')
        const [earlier] = await tx.select({ id: childWords.id }).from(childWords).where(and(eq(childWords.familyId, familyId), eq(childWords.submissionId, submissionId)))
        if (earlier !== undefined) return earlier.id
        const pictureId = fields.picture === undefined ? null : await insertPicture(tx, {
          organisationId: actor.organisationId, familyId, picture: fields.picture.picture, source: fields.picture.source, description: fields.picture.description, uploadedBy: actor.userId,
        })
        const [position] = await tx.select({ next: sql<number>`coalesce(max(${childWords.position}), 0)::int + 1` }).from(childWords).where(eq(childWords.sessionId, sessionId))
        const [row] = await tx.insert(childWords).values({
          organisationId: actor.organisationId, familyId, sessionId, childPersonId: childId, part: fields.part, position: position?.next ?? 1,
          words: fields.words, pictureId, parentsMaySee: fields.parentsMaySee, networkMaySee: fields.networkMaySee, submissionId,
        }).returning({ id: childWords.id })
        if (row === undefined) throw new Error('words not saved')
        await audit(tx, actor, 'voice.words-recorded', 'child-words', row.id, { familyId, sessionId, part: fields.part, parentsMaySee: fields.parentsMaySee, networkMaySee: fields.networkMaySee })
        return row.id
      })
    },

    async words(actor: Actor, familyId: string, wordsId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const item = (await familyChildWords(tx, familyId)).find((candidate) => candidate.id === wordsId)
        if (item === undefined) throw new NotFoundError('words')
        await audit(tx, actor, 'voice.words-viewed', 'child-words', wordsId, { familyId })
        return { family, item }
      })
    },

    /** The child may change their mind about who sees something: the choice is kept up to date. */
    async changeSharing(actor: Actor, familyId: string, wordsId: string, parentsMaySee: boolean, networkMaySee: boolean): Promise<void> {
      mustEdit(actor)
      await database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const updated = await tx.update(childWords).set({ parentsMaySee, networkMaySee, updatedAt: new Date() })
          .where(and(eq(childWords.id, wordsId), eq(childWords.familyId, familyId))).returning({ id: childWords.id })
        if (updated.length === 0) throw new NotFoundError('words')
        await audit(tx, actor, 'voice.sharing-changed', 'child-words', wordsId, { familyId, parentsMaySee, networkMaySee })
      })
    },

    /** Puts the child's words on the map, as the child's own view, through the map's one change service. */
    async placeOnMap(actor: Actor, familyId: string, wordsId: string, category: MapCategory, submissionId: string): Promise<ChangeResult> {
      mustEdit(actor)
      const item = await database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        return (await familyChildWords(tx, familyId)).find((candidate) => candidate.id === wordsId)
      })
      if (item === undefined) throw new NotFoundError('words')
      const text = item.words !== '' ? item.words : `(A drawing: ${item.pictureDescription ?? 'no description'})`
      return deps.map.apply(actor, familyId, { type: 'add', category, childWordsId: wordsId, fields: { text, saidBy: { kind: 'child', name: item.childName } }, submissionId })
    },

    async recordViewReason(actor: Actor, familyId: string, childId: string, reason: string, howObserved: string): Promise<void> {
      mustEdit(actor)
      await database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        await childOf(tx, familyId, childId)
        await tx.insert(childViewReasons).values({ organisationId: actor.organisationId, familyId, childPersonId: childId, reason, howObserved, recordedBy: actor.userId })
          .onConflictDoUpdate({ target: childViewReasons.childPersonId, set: { reason, howObserved, recordedBy: actor.userId, recordedAt: new Date() } })
        await audit(tx, actor, 'voice.view-reason-recorded', 'person', childId, { familyId })
      })
    },

    async viewReason(actor: Actor, familyId: string, childId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const child = await childOf(tx, familyId, childId)
        const [reason] = await tx.select().from(childViewReasons).where(eq(childViewReasons.childPersonId, childId))
        await audit(tx, actor, 'voice.view-reason-viewed', 'person', childId, { familyId })
        return { family, child, reason: reason ?? null }
      })
    },

    /** A goal on the map and the children's words it could answer, with those it answers now. */
    async goalLinks(actor: Actor, familyId: string, goalEntryId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const map = await findFamilyMap(tx, familyId)
        if (map === undefined) throw new NotFoundError('map')
        const goal = (await entriesAt(tx, map.id)).find((entry) => entry.entryId === goalEntryId && entry.category === 'goal')
        if (goal === undefined) throw new NotFoundError('goal')
        const words = await familyChildWords(tx, familyId)
        const linked = await tx.select({ id: goalChildWords.childWordsId }).from(goalChildWords).where(eq(goalChildWords.goalEntryId, goalEntryId))
        await audit(tx, actor, 'voice.goal-links-viewed', 'map-entry', goalEntryId, { familyId })
        return { family, goal, words, linked: linked.map((row) => row.id) }
      })
    },

    async setGoalLinks(actor: Actor, familyId: string, goalEntryId: string, wordsIds: string[]): Promise<void> {
      mustEdit(actor)
      await database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const [goal] = await tx.select({ id: mapEntries.id }).from(mapEntries).innerJoin(maps, eq(maps.id, mapEntries.mapId))
          .where(and(eq(mapEntries.id, goalEntryId), eq(maps.familyId, familyId), eq(mapEntries.category, 'goal'), sql`${mapEntries.removedAt} is null`))
        if (goal === undefined) throw new NotFoundError('goal')
        const known = new Set((await familyChildWords(tx, familyId)).map((item) => item.id))
        const chosen = [...new Set(wordsIds)].filter((id) => known.has(id))
        await tx.delete(goalChildWords).where(eq(goalChildWords.goalEntryId, goalEntryId))
        if (chosen.length > 0) {
          await tx.insert(goalChildWords).values(chosen.map((childWordsId) => ({ organisationId: actor.organisationId, familyId, goalEntryId, childWordsId, linkedBy: actor.userId })))
        }
        await audit(tx, actor, 'voice.goal-links-changed', 'map-entry', goalEntryId, { familyId, childWordsIds: chosen })
      })
    },
  }
}

export type VoiceService = ReturnType<typeof createVoiceService>
