import { pgTable, uuid, text, timestamp, date, integer, index, uniqueIndex, smallint, check, jsonb } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { organisations } from './organisations.js'
import { users } from './users.js'
import { families, people } from './families.js'

/**
 * Someone in the family's safety network. They are a person in the family's record, so their
 * contact details keep the same "hidden from named people" rule as everyone else's.
 */
export const networkMembers = pgTable('network_members', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  personId: uuid('person_id').notNull().references(() => people.id),
  /** How they are related to, or know, the children: "Ava's nan", "Claire's friend from work". */
  relationshipToChild: text('relationship_to_child').notNull(),
  /** 1 is closest to the children, 3 furthest: where they are drawn in the network picture. */
  closeness: smallint('closeness').notNull(),
  commitments: text('commitments').notNull().default(''),
  joinedOn: date('joined_on').notNull(),
  leftOn: date('left_on'),
  version: integer('version').notNull().default(1),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  index('network_members_family').on(table.familyId),
  uniqueIndex('network_members_submission').on(table.familyId, table.submissionId),
  uniqueIndex('network_members_person').on(table.personId),
  check('network_members_closeness', sql`${table.closeness} between 1 and 3`),
])

export const TOLD_ITEMS = ['danger-statements', 'words-and-pictures', 'safety-plan'] as const
export type ToldItem = (typeof TOLD_ITEMS)[number]

/** What a network member was told, when, and which version of it. */
export const networkToldRecords = pgTable('network_told_records', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  memberId: uuid('member_id').notNull().references(() => networkMembers.id),
  toldOn: date('told_on').notNull(),
  items: text('items').array().notNull(),
  /** The map version whose danger statements they were told. */
  mapVersion: integer('map_version'),
  planVersion: integer('plan_version'),
  /** Each booklet they were told about: [{ bookletId, version, title }]. */
  booklets: jsonb('booklets').$type<{ bookletId: string; version: number; title: string }[]>().notNull().default([]),
  toldBy: text('told_by').notNull(),
  note: text('note').notNull().default(''),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  index('network_told_member').on(table.memberId, table.toldOn),
  uniqueIndex('network_told_submission').on(table.familyId, table.submissionId),
])

/** A network meeting: who came and what was agreed. Map changes that day are shown beside it. */
export const networkMeetings = pgTable('network_meetings', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  heldOn: date('held_on').notNull(),
  attendeeMemberIds: uuid('attendee_member_ids').array().notNull().default([]),
  otherAttendees: text('other_attendees').notNull().default(''),
  agreed: text('agreed').notNull(),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  index('network_meetings_family').on(table.familyId, table.heldOn),
  uniqueIndex('network_meetings_submission').on(table.familyId, table.submissionId),
])
