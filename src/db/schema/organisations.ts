import { pgTable, uuid, text, timestamp, unique, smallint, check, boolean } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'

export const STAFF_ROLES = [
  'practitioner',
  'team-manager',
  'conference-chair',
  'partner-practitioner',
  'organisation-administrator',
  'learning-administrator',
] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

/** Everyone who can sign in: staff and partners, and family and network members invited to their family's space. */
export const USER_ROLES = [...STAFF_ROLES, 'family-member'] as const
export type UserRole = (typeof USER_ROLES)[number]

export const AGENCY_KINDS = ['school', 'health', 'police', 'charity', 'housing', 'other'] as const
export type AgencyKind = (typeof AGENCY_KINDS)[number]

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Roles whose members must use a second factor; administrators always must, whatever this says. */
  secondFactorRoles: text('second_factor_roles').array().notNull().default([]),
  /** The scale (0–10) every perspective must reach before a family is ready to step down or close. */
  readinessThreshold: smallint('readiness_threshold').notNull().default(7),
  /** The youngest a young person can be to be invited to their family's space. */
  youngPersonMinimumAge: smallint('young_person_minimum_age').notNull().default(12),
  /** Days a family's access lasts after their help ends. */
  familyAccessGraceDays: smallint('family_access_grace_days').notNull().default(28),
  /** What a family is told to do out of office hours: the council's out-of-hours number, and anything to add. */
  outOfHoursPhone: text('out_of_hours_phone').notNull().default(''),
  outOfHoursText: text('out_of_hours_text').notNull().default(''),
  /** Whether a practitioner's step-down or closure waits for a team manager's approval. */
  stepDownNeedsApproval: boolean('step_down_needs_approval').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [check('organisations_readiness_threshold', sql`${table.readinessThreshold} between 0 and 10`)])

export const teams = pgTable('teams', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [unique('teams_organisation_name').on(table.organisationId, table.name)])

export const agencies = pgTable('agencies', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  name: text('name').notNull(),
  kind: text('kind', { enum: AGENCY_KINDS }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [unique('agencies_organisation_name').on(table.organisationId, table.name)])
