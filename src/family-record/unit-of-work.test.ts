import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, type TestDatabase } from '../../test/support/database.js'
import { loadDemoData } from '../demo/demo-data.js'
import { loadConfig } from '../config.js'
import { createServices } from '../services.js'
import { NotFoundError } from '../platform/http/errors.js'
import { CASEWORKERS, FAMILY_MEMBERS } from './roles.js'
import { applyVersioned } from './versioned.js'
import { actorFor } from '../../test/support/service-actors.js'

describe('a family\'s unit of work, on real services without Fastify', () => {
  let db: TestDatabase
  let services: ReturnType<typeof createServices>
  let ashworth: string
  beforeAll(async () => {
    db = await freshDatabase()
    await loadDemoData(db.ownerUrl)
    services = createServices({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), database: db.handle })
    ashworth = (await db.owner<{ id: string }>(`select id from families where family_name = 'The Ashworth family'`)).rows[0]?.id ?? ''
  })
  afterAll(async () => { await db.drop() })

  it('finds the family, runs the work and writes its audit row last, in one transaction', async () => {
    const rowan = await actorFor(db, 'practitioner@fellside.example')
    const seen = await services.familyRecord.withFamily(rowan, ashworth, { action: 'test.read', roles: CASEWORKERS }, async ({ family, audit }) => {
      audit.details = { looked: 'at the map' }
      return family.familyName
    })
    expect(seen).toBe('The Ashworth family')
    const { rows } = await db.owner<{ action: string; subject_id: string; details: unknown; request_id: string }>(
      `select action, subject_id, details, request_id from audit_events where request_id = $1`, [rowan.requestId])
    expect(rows).toEqual([{ action: 'test.read', subject_id: ashworth, details: { looked: 'at the map' }, request_id: rowan.requestId }])
  })

  it('names the family in the details when the row is about something inside it', async () => {
    const rowan = { ...await actorFor(db, 'practitioner@fellside.example'), requestId: 'inside-family' }
    await services.familyRecord.withFamily(rowan, ashworth, { action: 'test.entry', roles: CASEWORKERS }, async ({ audit }) => {
      audit.subjectType = 'map-entry'
      audit.subjectId = '00000000-0000-4000-8000-000000000009'
    })
    const { rows } = await db.owner<{ subject_type: string; family: string }>(`select subject_type, details->>'familyId' as family from audit_events where request_id = 'inside-family'`)
    expect(rows).toEqual([{ subject_type: 'map-entry', family: ashworth }])
  })

  it('answers not found, and runs nothing, for a family outside the person\'s relationships, another council\'s, or a role the work is not for', async () => {
    const outsiders = [await actorFor(db, 'practitioner@lakemoor.example'), await actorFor(db, 'admin@fellside.example'), await actorFor(db, 'partner@fellside.example')]
    for (const actor of outsiders) {
      let ran = false
      await expect(services.familyRecord.withFamily(actor, ashworth, { action: 'test.refused', roles: [...CASEWORKERS, 'organisation-administrator'] }, async () => { ran = true })).rejects.toBeInstanceOf(NotFoundError)
      expect(ran).toBe(false)
    }
    const rowan = await actorFor(db, 'practitioner@fellside.example')
    await expect(services.familyRecord.withFamily(rowan, ashworth, { action: 'test.refused', roles: FAMILY_MEMBERS }, async () => 'never')).rejects.toBeInstanceOf(NotFoundError)
    expect((await db.owner<{ n: number }>(`select count(*)::int as n from audit_events where action = 'test.refused'`)).rows[0]?.n).toBe(0)
  })

  it('returns nothing and keeps nothing when the audit row cannot be written', async () => {
    const rowan = await actorFor(db, 'practitioner@fellside.example')
    await expect(services.familyRecord.withFamily(rowan, ashworth, { action: 'test.unwritable', roles: CASEWORKERS }, async ({ tx, audit }) => {
      await tx.execute(`update families set family_name = 'Changed by a failed unit' where id = '${ashworth}'`)
      // A lone surrogate is made safe, so force a failure PostgreSQL will refuse: a NUL in the action.
      audit.action = 'test.\u0000'
      return 'the family data'
    })).rejects.toThrow()
    expect((await db.owner<{ family_name: string }>('select family_name from families where id = $1', [ashworth])).rows[0]?.family_name).toBe('The Ashworth family')
  })

  it('serves a real feature\'s read and change through it: the family record and its audit rows', async () => {
    const priya = { ...await actorFor(db, 'manager@fellside.example'), requestId: 'service-level-record' }
    const view = await services.families.view(priya, ashworth)
    expect(view.people.some((person) => person.givenName === 'Leo')).toBe(true)
    const { members } = await services.record.people(priya, ashworth)
    const leo = members.find((member) => member.givenName === 'Leo')
    if (leo === undefined) throw new Error('no Leo')
    const person = await services.record.person(priya, ashworth, leo.id)
    const stale = await services.record.updatePerson(priya, ashworth, leo.id, person.person.version - 1, { ...person.person, familyName: person.person.familyNameOfPerson, disabilities: person.person.disabilities })
    expect(stale.outcome).toBe('conflict')
    const { rows } = await db.owner<{ action: string; outcome: string }>(`select action, outcome from audit_events where request_id = 'service-level-record' order by id`)
    expect(rows).toEqual([
      { action: 'family.viewed', outcome: 'success' }, { action: 'family.people-listed', outcome: 'success' },
      { action: 'family.person-viewed', outcome: 'success' }, { action: 'family.person-change-conflict', outcome: 'failure' },
    ])
  })
})

describe('one rule for versioned changes', () => {
  const current = (version: number, removed = false) => async () => ({ version, removed, state: { text: `version ${String(version)}` } })

  it('saves something new as version 1, and the same submission again only once', async () => {
    const writes: number[] = []
    const write = async (version: number) => { writes.push(version); return { version } }
    expect(await applyVersioned({ earlier: async () => undefined, write })).toEqual({ outcome: 'saved', saved: { version: 1 } })
    expect(await applyVersioned({ earlier: async () => ({ version: 1 }), write })).toEqual({ outcome: 'already-saved', saved: { version: 1 } })
    expect(writes).toEqual([1])
  })

  it('writes the next version on an up-to-date base, and gives back theirs on a stale or removed one', async () => {
    const write = async (version: number) => version
    expect(await applyVersioned({ earlier: async () => undefined, base: { version: 3, current: current(3) }, write })).toEqual({ outcome: 'saved', saved: 4 })
    expect(await applyVersioned({ earlier: async () => undefined, base: { version: 2, current: current(3) }, write })).toEqual({ outcome: 'conflict', theirs: { text: 'version 3' }, removed: false })
    expect(await applyVersioned({ earlier: async () => undefined, base: { version: 3, current: current(3, true) }, write })).toEqual({ outcome: 'conflict', theirs: { text: 'version 3' }, removed: true })
  })

  it('answers not found for something that never existed', async () => {
    await expect(applyVersioned({ earlier: async () => undefined, base: { version: 1, current: async () => undefined }, write: async () => 1 })).rejects.toBeInstanceOf(NotFoundError)
  })
})
