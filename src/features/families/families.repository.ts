import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { chronologyEvents, contactDetails, episodes, families, levelChanges, people, relationships, teams, users } from '../../db/schema/index.js'

export type FamilySearch =
  | { by: 'name'; text: string }
  | { by: 'date-of-birth'; date: string }
  | { by: 'nhs-number'; number: string }

/** Families matching a search that the condition `visible` allows, best match first, with paging and the total in one query. */
export async function searchFamilies(tx: Transaction, search: FamilySearch, visible: SQL, limit: number, offset: number) {
  // Each branch yields (family, score) pairs for the people who match.
  const matches = search.by === 'name'
    ? sql`select family_id, score from mapwell_people_matching_name(${search.text})`
    : search.by === 'date-of-birth'
      ? sql`select family_id, 1::real as score from people where date_of_birth = ${search.date} or expected_date = ${search.date}`
      : sql`select family_id, 1::real as score from people where nhs_number = ${search.number}`
  const result = await tx.execute<{ id: string; family_name: string; team_name: string | null; worker_name: string | null; rank: number; total: string }>(sql`
    with matching as (select family_id, max(score) as rank from (${matches}) found group by family_id)
    select ${families.id} as id, ${families.familyName} as family_name, ${teams.name} as team_name, ${users.displayName} as worker_name,
           matching.rank, count(*) over () as total
      from matching
      join ${families} on ${families.id} = matching.family_id
      left join ${teams} on ${teams.id} = ${families.teamId}
      left join ${users} on ${users.id} = ${families.allocatedWorkerId}
     where ${visible}
     order by matching.rank desc, ${families.familyName}, ${families.id}
     limit ${limit} offset ${offset}`)
  const rows = result.rows.map((row) => ({ id: row.id, familyName: row.family_name, teamName: row.team_name, workerName: row.worker_name, rank: row.rank }))
  let total = Number(result.rows[0]?.total ?? 0)
  if (rows.length === 0 && offset > 0) {
    // Past the last page: count separately so the page can still say how many there are.
    const counted = await tx.execute<{ n: number }>(sql`
      select count(*)::int as n from (select distinct family_id from (${matches}) found) matching join ${families} on ${families.id} = matching.family_id where ${visible}`)
    total = counted.rows[0]?.n ?? 0
  }
  return { rows, total }
}

/** Families allocated to a worker or their team, for their home page and the families list. */
export async function listFamilies(tx: Transaction, visible: SQL, limit: number, offset: number) {
  const rows = await tx.select({ id: families.id, familyName: families.familyName, teamName: teams.name, workerName: users.displayName })
    .from(families).leftJoin(teams, eq(teams.id, families.teamId)).leftJoin(users, eq(users.id, families.allocatedWorkerId))
    .where(visible).orderBy(asc(families.familyName), asc(families.id)).limit(limit).offset(offset)
  const [total] = await tx.select({ n: count() }).from(families).where(visible)
  return { rows, total: total?.n ?? 0 }
}

/** People and open episodes for a set of families, to describe them in a list. */
export async function summariseFamilies(tx: Transaction, familyIds: string[]) {
  if (familyIds.length === 0) return { members: [], openEpisodes: [] }
  const members = await tx.select({
    familyId: people.familyId, kind: people.kind, givenName: people.givenName, familyName: people.familyNameOfPerson,
    dateOfBirth: people.dateOfBirth, expectedDate: people.expectedDate,
  }).from(people).where(inArray(people.familyId, familyIds)).orderBy(asc(people.dateOfBirth))
  const openEpisodes = await tx.select({ familyId: episodes.familyId, level: episodes.level, startedOn: episodes.startedOn })
    .from(episodes).where(and(inArray(episodes.familyId, familyIds), isNull(episodes.closedOn)))
  return { members, openEpisodes }
}

export async function findVisibleFamily(tx: Transaction, familyId: string, visible: SQL) {
  const [row] = await tx.select({
    id: families.id, familyName: families.familyName, version: families.version, teamId: families.teamId, teamName: teams.name,
    allocatedWorkerId: families.allocatedWorkerId, workerName: users.displayName,
  }).from(families).leftJoin(teams, eq(teams.id, families.teamId)).leftJoin(users, eq(users.id, families.allocatedWorkerId))
    .where(and(eq(families.id, familyId), visible))
  return row
}

export async function familyPeople(tx: Transaction, familyId: string) {
  return tx.select().from(people).where(eq(people.familyId, familyId)).orderBy(asc(people.kind), asc(people.dateOfBirth), asc(people.givenName))
}

export async function familyRelationships(tx: Transaction, familyId: string) {
  return tx.select({ personId: relationships.personId, relatedPersonId: relationships.relatedPersonId, relationship: relationships.relationship })
    .from(relationships).where(eq(relationships.familyId, familyId))
}

/** Contact details, leaving out every one hidden from this viewer: they are never fetched for them. */
export async function contactDetailsFor(tx: Transaction, familyId: string, viewer: { userId?: string; personId?: string }) {
  const hiddenFromViewer = viewer.userId !== undefined
    ? sql`${viewer.userId}::uuid = any(${contactDetails.hiddenFromUserIds})`
    : sql`${viewer.personId ?? null}::uuid = any(${contactDetails.hiddenFromPersonIds})`
  return tx.select({
    id: contactDetails.id, personId: contactDetails.personId, kind: contactDetails.kind, value: contactDetails.value,
    hiddenFromPersonIds: contactDetails.hiddenFromPersonIds, hiddenReason: contactDetails.hiddenReason,
  }).from(contactDetails).where(and(eq(contactDetails.familyId, familyId), isNull(contactDetails.removedAt), sql`not (${hiddenFromViewer})`))
}

export async function familyEpisodes(tx: Transaction, familyId: string) {
  const rows = await tx.select().from(episodes).where(eq(episodes.familyId, familyId)).orderBy(desc(episodes.startedOn))
  const changes = rows.length === 0 ? [] : await tx.select({
    episodeId: levelChanges.episodeId, change: levelChanges.change, fromLevel: levelChanges.fromLevel, toLevel: levelChanges.toLevel,
    changedOn: levelChanges.changedOn, reason: levelChanges.reason, recordedByName: users.displayName,
  }).from(levelChanges).leftJoin(users, eq(users.id, levelChanges.recordedBy))
    .where(inArray(levelChanges.episodeId, rows.map((row) => row.id))).orderBy(desc(levelChanges.changedOn), desc(levelChanges.createdAt))
  return { episodes: rows, changes }
}

export async function familyChronology(tx: Transaction, familyId: string, limit: number) {
  return tx.select({
    id: chronologyEvents.id, occurredOn: chronologyEvents.occurredOn, title: chronologyEvents.title, description: chronologyEvents.description,
    recordedByName: users.displayName, createdAt: chronologyEvents.createdAt,
  }).from(chronologyEvents).leftJoin(users, eq(users.id, chronologyEvents.recordedBy))
    .where(eq(chronologyEvents.familyId, familyId)).orderBy(desc(chronologyEvents.occurredOn), desc(chronologyEvents.createdAt)).limit(limit)
}
