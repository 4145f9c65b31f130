import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NotFoundError } from '../../platform/http/errors.js'
import { familyIdNamed } from '../../../test/support/factories.js'
import { serviceWorld, type ServiceWorld } from '../../../test/support/service-world.js'

describe('the map service', () => {
  let world: ServiceWorld
  let familyId: string
  beforeAll(async () => {
    world = await serviceWorld()
    familyId = await familyIdNamed(world.db, 'The Ashworth family')
  })
  afterAll(async () => { await world.close() })

  const worker = (name: string) => ({ kind: 'worker' as const, name })

  it('writes an audit row for every read, counting included', async () => {
    const rowan = await world.actor('practitioner@fellside.example')
    const view = await world.services.map.view(rowan, familyId)
    expect(view.entries.length).toBeGreaterThan(0)
    expect((await world.auditOf(familyId))[0]).toMatchObject({ action: 'map.viewed', subject_type: 'family', actor_user_id: rowan.userId, details: { mapVersion: view.map.version } })
    expect(await world.services.map.countLiveEntries(rowan, familyId)).toBe(view.entries.length)
    expect((await world.auditOf(familyId))[0]).toMatchObject({ action: 'map.entries-counted', subject_type: 'family' })
  })

  it('saves a change once, as a new version, with its audit row naming the entry', async () => {
    const rowan = await world.actor('practitioner@fellside.example')
    const submissionId = crypto.randomUUID()
    const change = { type: 'add' as const, category: 'strength' as const, fields: { text: 'Claire walks the children to school every day.', saidBy: worker('Rowan Ashby') }, submissionId }
    const saved = await world.services.map.apply(rowan, familyId, change)
    expect(saved.outcome).toBe('saved')
    if (saved.outcome !== 'saved') return
    expect(await world.services.map.apply(rowan, familyId, change)).toEqual({ ...saved, outcome: 'already-saved' })
    const rows = await world.auditOf(saved.entryId)
    expect(rows.map((row) => row.action)).toEqual(['map.entry-added', 'map.entry-added'])
    expect(rows[1]).toMatchObject({ subject_type: 'map-entry', outcome: 'success', details: { familyId, category: 'strength', version: 1, mapVersion: saved.mapVersion } })
    expect(rows[0]?.details).toMatchObject({ alreadySaved: true })
    expect((await world.db.owner('select 1 from map_entry_versions where entry_id = $1', [saved.entryId])).rows).toHaveLength(1)
  })

  it('answers a change to an entry removed meanwhile with a conflict saying who removed it, writing nothing', async () => {
    const rowan = await world.actor('practitioner@fellside.example')
    const manager = await world.actor('manager@fellside.example')
    const added = await world.services.map.apply(rowan, familyId, { type: 'add', category: 'grey-area', fields: { text: 'Who collects Maisie on Fridays?', saidBy: worker('Rowan Ashby') }, submissionId: crypto.randomUUID() })
    if (added.outcome !== 'saved') throw new Error('not added')
    // Rowan opens it to edit (version 1); the manager removes it; Rowan saves.
    const opened = await world.services.map.entry(rowan, familyId, added.entryId)
    expect((await world.services.map.apply(manager, familyId, { type: 'remove', entryId: added.entryId, baseVersion: opened.entry.version, submissionId: crypto.randomUUID() })).outcome).toBe('saved')
    const late = await world.services.map.apply(rowan, familyId, {
      type: 'edit', entryId: added.entryId, baseVersion: opened.entry.version, fields: { text: 'Jean collects Maisie on Fridays.', saidBy: worker('Rowan Ashby') }, submissionId: crypto.randomUUID(),
    })
    expect(late).toMatchObject({ outcome: 'conflict', removed: true, entryId: added.entryId, theirs: { text: 'Who collects Maisie on Fridays?', typedByName: manager.displayName, version: 2 } })
    expect((await world.db.owner<{ change: string }>('select change from map_entry_versions where entry_id = $1 order by version', [added.entryId])).rows.map((row) => row.change)).toEqual(['added', 'removed'])
    expect((await world.auditOf(added.entryId))[0]).toMatchObject({ action: 'map.entry-changed', outcome: 'failure', actor_user_id: rowan.userId, details: { conflict: 'removed' } })
    // The removed entry can still be read for that page, flagged as removed; otherwise it is not found.
    expect((await world.services.map.entry(rowan, familyId, added.entryId, { evenIfRemoved: true })).removed).toBe(true)
    await expect(world.services.map.entry(rowan, familyId, added.entryId)).rejects.toBeInstanceOf(NotFoundError)
  })

  it('answers "not found" to someone outside the family, for reads and changes, and writes nothing', async () => {
    const outsider = await world.actor('practitioner@lakemoor.example')
    const before = (await world.db.owner<{ n: number }>('select count(*)::int as n from audit_events')).rows[0]?.n
    const versions = (await world.db.owner<{ n: number }>('select count(*)::int as n from map_entry_versions')).rows[0]?.n
    await expect(world.services.map.view(outsider, familyId)).rejects.toBeInstanceOf(NotFoundError)
    await expect(world.services.map.countLiveEntries(outsider, familyId)).rejects.toBeInstanceOf(NotFoundError)
    await expect(world.services.map.apply(outsider, familyId, { type: 'add', category: 'harm', fields: { text: 'Not theirs to add', saidBy: worker('Someone') }, submissionId: crypto.randomUUID() }))
      .rejects.toBeInstanceOf(NotFoundError)
    expect((await world.db.owner<{ n: number }>('select count(*)::int as n from audit_events')).rows[0]?.n).toBe(before)
    expect((await world.db.owner<{ n: number }>('select count(*)::int as n from map_entry_versions')).rows[0]?.n).toBe(versions)
  })
})

