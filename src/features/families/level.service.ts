import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError } from '../../platform/http/errors.js'
import { CASEWORKERS, MANAGERS, familiesVisibleTo, type FamilyRecord } from '../../family-record/index.js'
import type { LevelOfHelp } from '../../db/schema/index.js'
import type { Transaction } from '../../platform/db/database.js'
import * as repository from './families.repository.js'
import * as requests from './level.repository.js'
import { LEVEL_VOCABULARY, directionOfChange } from './levels.js'

export type LevelDecision = { to: LevelOfHelp | 'closed'; on: string; reason: string }

/** What the step-down and closure checklist says is not met yet, in words (the readiness feature provides it). */
export type NotMetReader = (actor: Actor, familyId: string) => Promise<{ title: string; missing: string[] }[]>

/** A step-down or closure with something on the checklist not met goes ahead only with this. */
export interface Override { notMet: string[]; reason: string }

export type ChangeOutcome = { outcome: 'saved' } | { outcome: 'requested' } | { outcome: 'refused'; reason: string; field?: 'to' | 'overrideReason' }

export const LEVEL_REQUESTS_PAGE_SIZE = 20

/** Whether a practitioner's change must wait for a manager in this organisation. */
function waitsForManager(actor: Actor, needed: boolean): boolean {
  return needed && actor.role === 'practitioner'
}

