import { and, asc, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import type { PersonFields } from './record.schema.js'
import { chronologyEvents, contactDetails, episodes, families, levelChanges, maps, people, relationships, teams, users, type LevelOfHelp } from '../../db/schema/index.js'

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

export async function familyPeople(tx: Transaction, familyId: string) {
  return tx.select().from(people).where(eq(people.familyId, familyId)).orderBy(asc(people.kind), asc(people.dateOfBirth), asc(people.givenName))
}

export async function familyRelationships(tx: Transaction, familyId: string) {
  return tx.select({ id: relationships.id, personId: relationships.personId, relatedPersonId: relationships.relatedPersonId, relationship: relationships.relationship })
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

export async function listPeopleNames(tx: Transaction, familyId: string) {
  return tx.select({ id: people.id, givenName: people.givenName, familyName: people.familyNameOfPerson }).from(people).where(eq(people.familyId, familyId))
}

export async function insertPerson(tx: Transaction, organisationId: string, familyId: string, fields: PersonValues) {
  const [person] = await tx.insert(people).values({ organisationId, familyId, ...personColumns(fields) }).returning({ id: people.id })
  if (person === undefined) throw new Error('person not added')
  return person.id
}

export type PersonValues = PersonFields

function personColumns(fields: PersonValues) {
  return {
    kind: fields.kind, givenName: fields.givenName, familyNameOfPerson: fields.familyName, knownAs: fields.knownAs, dateOfBirth: fields.dateOfBirth,
    expectedDate: fields.expectedDate, nhsNumber: fields.nhsNumber, sex: fields.sex, ethnicity: fields.ethnicity, disabilities: fields.disabilities,
  }
}

export async function personInFamily(tx: Transaction, familyId: string, personId: string, lock = false) {
  const query = tx.select().from(people).where(and(eq(people.id, personId), eq(people.familyId, familyId)))
  const [person] = lock ? await query.for('update') : await query
  return person
}

export async function updatePerson(tx: Transaction, personId: string, version: number, fields: PersonValues): Promise<void> {
  await tx.update(people).set({ ...personColumns(fields), version, updatedAt: new Date() }).where(eq(people.id, personId))
}

export async function insertRelationship(tx: Transaction, organisationId: string, familyId: string, personId: string, relatedPersonId: string, relationship: string): Promise<void> {
  await tx.insert(relationships).values({ organisationId, familyId, personId, relatedPersonId, relationship })
}

export async function removeRelationships(tx: Transaction, familyId: string, relationshipIds: string[]): Promise<void> {
  if (relationshipIds.length === 0) return
  await tx.delete(relationships).where(and(eq(relationships.familyId, familyId), inArray(relationships.id, relationshipIds)))
}

export interface ContactValues { kind: 'address' | 'phone' | 'email'; value: string; hiddenFrom: string[]; hiddenReason: string | null }

export async function insertContact(tx: Transaction, organisationId: string, familyId: string, personId: string, fields: ContactValues): Promise<void> {
  await tx.insert(contactDetails).values({ organisationId, familyId, personId, kind: fields.kind, value: fields.value, hiddenFromPersonIds: fields.hiddenFrom, hiddenReason: fields.hiddenReason })
}

/** One contact detail, never one hidden from this member of staff; removed ones too, so a change to one can say it was removed. */
export async function contactFor(tx: Transaction, familyId: string, contactId: string, viewerUserId: string, lock = false) {
  const query = tx.select().from(contactDetails)
    .where(and(eq(contactDetails.id, contactId), eq(contactDetails.familyId, familyId), sql`not (${viewerUserId}::uuid = any(${contactDetails.hiddenFromUserIds}))`))
  const [contact] = lock ? await query.for('update') : await query
  return contact
}

export async function updateContact(tx: Transaction, contactId: string, version: number, fields: ContactValues): Promise<void> {
  await tx.update(contactDetails).set({ kind: fields.kind, value: fields.value, hiddenFromPersonIds: fields.hiddenFrom, hiddenReason: fields.hiddenReason, version }).where(eq(contactDetails.id, contactId))
}

export async function removeContact(tx: Transaction, contactId: string): Promise<void> {
  await tx.update(contactDetails).set({ removedAt: new Date(), version: sql`${contactDetails.version} + 1` }).where(eq(contactDetails.id, contactId))
}

export async function insertChronologyEvent(tx: Transaction, organisationId: string, familyId: string, event: { occurredOn: string; title: string; description: string | null; recordedBy: string }): Promise<void> {
  await tx.insert(chronologyEvents).values({ organisationId, familyId, ...event })
}

export async function allTeams(tx: Transaction) {
  return tx.select({ id: teams.id, name: teams.name }).from(teams).orderBy(teams.name)
}

/** Active staff who can hold a family: practitioners and team managers, with their team. */
export async function allocatableWorkers(tx: Transaction) {
  return tx.select({ id: users.id, name: users.displayName, teamId: users.teamId }).from(users)
    .where(and(inArray(users.role, ['practitioner', 'team-manager']), eq(users.status, 'active'))).orderBy(users.displayName)
}

export async function teamById(tx: Transaction, teamId: string) {
  const [team] = await tx.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.id, teamId))
  return team
}

