import { pgTable, uuid, text, timestamp, date, integer, boolean, index, uniqueIndex, jsonb, check, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { organisations } from './organisations.js'
import { users } from './users.js'
import { families, people } from './families.js'
import { pictures } from './voice.js'

export const BOOKLET_STATUSES = ['draft', 'with-parents', 'agreed'] as const
export type BookletStatus = (typeof BOOKLET_STATUSES)[number]

export interface BookletPage { text: string; pictureId: string | null }

/** A words and pictures explanation for one child. */
export const booklets = pgTable('booklets', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  childPersonId: uuid('child_person_id').notNull().references(() => people.id),
  title: text('title').notNull(),
  status: text('status', { enum: BOOKLET_STATUSES }).notNull().default('draft'),
  currentVersion: integer('current_version').notNull().default(1),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [index('booklets_family').on(table.familyId)])

/** Every saved state of a booklet's pages. */
export const bookletVersions = pgTable('booklet_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  bookletId: uuid('booklet_id').notNull().references(() => booklets.id),
  version: integer('version').notNull(),
  title: text('title').notNull(),
  pages: jsonb('pages').$type<BookletPage[]>().notNull(),
  changeNote: text('change_note').notNull().default(''),
  changedBy: uuid('changed_by').notNull().references(() => users.id),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  uniqueIndex('booklet_versions_version').on(table.bookletId, table.version),
  uniqueIndex('booklet_versions_submission').on(table.bookletId, table.submissionId),
])

/** A parent's comments on a version, and whether they agree with it. */
export const bookletResponses = pgTable('booklet_responses', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  bookletId: uuid('booklet_id').notNull().references(() => booklets.id),
  version: integer('version').notNull(),
  parentName: text('parent_name').notNull(),
  comments: text('comments').notNull().default(''),
  agrees: boolean('agrees').notNull(),
  respondedOn: date('responded_on').notNull(),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [index('booklet_responses_booklet').on(table.bookletId), uniqueIndex('booklet_responses_submission').on(table.bookletId, table.submissionId)])

/** When, how and by whom a version was shared with the child. */
export const bookletShares = pgTable('booklet_shares', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  bookletId: uuid('booklet_id').notNull().references(() => booklets.id),
  version: integer('version').notNull(),
  sharedOn: date('shared_on').notNull(),
  how: text('how').notNull(),
  sharedBy: text('shared_by').notNull(),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [index('booklet_shares_booklet').on(table.bookletId), uniqueIndex('booklet_shares_submission').on(table.bookletId, table.submissionId)])

/** The child's own additions: their words and drawings. */
export const bookletAdditions = pgTable('booklet_additions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  bookletId: uuid('booklet_id').notNull().references(() => booklets.id),
  addedOn: date('added_on').notNull(),
  words: text('words').notNull().default(''),
  pictureId: uuid('picture_id').references(() => pictures.id),
  parentsMaySee: boolean('parents_may_see').notNull().default(true),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [index('booklet_additions_booklet').on(table.bookletId), uniqueIndex('booklet_additions_submission').on(table.bookletId, table.submissionId)])

/**
 * What the family say about a story sent to them: on the whole story (no page) or on one page of the
 * version they read, and the worker's replies to it. A comment never changes the story itself.
 */
export const bookletComments = pgTable('booklet_comments', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  bookletId: uuid('booklet_id').notNull().references(() => booklets.id),
  bookletVersion: integer('booklet_version').notNull(),
  /** Counting from 1, as people do; null for the story as a whole. */
  pageNumber: integer('page_number'),
  /** The family's comment a worker's reply answers; null for the family's own comments. */
  replyToId: uuid('reply_to_id').references((): AnyPgColumn => bookletComments.id),
  text: text('text').notNull(),
  authorId: uuid('author_id').notNull().references(() => users.id),
  /** The name shown beside it, as it was when it was said. */
  authorName: text('author_name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  index('booklet_comments_booklet').on(table.bookletId, table.createdAt),
  uniqueIndex('booklet_comments_submission').on(table.familyId, table.submissionId),
  check('booklet_comments_page_number', sql`${table.pageNumber} IS NULL OR ${table.pageNumber} >= 1`),
])