/** Stepping up, stepping down or closing: the same episode and map go on, with the change recorded. */
export function createLevelService(deps: { database: DatabaseHandle; familyRecord: FamilyRecord; notMet: NotMetReader }) {
  const { database, familyRecord } = deps

  async function applyChange(tx: Transaction, actor: Actor, familyId: string, episode: { id: string; level: LevelOfHelp }, change: 'step-up' | 'step-down' | 'closure', decision: LevelDecision, recordedBy: string): Promise<void> {
    await repository.recordLevelChange(tx, {
      organisationId: actor.organisationId, episodeId: episode.id, change, fromLevel: episode.level,
      toLevel: decision.to === 'closed' ? null : decision.to, changedOn: decision.on, reason: decision.reason, recordedBy,
    })
    const title = decision.to === 'closed' ? 'Help ended'
      : `${change === 'step-up' ? 'Stepped up' : 'Stepped down'} to ${LEVEL_VOCABULARY[decision.to].name.toLowerCase()}`
    await repository.insertChronologyEvent(tx, actor.organisationId, familyId, { occurredOn: decision.on, title, description: decision.reason, recordedBy })
  }

  return {
    async current(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'family.level-viewed', roles: CASEWORKERS }, async ({ tx, family }) => {
        const needed = await requests.stepDownNeedsApproval(tx, actor.organisationId)
        return {
          family, episode: await repository.openEpisode(tx, familyId), pending: await requests.pendingRequestFor(tx, familyId),
          approvalNeeded: waitsForManager(actor, needed),
        }
      })
    },

    /** The checklist items not met yet, each with what is missing. */
    async notMet(actor: Actor, familyId: string) {
      return deps.notMet(actor, familyId)
    },

    /**
     * Changes the level, or, for a practitioner's step-down or closure where the organisation asks
     * for approval, sends it to a team manager instead. A step-down or closure with checklist items
     * not met needs an override with a reason.
     */
    async change(actor: Actor, familyId: string, decision: LevelDecision, override?: Override): Promise<ChangeOutcome> {
      return familyRecord.withFamily(actor, familyId, { action: 'family.level-change-refused', roles: CASEWORKERS }, async ({ tx, audit }) => {
        const episode = await repository.openEpisode(tx, familyId, true)
        audit.outcome = 'failure'
        if (episode === undefined) return { outcome: 'refused' as const, reason: 'This family has no open help to change.' }
        audit.details = { from: episode.level, to: decision.to }
        if (decision.on < episode.startedOn) return { outcome: 'refused' as const, reason: 'The date must be on or after the help started.' }
        if (decision.to === episode.level) return { outcome: 'refused' as const, reason: `The family is already at ${LEVEL_VOCABULARY[episode.level].name.toLowerCase()}.` }
        const change = decision.to === 'closed' ? 'closure' : directionOfChange(episode.level, decision.to)
        if (change === 'same') return { outcome: 'refused' as const, reason: 'Choose a different level.' }
        if (change !== 'step-up') {
          const notMet = override?.notMet ?? []
          if (notMet.length > 0 && (override?.reason ?? '') === '') return { outcome: 'refused' as const, reason: 'Say why the family should step down now', field: 'overrideReason' as const }
          audit.details = { ...audit.details, notMet, override: notMet.length > 0 }
          if (waitsForManager(actor, await requests.stepDownNeedsApproval(tx, actor.organisationId))) {
            if (await requests.pendingRequestFor(tx, familyId) !== undefined) return { outcome: 'refused' as const, reason: 'A change for this family is already waiting for a team manager.' }
            await requests.insertRequest(tx, {
              organisationId: actor.organisationId, familyId, episodeId: episode.id, toLevel: decision.to === 'closed' ? null : decision.to, change,
              changedOn: decision.on, reason: decision.reason, notMet, overrideReason: notMet.length > 0 ? override?.reason ?? null : null, requestedBy: actor.userId,
            })
            audit.action = 'family.level-change-requested'
            audit.outcome = 'success'
            return { outcome: 'requested' as const }
          }
        }
        await applyChange(tx, actor, familyId, episode, change, decision, actor.userId)
        audit.action = `family.${change}`
        audit.outcome = 'success'
        return { outcome: 'saved' as const }
      })
    },

    /** One request, for a manager to decide. */
    async request(actor: Actor, familyId: string, requestId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'family.level-request-viewed', roles: MANAGERS }, async ({ tx, family }) => {
        const request = await requests.requestOfFamily(tx, familyId, requestId)
        return { family, request, episode: await repository.openEpisode(tx, familyId) }
      })
    },

    /** A team manager approves (the level changes now) or returns the request with a reason (nothing changes). */
    async decide(actor: Actor, familyId: string, requestId: string, decision: { approve: true } | { approve: false; reason: string }): Promise<{ outcome: 'approved' | 'returned' } | { outcome: 'refused'; reason: string }> {
      return familyRecord.withFamily(actor, familyId, { action: 'family.level-request-refused', roles: MANAGERS }, async ({ tx, audit }) => {
        audit.outcome = 'failure'
        const pending = await requests.pendingRequestFor(tx, familyId, true)
        if (pending?.id !== requestId) return { outcome: 'refused' as const, reason: 'This request has already been decided.' }
        audit.details = { requestId, change: pending.change, to: pending.toLevel ?? 'closed' }
        if (!decision.approve) {
          await requests.decideRequest(tx, requestId, { status: 'returned', decidedBy: actor.userId, decisionReason: decision.reason })
          audit.action = 'family.level-change-returned'
          audit.outcome = 'success'
          return { outcome: 'returned' as const }
        }
        const episode = await repository.openEpisode(tx, familyId, true)
        if (episode?.id !== pending.episodeId) return { outcome: 'refused' as const, reason: 'The family\'s help has changed since this was asked for. Return it with a reason.' }
        const to: LevelOfHelp | 'closed' = pending.toLevel ?? 'closed'
        const change = to === 'closed' ? 'closure' : directionOfChange(episode.level, to)
        if (change === 'same' || change === 'step-up') return { outcome: 'refused' as const, reason: 'The family\'s level has changed since this was asked for. Return it with a reason.' }
        await applyChange(tx, actor, familyId, episode, change, { to, on: pending.changedOn, reason: pending.reason }, pending.requestedBy)
        await requests.decideRequest(tx, requestId, { status: 'approved', decidedBy: actor.userId, decisionReason: null })
        audit.action = 'family.level-change-approved'
        audit.outcome = 'success'
        return { outcome: 'approved' as const }
      })
    },

    /** Step-downs and closures waiting for this manager, on the families they may see. */
    async pending(actor: Actor, page: number) {
      if (actor.role !== 'team-manager') throw new ForbiddenError('Only team managers approve changes of level')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const result = await requests.pendingRequests(tx, familiesVisibleTo(actor), LEVEL_REQUESTS_PAGE_SIZE, (page - 1) * LEVEL_REQUESTS_PAGE_SIZE)
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'family.level-requests-listed', subjectType: 'family-list', requestId: actor.requestId,
          details: { page, results: result.rows.length, familyIds: result.rows.map((row) => row.familyId) },
        })
        return { ...result, page, pageCount: Math.max(1, Math.ceil(result.total / LEVEL_REQUESTS_PAGE_SIZE)) }
      })
    },
  }
}

export type LevelService = ReturnType<typeof createLevelService>
