import { pgTable, uuid, text, timestamp, bigint, jsonb, index } from 'drizzle-orm/pg-core'

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number]

/**
 * Append-only, one signed chain per organisation (see docs/adr/0006). recordAudit sets chain_sequence,
 * occurred_at, prev_hash and hash (an HMAC the database cannot compute); the audit_events_link trigger
 * accepts a row only as the next of its chain and sets id. Rows with no chain_sequence belong to the
 * closed legacy chain, whose hashes the old trigger computed.
 */
export const auditEvents = pgTable('audit_events', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  organisationId: uuid('organisation_id'),
  chainSequence: bigint('chain_sequence', { mode: 'number' }),
  actorUserId: uuid('actor_user_id'),
  action: text('action').notNull(),
  outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
  subjectType: text('subject_type'),
  subjectId: text('subject_id'),
  requestId: text('request_id'),
  details: jsonb('details').notNull().default({}),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (table) => [
  index('audit_events_organisation_time').on(table.organisationId, table.occurredAt),
  index('audit_events_subject').on(table.subjectType, table.subjectId),
  // audit_events_chain_position, unique (organisation_id, chain_sequence) with nulls not distinct, is in
  // migration 0017: drizzle cannot express it.
])

/**
 * The head of each chain: one row per organisation, and one (chain_id all zeros, no organisation) for
 * events about no organisation. Locked FOR UPDATE by the transaction adding an event, until it commits.
 */
export const auditChains = pgTable('audit_chains', {
  chainId: uuid('chain_id').primaryKey(),
  organisationId: uuid('organisation_id'),
  /** Where the chain starts: the last hash of the legacy chain when the chains were introduced. */
  firstPrevHash: text('first_prev_hash').notNull(),
  lastSequence: bigint('last_sequence', { mode: 'number' }).notNull().default(0),
  lastHash: text('last_hash').notNull(),
})
