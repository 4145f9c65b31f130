import { pgTable, uuid, text, timestamp, unique } from 'drizzle-orm/pg-core'

export const STAFF_ROLES = [
  'practitioner',
  'team-manager',
  'conference-chair',
  'partner-practitioner',
  'organisation-administrator',
  'learning-administrator',
] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

export const AGENCY_KINDS = ['school', 'health', 'police', 'charity', 'housing', 'other'] as const
export type AgencyKind = (typeof AGENCY_KINDS)[number]

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** Roles whose members must use a second factor; administrators always must, whatever this says. */
  secondFactorRoles: text('second_factor_roles').array().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

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
