import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestDatabase } from '../../../test/support/database.js'
import { ashworthWorld, auditRowsOf, nextRequest } from '../../../test/support/service-actors.js'
import { NotFoundError } from '../../platform/http/errors.js'
import type { Actor } from '../../platform/http/types.js'
import { createNetworkService, type NetworkService } from './network.service.js'

const newMember = { givenName: 'Pat', familyName: 'Ellery', relationshipToChild: 'Family friend', closeness: 2 as const, joinedOn: '2026-11-02', commitments: 'Picks Leo up on Fridays', leftOn: null }

describe('the network service, on a real database', () => {
  let db: TestDatabase
  let network: NetworkService
  let rowan: Actor
  let manager: Actor
  let outsider: Actor
  let familyId: string

  beforeAll(async () => {
    const world = await ashworthWorld()
    ;({ db, rowan, manager, outsider, familyId } = world)
    network = createNetworkService({ familyRecord: world.familyRecord })
  })
  afterAll(async () => { await db.drop() })

  it('writes an audit row for reading the network, and hides it from someone with no relationship', async () => {
    const data = await network.overview(rowan, familyId)
    expect(data.family.id).toBe(familyId)
    expect(await auditRowsOf(db, rowan)).toEqual([expect.objectContaining({ action: 'network.viewed', outcome: 'success', subject_type: 'family', subject_id: familyId })])
    await expect(network.overview(outsider, familyId)).rejects.toBeInstanceOf(NotFoundError)
    await expect(network.familyTree(outsider, familyId)).rejects.toBeInstanceOf(NotFoundError)
    expect(await auditRowsOf(db, outsider)).toEqual([])
  })

  it('adds a member once per submission, with the audit row about the member', async () => {
    const actor = nextRequest(rowan)
    const submissionId = crypto.randomUUID()
    const first = await network.addMember(actor, familyId, newMember, submissionId)
    const again = await network.addMember(actor, familyId, newMember, submissionId)
    if (first.outcome !== 'saved' || again.outcome !== 'already-saved') throw new Error(`${first.outcome}, then ${again.outcome}`)
    expect(again.memberId).toBe(first.memberId)
    expect((await db.owner(`select 1 from people where family_id = $1 and given_name = 'Pat'`, [familyId])).rows).toHaveLength(1)
    const audit = await auditRowsOf(db, actor)
    expect(audit[0]).toMatchObject({ action: 'network.member-added', outcome: 'success', subject_type: 'network-member', subject_id: first.memberId, details: { familyId, newPerson: true } })
    expect(audit[1]).toMatchObject({ action: 'network.member-added', subject_id: first.memberId, details: { familyId, alreadySaved: true } })
    await expect(network.addMember(outsider, familyId, { ...newMember, givenName: 'Nobody' }, crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError)
    expect((await db.owner(`select 1 from people where given_name = 'Nobody'`)).rows).toHaveLength(0)
  })

  it('gives a change based on an old version a conflict with theirs, and writes it down as refused', async () => {
    const added = await network.addMember(rowan, familyId, { ...newMember, givenName: 'Sam' }, crypto.randomUUID())
    if (added.outcome !== 'saved') throw new Error(added.outcome)
    const fields = { relationshipToChild: 'Family friend', closeness: 1 as const, joinedOn: '2026-11-02', commitments: 'Picks Leo up on Fridays and Tuesdays', leftOn: null }
    expect(await network.changeMember(manager, familyId, added.memberId, 1, fields)).toEqual({ outcome: 'saved', memberId: added.memberId })
    const actor = nextRequest(rowan)
    const stale = await network.changeMember(actor, familyId, added.memberId, 1, { ...fields, commitments: 'Rings on Sundays' })
    if (stale.outcome !== 'conflict') throw new Error(stale.outcome)
    expect(stale.theirs).toMatchObject({ version: 2, commitments: 'Picks Leo up on Fridays and Tuesdays' })
    expect(await auditRowsOf(db, actor)).toEqual([expect.objectContaining({ action: 'network.member-change-refused', outcome: 'failure', subject_id: added.memberId })])
    // The manager's change sent twice is one change, not a conflict with itself.
    expect(await network.changeMember(manager, familyId, added.memberId, 1, fields)).toEqual({ outcome: 'saved', memberId: added.memberId })
    await expect(network.changeMember(outsider, familyId, added.memberId, 2, fields)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('records a meeting once per submission', async () => {
    const submissionId = crypto.randomUUID()
    const fields = { heldOn: '2026-11-20', attendeeMemberIds: [], otherAttendees: 'Claire (mum)', agreed: 'Nan does the school run' }
    const first = await network.recordMeeting(rowan, familyId, fields, submissionId)
    const again = await network.recordMeeting(rowan, familyId, fields, submissionId)
    expect(first.outcome).toBe('saved')
    expect(again).toEqual({ outcome: 'already-saved', id: first.outcome === 'refused' ? '' : first.id })
    expect((await db.owner('select 1 from network_meetings where submission_id = $1', [submissionId])).rows).toHaveLength(1)
  })
})
