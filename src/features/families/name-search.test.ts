import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { signedIn, type PageClient } from '../../../test/support/browser.js'
import { familyIdNamed, organisationId } from '../../../test/support/factories.js'

/**
 * Name search compares each distinct name once (person_names, kept by triggers on people). These
 * check that it finds what comparing every person found, misspelt, and keeps up as people change.
 */
describe('search by a misspelt name', () => {
  let t: TestApp
  let rowan: PageClient
  let fellside: string
  let familyId: string

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    fellside = await organisationId(t.db, 'fellside')
    familyId = await familyIdNamed(t.db, 'The Pennington family')
  })
  afterAll(async () => { await t.close() })

  const addPerson = async (givenName: string, familyName: string, knownAs: string | null = null): Promise<string> =>
    (await t.db.owner<{ id: string }>(
      `insert into people (organisation_id, family_id, kind, given_name, family_name, known_as) values ($1, $2, 'other-adult', $3, $4, $5) returning id`,
      [fellside, familyId, givenName, familyName, knownAs])).rows[0]?.id ?? ''
  const found = async (search: string): Promise<string> => (await rowan.get(`/families?search=${encodeURIComponent(search)}`)).body
  const namesCount = async (name: string): Promise<number | undefined> =>
    (await t.db.owner<{ people: number }>('select people from person_names where organisation_id = $1 and search_name = $2', [fellside, name])).rows[0]?.people

  /** What 0010's search returned: every person of the organisation compared one by one. */
  async function comparedOneByOne(search: string): Promise<string[]> {
    const { rows } = await t.db.owner<{ row: string }>(`
      select id || ' ' || round(word_similarity(lower($1), lower(given_name || ' ' || family_name || coalesce(' ' || known_as, '')))::numeric, 5) as row
        from people
       where organisation_id = $2 and word_similarity(lower($1), lower(given_name || ' ' || family_name || coalesce(' ' || known_as, ''))) >= 0.45
       order by 1`, [search, fellside])
    return rows.map((row) => row.row)
  }
  async function matchedNow(search: string): Promise<string[]> {
    return t.db.handle.inOrganisation(fellside, async (tx) => {
      const result = await tx.execute<{ row: string }>(sql`select person_id || ' ' || round(score::numeric, 5) as row from mapwell_people_matching_name(${search}) order by 1`)
      return result.rows.map((row) => row.row)
    })
  }

  it('finds people by misspelt surnames, given names, nicknames and either order', async () => {
    await addPerson('Siobhan', 'Postlethwaite', 'Shiv')
    await addPerson('Bartholomew', 'Kirkbride')
    for (const search of ['Postlethwait', 'Siobhan Postlethwiate', 'siobahn postlethwaite', 'Shiv Postlethwaite', 'postlethwaite siobhan', 'Bartholemew', 'Kirkbridge', 'Bartholomew Kirkbrid']) {
      expect(await found(search), search).toContain('The Pennington family')
    }
    expect(await found('Quentin Zebedee')).toContain('No families match your search')
  })

  it('returns exactly the people and scores that comparing every person gives', async () => {
    await addPerson('Leo', 'Ashworth')
    await addPerson('Leo', 'Ashworth')
    for (const search of ['Ashwerth', 'leo ashworht', 'Maisy Ashworth', 'Pennigton', 'Sofie', 'Postlethwait', 'Kirkbridge', 'Dean', 'o', 'Leo Ashworth Pennington']) {
      expect(await matchedNow(search), search).toEqual(await comparedOneByOne(search))
    }
  })

  it('keeps up with people added, renamed and removed, and counts each name once', async () => {
    const first = await addPerson('Marigold', 'Thwaite')
    const second = await addPerson('Marigold', 'Thwaite')
    expect(await namesCount('marigold thwaite')).toBe(2)
    expect(await found('Marigould Thwaite')).toContain('The Pennington family')

    await t.db.owner(`update people set family_name = 'Tallentire' where id = $1`, [first])
    expect(await namesCount('marigold thwaite')).toBe(1)
    expect(await namesCount('marigold tallentire')).toBe(1)
    expect(await found('Marigold Talentire')).toContain('The Pennington family')

    // A change that leaves the name alone leaves its count alone.
    await t.db.owner(`update people set date_of_birth = '1990-01-01' where id = $1`, [second])
    expect(await namesCount('marigold thwaite')).toBe(1)

    await t.db.owner(`update people set known_as = 'Goldie' where id = $1`, [second])
    expect(await namesCount('marigold thwaite')).toBeUndefined()
    expect(await namesCount('marigold thwaite goldie')).toBe(1)

    // A name nobody has any more is not kept.
    await t.db.owner('delete from people where id = any($1)', [[first, second]])
    expect(await namesCount('marigold tallentire')).toBeUndefined()
    expect(await namesCount('marigold thwaite goldie')).toBeUndefined()
    expect(await found('Marigold Thwaite')).toContain('No families match your search')
  })

  it('keeps each council\'s names to itself', async () => {
    const lakemoor = await organisationId(t.db, 'lakemoor')
    const lakemoorFamily = (await t.db.owner<{ id: string }>('select id from families where organisation_id = $1 limit 1', [lakemoor])).rows[0]?.id ?? ''
    await t.db.owner(`insert into people (organisation_id, family_id, kind, given_name, family_name) values ($1, $2, 'other-adult', 'Ermintrude', 'Quillfeather')`, [lakemoor, lakemoorFamily])
    expect(await namesCount('ermintrude quillfeather')).toBeUndefined()
    expect(await matchedNow('Ermintrude Quillfether')).toEqual([])
    // The application's role cannot read the names at all.
    const refused: unknown = await t.db.handle.inOrganisation(lakemoor, async (tx) => tx.execute(sql`select * from person_names`)).then(() => undefined, (error: unknown) => error)
    expect(String((refused as { cause?: unknown } | undefined)?.cause)).toMatch(/permission denied for table person_names/)
  })
})
