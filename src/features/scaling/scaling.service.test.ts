import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NotFoundError } from '../../platform/http/errors.js'
import { familyIdNamed } from '../../../test/support/factories.js'
import { serviceWorld, type ServiceWorld } from '../../../test/support/service-world.js'

describe('the scaling service', () => {
  let world: ServiceWorld
  let familyId: string
  beforeAll(async () => {
    world = await serviceWorld()
    familyId = await familyIdNamed(world.db, 'The Ashworth family')
  })
  afterAll(async () => { await world.close() })

  it('writes an audit row for reading the rounds, and one for each score, named for the round', async () => {
    const rowan = await world.actor('practitioner@fellside.example')
    await world.services.scaling.overview(rowan, familyId)
    expect((await world.auditOf(familyId))[0]).toMatchObject({ action: 'scaling.viewed', subject_type: 'family', actor_user_id: rowan.userId })

    const roundId = await world.services.scaling.start(rowan, familyId, { entryId: null, blind: true, heldOn: '2026-10-01' })
    expect((await world.auditOf(roundId))[0]).toMatchObject({ action: 'scaling.round-started', subject_type: 'scaling-round', details: { familyId, blind: true } })
    const score = { perspectiveKind: 'parent-carer' as const, perspectiveName: 'Claire (mum)', score: 6, why: 'Calmer at home', onePointHigher: 'No shouting at bedtime', submissionId: crypto.randomUUID() }
    expect(await world.services.scaling.record(rowan, familyId, roundId, score)).toBe('saved')
    expect(await world.services.scaling.record(rowan, familyId, roundId, score)).toBe('already-saved')
    expect(await world.services.scaling.record(rowan, familyId, roundId, { ...score, submissionId: crypto.randomUUID(), perspectiveName: 'CLAIRE (mum)' })).toBe('perspective-taken')
    const rows = await world.auditOf(roundId)
    expect(rows.map((row) => [row.action, row.outcome])).toEqual([
      ['scaling.score-recorded', 'failure'], ['scaling.score-recorded', 'success'], ['scaling.score-recorded', 'success'], ['scaling.round-started', 'success'],
    ])
    expect(rows[2]?.details).toMatchObject({ familyId, perspective: 'parent-carer' })
    expect((await world.db.owner('select 1 from scaling_scores where round_id = $1', [roundId])).rows).toHaveLength(1)

    const detail = await world.services.scaling.roundDetail(rowan, familyId, roundId)
    expect(detail.hidden).toBe(true)
    expect(detail.scores[0]).not.toHaveProperty('score')
    expect((await world.auditOf(roundId))[0]).toMatchObject({ action: 'scaling.round-viewed', subject_type: 'scaling-round' })
  })

  it('answers "not found" to someone without a relationship with the family, and changes nothing', async () => {
    const rowan = await world.actor('practitioner@fellside.example')
    const outsider = await world.actor('practitioner@lakemoor.example')
    const roundId = await world.services.scaling.start(rowan, familyId, { entryId: null, blind: false, heldOn: '2026-10-02' })
    const before = (await world.db.owner('select count(*)::int as n from audit_events')).rows[0]
    await expect(world.services.scaling.overview(outsider, familyId)).rejects.toBeInstanceOf(NotFoundError)
    await expect(world.services.scaling.record(outsider, familyId, roundId, {
      perspectiveKind: 'worker', perspectiveName: 'Someone else', score: 3, why: 'x', onePointHigher: 'y', submissionId: crypto.randomUUID(),
    })).rejects.toBeInstanceOf(NotFoundError)
    expect((await world.db.owner('select 1 from scaling_scores where round_id = $1', [roundId])).rows).toHaveLength(0)
    expect((await world.db.owner('select count(*)::int as n from audit_events')).rows[0]).toEqual(before)
  })
})
