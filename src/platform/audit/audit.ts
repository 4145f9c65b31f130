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
            ${wellFormedJson(event.details ?? {})}::jsonb)`)
}

/**
 * JSON that PostgreSQL's jsonb accepts: text cut in the middle of a character (half a surrogate
 * pair) is written as U+FFFD instead of an escape jsonb would refuse, which would lose the audit row.
 */
export function wellFormedJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? item.replace(LONE_SURROGATE, '\uFFFD') : item))
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
