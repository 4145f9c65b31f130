import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import type { LevelOfHelp } from '../../db/schema/families.js'
import { childWords, episodes, familyAccess, familyComments, goalChildWords, people, mapEntries, mapEntryVersions, maps, users, type FamilyAccessKind, type MapCategory, type VoiceKind } from '../../db/schema/index.js'

export interface EntryState {
  entryId: string
  category: MapCategory
  pairedEntryId: string | null
  /** Set when the entry is a child's own words placed on the map. */
  childWordsId: string | null
  version: number
  mapVersion: number
  text: string
  saidByKind: VoiceKind
  saidByName: string
  owner: string | null
  dueOn: string | null
  done: boolean
  typedByName: string
  typedAt: Date
}

/** The map of the family's open episode (or most recent one), locked for update when asked. */
export async function findFamilyMap(tx: Transaction, familyId: string, forUpdate = false) {
  const query = tx.select({ id: maps.id, version: maps.version, episodeId: maps.episodeId, level: episodes.level, closedOn: episodes.closedOn })
    .from(maps).innerJoin(episodes, eq(episodes.id, maps.episodeId))
    .where(eq(maps.familyId, familyId)).orderBy(sql`${episodes.closedOn} is not null`, desc(episodes.startedOn)).limit(1)
  const [row] = forUpdate ? await query.for('update', { of: maps }) : await query
  return row
}

/** Every live entry as it stands now, or as it stood at an earlier version of the map. */
export async function entriesAt(tx: Transaction, mapId: string, mapVersion?: number): Promise<EntryState[]> {
  const rows = await tx.execute<{
    entry_id: string; category: MapCategory; paired_entry_id: string | null; child_words_id: string | null; version: number; map_version: number; change: string
    text: string; said_by_kind: VoiceKind; said_by_name: string; owner: string | null; due_on: string | null; done: boolean
    typed_by_name: string; typed_at: Date
  }>(sql`
    select distinct on (v.entry_id) v.entry_id, e.category, e.paired_entry_id, e.child_words_id, v.version, v.map_version, v.change, v.text,
           v.said_by_kind, v.said_by_name, v.owner, v.due_on::text as due_on, v.done, u.display_name as typed_by_name, v.typed_at
      from ${mapEntryVersions} v
      join ${mapEntries} e on e.id = v.entry_id
      join ${users} u on u.id = v.typed_by
     where v.map_id = ${mapId} ${mapVersion === undefined ? sql`` : sql`and v.map_version <= ${mapVersion}`}
     order by v.entry_id, v.version desc`)
  return rows.rows.filter((row) => row.change !== 'removed').map((row) => ({
    entryId: row.entry_id, category: row.category, pairedEntryId: row.paired_entry_id, childWordsId: row.child_words_id, version: row.version, mapVersion: row.map_version,
    text: row.text, saidByKind: row.said_by_kind, saidByName: row.said_by_name, owner: row.owner, dueOn: row.due_on, done: row.done,
    typedByName: row.typed_by_name, typedAt: new Date(row.typed_at),
  })).sort((a, b) => a.typedAt.getTime() - b.typedAt.getTime() || a.entryId.localeCompare(b.entryId))
}

