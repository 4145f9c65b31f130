import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, type TestDatabase } from '../../../test/support/database.js'
import { createRefusalLog } from './refusals.js'

describe('refused requests for family records', () => {
  let db: TestDatabase
  let organisationId: string
  let userId: string
  beforeAll(async () => {
    db = await freshDatabase()
    organisationId = (await db.owner<{ id: string }>(`insert into organisations (name, slug) values ('Refusal Council', 'refusal-council') returning id`)).rows[0]?.id ?? ''
    userId = (await db.owner<{ id: string }>(`insert into users (organisation_id, email, display_name, role, password_hash) values ($1, 'probe@refusal.example', 'Pat Probe', 'practitioner', 'x') returning id`, [organisationId])).rows[0]?.id ?? ''
  })
  afterAll(async () => { await db.drop() })

  it('audits each refusal up to the limit, then only counts them, and alerts once on a burst', async () => {
    let clock = 1_000_000
    const bursts: number[] = []
    const log = createRefusalLog(db.handle, {
      limits: { windowMs: 60_000, maxAudited: 5, burst: 3 }, now: () => clock,
      onBurst: async (_tx, _who, refusals) => { bursts.push(refusals) },
    })
    const who = { organisationId, userId, displayName: 'Pat Probe', requestId: 'r' }
    const familyId = '00000000-0000-4000-8000-000000000001'
    for (let attempt = 0; attempt < 8; attempt += 1) await log.record(who, { method: 'GET', path: `/families/${familyId}`, status: 404, familyId })
    const audited = await db.owner<{ n: number; family: string }>(`select count(*)::int as n, max(details->>'familyId') as family from audit_events where action = 'access.refused' and actor_user_id = $1`, [userId])
    expect(audited.rows[0]?.n).toBe(5)
    expect(audited.rows[0]?.family).toBe(familyId)
    expect(bursts).toEqual([3])
    // A new window starts counting again.
    clock += 61_000
    await log.record(who, { method: 'GET', path: '/families', status: 404 })
    const after = await db.owner<{ n: number }>(`select count(*)::int as n from audit_events where action = 'access.refused' and actor_user_id = $1`, [userId])
    expect(after.rows[0]?.n).toBe(6)
  })
})
