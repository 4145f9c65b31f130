import { pgTable, uuid, text, timestamp, date, integer, boolean, index, uniqueIndex, smallint, check } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { organisations } from './organisations.js'
import { users } from './users.js'
import { episodes, families, people } from './families.js'

export const MAP_CATEGORIES = ['harm', 'danger', 'complicating', 'strength', 'safety', 'goal', 'next-step', 'grey-area'] as const
export type MapCategory = (typeof MAP_CATEGORIES)[number]

export const VOICE_KINDS = ['family-member', 'child', 'worker', 'partner-agency', 'network-member'] as const
export type VoiceKind = (typeof VOICE_KINDS)[number]

/** One map per episode of help; it keeps its entries and history through every step up or down. */
export const maps = pgTable('maps', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  episodeId: uuid('episode_id').notNull().references(() => episodes.id).unique(),
  /** Goes up by one with every saved change: version N of the map is every entry as it stood then. */
  version: integer('version').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [index('maps_family').on(table.familyId)])

/** An entry on the map: addressable on its own, with its text kept in versions. */
export const mapEntries = pgTable('map_entries', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  mapId: uuid('map_id').notNull().references(() => maps.id),
  category: text('category', { enum: MAP_CATEGORIES }).notNull(),
  /** A goal's danger (worry) statement. */
  pairedEntryId: uuid('paired_entry_id'),
  /** When the entry is a child's own words placed on the map: which words (see child_words). */
  childWordsId: uuid('child_words_id'),
  currentVersion: integer('current_version').notNull().default(1),
  removedAt: timestamp('removed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  index('map_entries_map').on(table.mapId),
  // Each statement has at most one live goal.
  uniqueIndex('map_entries_one_goal_per_statement').on(table.pairedEntryId).where(sql`${table.removedAt} IS NULL AND ${table.category} = 'goal'`),
  check('map_entries_goal_paired', sql`(${table.category} = 'goal') = (${table.pairedEntryId} IS NOT NULL)`),
])

/** Every saved state of every entry. Nothing is ever overwritten. */
export const mapEntryVersions = pgTable('map_entry_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  entryId: uuid('entry_id').notNull().references(() => mapEntries.id),
  mapId: uuid('map_id').notNull().references(() => maps.id),
  version: integer('version').notNull(),
  mapVersion: integer('map_version').notNull(),
  change: text('change', { enum: ['added', 'changed', 'removed'] }).notNull(),
  text: text('text').notNull(),
  /** Whose view it is. */
  saidByKind: text('said_by_kind', { enum: VOICE_KINDS }).notNull(),
  saidByName: text('said_by_name').notNull(),
  saidByPersonId: uuid('said_by_person_id').references(() => people.id),
  /** Next steps: who will do it, by when, and whether it is done. */
  owner: text('owner'),
  dueOn: date('due_on'),
  done: boolean('done').notNull().default(false),
  typedBy: uuid('typed_by').notNull().references(() => users.id),
  typedAt: timestamp('typed_at', { withTimezone: true }).notNull().defaultNow(),
  /** The form submission that made this version, so a double submit saves once. */
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  uniqueIndex('map_entry_versions_entry_version').on(table.entryId, table.version),
  uniqueIndex('map_entry_versions_submission').on(table.mapId, table.submissionId),
  index('map_entry_versions_map_version').on(table.mapId, table.mapVersion),
])

/** A round of scaling: overall, or about one statement. Blind rounds hide scores until revealed. */
export const scalingRounds = pgTable('scaling_rounds', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  mapId: uuid('map_id').notNull().references(() => maps.id),
  /** null for the overall question; otherwise the statement being scaled. */
  entryId: uuid('entry_id').references(() => mapEntries.id),
  blind: boolean('blind').notNull().default(false),
  heldOn: date('held_on').notNull(),
  startedBy: uuid('started_by').notNull().references(() => users.id),
  revealedAt: timestamp('revealed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [index('scaling_rounds_map').on(table.mapId, table.heldOn)])

export const PERSPECTIVE_KINDS = ['parent-carer', 'child', 'worker', 'manager', 'partner', 'network-member'] as const
export type PerspectiveKind = (typeof PERSPECTIVE_KINDS)[number]

export const scalingScores = pgTable('scaling_scores', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  roundId: uuid('round_id').notNull().references(() => scalingRounds.id),
  perspectiveKind: text('perspective_kind', { enum: PERSPECTIVE_KINDS }).notNull(),
  perspectiveName: text('perspective_name').notNull(),
  score: smallint('score').notNull(),
  why: text('why').notNull(),
  onePointHigher: text('one_point_higher').notNull(),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  uniqueIndex('scaling_scores_one_per_perspective').on(table.roundId, sql`lower(${table.perspectiveName})`),
  uniqueIndex('scaling_scores_submission').on(table.roundId, table.submissionId),
  check('scaling_scores_range', sql`${table.score} between 0 and 10`),
])