describe('the latest scales on the map', () => {
  let world: ServiceWorld
  let familyId: string
  beforeAll(async () => {
    world = await serviceWorld()
    familyId = await familyIdNamed(world.db, 'The Ashworth family')
  })
  afterAll(async () => { await world.close() })

  const score = (perspectiveName: string, value: number) => ({
    perspectiveKind: 'worker' as const, perspectiveName, score: value, why: 'Because.', onePointHigher: 'More visits kept.', submissionId: crypto.randomUUID(),
  })

  it('shows each person\'s latest revealed whole-map score, never a blind round still hidden', async () => {
    const rowan = await world.actor('practitioner@fellside.example')
    const before = await world.services.map.view(rowan, familyId)
    const open = await world.services.scaling.start(rowan, familyId, { entryId: null, blind: false, heldOn: '2026-11-02' })
    await world.services.scaling.record(rowan, familyId, open, score('Zed Testperson (worker)', 4))
    const later = await world.services.scaling.start(rowan, familyId, { entryId: null, blind: false, heldOn: '2026-11-20' })
    await world.services.scaling.record(rowan, familyId, later, score('Zed Testperson (worker)', 6))
    const blind = await world.services.scaling.start(rowan, familyId, { entryId: null, blind: true, heldOn: '2026-11-30' })
    await world.services.scaling.record(rowan, familyId, blind, score('Zed Testperson (worker)', 9))
    await world.services.scaling.record(rowan, familyId, blind, score('Yara Blindperson (manager)', 2))

    const hiddenYet = (await world.services.map.view(rowan, familyId)).scales
    expect(hiddenYet.filter((scale) => scale.perspectiveName === 'Zed Testperson (worker)')).toMatchObject([{ score: 6, heldOn: '2026-11-20' }])
    expect(hiddenYet.some((scale) => scale.perspectiveName === 'Yara Blindperson (manager)')).toBe(false)
    expect(hiddenYet.length).toBe(before.scales.length + 1)

    await world.services.scaling.reveal(rowan, familyId, blind)
    const revealed = (await world.services.map.view(rowan, familyId)).scales
    const ours = revealed.filter((scale) => /person \((worker|manager)\)$/.test(scale.perspectiveName))
    expect(ours).toHaveLength(2)
    expect(ours).toEqual(expect.arrayContaining([
      expect.objectContaining({ perspectiveName: 'Zed Testperson (worker)', score: 9, heldOn: '2026-11-30' }),
      expect.objectContaining({ perspectiveName: 'Yara Blindperson (manager)', score: 2, heldOn: '2026-11-30' }),
    ]))
    expect((await world.services.map.familyVersionData(rowan, familyId, 'print')).scales).toEqual(revealed)
  })
})
