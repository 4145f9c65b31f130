import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { createUser, userId, withAuthenticatorApp, familyIdNamed } from '../../../test/support/factories.js'
import { MESSAGES } from './families.schema.js'

describe('finding and reading a family\'s record', () => {
  let t: TestApp
  let rowan: PageClient
  let ashworthId: string
  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    ashworthId = await familyIdNamed(t.db, 'The Ashworth family')
  })
  afterAll(async () => { await t.close() })

  it('finds a family by a misspelt name, a date of birth or an NHS number', async () => {
    for (const search of ['Ashwerth', 'leo ashworht', 'Maisy Ashworth', '27/3/2019', '27 March 2019']) {
      const page = await rowan.get(`/families?search=${encodeURIComponent(search)}`)
      expect(page.statusCode, search).toBe(200)
      expect(page.body, search).toContain('The Ashworth family')
    }
    const nhs = (await t.db.owner<{ nhs_number: string }>(`select nhs_number from people where given_name = 'Leo' and family_name = 'Ashworth'`)).rows[0]?.nhs_number ?? ''
    const byNhs = await rowan.get(`/families?search=${nhs.slice(0, 3)}+${nhs.slice(3, 6)}+${nhs.slice(6)}`)
    expect(byNhs.body).toContain('The Ashworth family')
    expect(byNhs.body).toContain('Showing 1 to 1 of 1 family')
  })

  it('explains a search it cannot use, keeping what was typed', async () => {
    const wrongNhs = await rowan.get('/families?search=999+000+0000')
    expect(wrongNhs.statusCode).toBe(400)
    expect(wrongNhs.body).toContain(MESSAGES.nhsNumberInvalid)
    expect(wrongNhs.body).toContain('value="999 000 0000"')
    expect((await rowan.get('/families?search=31%2F02%2F2020')).body).toContain(MESSAGES.dateInvalid)
  })

  it('lists only families the person has a relationship with', async () => {
    const mine = await rowan.get('/families')
    expect(mine.body).toContain('The Ashworth family')
    expect(mine.body).toContain('The Pennington family')
    // Another team's family and another council's family are not found, even by exact name.
    expect((await rowan.get('/families?search=Gilpin')).body).toContain('No families match your search')
    expect((await rowan.get('/families?search=Fenwick')).body).toContain('No families match your search')
  })

  it('gives a conference chair the families on child protection plans only', async () => {
    const chair = await signedIn(t.app, 'chair@fellside.example')
    const list = await chair.get('/families')
    expect(list.body).toContain('The Ashworth family')
    expect(list.body).not.toContain('The Okonjo-Reid family')
  })

  it('answers 404 for a family outside the person\'s relationships or organisation, and to roles without casework', async () => {
    const otherTeam = new PageClient(t.app)
    const outsider = await createUser(t.db, { role: 'practitioner' })
    await otherTeam.signIn(outsider.email, outsider.password)
    expect((await otherTeam.get(`/families/${ashworthId}`)).statusCode).toBe(404)
    const lakemoor = await signedIn(t.app, 'practitioner@lakemoor.example')
    expect((await lakemoor.get(`/families/${ashworthId}`)).statusCode).toBe(404)
    expect((await rowan.get('/families/not-a-family')).statusCode).toBe(404)
    const admin = new PageClient(t.app)
    await admin.signIn('admin@fellside.example', undefined, await withAuthenticatorApp(t.db, 'admin@fellside.example'))
    expect((await admin.get('/families')).statusCode).toBe(404)
    expect((await admin.get(`/families/${ashworthId}`)).statusCode).toBe(404)
  })

  it('shows the record: people, census codes, relationships, help history and chronology newest first, and audits the read', async () => {
    const page = await rowan.get(`/families/${ashworthId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Leo Ashworth')
    expect(page.body).toContain('White British')
    expect(page.body).toContain('mother of Leo Ashworth')
    expect(page.body).toContain('Stepped up from child in need to child protection')
    expect(page.body.indexOf('Moved to a safe house')).toBeLessThan(page.body.indexOf('School asked for early help'))
    expect(page.body).toContain('Hidden from Dean Ashworth')
    const { rows } = await t.db.owner<{ actor_user_id: string }>(`select actor_user_id from audit_events where action = 'family.viewed' and subject_id = $1`, [ashworthId])
    expect(rows.map((row) => row.actor_user_id)).toContain(await userId(t.db, 'practitioner@fellside.example'))
  })

  it('never shows a contact detail to a member of staff it is hidden from', async () => {
    const rowanId = await userId(t.db, 'practitioner@fellside.example')
    await t.db.owner(
      `insert into contact_details (organisation_id, family_id, person_id, kind, value, hidden_from_user_ids)
       select organisation_id, family_id, id, 'address', 'CANARY-ADDRESS-7731', array[$1::uuid] from people where given_name = 'Jean' and family_name = 'Pollard'`, [rowanId])
    expect((await rowan.get(`/families/${ashworthId}`)).body).not.toContain('CANARY-ADDRESS-7731')
    const manager = await signedIn(t.app, 'manager@fellside.example')
    expect((await manager.get(`/families/${ashworthId}`)).body).toContain('CANARY-ADDRESS-7731')
  })
})