/** One entry's latest version, removed or not: what a person editing it is shown if it changed or went. */
export async function entryAsItStands(tx: Transaction, mapId: string, entryId: string): Promise<(EntryState & { removed: boolean }) | undefined> {
  const rows = await tx.execute<{
    entry_id: string; category: MapCategory; paired_entry_id: string | null; child_words_id: string | null; version: number; map_version: number; change: string
    text: string; said_by_kind: VoiceKind; said_by_name: string; owner: string | null; due_on: string | null; done: boolean
    typed_by_name: string; typed_at: Date
  }>(sql`
    select v.entry_id, e.category, e.paired_entry_id, e.child_words_id, v.version, v.map_version, v.change, v.text,
           v.said_by_kind, v.said_by_name, v.owner, v.due_on::text as due_on, v.done, u.display_name as typed_by_name, v.typed_at
      from ${mapEntryVersions} v
      join ${mapEntries} e on e.id = v.entry_id
      join ${users} u on u.id = v.typed_by
     where v.map_id = ${mapId} and v.entry_id = ${entryId}
     order by v.version desc limit 1`)
  const row = rows.rows[0]
  if (row === undefined) return undefined
  return {
    entryId: row.entry_id, category: row.category, pairedEntryId: row.paired_entry_id, childWordsId: row.child_words_id, version: row.version, mapVersion: row.map_version,
    text: row.text, saidByKind: row.said_by_kind, saidByName: row.said_by_name, owner: row.owner, dueOn: row.due_on, done: row.done,
    typedByName: row.typed_by_name, typedAt: new Date(row.typed_at), removed: row.change === 'removed',
  }
}

export async function insertEntry(tx: Transaction, values: { organisationId: string; mapId: string; category: MapCategory; pairedEntryId: string | null; childWordsId: string | null }): Promise<string> {
  const [created] = await tx.insert(mapEntries).values(values).returning({ id: mapEntries.id })
  if (created === undefined) throw new Error('entry not created')
  return created.id
}

/** Moves an entry to a new version, removing it (or keeping it on the map). */
export async function setEntryVersion(tx: Transaction, entryId: string, version: number, removed: boolean): Promise<void> {
  await tx.update(mapEntries).set({ currentVersion: version, removedAt: removed ? new Date() : null }).where(eq(mapEntries.id, entryId))
}

export async function insertEntryVersion(tx: Transaction, values: typeof mapEntryVersions.$inferInsert): Promise<void> {
  await tx.insert(mapEntryVersions).values(values)
}

export async function countLiveEntries(tx: Transaction, mapId: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(mapEntries).where(sql`${mapEntries.mapId} = ${mapId} and ${mapEntries.removedAt} is null`)
  return row?.n ?? 0
}

export async function findEntry(tx: Transaction, mapId: string, entryId: string, forUpdate = false) {
  const query = tx.select().from(mapEntries).where(and(eq(mapEntries.id, entryId), eq(mapEntries.mapId, mapId)))
  const [row] = forUpdate ? await query.for('update') : await query
  return row
}

export async function findSubmission(tx: Transaction, mapId: string, submissionId: string) {
  const [row] = await tx.select({ entryId: mapEntryVersions.entryId, version: mapEntryVersions.version, mapVersion: mapEntryVersions.mapVersion })
    .from(mapEntryVersions).where(and(eq(mapEntryVersions.mapId, mapId), eq(mapEntryVersions.submissionId, submissionId)))
  return row
}

export async function liveGoalFor(tx: Transaction, statementId: string) {
  const [row] = await tx.select({ id: mapEntries.id }).from(mapEntries)
    .where(and(eq(mapEntries.pairedEntryId, statementId), eq(mapEntries.category, 'goal'), isNull(mapEntries.removedAt)))
  return row
}

export async function bumpMapVersion(tx: Transaction, mapId: string): Promise<number> {
  const [row] = await tx.update(maps).set({ version: sql`${maps.version} + 1`, updatedAt: new Date() }).where(eq(maps.id, mapId)).returning({ version: maps.version })
  if (row === undefined) throw new Error('map not found')
  return row.version
}

/** The change log of a map, newest first. */
export async function history(tx: Transaction, mapId: string, limit: number, offset: number) {
  return tx.select({
    mapVersion: mapEntryVersions.mapVersion, change: mapEntryVersions.change, category: mapEntries.category, text: mapEntryVersions.text,
    typedByName: users.displayName, typedAt: mapEntryVersions.typedAt, saidByName: mapEntryVersions.saidByName,
  }).from(mapEntryVersions).innerJoin(mapEntries, eq(mapEntries.id, mapEntryVersions.entryId)).innerJoin(users, eq(users.id, mapEntryVersions.typedBy))
    .where(eq(mapEntryVersions.mapId, mapId)).orderBy(desc(mapEntryVersions.mapVersion)).limit(limit).offset(offset)
}

