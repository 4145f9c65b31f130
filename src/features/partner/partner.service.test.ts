import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../config.js'
import { loadDemoData } from '../../demo/demo-data.js'
import { createServices, type Services } from '../../services.js'
import type { Actor } from '../../platform/http/types.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { freshDatabase, type TestDatabase } from '../../../test/support/database.js'

/** The partner service on a real database, without Fastify: its audit rows, and who gets a 404. */
describe('the partner service', () => {
  let db: TestDatabase
  let services: Services
  let familyId: string
  let tom: Actor
  let rowan: Actor

  async function actor(email: string): Promise<Actor> {
    const { rows: [row] } = await db.owner<{ id: string; organisation_id: string; display_name: string; role: Actor['role']; team_id: string | null; agency_id: string | null }>(
      'select id, organisation_id, display_name, role, team_id, agency_id from users where lower(email) = lower($1)', [email])
    if (row === undefined) throw new Error(`No account ${email}`)
    return {
      userId: row.id, organisationId: row.organisation_id, organisationName: '', displayName: row.display_name, email, role: row.role, teamId: row.team_id, agencyId: row.agency_id,
      sessionId: crypto.randomUUID(), requestId: crypto.randomUUID(),
    }
  }
  const fresh = (who: Actor): Actor => ({ ...who, requestId: crypto.randomUUID() })
  const auditOf = async (requestId: string) => (await db.owner<{ action: string; outcome: string; subject_type: string; subject_id: string; details: Record<string, unknown> }>(
    'select action, outcome, subject_type, subject_id, details from audit_events where request_id = $1 order by occurred_at, id', [requestId])).rows

  beforeAll(async () => {
    db = await freshDatabase()
    await loadDemoData(db.ownerUrl, { sharing: true })
    services = createServices({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database: db.handle })
    familyId = (await db.owner<{ id: string }>(`select id from families where family_name = 'The Ashworth family'`)).rows[0]?.id ?? ''
    tom = await actor('partner@fellside.example')
    rowan = await actor('practitioner@fellside.example')
  }, 120_000)
  afterAll(async () => { await db.drop() })

  it('reads the partner view with one audit row, and what is hidden from the partner for blanking', async () => {
    const { rows: [claire] } = await db.owner<{ id: string; organisation_id: string }>(`select id, organisation_id from people where family_id = $1 and given_name = 'Claire'`, [familyId])
    await db.owner(`insert into contact_details (organisation_id, family_id, person_id, kind, value, hidden_from_user_ids) values ($1, $2, $3, 'phone', '07700 900777', $4)`,
      [claire?.organisation_id, familyId, claire?.id, [tom.userId]])
    const reader = fresh(tom)
    const view = await services.partner.familyView(reader, familyId)
    expect(view.invitation.agencyName).toBe('Tarnbeck Primary School')
    expect(view.hidden.map((hidden) => hidden.value)).toEqual(['07700 900777'])
    const rows = await auditOf(reader.requestId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ action: 'partner.family-viewed', outcome: 'success', subject_type: 'family', subject_id: familyId })
  })

  it('records the agency\'s scale once through the scaling records, auditing the saving and the repeat', async () => {
    const submissionId = crypto.randomUUID()
    const first = fresh(tom)
    expect(await services.partner.scale(first, familyId, { score: 5, why: 'Leo is on time', onePointHigher: 'Every day on time' }, submissionId)).toBe('saved')
    const again = fresh(tom)
    expect(await services.partner.scale(again, familyId, { score: 5, why: 'Leo is on time', onePointHigher: 'Every day on time' }, submissionId)).toBe('already-saved')
    const [saved] = await auditOf(first.requestId)
    expect(saved).toMatchObject({ action: 'partner.scaled', subject_id: familyId })
    expect(typeof saved?.details.roundId).toBe('string')
    expect((await auditOf(again.requestId))[0]?.action).toBe('partner.scale-repeated')
    expect((await services.partner.familyView(tom, familyId)).scores.map((score) => score.perspectiveName)).toEqual(['Tom Greaves (Tarnbeck Primary School)'])
  })

  it('lets the worker add a meeting once, auditing it with the meeting', async () => {
    const submissionId = crypto.randomUUID()
    const worker = fresh(rowan)
    const meetingId = await services.partner.createMeeting(worker, familyId, { title: 'Core group', heldOn: '2027-01-12', startsAt: '10:30', place: 'Tarnbeck Family Centre' }, submissionId)
    expect(await services.partner.createMeeting(fresh(rowan), familyId, { title: 'Core group', heldOn: '2027-01-12', startsAt: '10:30', place: 'Tarnbeck Family Centre' }, submissionId)).toBe(meetingId)
    expect((await auditOf(worker.requestId))[0]).toMatchObject({ action: 'meetings.created', subject_id: familyId, details: { meetingId } })
    expect((await services.partner.meetings(rowan, familyId)).meetings.filter((meeting) => meeting.id === meetingId)).toHaveLength(1)
  })

  it('gives a partner or worker from another council, or one not invited, the same not found, and writes nothing', async () => {
    const bea = fresh(await actor('partner@lakemoor.example'))
    const kit = fresh(await actor('practitioner@lakemoor.example'))
    await expect(services.partner.familyView(bea, familyId)).rejects.toBeInstanceOf(NotFoundError)
    await expect(services.partner.scale(bea, familyId, { score: 1, why: 'x', onePointHigher: 'y' }, crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError)
    await expect(services.partner.meetings(kit, familyId)).rejects.toBeInstanceOf(NotFoundError)
    await db.owner('update partner_access set ended_at = now() where user_id = $1', [tom.userId])
    const ended = fresh(tom)
    await expect(services.partner.familyView(ended, familyId)).rejects.toBeInstanceOf(NotFoundError)
    for (const who of [bea, kit, ended]) expect(await auditOf(who.requestId)).toEqual([])
  })
})
