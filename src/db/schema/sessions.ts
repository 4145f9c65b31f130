import { pgTable, uuid, text, timestamp, bigserial, index, integer } from 'drizzle-orm/pg-core'
import { organisations } from './organisations.js'
import { users } from './users.js'

export const SESSION_STAGES = ['password-change', 'second-factor', 'second-factor-enrolment', 'signed-in'] as const
export type SessionStage = (typeof SESSION_STAGES)[number]

/**
 * Server-side sessions. The cookie holds a random token; only its SHA-256 is stored, so a copy of
 * this table cannot be replayed as cookies.
 */
export const sessions = pgTable('sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  tokenHash: text('token_hash').notNull().unique(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  stage: text('stage', { enum: SESSION_STAGES }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastActiveAt: timestamp('last_active_at', { withTimezone: true }).notNull().defaultNow(),
  absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true }).notNull(),
  /** Where to go once sign-in is complete (a path on this site, checked before it is stored). */
  returnTo: text('return_to'),
  /** Wrong authenticator or recovery codes entered in this part-way sign-in; a few end it. */
  failedCodes: integer('failed_codes').notNull().default(0),
}, (table) => [index('sessions_user').on(table.userId)])

export const ENDED_SESSION_REASONS = ['idle', 'absolute', 'ended-by-administrator'] as const
export type EndedSessionReason = (typeof ENDED_SESSION_REASONS)[number]

/**
 * Whose a signed-in session was, for a while after it ended (timed out, swept, or ended by an
 * administrator), so that a form the browser sends afterwards can be held for that person alone.
 * Keyed by the token's hash like sessions; the session row itself is gone.
 */
export const endedSessions = pgTable('ended_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  sessionId: uuid('session_id').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  reason: text('reason', { enum: ENDED_SESSION_REASONS }).notNull(),
  endedAt: timestamp('ended_at', { withTimezone: true }).notNull().defaultNow(),
  forgetAt: timestamp('forget_at', { withTimezone: true }).notNull(),
}, (table) => [index('ended_sessions_forget_at').on(table.forgetAt)])

/**
 * Trusted-device cookies whose trust ended at sign-out, until they would have expired anyway.
 * Only a hash of the cookie is kept.
 */
export const endedDeviceTrust = pgTable('ended_device_trust', {
  tokenHash: text('token_hash').primaryKey(),
  forgetAt: timestamp('forget_at', { withTimezone: true }).notNull(),
})

/**
 * Failed sign-ins, for throttling. Keys are keyed hashes of the e-mail address and the network
 * address, so the table holds no personal data in clear.
 */
export const SIGN_IN_FAILURE_KINDS = ['password', 'second-factor', 'join'] as const
export type SignInFailureKind = (typeof SIGN_IN_FAILURE_KINDS)[number]

export const signInFailures = pgTable('sign_in_failures', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  accountKey: text('account_key').notNull(),
  addressKey: text('address_key').notNull(),
  /** A wrong password, a wrong authenticator or recovery code, or a refused attempt to join with a code. */
  kind: text('kind', { enum: SIGN_IN_FAILURE_KINDS }).notNull().default('password'),
  /** A keyed hash of the trusted-device cookie the attempt came with, if any. */
  deviceKey: text('device_key'),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  index('sign_in_failures_account').on(table.accountKey, table.occurredAt),
  index('sign_in_failures_address').on(table.addressKey, table.occurredAt),
  index('sign_in_failures_device').on(table.deviceKey, table.occurredAt),
])

/**
 * A form sent after its sender's session had ended. It is kept (encrypted) for an hour so that,
 * after signing in again, the same person gets the form back with everything they typed.
 */
export const heldSubmissions = pgTable('held_submissions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  path: text('path').notNull(),
  fieldsEncrypted: text('fields_encrypted').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (table) => [index('held_submissions_user').on(table.userId)])

/**
 * A form sent with no session at all (the cookie had gone): nobody is known to own it until someone
 * signs in on that browser and shows, by the CSRF token the form carried, that the page was theirs.
 * No organisation either, so no row-level security: it is encrypted and reached only by its id.
 */
export const unclaimedHeldSubmissions = pgTable('unclaimed_held_submissions', {
  id: uuid('id').primaryKey().defaultRandom(),
  path: text('path').notNull(),
  fieldsEncrypted: text('fields_encrypted').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (table) => [index('unclaimed_held_submissions_expires_at').on(table.expiresAt)])
