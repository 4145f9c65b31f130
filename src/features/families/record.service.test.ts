import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type TestDatabase } from '../../../test/support/database.js'
import { ashworthWorld, auditRowsOf, nextRequest } from '../../../test/support/service-actors.js'
import type { Actor } from '../../platform/http/types.js'
import { createRecordService, type RecordService } from './record.service.js'
import { createFamiliesService, type FamiliesService } from './families.service.js'
import { presentFamily } from './families.presenter.js'
import { RELATIONSHIP_MESSAGES, type PersonFields } from './record.schema.js'

const alfieFields: PersonFields = {
  kind: 'child', givenName: 'Alfie', familyName: 'Ashworth', knownAs: null, dateOfBirth: '2024-02-11', expectedDate: null,
  nhsNumber: null, sex: null, ethnicity: null, disabilities: [],
}

describe('a person\'s relationships, on a real database', () => {
  let db: TestDatabase
  let record: RecordService
  let families: FamiliesService
  let rowan: Actor
  let familyId: string
  const ids: Record<string, string> = {}
  const row = (index: number, words: string, otherId: string, id = '') => ({ index, row: { id, words, otherId } })
  const entryOf = async (name: string) => {
    const page = presentFamily(await families.view(nextRequest(rowan), familyId))
    const person = page.people.find((entry) => entry.name.startsWith(name))
    const value = person?.rows.find((item) => item.key.text === 'Related to')?.value
    return value !== undefined && 'text' in value ? value.text : ''
  }

  beforeAll(async () => {
    const world = await ashworthWorld()
    ;({ db, rowan, familyId } = world)
    record = createRecordService({ database: db.handle, familyRecord: world.familyRecord })
    families = createFamiliesService({ database: db.handle, familyRecord: world.familyRecord })
    for (const given of ['Leo', 'Maisie', 'Claire', 'Jean']) {
      ids[given] = (await db.owner<{ id: string }>(`select id from people where given_name = $1 and family_id = $2`, [given, familyId])).rows[0]?.id ?? ''
    }
  })
  afterAll(async () => { await db.drop() })

  it('adds a person with several relationships, each shown on both people\'s entries with the inverse words', async () => {
    const actor = nextRequest(rowan)
    const added = await record.addPerson(actor, familyId, alfieFields, [row(0, 'Half-brother of', ids.Maisie ?? ''), row(1, 'grandchild', ids.Jean ?? ''), row(2, 'best mate', ids.Leo ?? '')])
    if (added.outcome !== 'saved') throw new Error(`not saved: ${JSON.stringify(added.errors)}`)
    ids.Alfie = added.personId
    expect(await auditRowsOf(db, actor)).toEqual([expect.objectContaining({ action: 'family.person-added', outcome: 'success', subject_id: familyId, details: { personId: added.personId, kind: 'child', relationshipsAdded: 3 } })])
    expect(await entryOf('Alfie')).toBe('half-brother of Maisie Ashworth; grandchild of Jean Pollard; best mate of Leo Ashworth')
    expect(await entryOf('Maisie')).toContain('half-sibling of Alfie Ashworth')
    expect(await entryOf('Jean')).toContain('grandparent of Alfie Ashworth')
    expect(await entryOf('Leo')).toContain('related to Alfie Ashworth')
    const { relationships } = await record.person(nextRequest(rowan), familyId, ids.Maisie ?? '')
    expect(relationships).toContainEqual(expect.objectContaining({ words: 'half-sibling', otherId: added.personId }))
  })

  it('refuses a relationship to oneself, to someone outside the family, or a duplicate, and changes nothing', async () => {
    const before = (await db.owner(`select * from relationships order by id`)).rows
    const people = (await db.owner(`select count(*)::int as n from people`)).rows
    const self = await record.updatePerson(nextRequest(rowan), familyId, ids.Alfie ?? '', 1, alfieFields, { rows: [row(0, 'brother', ids.Alfie ?? '')], clearedIds: [] })
    expect(self).toEqual({ outcome: 'invalid', errors: { 'relWith-0': RELATIONSHIP_MESSAGES.self } })
    const outsider = await record.addPerson(nextRequest(rowan), familyId, { ...alfieFields, givenName: 'Zed' }, [row(0, 'brother', '00000000-0000-4000-8000-000000000000')])
    expect(outsider).toEqual({ outcome: 'invalid', errors: { 'relWith-0': RELATIONSHIP_MESSAGES.notInFamily } })
    const twice = await record.addPerson(nextRequest(rowan), familyId, { ...alfieFields, givenName: 'Zed' }, [row(0, 'brother', ids.Leo ?? ''), row(1, 'cousin', ids.Leo ?? '')])
    expect(twice).toEqual({ outcome: 'invalid', errors: { 'relWith-1': RELATIONSHIP_MESSAGES.duplicate } })
    // Maisie is already Alfie's half-sister: a second relationship between them is refused.
    const again = await record.updatePerson(nextRequest(rowan), familyId, ids.Maisie ?? '', 1, { ...alfieFields, givenName: 'Maisie', dateOfBirth: '2022-01-14' }, { rows: [row(0, 'sister', ids.Alfie ?? '')], clearedIds: [] })
    expect(again).toEqual({ outcome: 'invalid', errors: { 'relWith-0': RELATIONSHIP_MESSAGES.duplicate } })
    const refused = nextRequest(rowan)
    await record.addPerson(refused, familyId, { ...alfieFields, givenName: 'Zed' }, [row(0, 'brother', ids.Leo ?? ''), row(1, 'cousin', ids.Leo ?? '')])
    expect(await auditRowsOf(db, refused)).toEqual([expect.objectContaining({ action: 'family.person-added', outcome: 'failure', subject_id: familyId })])
    expect((await db.owner(`select * from relationships order by id`)).rows).toEqual(before)
    expect((await db.owner(`select count(*)::int as n from people`)).rows).toEqual(people)
    expect((await db.owner(`select version from people where id = $1`, [ids.Maisie])).rows).toEqual([{ version: 1 }])
  })

  it('changes one relationship and removes another when editing a person, from either side', async () => {
    const { person, relationships } = await record.person(nextRequest(rowan), familyId, ids.Maisie ?? '')
    const withAlfie = relationships.find((relation) => relation.otherId === ids.Alfie)
    const withLeo = relationships.find((relation) => relation.otherId === ids.Leo)
    if (withAlfie === undefined || withLeo === undefined) throw new Error('Maisie\'s relationships are missing')
    const fields = { ...alfieFields, givenName: 'Maisie', dateOfBirth: person.dateOfBirth }
    const rows = relationships.map((relation, index) => row(index, relation.id === withAlfie.id ? 'half-sister' : relation.words, relation.otherId, relation.id))
      .filter(({ row: shown }) => shown.id !== withLeo.id)
    const actor = nextRequest(rowan)
    const saved = await record.updatePerson(actor, familyId, ids.Maisie ?? '', person.version, fields, { rows, clearedIds: [withLeo.id] })
    expect(saved.outcome).toBe('saved')
    expect(await auditRowsOf(db, actor)).toEqual([expect.objectContaining({ action: 'family.person-changed', outcome: 'success', details: { personId: ids.Maisie, relationshipsAdded: 1, relationshipsRemoved: 2 } })])
    expect(await entryOf('Maisie')).toContain('half-sister of Alfie Ashworth')
    expect(await entryOf('Alfie')).toContain('half-sibling of Maisie Ashworth')
    expect(await entryOf('Maisie')).not.toContain('Leo Ashworth')
    expect(await entryOf('Leo')).not.toContain('Maisie Ashworth')
    // The unchanged ones (mother, father, grandmother) are kept as they were recorded.
    expect(await entryOf('Claire')).toContain('mother of Maisie Ashworth')
    expect(await entryOf('Jean')).toContain('grandmother of Maisie Ashworth')
  })
})
