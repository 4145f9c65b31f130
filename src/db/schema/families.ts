import { pgTable, uuid, text, timestamp, date, integer, boolean, index, check, primaryKey } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { organisations, teams } from './organisations.js'
import { users } from './users.js'

export const LEVELS_OF_HELP = ['early-help', 'child-in-need', 'child-protection', 'child-looked-after'] as const
export type LevelOfHelp = (typeof LEVELS_OF_HELP)[number]

export const PERSON_KINDS = ['child', 'unborn-child', 'parent-carer', 'other-adult'] as const
export type PersonKind = (typeof PERSON_KINDS)[number]

export const CONTACT_KINDS = ['address', 'phone', 'email'] as const
export type ContactKind = (typeof CONTACT_KINDS)[number]

/** A family: the unit the map, plan and network belong to. */
export const families = pgTable('families', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  /** How the family is named to people, e.g. "the Ashworth family". */
  familyName: text('family_name').notNull(),
  teamId: uuid('team_id').references(() => teams.id),
  allocatedWorkerId: uuid('allocated_worker_id').references(() => users.id),
  /** Sealed (adoption, or a member of staff's relative): visible only to the staff named for it. */
  sealed: boolean('sealed').notNull().default(false),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  index('families_organisation_team').on(table.organisationId, table.teamId),
  index('families_allocated_worker').on(table.allocatedWorkerId),
])

/** Children (born and unborn), parents and carers, and other adults in a family's record. */
export const people = pgTable('people', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  kind: text('kind', { enum: PERSON_KINDS }).notNull(),
  givenName: text('given_name').notNull(),
  familyNameOfPerson: text('family_name').notNull(),
  knownAs: text('known_as'),
  dateOfBirth: date('date_of_birth'),
  /** For an unborn child: the expected date of birth. */
  expectedDate: date('expected_date'),
  nhsNumber: text('nhs_number'),
  /** Children in Need census codes. */
  sex: text('sex'),
  ethnicity: text('ethnicity'),
  disabilities: text('disabilities').array().notNull().default([]),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** The name as name search compares it (kept by the database; see mapwell_people_matching_name). */
  searchName: text('search_name').generatedAlwaysAs(sql`lower(given_name || ' ' || family_name || coalesce(' ' || known_as, ''))`),
}, (table) => [
  index('people_family').on(table.familyId),
  index('people_search_name').on(table.organisationId, table.searchName),
  index('people_date_of_birth').on(table.organisationId, table.dateOfBirth),
  index('people_nhs_number').on(table.organisationId, table.nhsNumber),
  check('people_unborn_has_expected_date', sql`(${table.kind} = 'unborn-child') = (${table.expectedDate} IS NOT NULL)`),
])

/**
 * Every name in use in an organisation, as search compares it, and how many people have it: name search
 * compares each distinct name once. Kept by triggers on people; the application role cannot touch it.
 */
export const personNames = pgTable('person_names', {
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  searchName: text('search_name').notNull(),
  people: integer('people').notNull(),
}, (table) => [primaryKey({ name: 'person_names_pkey', columns: [table.organisationId, table.searchName] })])

/** How two people in a family are related: "person is <relationship> of relatedPerson". */
export const relationships = pgTable('relationships', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  personId: uuid('person_id').notNull().references(() => people.id),
  relatedPersonId: uuid('related_person_id').notNull().references(() => people.id),
  relationship: text('relationship').notNull(),
}, (table) => [index('relationships_family').on(table.familyId)])

/**
 * A way to reach someone. Each can be hidden from named people: family members (people) and
 * users (staff or partners). Hidden means never shown, exported, printed, searched or sent to them.
 */
export const contactDetails = pgTable('contact_details', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  personId: uuid('person_id').notNull().references(() => people.id),
  kind: text('kind', { enum: CONTACT_KINDS }).notNull(),
  value: text('value').notNull(),
  hiddenFromPersonIds: uuid('hidden_from_person_ids').array().notNull().default([]),
  hiddenFromUserIds: uuid('hidden_from_user_ids').array().notNull().default([]),
  /** Why it is hidden, for the staff who may see it (e.g. "refuge address"). */
  hiddenReason: text('hidden_reason'),
  version: integer('version').notNull().default(1),
  removedAt: timestamp('removed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [index('contact_details_person').on(table.personId)])

/** A period of help for a family, from first contact to closure, through any steps up or down. */
export const episodes = pgTable('episodes', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  level: text('level', { enum: LEVELS_OF_HELP }).notNull(),
  startedOn: date('started_on').notNull(),
  closedOn: date('closed_on'),
  closureReason: text('closure_reason'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [index('episodes_family').on(table.familyId)])

/** The history of an episode's level: its start, each step up or down, its closure. */
export const levelChanges = pgTable('level_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  episodeId: uuid('episode_id').notNull().references(() => episodes.id),
  change: text('change', { enum: ['start', 'step-up', 'step-down', 'closure'] }).notNull(),
  fromLevel: text('from_level', { enum: LEVELS_OF_HELP }),
  toLevel: text('to_level', { enum: LEVELS_OF_HELP }),
  changedOn: date('changed_on').notNull(),
  reason: text('reason').notNull(),
  recordedBy: uuid('recorded_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [index('level_changes_episode').on(table.episodeId)])

/** Significant events in a family's life and the work with them, shown newest first. */
export const chronologyEvents = pgTable('chronology_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  familyId: uuid('family_id').notNull().references(() => families.id),
  occurredOn: date('occurred_on').notNull(),
  title: text('title').notNull(),
  description: text('description'),
  recordedBy: uuid('recorded_by').references(() => users.id),
  staffOnly: boolean('staff_only').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [index('chronology_family_date').on(table.familyId, table.occurredOn)])
