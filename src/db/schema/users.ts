import { pgTable, boolean, uuid, text, timestamp, integer, bigint, index, uniqueIndex, check } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { organisations, teams, agencies, USER_ROLES } from './organisations.js'

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  email: text('email').notNull(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: USER_ROLES }).notNull(),
  teamId: uuid('team_id').references(() => teams.id),
  agencyId: uuid('agency_id').references(() => agencies.id),
  /** The number a family rings to reach their worker at work (staff only; empty when not given). */
  workPhone: text('work_phone').notNull().default(''),
  passwordHash: text('password_hash').notNull(),
  /** Set when an administrator gave a temporary password: the user must choose their own next time. */
  passwordMustChange: boolean('password_must_change').notNull().default(false),
  status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
  /** TOTP secret, encrypted with a key derived from SECRET_KEY. */
  totpSecretEncrypted: text('totp_secret_encrypted'),
  totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
  /** The last TOTP time step accepted, so a code cannot be replayed. */
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  lastSignedInAt: timestamp('last_signed_in_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (table) => [
  uniqueIndex('users_email_unique').on(sql`lower(${table.email})`),
  index('users_organisation').on(table.organisationId),
  check('users_partner_has_agency', sql`(${table.role} = 'partner-practitioner') = (${table.agencyId} IS NOT NULL)`),
])

export const recoveryCodes = pgTable('recovery_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  codeHash: text('code_hash').notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
}, (table) => [index('recovery_codes_user').on(table.userId)])
