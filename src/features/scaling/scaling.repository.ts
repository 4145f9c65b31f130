import { and, desc, eq, sql } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { scalingRounds, scalingScores, users, type PerspectiveKind } from '../../db/schema/index.js'

// Scales given outside a worker's round: a partner agency's, or a family member's own.

/** A scale given in a round of its own, open (not blind): nobody else is scaling with them. */
export async function recordScaleOnItsOwn(tx: Transaction, values: {
  organisationId: string; mapId: string; heldOn: string; recordedBy: string; perspectiveKind: PerspectiveKind; perspectiveName: string
  score: number; why: string; onePointHigher: string; submissionId: string
}): Promise<string> {
  const [round] = await tx.insert(scalingRounds).values({
    organisationId: values.organisationId, mapId: values.mapId, entryId: null, blind: false, heldOn: values.heldOn, startedBy: values.recordedBy,
  }).returning({ id: scalingRounds.id })
  if (round === undefined) throw new Error('round not created')
  await tx.insert(scalingScores).values({
    organisationId: values.organisationId, roundId: round.id, perspectiveKind: values.perspectiveKind, perspectiveName: values.perspectiveName,
    score: values.score, why: values.why, onePointHigher: values.onePointHigher, recordedBy: values.recordedBy, submissionId: values.submissionId,
  })
  return round.id
}

/** Whether a score was already saved on this map from this submission. */
export async function scoreOnMapWithSubmission(tx: Transaction, mapId: string, submissionId: string): Promise<boolean> {
  const [row] = await tx.select({ id: scalingScores.id }).from(scalingScores).innerJoin(scalingRounds, eq(scalingRounds.id, scalingScores.roundId))
    .where(and(eq(scalingRounds.mapId, mapId), eq(scalingScores.submissionId, submissionId)))
  return row !== undefined
}

/** The scales one person gave on a map, newest first. */
export async function scoresRecordedBy(tx: Transaction, mapId: string, userId: string) {
  return tx.select({ score: scalingScores.score, why: scalingScores.why, onePointHigher: scalingScores.onePointHigher, heldOn: scalingRounds.heldOn, recordedAt: scalingScores.recordedAt })
    .from(scalingScores).innerJoin(scalingRounds, eq(scalingRounds.id, scalingScores.roundId))
    .where(and(eq(scalingRounds.mapId, mapId), eq(scalingScores.recordedBy, userId))).orderBy(desc(scalingScores.recordedAt))
}

/** Scores recorded on this map by people from one agency, once anyone may see them. */
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
