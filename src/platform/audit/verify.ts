import crypto from 'node:crypto'
import pg from 'pg'

export type ChainVerdict =
  | { intact: true; events: number }
  | { intact: false; events: number; brokenAt: number; reason: string }

const GENESIS = '0'.repeat(64)
const BATCH = 5000

/**
 * Walks the whole audit trail in order and recomputes every hash here, in Node, from the stored
 * fields. Reports the first row whose own hash or link to the row before it does not hold.
 */
export async function verifyAuditChain(connectionString: string): Promise<ChainVerdict> {
  const client = new pg.Client({ connectionString })
  await client.connect()
  try {
    let previousHash = GENESIS
    let previousId = 0
    let events = 0
    for (;;) {
      const { rows } = await client.query<{ id: string; canonical: string; prev_hash: string; hash: string }>(
        `select id, prev_hash, hash,
                mapwell_audit_canonical(id, occurred_at, organisation_id, actor_user_id, action, outcome,
                                        subject_type, subject_id, request_id, details, prev_hash) as canonical
           from audit_events where id > $1 order by id limit $2`, [previousId, BATCH])
      if (rows.length === 0) return { intact: true, events }
      for (const row of rows) {
        const id = Number(row.id)
        if (row.prev_hash !== previousHash) {
          return { intact: false, events, brokenAt: id, reason: 'its link to the event before it does not match (an event was removed, reordered or changed)' }
        }
        const expected = crypto.createHash('sha256').update(row.canonical, 'utf8').digest('hex')
        if (expected !== row.hash) {
          return { intact: false, events, brokenAt: id, reason: 'its contents do not match its hash (the event was changed)' }
        }
        previousHash = row.hash
        previousId = id
        events += 1
      }
    }
  } finally {
    await client.end()
  }
}
