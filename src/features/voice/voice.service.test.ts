import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NotFoundError } from '../../platform/http/errors.js'
import { familyIdNamed, personIdNamed } from '../../../test/support/factories.js'
import { serviceWorld, type ServiceWorld } from '../../../test/support/service-world.js'
import { childWordsKeptFrom } from './index.js'

describe('the voice service', () => {
  let world: ServiceWorld
  let familyId: string
  let leoId: string
  beforeAll(async () => {
    world = await serviceWorld()
    familyId = await familyIdNamed(world.db, 'The Ashworth family')
    leoId = await personIdNamed(world.db, familyId, 'Leo')
  })
  afterAll(async () => { await world.close() })

  it('writes an audit row for reading a child\'s views, and for recording a session and words, naming each', async () => {
    const rowan = await world.actor('practitioner@fellside.example')
    const { children } = await world.services.voice.overview(rowan, familyId)
    expect(children.map((row) => row.child.id)).toContain(leoId)
    expect((await world.auditOf(familyId))[0]).toMatchObject({ action: 'voice.overview-viewed', subject_type: 'family', actor_user_id: rowan.userId })

    const submissionId = crypto.randomUUID()
    const fields = { tool: 'three-houses' as const, heldOn: '2026-10-05', whoWasThere: 'Leo and Rowan', pathPosition: null }
    const sessionId = await world.services.voice.createSession(rowan, familyId, leoId, fields, submissionId)
    expect(await world.services.voice.createSession(rowan, familyId, leoId, fields, submissionId)).toBe(sessionId)
    expect((await world.db.owner('select 1 from child_sessions where id = $1', [sessionId])).rows).toHaveLength(1)
    const sessionRows = await world.auditOf(sessionId)
    expect(sessionRows.map((row) => row.action)).toEqual(['voice.session-recorded', 'voice.session-recorded'])
    expect(sessionRows[1]).toMatchObject({ subject_type: 'child-session', details: { familyId, childId: leoId, tool: 'three-houses' } })

    const wordsId = await world.services.voice.addWords(rowan, familyId, leoId, sessionId, { part: 'worries', words: 'When the shouting starts', parentsMaySee: false, networkMaySee: true }, crypto.randomUUID())
    expect((await world.auditOf(wordsId))[0]).toMatchObject({ action: 'voice.words-recorded', subject_type: 'child-words', details: { familyId, sessionId, parentsMaySee: false } })
    // The map reads what the child kept from their parents through this feature's index.
    const kept = await world.db.handle.inOrganisation(rowan.organisationId, async (tx) => childWordsKeptFrom(tx, familyId, 'parents'))
    expect(kept.has(wordsId)).toBe(true)
  })

  it('places words on the map through the map\'s one change service, each writing its own row', async () => {
    const rowan = await world.actor('practitioner@fellside.example')
    const sessionId = await world.services.voice.createSession(rowan, familyId, leoId, { tool: 'three-houses', heldOn: '2026-10-06', whoWasThere: 'Leo', pathPosition: null }, crypto.randomUUID())
    const wordsId = await world.services.voice.addWords(rowan, familyId, leoId, sessionId, { part: 'good-things', words: 'Football with Grandad', parentsMaySee: true, networkMaySee: true }, crypto.randomUUID())
    const placed = await world.services.voice.placeOnMap(rowan, familyId, wordsId, 'strength', crypto.randomUUID())
    expect(placed.outcome).toBe('saved')
    if (placed.outcome !== 'saved') return
    expect((await world.auditOf(wordsId))[0]).toMatchObject({ action: 'voice.words-viewed', details: { toPlaceOnMap: 'strength' } })
    expect((await world.auditOf(placed.entryId))[0]).toMatchObject({ action: 'map.entry-added', subject_type: 'map-entry' })
    expect((await world.db.owner<{ child_words_id: string }>('select child_words_id from map_entries where id = $1', [placed.entryId])).rows[0]?.child_words_id).toBe(wordsId)
  })

  it('answers "not found" to someone outside the family, and changes nothing', async () => {
    const outsider = await world.actor('practitioner@lakemoor.example')
    const sessions = (await world.db.owner<{ n: number }>('select count(*)::int as n from child_sessions')).rows[0]?.n
    const audits = (await world.db.owner<{ n: number }>('select count(*)::int as n from audit_events')).rows[0]?.n
    await expect(world.services.voice.child(outsider, familyId, leoId)).rejects.toBeInstanceOf(NotFoundError)
    await expect(world.services.voice.createSession(outsider, familyId, leoId, { tool: 'three-houses', heldOn: '2026-10-07', whoWasThere: 'x', pathPosition: null }, crypto.randomUUID()))
      .rejects.toBeInstanceOf(NotFoundError)
    expect((await world.db.owner<{ n: number }>('select count(*)::int as n from child_sessions')).rows[0]?.n).toBe(sessions)
    expect((await world.db.owner<{ n: number }>('select count(*)::int as n from audit_events')).rows[0]?.n).toBe(audits)
  })
})