export async function entryVersions(tx: Transaction, entryId: string) {
  return tx.select({ version: mapEntryVersions.version, text: mapEntryVersions.text, change: mapEntryVersions.change, typedAt: mapEntryVersions.typedAt, typedByName: users.displayName })
    .from(mapEntryVersions).innerJoin(users, eq(users.id, mapEntryVersions.typedBy)).where(eq(mapEntryVersions.entryId, entryId)).orderBy(asc(mapEntryVersions.version))
}

export interface FamilyCommentRow { entryId: string; text: string; createdAt: Date; authorName: string; authorKind: FamilyAccessKind | null }

export type GoalWordsRow = { childName: string; words: string; id: string }

/**
 * What others said about the map, in one round trip on the map page's hot path: which of the
 * children's words each goal answers, and what family and network members said about each entry
 * from their own space (oldest first).
 */
export async function whatOthersSaid(tx: Transaction, familyId: string): Promise<{ goalWords: Map<string, GoalWordsRow[]>; familyComments: FamilyCommentRow[] }> {
  const result = await tx.execute<{ goal_words: GoalWordsJson[]; comments: CommentJson[] }>(sql`
    select ${goalWordsJson(familyId)} as goal_words, ${commentsJson(familyId)} as comments`)
  const row = result.rows[0]
  return readWhatOthersSaid(row?.goal_words ?? [], row?.comments ?? [])
}

type GoalWordsJson = { goalEntryId: string; id: string; words: string; givenName: string; knownAs: string | null; kind: string }
type CommentJson = { entryId: string; text: string; createdAt: string; authorName: string; authorKind: FamilyAccessKind | null }

function goalWordsJson(familyId: string): SQL {
  return sql`(select coalesce(json_agg(json_build_object('goalEntryId', g.goal_entry_id, 'id', w.id, 'words', w.words, 'givenName', p.given_name, 'knownAs', p.known_as, 'kind', p.kind) order by w.created_at), '[]'::json)
         from ${goalChildWords} g join ${childWords} w on w.id = g.child_words_id join ${people} p on p.id = w.child_person_id
        where g.family_id = ${familyId})`
}

function commentsJson(familyId: string): SQL {
  return sql`(select coalesce(json_agg(json_build_object('entryId', c.entry_id, 'text', c.text, 'createdAt', c.created_at, 'authorName', u.display_name, 'authorKind', a.kind) order by c.created_at), '[]'::json)
         from ${familyComments} c join ${users} u on u.id = c.author_id left join ${familyAccess} a on a.user_id = c.author_id
        where c.family_id = ${familyId} and c.about = 'map-entry' and c.entry_id is not null)`
}

function readWhatOthersSaid(goalWordsRows: GoalWordsJson[], comments: CommentJson[]): { goalWords: Map<string, GoalWordsRow[]>; familyComments: FamilyCommentRow[] } {
  const goalWords = new Map<string, GoalWordsRow[]>()
  for (const item of goalWordsRows) {
    const list = goalWords.get(item.goalEntryId) ?? []
    list.push({ id: item.id, words: item.words, childName: item.kind === 'unborn-child' ? 'The unborn baby' : item.knownAs ?? item.givenName })
    goalWords.set(item.goalEntryId, list)
  }
  return { goalWords, familyComments: comments.map((comment) => ({ ...comment, createdAt: new Date(comment.createdAt) })) }
}

export interface MapPageRead {
  map: { id: string; version: number; episodeId: string; level: LevelOfHelp; closedOn: string | null }
  /** The version shown: the latest, or the one asked for (kept between 0 and the latest). */
  shownVersion: number
  entries: EntryState[]
  goalWords: Map<string, GoalWordsRow[]>
  familyComments: FamilyCommentRow[]
  /** Rows of the family-record's hidden values query, as it gives them. */
  hidden: { value: string; hidden_from: string[] | null }[]
  /** Rows of the scaling feature's latest scales query, as it gives them. */
  scales: { perspective_kind: string; perspective_name: string; score: number; held_on: string; recorded_at: string }[]
}

