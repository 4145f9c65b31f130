import { sql } from 'drizzle-orm'
import type { Transaction } from '../db/database.js'
import type { AuditOutcome } from '../../db/schema/audit.js'

export interface AuditEvent {
  organisationId: string | null
  actorUserId: string | null
  action: string
  outcome?: AuditOutcome
  subjectType?: string
  subjectId?: string
  requestId?: string
  details?: Record<string, unknown>
}

/**
 * Writes one audit row inside the caller's transaction. If it fails the transaction fails, so the
 * read or change it describes is never returned or kept without its audit row. Call it last in a
 * transaction: the chain lock it takes is held until commit.
 */
export async function recordAudit(tx: Transaction, event: AuditEvent): Promise<void> {
  await tx.execute(sql`
    insert into audit_events (organisation_id, actor_user_id, action, outcome, subject_type, subject_id, request_id, details)
    values (${event.organisationId}, ${event.actorUserId}, ${event.action}, ${event.outcome ?? 'success'},
            ${event.subjectType ?? null}, ${event.subjectId ?? null}, ${event.requestId ?? null},
            ${JSON.stringify(event.details ?? {})}::jsonb)`)
}
