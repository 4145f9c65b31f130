import { pgTable, uuid, text, timestamp, bigint, jsonb, index } from 'drizzle-orm/pg-core'

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number]

/**
 * Append-only, hash-chained. id, occurred_at, prev_hash and hash are set by the
 * audit_events_chain trigger (see the custom migration), never by the application.
 */
export const auditEvents = pgTable('audit_events', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  organisationId: uuid('organisation_id'),
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
])