type EntryJson = {
  entry_id: string; category: MapCategory; paired_entry_id: string | null; child_words_id: string | null; version: number; map_version: number
  text: string; said_by_kind: VoiceKind; said_by_name: string; owner: string | null; due_on: string | null; done: boolean; typed_by_name: string; typed_at: string
}

/**
 * Everything the map page shows, in one statement and so one round trip: the family's map (as
 * findFamilyMap finds it), its live entries at the version shown (as entriesAt gives them), what
 * others said about them (as whatOthersSaid), and two reads other parts own, given as queries: the
 * values hidden from the family and the latest scales. Undefined when the family has no map.
 */
export async function mapPage(tx: Transaction, familyId: string, atVersion: number | undefined, queries: { hidden: SQL; scales: (mapId: SQL) => SQL }): Promise<MapPageRead | undefined> {
  const result = await tx.execute<{
    map: { id: string; version: number; episodeId: string; level: LevelOfHelp; closedOn: string | null } | null; shown: number | null
    entries: EntryJson[]; goal_words: GoalWordsJson[]; comments: CommentJson[]
    hidden: MapPageRead['hidden']; scales: MapPageRead['scales']
  }>(sql`
    with map as (
      select m.id, m.version, m.episode_id as "episodeId", ep.level, ep.closed_on as "closedOn"
        from ${maps} m join ${episodes} ep on ep.id = m.episode_id
       where m.family_id = ${familyId}
       order by ep.closed_on is not null, ep.started_on desc limit 1
    ), shown as (
      select ${atVersion === undefined ? sql`map.version` : sql`least(greatest(${atVersion}::int, 0), map.version)`} as version from map
    ), latest as (
      select distinct on (v.entry_id) v.entry_id, e.category, e.paired_entry_id, e.child_words_id, v.version, v.map_version, v.change, v.text,
             v.said_by_kind, v.said_by_name, v.owner, v.due_on::text as due_on, v.done, u.display_name as typed_by_name, v.typed_at
        from ${mapEntryVersions} v
        join ${mapEntries} e on e.id = v.entry_id
        join ${users} u on u.id = v.typed_by
       where v.map_id = (select id from map) ${atVersion === undefined ? sql`` : sql`and v.map_version <= (select version from shown)`}
       order by v.entry_id, v.version desc
    )
    select (select row_to_json(map) from map) as map,
           (select version from shown) as shown,
           (select coalesce(json_agg(latest), '[]'::json) from latest where latest.change <> 'removed') as entries,
           ${goalWordsJson(familyId)} as goal_words,
           ${commentsJson(familyId)} as comments,
           (select coalesce(json_agg(hidden), '[]'::json) from (${queries.hidden}) hidden) as hidden,
           (select coalesce(json_agg(scales), '[]'::json) from (${queries.scales(sql`(select id from map)`)}) scales) as scales`)
  const row = result.rows[0]
  if (row?.map === undefined || row.map === null) return undefined
  const entries = row.entries.map((entry): EntryState => ({
    entryId: entry.entry_id, category: entry.category, pairedEntryId: entry.paired_entry_id, childWordsId: entry.child_words_id, version: entry.version, mapVersion: entry.map_version,
    text: entry.text, saidByKind: entry.said_by_kind, saidByName: entry.said_by_name, owner: entry.owner, dueOn: entry.due_on, done: entry.done,
    typedByName: entry.typed_by_name, typedAt: new Date(entry.typed_at),
  })).sort((a, b) => a.typedAt.getTime() - b.typedAt.getTime() || a.entryId.localeCompare(b.entryId))
  return {
    map: row.map, shownVersion: row.shown ?? row.map.version, entries,
    ...readWhatOthersSaid(row.goal_words, row.comments), hidden: row.hidden, scales: row.scales,
  }
}
