import { pgTable, uuid, text, timestamp, date, integer, boolean, index, uniqueIndex, smallint, check, customType, primaryKey } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { organisations } from './organisations.js'
import { users } from './users.js'
import { families, people } from './families.js'
import { mapEntries } from './maps.js'

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' })

export const PICTURE_TYPES = ['image/png', 'image/jpeg'] as const
export type PictureType = (typeof PICTURE_TYPES)[number]

/**
 * A child's drawing (uploaded or drawn on screen) or a picture in a words and pictures booklet.
 * Only cleaned images are stored: decoded and encoded again, so no metadata survives.
 */
export const pictures = pgTable('pictures', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  mediaType: text('media_type', { enum: PICTURE_TYPES }).notNull(),
  bytes: bytea('bytes').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  source: text('source', { enum: ['upload', 'drawn'] }).notNull(),
  description: text('description').notNull().default(''),
  uploadedBy: uuid('uploaded_by').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [index('pictures_family').on(table.familyId)])

export const CHILD_TOOLS = ['three-houses', 'wizard-fairy', 'safety-house'] as const
export type ChildTool = (typeof CHILD_TOOLS)[number]

/** A dated session with one child using one of the child's tools. */
export const childSessions = pgTable('child_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  childPersonId: uuid('child_person_id').notNull().references(() => people.id),
  tool: text('tool', { enum: CHILD_TOOLS }).notNull(),
  heldOn: date('held_on').notNull(),
  whoWasThere: text('who_was_there').notNull(),
  /** Safety house: where the child puts themselves on the path, 0 (far away) to 10 (at the door). */
  pathPosition: smallint('path_position'),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  index('child_sessions_child').on(table.childPersonId, table.heldOn),
  uniqueIndex('child_sessions_submission').on(table.familyId, table.submissionId),
  check('child_sessions_path_range', sql`${table.pathPosition} is null or ${table.pathPosition} between 0 and 10`),
])

/**
 * One thing the child said or drew, in one part of a tool (the house of worries, who visits…),
 * with the child's own choice of who beyond the workers may see it.
 */
export const childWords = pgTable('child_words', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  sessionId: uuid('session_id').notNull().references(() => childSessions.id),
  childPersonId: uuid('child_person_id').notNull().references(() => people.id),
  part: text('part').notNull(),
  position: integer('position').notNull(),
  /** Exactly as the child said it. */
  words: text('words').notNull(),
  pictureId: uuid('picture_id').references(() => pictures.id),
  parentsMaySee: boolean('parents_may_see').notNull(),
  networkMaySee: boolean('network_may_see').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  index('child_words_session').on(table.sessionId, table.position),
  uniqueIndex('child_words_submission').on(table.familyId, table.submissionId),
  index('child_words_family').on(table.familyId),
  check('child_words_something', sql`${table.words} <> '' or ${table.pictureId} is not null`),
])

/** Why a child's own view is not recorded (a baby, say), and how their experience was observed. */
export const childViewReasons = pgTable('child_view_reasons', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  childPersonId: uuid('child_person_id').notNull().references(() => people.id).unique(),
  reason: text('reason').notNull(),
  howObserved: text('how_observed').notNull(),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
})

/** Which of the child's words a goal on the map answers. */
export const goalChildWords = pgTable('goal_child_words', {
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  goalEntryId: uuid('goal_entry_id').notNull().references(() => mapEntries.id),
  childWordsId: uuid('child_words_id').notNull().references(() => childWords.id),
  linkedBy: uuid('linked_by').notNull().references(() => users.id),
  linkedAt: timestamp('linked_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [primaryKey({ columns: [table.goalEntryId, table.childWordsId] }), index('goal_child_words_family').on(table.familyId)])
