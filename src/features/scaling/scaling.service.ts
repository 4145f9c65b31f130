import { and, asc, eq, isNotNull, or, sql } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { mapEntries, scalingRounds, scalingScores, users, type PerspectiveKind } from '../../db/schema/index.js'
import { familiesVisibleTo } from '../../family-record/index.js'
import { findVisibleFamily } from '../families/families.repository.js'
import { findFamilyMap, entriesAt } from '../map/map.repository.js'

export interface ScoreInput { perspectiveKind: PerspectiveKind; perspectiveName: string; score: number; why: string; onePointHigher: string; submissionId: string }

const EDITING_ROLES = ['practitioner', 'team-manager', 'conference-chair']

export function createScalingService(deps: { database: DatabaseHandle }) {
  const { database } = deps

  async function familyMap(tx: Transaction, actor: Actor, familyId: string) {
    const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
    if (family === undefined) throw new NotFoundError('family')
    const map = await findFamilyMap(tx, familyId)
    if (map === undefined) throw new NotFoundError('map')
    return { family, map }
  }

  async function round(tx: Transaction, mapId: string, roundId: string, forUpdate = false) {
    const query = tx.select().from(scalingRounds).where(and(eq(scalingRounds.id, roundId), eq(scalingRounds.mapId, mapId)))
    const [row] = forUpdate ? await query.for('update') : await query
    if (row === undefined) throw new NotFoundError('round')
    return row
  }

  return {
    /** Every round, and every score that may be seen: a blind round's scores only once it is revealed. */
    async overview(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const { family, map } = await familyMap(tx, actor, familyId)
        const rounds = await tx.select({
          id: scalingRounds.id, entryId: scalingRounds.entryId, blind: scalingRounds.blind, heldOn: scalingRounds.heldOn,
          revealedAt: scalingRounds.revealedAt, startedBy: scalingRounds.startedBy, startedByName: users.displayName,
          scores: sql<number>`(select count(*)::int from scaling_scores s where s.round_id = ${scalingRounds.id})`,
        }).from(scalingRounds).innerJoin(users, eq(users.id, scalingRounds.startedBy))
          .where(eq(scalingRounds.mapId, map.id)).orderBy(asc(scalingRounds.heldOn), asc(scalingRounds.createdAt))
        const visible = await tx.select({
          roundId: scalingScores.roundId, perspectiveKind: scalingScores.perspectiveKind, perspectiveName: scalingScores.perspectiveName, score: scalingScores.score,
        }).from(scalingScores).innerJoin(scalingRounds, eq(scalingRounds.id, scalingScores.roundId))
          .where(and(eq(scalingRounds.mapId, map.id), or(eq(scalingRounds.blind, false), isNotNull(scalingRounds.revealedAt))))
        const statements = (await entriesAt(tx, map.id)).filter((entry) => entry.category === 'danger')
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'scaling.viewed', subjectType: 'family', subjectId: familyId, requestId: actor.requestId })
        return { family, map, rounds, visible, statements }
      })
    },

    async roundDetail(actor: Actor, familyId: string, roundId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const { family, map } = await familyMap(tx, actor, familyId)
        const found = await round(tx, map.id, roundId)
        const hidden = found.blind && found.revealedAt === null
        const scores = await tx.select({
          perspectiveKind: scalingScores.perspectiveKind, perspectiveName: scalingScores.perspectiveName,
          score: scalingScores.score, why: scalingScores.why, onePointHigher: scalingScores.onePointHigher, recordedAt: scalingScores.recordedAt,
        }).from(scalingScores).where(eq(scalingScores.roundId, roundId)).orderBy(asc(scalingScores.recordedAt))
        const statement = found.entryId === null ? undefined : (await entriesAt(tx, map.id)).find((entry) => entry.entryId === found.entryId)
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'scaling.round-viewed', subjectType: 'scaling-round', subjectId: roundId, requestId: actor.requestId, details: { familyId } })
        return {
          family, map, round: found, statement, hidden,
          // In a blind round nobody sees any number, or any reason, until it is revealed: only who has scaled.
          scores: hidden ? scores.map((score) => ({ perspectiveKind: score.perspectiveKind, perspectiveName: score.perspectiveName })) : scores,
          canReveal: hidden && found.startedBy === actor.userId,
        }
      })
    },

    async start(actor: Actor, familyId: string, input: { entryId: string | null; blind: boolean; heldOn: string }): Promise<string> {
      if (!EDITING_ROLES.includes(actor.role)) throw new ForbiddenError('This role cannot run scaling')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const { map } = await familyMap(tx, actor, familyId)
        if (input.entryId !== null) {
          const [entry] = await tx.select().from(mapEntries).where(and(eq(mapEntries.id, input.entryId), eq(mapEntries.mapId, map.id), eq(mapEntries.category, 'danger')))
          if (entry === undefined) throw new NotFoundError('statement')
        }
        const [created] = await tx.insert(scalingRounds).values({ organisationId: actor.organisationId, mapId: map.id, entryId: input.entryId, blind: input.blind, heldOn: input.heldOn, startedBy: actor.userId })
          .returning({ id: scalingRounds.id })
        if (created === undefined) throw new Error('round not created')
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'scaling.round-started', subjectType: 'scaling-round', subjectId: created.id, requestId: actor.requestId, details: { familyId, blind: input.blind } })
        return created.id
      })
    },

    async record(actor: Actor, familyId: string, roundId: string, input: ScoreInput): Promise<'saved' | 'already-saved' | 'perspective-taken'> {
      if (!EDITING_ROLES.includes(actor.role)) throw new ForbiddenError('This role cannot record scaling')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const { map } = await familyMap(tx, actor, familyId)
        await round(tx, map.id, roundId, true)
        const [same] = await tx.select({ id: scalingScores.id }).from(scalingScores).where(and(eq(scalingScores.roundId, roundId), eq(scalingScores.submissionId, input.submissionId)))
        if (same !== undefined) return 'already-saved' as const
        const [taken] = await tx.select({ id: scalingScores.id }).from(scalingScores).where(and(eq(scalingScores.roundId, roundId), sql`lower(${scalingScores.perspectiveName}) = lower(${input.perspectiveName})`))
        if (taken !== undefined) return 'perspective-taken' as const
        await tx.insert(scalingScores).values({ organisationId: actor.organisationId, roundId, recordedBy: actor.userId, ...input })
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'scaling.score-recorded', subjectType: 'scaling-round', subjectId: roundId, requestId: actor.requestId, details: { familyId, perspective: input.perspectiveKind } })
        return 'saved' as const
      })
    },

    async reveal(actor: Actor, familyId: string, roundId: string): Promise<void> {
      await database.inOrganisation(actor.organisationId, async (tx) => {
        const { map } = await familyMap(tx, actor, familyId)
        const found = await round(tx, map.id, roundId, true)
        if (found.startedBy !== actor.userId) throw new ForbiddenError('Only the person running the round reveals it')
        if (found.revealedAt !== null) return
        await tx.update(scalingRounds).set({ revealedAt: new Date() }).where(eq(scalingRounds.id, roundId))
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'scaling.round-revealed', subjectType: 'scaling-round', subjectId: roundId, requestId: actor.requestId, details: { familyId } })
      })
    },
  }
}

export type ScalingService = ReturnType<typeof createScalingService>
