import type { Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { NotFoundError } from '../../platform/http/errors.js'
import type { ChildTool, MapCategory } from '../../db/schema/index.js'
import { CASEWORKERS, type FamilyRecord } from '../../family-record/index.js'
import { insertPicture, type CleanedPicture } from '../pictures/index.js'
// Types only: the map's service and records come in through services.ts, so the map can use this feature's index without a cycle.
import type { ChangeResult, MapService, entriesAt, findFamilyMap } from '../map/index.js'
import * as repository from './voice.repository.js'

// Kept here too while other features still import them from this file; new code imports them from index.ts.
export { childViewStatus, childWordsKeptFrom, familyChildWords, familyChildren, type Audience, type ChildWordsItem } from './voice.repository.js'

export interface SessionFields { tool: ChildTool; heldOn: string; whoWasThere: string; pathPosition: number | null }
export interface WordsFields { part: string; words: string; picture?: { picture: CleanedPicture; source: 'upload' | 'drawn'; description: string }; parentsMaySee: boolean; networkMaySee: boolean }

/** What this feature reads of the map inside its own unit of work: the family's map and its entries. */
export interface MapRecords { findFamilyMap: typeof findFamilyMap; entriesAt: typeof entriesAt }

export function createVoiceService(deps: { familyRecord: FamilyRecord; map: MapService; mapRecords: MapRecords }) {
  const { familyRecord, mapRecords } = deps

  async function childOf(tx: Transaction, familyId: string, childId: string) {
    const child = (await repository.familyChildren(tx, familyId)).find((candidate) => candidate.id === childId)
    if (child === undefined) throw new NotFoundError('child')
    return child
  }

  return {
    async overview(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'voice.overview-viewed', roles: CASEWORKERS }, async ({ tx, family }) => {
        const children = await repository.childViewStatus(tx, familyId)
        return { family, children }
      })
    },

    async child(actor: Actor, familyId: string, childId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'voice.child-viewed', roles: CASEWORKERS }, async ({ tx, family, audit }) => {
        const child = await childOf(tx, familyId, childId)
        const sessions = await repository.sessionsOf(tx, familyId, childId)
        const words = (await repository.familyChildWords(tx, familyId)).filter((item) => item.childPersonId === childId)
        const reason = await repository.findViewReason(tx, childId)
        audit.subjectType = 'person'
        audit.subjectId = childId
        return { family, child, sessions: sessions.map((session) => ({ ...session, words: words.filter((item) => item.sessionId === session.id) })), reason: reason ?? null }
      })
    },

    async createSession(actor: Actor, familyId: string, childId: string, fields: SessionFields, submissionId: string): Promise<string> {
      return familyRecord.withFamily(actor, familyId, { action: 'voice.session-recorded', roles: CASEWORKERS }, async ({ tx, audit }) => {
        const child = await childOf(tx, familyId, childId)
        if (child.kind === 'unborn-child') throw new NotFoundError('child')
        audit.subjectType = 'child-session'
        const earlier = await repository.sessionWithSubmission(tx, familyId, submissionId)
        if (earlier !== undefined) {
          audit.subjectId = earlier
          audit.details = { childId, alreadySaved: true }
          return earlier
        }
        const sessionId = await repository.insertSession(tx, {
          organisationId: actor.organisationId, familyId, childPersonId: childId, tool: fields.tool, heldOn: fields.heldOn, whoWasThere: fields.whoWasThere,
          pathPosition: fields.tool === 'safety-house' ? fields.pathPosition : null, recordedBy: actor.userId, submissionId,
        })
        audit.subjectId = sessionId
        audit.details = { childId, tool: fields.tool }
        return sessionId
      })
    },

    async session(actor: Actor, familyId: string, childId: string, sessionId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'voice.session-viewed', roles: CASEWORKERS }, async ({ tx, family, audit }) => {
        const child = await childOf(tx, familyId, childId)
        const session = await repository.findSession(tx, familyId, childId, sessionId)
        if (session === undefined) throw new NotFoundError('session')
        const words = (await repository.familyChildWords(tx, familyId)).filter((item) => item.sessionId === sessionId)
        audit.subjectType = 'child-session'
        audit.subjectId = sessionId
        return { family, child, session, words }
      })
    },

    async addWords(actor: Actor, familyId: string, childId: string, sessionId: string, fields: WordsFields, submissionId: string): Promise<string> {
      return familyRecord.withFamily(actor, familyId, { action: 'voice.words-recorded', roles: CASEWORKERS }, async ({ tx, audit }) => {
        await childOf(tx, familyId, childId)
        if (!await repository.lockSession(tx, childId, sessionId)) throw new NotFoundError('session')
        audit.subjectType = 'child-words'
        const earlier = await repository.wordsWithSubmission(tx, familyId, submissionId)
        if (earlier !== undefined) {
          audit.subjectId = earlier
          audit.details = { sessionId, alreadySaved: true }
          return earlier
        }
        const pictureId = fields.picture === undefined ? null : await insertPicture(tx, {
          organisationId: actor.organisationId, familyId, picture: fields.picture.picture, source: fields.picture.source, description: fields.picture.description, uploadedBy: actor.userId,
        })
        const wordsId = await repository.insertWords(tx, {
          organisationId: actor.organisationId, familyId, sessionId, childPersonId: childId, part: fields.part,
          words: fields.words, pictureId, parentsMaySee: fields.parentsMaySee, networkMaySee: fields.networkMaySee, submissionId,
        })
        audit.subjectId = wordsId
        audit.details = { sessionId, part: fields.part, parentsMaySee: fields.parentsMaySee, networkMaySee: fields.networkMaySee }
        return wordsId
      })
    },

    async words(actor: Actor, familyId: string, wordsId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'voice.words-viewed', roles: CASEWORKERS }, async ({ tx, family, audit }) => {
        const item = (await repository.familyChildWords(tx, familyId)).find((candidate) => candidate.id === wordsId)
        if (item === undefined) throw new NotFoundError('words')
        audit.subjectType = 'child-words'
        audit.subjectId = wordsId
        return { family, item }
      })
    },

    /** The child may change their mind about who sees something: the choice is kept up to date. */
    async changeSharing(actor: Actor, familyId: string, wordsId: string, parentsMaySee: boolean, networkMaySee: boolean): Promise<void> {
      await familyRecord.withFamily(actor, familyId, { action: 'voice.sharing-changed', roles: CASEWORKERS }, async ({ tx, audit }) => {
        if (!await repository.setSharing(tx, familyId, wordsId, parentsMaySee, networkMaySee)) throw new NotFoundError('words')
        audit.subjectType = 'child-words'
        audit.subjectId = wordsId
        audit.details = { parentsMaySee, networkMaySee }
      })
    },

    /** Puts the child's words on the map, as the child's own view, through the map's one change service. */
    async placeOnMap(actor: Actor, familyId: string, wordsId: string, category: MapCategory, submissionId: string): Promise<ChangeResult> {
      const item = await familyRecord.withFamily(actor, familyId, { action: 'voice.words-viewed', roles: CASEWORKERS }, async ({ tx, audit }) => {
        const found = (await repository.familyChildWords(tx, familyId)).find((candidate) => candidate.id === wordsId)
        if (found === undefined) throw new NotFoundError('words')
        audit.subjectType = 'child-words'
        audit.subjectId = wordsId
        audit.details = { toPlaceOnMap: category }
        return found
      })
      const text = item.words !== '' ? item.words : `(A drawing: ${item.pictureDescription ?? 'no description'})`
      return deps.map.apply(actor, familyId, { type: 'add', category, childWordsId: wordsId, fields: { text, saidBy: { kind: 'child', name: item.childName } }, submissionId })
    },

    async recordViewReason(actor: Actor, familyId: string, childId: string, reason: string, howObserved: string): Promise<void> {
      await familyRecord.withFamily(actor, familyId, { action: 'voice.view-reason-recorded', roles: CASEWORKERS }, async ({ tx, audit }) => {
        await childOf(tx, familyId, childId)
        await repository.saveViewReason(tx, { organisationId: actor.organisationId, familyId, childPersonId: childId, reason, howObserved, recordedBy: actor.userId })
        audit.subjectType = 'person'
        audit.subjectId = childId
      })
    },

    async viewReason(actor: Actor, familyId: string, childId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'voice.view-reason-viewed', roles: CASEWORKERS }, async ({ tx, family, audit }) => {
        const child = await childOf(tx, familyId, childId)
        const reason = await repository.findViewReason(tx, childId)
        audit.subjectType = 'person'
        audit.subjectId = childId
        return { family, child, reason: reason ?? null }
      })
    },

    /** A goal on the map and the children's words it could answer, with those it answers now. */
    async goalLinks(actor: Actor, familyId: string, goalEntryId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'voice.goal-links-viewed', roles: CASEWORKERS }, async ({ tx, family, audit }) => {
        const map = await mapRecords.findFamilyMap(tx, familyId)
        if (map === undefined) throw new NotFoundError('map')
        const goal = (await mapRecords.entriesAt(tx, map.id)).find((entry) => entry.entryId === goalEntryId && entry.category === 'goal')
        if (goal === undefined) throw new NotFoundError('goal')
        const words = await repository.familyChildWords(tx, familyId)
        const linked = await repository.goalLinks(tx, goalEntryId)
        audit.subjectType = 'map-entry'
        audit.subjectId = goalEntryId
        return { family, goal, words, linked }
      })
    },

    async setGoalLinks(actor: Actor, familyId: string, goalEntryId: string, wordsIds: string[]): Promise<void> {
      await familyRecord.withFamily(actor, familyId, { action: 'voice.goal-links-changed', roles: CASEWORKERS }, async ({ tx, audit }) => {
        if (!await repository.isLiveGoal(tx, familyId, goalEntryId)) throw new NotFoundError('goal')
        const known = new Set((await repository.familyChildWords(tx, familyId)).map((item) => item.id))
        const chosen = [...new Set(wordsIds)].filter((id) => known.has(id))
        await repository.replaceGoalLinks(tx, { organisationId: actor.organisationId, familyId, goalEntryId, childWordsIds: chosen, linkedBy: actor.userId })
        audit.subjectType = 'map-entry'
        audit.subjectId = goalEntryId
        audit.details = { childWordsIds: chosen }
      })
    },
  }
}

export type VoiceService = ReturnType<typeof createVoiceService>
