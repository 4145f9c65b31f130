import { pgTable, uuid, text, timestamp, date, time, smallint, index, uniqueIndex, check, primaryKey, boolean, integer } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { agencies, organisations } from './organisations.js'
import { users } from './users.js'
import { families, people } from './families.js'
import { mapEntries } from './maps.js'

export const FAMILY_ACCESS_KINDS = ['parent-carer', 'young-person', 'network-member'] as const
export type FamilyAccessKind = (typeof FAMILY_ACCESS_KINDS)[number]

/**
 * A family or network member's place in their family's space: the invitation (a single-use code,
 * kept only as a hash, that expires) and, once they have joined, their account.
 */
export const familyAccess = pgTable('family_access', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  personId: uuid('person_id').notNull().references(() => people.id),
  kind: text('kind', { enum: FAMILY_ACCESS_KINDS }).notNull(),
  codeHash: text('code_hash').notNull(),
  codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }).notNull(),
  codeUsedAt: timestamp('code_used_at', { withTimezone: true }),
  userId: uuid('user_id').references(() => users.id),
  invitedBy: uuid('invited_by').notNull().references(() => users.id),
  invitedAt: timestamp('invited_at', { withTimezone: true }).notNull().defaultNow(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  endedBy: uuid('ended_by').references(() => users.id),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  index('family_access_family').on(table.familyId),
  uniqueIndex('family_access_user').on(table.userId),
  uniqueIndex('family_access_code').on(table.codeHash),
  uniqueIndex('family_access_submission').on(table.familyId, table.submissionId),
])

export const PARTNER_BASES = ['consent', 'without-consent'] as const
export type PartnerBasis = (typeof PARTNER_BASES)[number]

/** A partner practitioner invited to one family, with the family's consent or the lawful reason without it. */
export const partnerAccess = pgTable('partner_access', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  agencyId: uuid('agency_id').notNull().references(() => agencies.id),
  basis: text('basis', { enum: PARTNER_BASES }).notNull(),
  /** Consent: who gave it and when. Without consent: the lawful reason. */
  consentGivenBy: text('consent_given_by').notNull().default(''),
  consentGivenOn: date('consent_given_on'),
  lawfulReason: text('lawful_reason').notNull().default(''),
  invitedBy: uuid('invited_by').notNull().references(() => users.id),
  invitedAt: timestamp('invited_at', { withTimezone: true }).notNull().defaultNow(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  endedReason: text('ended_reason', { enum: ['consent-withdrawn', 'invitation-ended'] }),
  endedBy: uuid('ended_by').references(() => users.id),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  index('partner_access_family').on(table.familyId),
  index('partner_access_user').on(table.userId),
  uniqueIndex('partner_access_one_live').on(table.familyId, table.userId).where(sql`${table.endedAt} IS NULL`),
  uniqueIndex('partner_access_submission').on(table.familyId, table.submissionId),
  check('partner_access_basis_recorded', sql`(${table.basis} = 'consent' and ${table.consentGivenBy} <> '' and ${table.consentGivenOn} is not null) or (${table.basis} = 'without-consent' and ${table.lawfulReason} <> '')`),
])

/** A meeting about the family (conference, core group, review, network meeting) that reports are written for. */
export const familyMeetings = pgTable('family_meetings', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  title: text('title').notNull(),
  heldOn: date('held_on').notNull(),
  /** The time it starts, 24-hour ("14:30:00"); null for meetings added before times were asked for. */
  startsAt: time('starts_at'),
  place: text('place').notNull().default(''),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [index('family_meetings_family').on(table.familyId, table.heldOn), uniqueIndex('family_meetings_submission').on(table.familyId, table.submissionId)])

/** A partner's pre-meeting report in the three columns, released to the parents by the worker. */
export const partnerReports = pgTable('partner_reports', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  meetingId: uuid('meeting_id').notNull().references(() => familyMeetings.id),
  authorId: uuid('author_id').notNull().references(() => users.id),
  agencyId: uuid('agency_id').notNull().references(() => agencies.id),
  worries: text('worries').notNull(),
  workingWell: text('working_well').notNull(),
  needsToHappen: text('needs_to_happen').notNull(),
  scale: smallint('scale'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  releasedAt: timestamp('released_at', { withTimezone: true }),
  releasedBy: uuid('released_by').references(() => users.id),
  submissionId: uuid('submission_id').notNull(),
  /** Goes up by one with every saved change; each text is kept in partner_report_versions. */
  version: integer('version').notNull().default(1),
}, (table) => [
  index('partner_reports_meeting').on(table.meetingId),
  uniqueIndex('partner_reports_submission').on(table.familyId, table.submissionId),
  check('partner_reports_scale', sql`${table.scale} is null or ${table.scale} between 0 and 10`),
])

/** Each saved text of a partner's report: what a later change replaced stays readable. */
export const partnerReportVersions = pgTable('partner_report_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  reportId: uuid('report_id').notNull().references(() => partnerReports.id),
  version: integer('version').notNull(),
  worries: text('worries').notNull(),
  workingWell: text('working_well').notNull(),
  needsToHappen: text('needs_to_happen').notNull(),
  scale: smallint('scale'),
  typedBy: uuid('typed_by').notNull().references(() => users.id),
  typedAt: timestamp('typed_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  uniqueIndex('partner_report_versions_version').on(table.reportId, table.version),
  uniqueIndex('partner_report_versions_submission').on(table.familyId, table.submissionId),
  check('partner_report_versions_scale', sql`${table.scale} is null or ${table.scale} between 0 and 10`),
])

/** What the family agreed to share beyond the invitation itself: off until they agree. */
export const familySharingChoices = pgTable('family_sharing_choices', {
  familyId: uuid('family_id').primaryKey().references(() => families.id),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  /** Invited partners see the safety plan rules that name them, their agency, or a network member linked to them. */
  planRulesWithPartners: boolean('plan_rules_with_partners').notNull().default(false),
  /** Who in the family agreed, in their words. */
  agreedBy: text('agreed_by').notNull().default(''),
  changedBy: uuid('changed_by').notNull().references(() => users.id),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
})

/** A family or network member's comment on a map entry, or what they would change in the plan. */
export const familyComments = pgTable('family_comments', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  entryId: uuid('entry_id').references(() => mapEntries.id),
  about: text('about', { enum: ['map-entry', 'plan'] }).notNull(),
  text: text('text').notNull(),
  authorId: uuid('author_id').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [index('family_comments_family').on(table.familyId, table.createdAt), uniqueIndex('family_comments_submission').on(table.familyId, table.submissionId)])

/** Staff named to see a sealed family. Nobody else sees it in any search, list or count. */
export const sealedFamilyStaff = pgTable('sealed_family_staff', {
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  userId: uuid('user_id').notNull().references(() => users.id),
}, (table) => [primaryKey({ columns: [table.familyId, table.userId] })])

/** "Break the glass": a member of staff outside the family's work opens it, with a written reason, for a short time. */
export const breakGlassGrants = pgTable('break_glass_grants', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  reason: text('reason').notNull(),
  grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (table) => [index('break_glass_grants_user').on(table.userId, table.familyId, table.expiresAt)])

/** Something a member of staff needs to know: a break-glass opening of their team's family, say. */
export const alerts = pgTable('alerts', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  userId: uuid('user_id').notNull().references(() => users.id),
  familyId: uuid('family_id').references(() => families.id),
  message: text('message').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true }),
  dismissed: boolean('dismissed').notNull().default(false),
}, (table) => [index('alerts_user').on(table.userId, table.createdAt)])