export async function allocatableWorker(tx: Transaction, workerId: string) {
  const [worker] = await tx.select({ id: users.id, name: users.displayName }).from(users)
    .where(and(eq(users.id, workerId), inArray(users.role, ['practitioner', 'team-manager']), eq(users.status, 'active')))
  return worker
}

export async function allocate(tx: Transaction, familyId: string, teamId: string, workerId: string | null): Promise<void> {
  await tx.update(families).set({ teamId, allocatedWorkerId: workerId, updatedAt: new Date() }).where(eq(families.id, familyId))
}

/** Starts help for a new family: the family, their first child, an episode at a level, its map and the first chronology event. */
export async function insertFamilyWithHelp(tx: Transaction, input: {
  organisationId: string; familyLabel: string; teamId: string | null; workerId: string; level: LevelOfHelp; reason: string; startedOn: string; child: PersonValues
}): Promise<string> {
  const { organisationId } = input
  const [family] = await tx.insert(families).values({ organisationId, familyName: input.familyLabel, teamId: input.teamId, allocatedWorkerId: input.workerId }).returning({ id: families.id })
  if (family === undefined) throw new Error('family not created')
  await tx.insert(people).values({ organisationId, familyId: family.id, ...personColumns(input.child) })
  const [episode] = await tx.insert(episodes).values({ organisationId, familyId: family.id, level: input.level, startedOn: input.startedOn }).returning({ id: episodes.id })
  if (episode === undefined) throw new Error('episode not created')
  await tx.insert(levelChanges).values({ organisationId, episodeId: episode.id, change: 'start', toLevel: input.level, changedOn: input.startedOn, reason: input.reason, recordedBy: input.workerId })
  await tx.insert(maps).values({ organisationId, familyId: family.id, episodeId: episode.id })
  await tx.insert(chronologyEvents).values({ organisationId, familyId: family.id, occurredOn: input.startedOn, title: 'Help started', description: input.reason, recordedBy: input.workerId })
  return family.id
}

export async function openEpisode(tx: Transaction, familyId: string, lock = false) {
  const query = tx.select().from(episodes).where(and(eq(episodes.familyId, familyId), isNull(episodes.closedOn)))
  const [episode] = lock ? await query.for('update') : await query
  return episode
}

export async function recordLevelChange(tx: Transaction, input: {
  organisationId: string; episodeId: string; change: 'step-up' | 'step-down' | 'closure'; fromLevel: LevelOfHelp; toLevel: LevelOfHelp | null; changedOn: string; reason: string; recordedBy: string
}): Promise<void> {
  await tx.insert(levelChanges).values(input)
  await tx.update(episodes).set(input.toLevel === null ? { closedOn: input.changedOn, closureReason: input.reason } : { level: input.toLevel }).where(eq(episodes.id, input.episodeId))
}
