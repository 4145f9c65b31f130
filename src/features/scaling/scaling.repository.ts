import { and, asc, desc, eq, isNotNull, or, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { mapEntries, scalingRounds, scalingScores, users, type PerspectiveKind } from '../../db/schema/index.js'

/**
 * The scaling tables belong to this feature. Other features that write a score (a partner's or a
 * family member's own scale) call these functions inside their own unit of work, through
 * `scalingRecords` in index.ts; every function takes the transaction first.
 */

/** Every round of a map, oldest first, with how many scores each has. */
export async function roundsOf(tx: Transaction, mapId: string) {
  return tx.select({
    id: scalingRounds.id, entryId: scalingRounds.entryId, blind: scalingRounds.blind, heldOn: scalingRounds.heldOn,
    revealedAt: scalingRounds.revealedAt, startedBy: scalingRounds.startedBy, startedByName: users.displayName,
    scores: sql<number>`(select count(*)::int from scaling_scores s where s.round_id = ${scalingRounds.id})`,
  }).from(scalingRounds).innerJoin(users, eq(users.id, scalingRounds.startedBy))
    .where(eq(scalingRounds.mapId, mapId)).orderBy(asc(scalingRounds.heldOn), asc(scalingRounds.createdAt))
}

/** The scores of a map that anyone may see: every open round's, and a blind round's once it is revealed. */
export async function visibleScores(tx: Transaction, mapId: string) {
  return tx.select({
    roundId: scalingScores.roundId, perspectiveKind: scalingScores.perspectiveKind, perspectiveName: scalingScores.perspectiveName, score: scalingScores.score,
  }).from(scalingScores).innerJoin(scalingRounds, eq(scalingRounds.id, scalingScores.roundId))
    .where(and(eq(scalingRounds.mapId, mapId), or(eq(scalingRounds.blind, false), isNotNull(scalingRounds.revealedAt))))
}

/** One person's latest scale of the whole map, as the map page shows it. */
export interface LatestScale { perspectiveKind: PerspectiveKind; perspectiveName: string; score: number; heldOn: string; recordedAt: Date }

/**
 * Each perspective's latest score of the whole map (not of one statement) that anyone may see: a
 * blind round's only once it is revealed. Newest first; one statement, for the map page.
 */
export async function latestWholeMapScores(tx: Transaction, mapId: string): Promise<LatestScale[]> {
  const rows = await tx.execute<{ perspective_kind: PerspectiveKind; perspective_name: string; score: number; held_on: string; recorded_at: string }>(latestWholeMapScoresQuery(mapId))
  return sortLatestScales(rows.rows.map((row) => ({ perspectiveKind: row.perspective_kind, perspectiveName: row.perspective_name, score: row.score, heldOn: row.held_on, recordedAt: new Date(row.recorded_at) })))
}

/**
 * The same read as one SQL query giving rows of (perspective_kind, perspective_name, score, held_on,
 * recorded_at), unordered, for a page that gathers its reads into one statement (the map page); sort
 * what it gives with sortLatestScales.
 */
export function latestWholeMapScoresQuery(mapId: string | SQL): SQL {
  return sql`
    select distinct on (lower(s.perspective_name)) s.perspective_kind, s.perspective_name, s.score, r.held_on::text as held_on, s.recorded_at
      from ${scalingScores} s join ${scalingRounds} r on r.id = s.round_id
     where r.map_id = ${mapId} and r.entry_id is null and (r.blind = false or r.revealed_at is not null)
     order by lower(s.perspective_name), r.held_on desc, s.recorded_at desc`
}

/** Newest first. */
export function sortLatestScales(scales: LatestScale[]): LatestScale[] {
  return scales.sort((a, b) => b.heldOn.localeCompare(a.heldOn) || b.recordedAt.getTime() - a.recordedAt.getTime())
}

/** One round of a map, locked for update when asked. */
export async function findRound(tx: Transaction, mapId: string, roundId: string, forUpdate = false) {
  const query = tx.select().from(scalingRounds).where(and(eq(scalingRounds.id, roundId), eq(scalingRounds.mapId, mapId)))
  const [row] = forUpdate ? await query.for('update') : await query
  return row
}

/** Every score of one round, in the order they were given (the service decides what may be shown). */
export async function roundScores(tx: Transaction, roundId: string) {
  return tx.select({
    perspectiveKind: scalingScores.perspectiveKind, perspectiveName: scalingScores.perspectiveName,
    score: scalingScores.score, why: scalingScores.why, onePointHigher: scalingScores.onePointHigher, recordedAt: scalingScores.recordedAt,
  }).from(scalingScores).where(eq(scalingScores.roundId, roundId)).orderBy(asc(scalingScores.recordedAt))
}

/** Whether the entry is a danger statement of this map (only those can be scaled on their own). */
export async function isDangerStatement(tx: Transaction, mapId: string, entryId: string): Promise<boolean> {
  const [entry] = await tx.select({ id: mapEntries.id }).from(mapEntries).where(and(eq(mapEntries.id, entryId), eq(mapEntries.mapId, mapId), eq(mapEntries.category, 'danger')))
  return entry !== undefined
}

export async function insertRound(tx: Transaction, values: { organisationId: string; mapId: string; entryId: string | null; blind: boolean; heldOn: string; startedBy: string }): Promise<string> {
  const [created] = await tx.insert(scalingRounds).values(values).returning({ id: scalingRounds.id })
  if (created === undefined) throw new Error('round not created')
  return created.id
}

export async function revealRound(tx: Transaction, roundId: string): Promise<void> {
  await tx.update(scalingRounds).set({ revealedAt: new Date() }).where(eq(scalingRounds.id, roundId))
}

export async function scoreInRoundWithSubmission(tx: Transaction, roundId: string, submissionId: string): Promise<boolean> {
  const [same] = await tx.select({ id: scalingScores.id }).from(scalingScores).where(and(eq(scalingScores.roundId, roundId), eq(scalingScores.submissionId, submissionId)))
  return same !== undefined
}

/** Whether this person (by name, in any case) has already given a score in the round. */
export async function perspectiveTaken(tx: Transaction, roundId: string, perspectiveName: string): Promise<boolean> {
  const [taken] = await tx.select({ id: scalingScores.id }).from(scalingScores).where(and(eq(scalingScores.roundId, roundId), sql`lower(${scalingScores.perspectiveName}) = lower(${perspectiveName})`))
  return taken !== undefined
}

export interface ScoreValues {
  organisationId: string; roundId: string; recordedBy: string
  perspectiveKind: PerspectiveKind; perspectiveName: string; score: number; why: string; onePointHigher: string; submissionId: string
}

export async function insertScore(tx: Transaction, values: ScoreValues): Promise<void> {
  await tx.insert(scalingScores).values(values)
}

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
