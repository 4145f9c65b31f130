import { sql } from 'drizzle-orm'
import { auditKeyOf, type Transaction } from '../db/database.js'
import type { AuditOutcome } from '../../db/schema/audit.js'
import { signChainedEvent, type ChainedEvent } from './chain.js'

export { deriveAuditKey } from './chain.js'

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

export class AuditKeyMissingError extends Error {
  constructor() {
    super('This transaction has no audit key: open it with inOrganisation or withoutOrganisation on a database connected with an auditKey')
    this.name = 'AuditKeyMissingError'
  }
}

/**
 * Writes one audit row inside the caller's transaction. If it fails the transaction fails, so the
 * read or change it describes is never returned or kept without its audit row. Call it last in a
 * transaction: it locks its organisation's chain head until commit (other organisations never wait).
 * The row is signed here, with a key the database never sees, so the chain cannot be rewritten by
 * anyone who holds only the database.
 */
export async function recordAudit(tx: Transaction, event: AuditEvent): Promise<void> {
  const key = auditKeyOf(tx)
  if (key === undefined) throw new AuditKeyMissingError()
  const details = wellFormedJson(event.details ?? {})
  const head = await tx.execute<{ next_sequence: string; prev_hash: string; occurred_at: string }>(sql`
    select next_sequence::text as next_sequence, prev_hash, occurred_at from mapwell_audit_chain_head(${event.organisationId}::uuid)`)
  const place = head.rows[0]
  if (place === undefined) throw new Error('The audit chain head could not be found')
  const chained: ChainedEvent = {
    organisationId: event.organisationId, sequence: place.next_sequence, occurredAt: place.occurred_at,
    actorUserId: event.actorUserId, action: event.action, outcome: event.outcome ?? 'success',
    subjectType: event.subjectType ?? null, subjectId: event.subjectId ?? null, requestId: event.requestId ?? null,
    details: JSON.parse(details), prevHash: place.prev_hash,
  }
  await tx.execute(sql`
    insert into audit_events (organisation_id, chain_sequence, occurred_at, actor_user_id, action, outcome, subject_type, subject_id, request_id, details, prev_hash, hash)
    values (${chained.organisationId}, ${chained.sequence}::bigint, ${chained.occurredAt}::timestamptz, ${chained.actorUserId}, ${chained.action},
            ${chained.outcome}, ${chained.subjectType}, ${chained.subjectId}, ${chained.requestId},
            ${details}::jsonb, ${chained.prevHash}, ${signChainedEvent(key, chained)})`)
}

/**
 * JSON that PostgreSQL's jsonb accepts: text cut in the middle of a character (half a surrogate
 * pair) is written as U+FFFD instead of an escape jsonb would refuse, which would lose the audit row.
 */
export function wellFormedJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? item.replace(LONE_SURROGATE, '\uFFFD') : item))
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
