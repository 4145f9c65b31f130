import { pgTable, uuid, text, timestamp, date, integer, index, uniqueIndex, smallint, check } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { organisations } from './organisations.js'
import { users } from './users.js'
import { families } from './families.js'
import { mapEntries } from './maps.js'

/** The family's safety plan. Its version goes up by one with every saved change to a rule. */
export const safetyPlans = pgTable('safety_plans', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id).unique(),
  version: integer('version').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

export const RULE_KINDS = ['rule', 'bottom-line'] as const
export type RuleKind = (typeof RULE_KINDS)[number]

/** A family rule, or one of the agency's bottom lines. Its words are kept in versions. */
export const safetyPlanRules = pgTable('safety_plan_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  planId: uuid('plan_id').notNull().references(() => safetyPlans.id),
  kind: text('kind', { enum: RULE_KINDS }).notNull(),
  currentVersion: integer('current_version').notNull().default(1),
  removedAt: timestamp('removed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [index('safety_plan_rules_plan').on(table.planId)])

export const safetyPlanRuleVersions = pgTable('safety_plan_rule_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  ruleId: uuid('rule_id').notNull().references(() => safetyPlanRules.id),
  planId: uuid('plan_id').notNull().references(() => safetyPlans.id),
  version: integer('version').notNull(),
  planVersion: integer('plan_version').notNull(),
  change: text('change', { enum: ['added', 'changed', 'removed'] }).notNull(),
  text: text('text').notNull(),
  /** The danger or worry statement on the map this rule answers. */
  statementEntryId: uuid('statement_entry_id').references(() => mapEntries.id),
  /** The named people who make sure it happens. */
  whoMakesSure: text('who_makes_sure').notNull().default(''),
  warningSigns: text('warning_signs').notNull().default(''),
  ifBroken: text('if_broken').notNull().default(''),
  childWordsIds: uuid('child_words_ids').array().notNull().default([]),
  typedBy: uuid('typed_by').notNull().references(() => users.id),
  typedAt: timestamp('typed_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  uniqueIndex('safety_plan_rule_versions_version').on(table.ruleId, table.version),
  uniqueIndex('safety_plan_rule_versions_submission').on(table.planId, table.submissionId),
  index('safety_plan_rule_versions_plan').on(table.planId, table.planVersion),
])

/** Who agreed which version of the plan, and when. */
export const safetyPlanAgreements = pgTable('safety_plan_agreements', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  planId: uuid('plan_id').notNull().references(() => safetyPlans.id),
  planVersion: integer('plan_version').notNull(),
  agreedBy: text('agreed_by').notNull(),
  agreedOn: date('agreed_on').notNull(),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [index('safety_plan_agreements_plan').on(table.planId, table.planVersion), uniqueIndex('safety_plan_agreements_submission').on(table.planId, table.submissionId)])

export const CHECK_IN_RESULTS = ['kept', 'not-kept', 'not-tested'] as const
export type CheckInResult = (typeof CHECK_IN_RESULTS)[number]

/** Evidence over time: was this rule kept, or this goal seen, on this date? */
export const safetyPlanCheckIns = pgTable('safety_plan_check_ins', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  planId: uuid('plan_id').notNull().references(() => safetyPlans.id),
  ruleId: uuid('rule_id').references(() => safetyPlanRules.id),
  goalEntryId: uuid('goal_entry_id').references(() => mapEntries.id),
  checkedOn: date('checked_on').notNull(),
  result: text('result', { enum: CHECK_IN_RESULTS }).notNull(),
  checkedBy: text('checked_by').notNull(),
  note: text('note').notNull().default(''),
  recordedBy: uuid('recorded_by').notNull().references(() => users.id),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  index('safety_plan_check_ins_plan').on(table.planId, table.checkedOn),
  uniqueIndex('safety_plan_check_ins_submission').on(table.planId, table.submissionId, sql`coalesce(${table.ruleId}, ${table.goalEntryId})`),
  check('safety_plan_check_ins_one_subject', sql`(${table.ruleId} is null) <> (${table.goalEntryId} is null)`),
])

/** How many weeks each goal must be seen before the family is ready to step down or close. */
export const safetyPlanGoalTimes = pgTable('safety_plan_goal_times', {
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  planId: uuid('plan_id').notNull().references(() => safetyPlans.id),
  goalEntryId: uuid('goal_entry_id').primaryKey().references(() => mapEntries.id),
  weeks: smallint('weeks').notNull(),
}, (table) => [check('safety_plan_goal_times_weeks', sql`${table.weeks} between 1 and 104`)])

/** A stage on the family's trajectory: the staged path and its review dates. */
export const trajectoryStages = pgTable('trajectory_stages', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  planId: uuid('plan_id').notNull().references(() => safetyPlans.id),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  startsOn: date('starts_on').notNull(),
  reviewOn: date('review_on').notNull(),
  createdBy: uuid('created_by').notNull().references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  removedAt: timestamp('removed_at', { withTimezone: true }),
  submissionId: uuid('submission_id').notNull(),
}, (table) => [
  index('trajectory_stages_plan').on(table.planId, table.startsOn),
  uniqueIndex('trajectory_stages_submission').on(table.planId, table.submissionId),
  check('trajectory_stages_dates', sql`${table.reviewOn} >= ${table.startsOn}`),
])
