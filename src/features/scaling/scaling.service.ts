import type { Actor } from '../../platform/http/types.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import type { Transaction } from '../../platform/db/database.js'
import type { PerspectiveKind } from '../../db/schema/index.js'
import { CASEWORKERS, type FamilyRecord } from '../../family-record/index.js'
import { findFamilyMap, entriesAt } from '../map/index.js'
import * as repository from './scaling.repository.js'

export interface ScoreInput { perspectiveKind: PerspectiveKind; perspectiveName: string; score: number; why: string; onePointHigher: string; submissionId: string }

export function createScalingService(deps: { familyRecord: FamilyRecord }) {
  const { familyRecord } = deps

  async function familyMap(tx: Transaction, familyId: string, forUpdate = false) {
    const map = await findFamilyMap(tx, familyId, forUpdate)
    if (map === undefined) throw new NotFoundError('map')
    return map
  }

  async function round(tx: Transaction, mapId: string, roundId: string, forUpdate = false) {
    const row = await repository.findRound(tx, mapId, roundId, forUpdate)
    if (row === undefined) throw new NotFoundError('round')
    return row
  }

  return {
    /** Every round, and every score that may be seen: a blind round's scores only once it is revealed. */
    async overview(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'scaling.viewed', roles: CASEWORKERS }, async ({ tx, family }) => {
        const map = await familyMap(tx, familyId)
        const rounds = await repository.roundsOf(tx, map.id)
        const visible = await repository.visibleScores(tx, map.id)
        const statements = (await entriesAt(tx, map.id)).filter((entry) => entry.category === 'danger')
        return { family, map, rounds, visible, statements }
      })
    },

    async roundDetail(actor: Actor, familyId: string, roundId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'scaling.round-viewed', roles: CASEWORKERS }, async ({ tx, family, audit }) => {
        const map = await familyMap(tx, familyId)
        const found = await round(tx, map.id, roundId)
        audit.subjectType = 'scaling-round'
        audit.subjectId = roundId
        const hidden = found.blind && found.revealedAt === null
        const scores = await repository.roundScores(tx, roundId)
        const statement = found.entryId === null ? undefined : (await entriesAt(tx, map.id)).find((entry) => entry.entryId === found.entryId)
        return {
          family, map, round: found, statement, hidden,
          // In a blind round nobody sees any number, or any reason, until it is revealed: only who has scaled.
          scores: hidden ? scores.map((score) => ({ perspectiveKind: score.perspectiveKind, perspectiveName: score.perspectiveName })) : scores,
          canReveal: hidden && found.startedBy === actor.userId,
        }
      })
    },

    async start(actor: Actor, familyId: string, input: { entryId: string | null; blind: boolean; heldOn: string }): Promise<string> {
      return familyRecord.withFamily(actor, familyId, { action: 'scaling.round-started', roles: CASEWORKERS }, async ({ tx, audit }) => {
        const map = await familyMap(tx, familyId)
        if (input.entryId !== null && !await repository.isDangerStatement(tx, map.id, input.entryId)) throw new NotFoundError('statement')
        const roundId = await repository.insertRound(tx, { organisationId: actor.organisationId, mapId: map.id, entryId: input.entryId, blind: input.blind, heldOn: input.heldOn, startedBy: actor.userId })
        audit.subjectType = 'scaling-round'
        audit.subjectId = roundId
        audit.details = { blind: input.blind }
        return roundId
      })
    },

    async record(actor: Actor, familyId: string, roundId: string, input: ScoreInput): Promise<'saved' | 'already-saved' | 'perspective-taken'> {
      return familyRecord.withFamily(actor, familyId, { action: 'scaling.score-recorded', roles: CASEWORKERS }, async ({ tx, audit }) => {
        const map = await familyMap(tx, familyId)
        await round(tx, map.id, roundId, true)
        audit.subjectType = 'scaling-round'
        audit.subjectId = roundId
        audit.details = { perspective: input.perspectiveKind }
        if (await repository.scoreInRoundWithSubmission(tx, roundId, input.submissionId)) {
          audit.details = { ...audit.details, alreadySaved: true }
          return 'already-saved' as const
        }
        if (await repository.perspectiveTaken(tx, roundId, input.perspectiveName)) {
          audit.outcome = 'failure'
          audit.details = { ...audit.details, reason: 'perspective-taken' }
          return 'perspective-taken' as const
        }
        await repository.insertScore(tx, { organisationId: actor.organisationId, roundId, recordedBy: actor.userId, ...input })
        return 'saved' as const
      })
    },

    async reveal(actor: Actor, familyId: string, roundId: string): Promise<void> {
      await familyRecord.withFamily(actor, familyId, { action: 'scaling.round-revealed', roles: CASEWORKERS }, async ({ tx, audit }) => {
        const map = await familyMap(tx, familyId)
        const found = await round(tx, map.id, roundId, true)
        if (found.startedBy !== actor.userId) throw new ForbiddenError('Only the person running the round reveals it')
        audit.subjectType = 'scaling-round'
        audit.subjectId = roundId
        if (found.revealedAt !== null) {
          audit.details = { alreadyRevealed: true }
          return
        }
        await repository.revealRound(tx, roundId)
      })
    },
  }
}

export type ScalingService = ReturnType<typeof createScalingService>
