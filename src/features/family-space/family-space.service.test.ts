import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config.js'
import { loadDemoData } from '../../demo/demo-data.js'
import { createServices, type Services } from '../../services.js'
import type { Actor } from '../../platform/http/types.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { freshDatabase, type TestDatabase } from '../../../test/support/database.js'

/** The family space's service on a real database, without Fastify: its audit rows, and who gets a 404. */
describe('the family space service', () => {
  let db: TestDatabase
  let services: Services
  let familyId: string
  let claire: Actor

  async function actor(email: string): Promise<Actor> {
    const { rows: [row] } = await db.owner<{ id: string; organisation_id: string; display_name: string; role: Actor['role']; team_id: string | null; agency_id: string | null }>(
      'select id, organisation_id, display_name, role, team_id, agency_id from users where lower(email) = lower($1)', [email])
    if (row === undefined) throw new Error(`No account ${email}`)
    return {
      userId: row.id, organisationId: row.organisation_id, organisationName: '', displayName: row.display_name, email, role: row.role, teamId: row.team_id, agencyId: row.agency_id,
      sessionId: crypto.randomUUID(), requestId: crypto.randomUUID(),
    }
  }
  const auditOf = async (requestId: string) => (await db.owner<{ action: string; outcome: string; subject_type: string; subject_id: string; details: Record<string, unknown> }>(
    'select action, outcome, subject_type, subject_id, details from audit_events where request_id = $1 order by occurred_at, id', [requestId])).rows

  beforeAll(async () => {
    db = await freshDatabase()
    await loadDemoData(db.ownerUrl, { sharing: true })
    services = createServices({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database: db.handle })
    familyId = (await db.owner<{ id: string }>(`select id from families where family_name = 'The Ashworth family'`)).rows[0]?.id ?? ''
    claire = await actor('claire.ashworth@example.com')
  }, 120_000)
  afterAll(async () => { await db.drop() })

  it('reads the map for the family member, and writes one audit row saying who read it as whom', async () => {
    const reader = { ...claire, requestId: crypto.randomUUID() }
    const map = await services.familySpace.map(reader)
    expect(map.reader).toMatchObject({ name: 'Claire Ashworth', kind: 'parent-carer' })
    expect(map.entries.length).toBeGreaterThan(0)
    const rows = await auditOf(reader.requestId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ action: 'family-space.map-viewed', outcome: 'success', subject_type: 'family', subject_id: familyId })
    expect(rows[0]?.details).toMatchObject({ accessKind: 'parent-carer', entries: map.entries.length })
  })

  it('gives the scale once through the scaling records, and audits the saving and the repeat', async () => {
    const submissionId = crypto.randomUUID()
    const first = { ...claire, requestId: crypto.randomUUID() }
    expect(await services.familySpace.giveScale(first, { score: 6, why: 'Dean has kept away', onePointHigher: 'Leo sleeping' }, submissionId)).toEqual({ outcome: 'saved' })
    const again = { ...claire, requestId: crypto.randomUUID() }
    expect(await services.familySpace.giveScale(again, { score: 6, why: 'Dean has kept away', onePointHigher: 'Leo sleeping' }, submissionId)).toEqual({ outcome: 'already-saved' })
    const [saved] = await auditOf(first.requestId)
    expect(saved).toMatchObject({ action: 'family-space.scale-given', subject_type: 'family', subject_id: familyId })
    expect((await auditOf(again.requestId))[0]?.action).toBe('family-space.scale-repeated')
    const { rows } = await db.owner<{ perspective_name: string; score: number }>('select perspective_name, score from scaling_scores where submission_id = $1', [submissionId])
    expect(rows).toEqual([{ perspective_name: 'Claire Ashworth (family)', score: 6 }])
    expect((await services.familySpace.scale(claire)).scores.map((score) => score.why)).toContain('Dean has kept away')
  })

  it('refuses a check-in on a rule that is not in the plan, and audits the refusal as a failure', async () => {
    const reader = { ...claire, requestId: crypto.randomUUID() }
    const result = await services.familySpace.recordCheckIn(reader, { ruleId: crypto.randomUUID(), result: 'kept', checkedOn: '2026-11-28', note: '' }, crypto.randomUUID())
    expect(result.outcome).toBe('refused')
    expect((await auditOf(reader.requestId))[0]).toMatchObject({ action: 'family-space.check-in-recorded', outcome: 'failure', subject_id: familyId })
  })

  it('gives staff, and a family member whose access has ended, the same not found, and writes nothing about the family', async () => {
    const rowan = { ...await actor('practitioner@fellside.example'), requestId: crypto.randomUUID() }
    await expect(services.familySpace.map(rowan)).rejects.toBeInstanceOf(NotFoundError)
    await db.owner(`update family_access set ended_at = now() where user_id = (select id from users where email = 'jean.pollard@example.com')`)
    const jean = { ...await actor('jean.pollard@example.com'), requestId: crypto.randomUUID() }
    await expect(services.familySpace.map(jean)).rejects.toBeInstanceOf(NotFoundError)
    await expect(services.familySpace.addComment(jean, crypto.randomUUID(), 'hello', crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError)
    expect(await auditOf(rowan.requestId)).toEqual([])
    expect(await auditOf(jean.requestId)).toEqual([])
    expect(await services.familySpace.home(jean)).toEqual({ outcome: 'ended' })
  })
})
