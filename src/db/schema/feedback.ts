import { pgTable, uuid, text, timestamp, index, date } from 'drizzle-orm/pg-core'
import { organisations } from './organisations.js'
import { users } from './users.js'
import { episodes, families, LEVELS_OF_HELP } from './families.js'

/**
 * "Tell us about problems with this service": what went wrong and what they were doing. Never any
 * family's details: the form does not ask for them and the row points at no family. Feedback from
 * someone signed in belongs to their organisation; from someone not signed in, to none.
 */
export const feedback = pgTable('feedback', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').references(() => organisations.id),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
  whatWentWrong: text('what_went_wrong').notNull(),
  whatTheyWereDoing: text('what_they_were_doing').notNull(),
  contactEmail: text('contact_email'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [index('feedback_organisation_created').on(table.organisationId, table.createdAt)])

export const LEVEL_CHANGE_REQUEST_STATUSES = ['pending', 'approved', 'returned'] as const
export type LevelChangeRequestStatus = (typeof LEVEL_CHANGE_REQUEST_STATUSES)[number]

/** A practitioner's step-down or closure waiting for a team manager, where the council asks for approval. */
export const levelChangeRequests = pgTable('level_change_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  episodeId: uuid('episode_id').notNull().references(() => episodes.id),
  /** The level asked for; empty for a closure. */
  toLevel: text('to_level', { enum: LEVELS_OF_HELP }),
  change: text('change', { enum: ['step-down', 'closure'] }).notNull(),
  changedOn: date('changed_on').notNull(),
  reason: text('reason').notNull(),
  /** The readiness checklist items not met when it was asked for, in words. */
  notMet: text('not_met').array().notNull().default([]),
  overrideReason: text('override_reason'),
  requestedBy: uuid('requested_by').notNull().references(() => users.id),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  status: text('status', { enum: LEVEL_CHANGE_REQUEST_STATUSES }).notNull().default('pending'),
  decidedBy: uuid('decided_by').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionReason: text('decision_reason'),
}, (table) => [index('level_change_requests_family').on(table.familyId, table.status), index('level_change_requests_pending').on(table.organisationId, table.status, table.requestedAt)])

