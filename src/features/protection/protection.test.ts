import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { createUser, familyIdNamed } from '../../../test/support/factories.js'
import { csvField, describeAction } from './access-log.js'

describe('the access log\'s words and export', () => {
  it('says what happened in words and defuses spreadsheet formulas', () => {
    expect(describeAction('family.break-glass')).toBe('Opened the record from outside their work ("break the glass")')
    expect(describeAction('map.viewed')).toBe('Looked at: the map')
    expect(describeAction('access.refused')).toBe('Was refused: asked for part of the record without access')
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
  })
})

describe('protected families', () => {
  let t: TestApp
  let rowan: PageClient
  let priya: PageClient
  let outsider: PageClient
  let familyId: string
  let leoNhs: string

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    priya = await signedIn(t.app, 'manager@fellside.example')
    const stranger = await createUser(t.db, { role: 'practitioner', displayName: 'Sam Outside' })
    outsider = await signedIn(t.app, stranger.email, { password: stranger.password })
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    const { rows } = await t.db.owner<{ nhs_number: string }>(`select nhs_number from people where family_id = $1 and given_name = 'Leo'`, [familyId])
    leoNhs = rows[0]?.nhs_number ?? ''
  })
  afterAll(async () => { await t.close() })

  it('lets someone outside the family open it only with a written reason, tells the manager, and logs it', async () => {
    expect((await outsider.get(`/families/${familyId}`)).statusCode).toBe(404)
    const found = await outsider.get(`/families/break-glass?nhs=${leoNhs}`)
    expect(found.body).toContain('The Ashworth family')
    await outsider.get(`/families/break-glass/${familyId}`)
    const short = await outsider.post(`/families/break-glass/${familyId}`, { reason: 'need it' })
    expect(short.statusCode).toBe(400)
    expect((await outsider.get(`/families/${familyId}`)).statusCode).toBe(404)
    await outsider.get(`/families/break-glass/${familyId}`)
    const opened = await outsider.post(`/families/break-glass/${familyId}`, { reason: 'Police called out of hours about Leo; I need the safety plan' })
    expect(opened.headers.location).toBe(`/families/${familyId}?added=opened-with-reason`)
    const record = await outsider.get(`/families/${familyId}?added=opened-with-reason`)
    expect(record.statusCode).toBe(200)
    expect(record.body).toContain('You opened this record from outside your work')
    const home = await priya.get('/')
    expect(home.body).toContain('Sam Outside opened The Ashworth family&#39;s record from outside their work')
    const log = await priya.get(`/families/${familyId}/access-log`)
    expect(log.body).toContain('Break the glass')
    expect(log.body).toContain('Police called out of hours about Leo')
    expect(log.body).toContain('Sam Outside')
    const csv = await priya.get(`/families/${familyId}/access-log.csv`)
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain('Police called out of hours about Leo')
    const samId = (await t.db.owner<{ id: string }>(`select id from users where display_name = 'Sam Outside'`)).rows[0]?.id ?? ''
    const filtered = await priya.get(`/families/${familyId}/access-log?person=${samId}&from=1/1/2026&to=31/12/2030`)
    expect(filtered.body).toContain('Sam Outside')
    expect(filtered.body).not.toContain('Rowan Ashby')
    const bad = await priya.get(`/families/${familyId}/access-log?from=31/2/2026`)
    expect(bad.statusCode).toBe(400)
    expect((await rowan.get(`/families/${familyId}/access-log`)).statusCode).toBe(404)
  })

  it('shows a print or PDF of the plan as a download, never as a change', async () => {
    const ashworth = await familyIdNamed(t.db, 'The Ashworth family')
    expect((await rowan.get(`/families/${ashworth}/plan/print`)).statusCode).toBe(200)
    expect((await rowan.get(`/families/${ashworth}/plan/plan.pdf`)).statusCode).toBe(200)
    const log = await priya.get(`/families/${ashworth}/access-log`)
    expect(log.body).toContain('Printed or downloaded: a copy of the plan')
    expect(log.body).not.toContain('Added: plan')
    expect(log.body).not.toMatch(/>\s*[a-z-]+\.[a-z-]+\s*</)
    const csv = await priya.get(`/families/${ashworth}/access-log.csv`)
    expect(csv.body).toContain('"Printed or downloaded: a copy of the plan"')
    expect(csv.body).not.toContain('plan.copy-made')
  })

  it('tells the organisation\'s administrators when the family\'s team has no manager to tell', async () => {
    const gilpin = await familyIdNamed(t.db, 'The Gilpin family')
    await t.db.owner(`update users set status = 'disabled' where role = 'team-manager' and team_id = (select team_id from families where id = $1)`, [gilpin])
    await t.db.owner(`update families set allocated_worker_id = null where id = $1`, [gilpin])
    await outsider.get(`/families/break-glass/${gilpin}`)
    const opened = await outsider.post(`/families/break-glass/${gilpin}`, { reason: 'School rang: the children were not collected and no one answers' })
    expect(opened.statusCode).toBe(303)
    const { rows } = await t.db.owner<{ role: string }>(`select u.role from alerts a join users u on u.id = a.user_id where a.family_id = $1`, [gilpin])
    expect(rows.length).toBeGreaterThan(0)
    expect(new Set(rows.map((row) => row.role))).toEqual(new Set(['organisation-administrator']))
  })

  it('hides a sealed family from everyone not named: no record, search, list, count or break-the-glass', async () => {
    await priya.get(`/families/${familyId}/sealing`)
    expect((await priya.post(`/families/${familyId}/sealing`, { sealed: 'yes' })).statusCode).toBe(303)
    for (const client of [rowan, outsider]) {
      expect((await client.get(`/families/${familyId}`)).statusCode).toBe(404)
      expect((await client.get(`/families/${familyId}/map`)).statusCode).toBe(404)
      const search = await client.get('/families?search=Ashworth')
      expect(search.body).not.toContain('The Ashworth family')
      expect((await client.get('/families')).body).not.toContain('The Ashworth family')
      expect((await client.get(`/families?search=${leoNhs}`)).body).not.toContain('The Ashworth family')
      expect((await client.get(`/families/break-glass?nhs=${leoNhs}`)).body).not.toContain('The Ashworth family')
      expect((await client.get(`/families/break-glass/${familyId}`)).statusCode).toBe(404)
    }
    expect((await priya.get(`/families/${familyId}`)).statusCode).toBe(200)
    expect((await priya.get('/families?search=Ashworth')).body).toContain('The Ashworth family')
    // Naming Rowan lets Rowan back in.
    const rowanId = (await t.db.owner<{ id: string }>(`select id from users where email = 'practitioner@fellside.example'`)).rows[0]?.id ?? ''
    await priya.get(`/families/${familyId}/sealing`)
    await priya.post(`/families/${familyId}/sealing`, { sealed: 'yes', named: [rowanId] })
    expect((await rowan.get(`/families/${familyId}`)).statusCode).toBe(200)
    expect((await outsider.get(`/families/${familyId}`)).statusCode).toBe(404)
  })

  it('only lets the family\'s own team manager seal it, not another manager who broke the glass', async () => {
    expect((await rowan.get(`/families/${familyId}/sealing`)).statusCode).toBe(404)
    const { rows: [earlyHelp] } = await t.db.owner<{ id: string }>(`select id from teams where name = 'Fellside Early Help Team'`)
    const other = await createUser(t.db, { role: 'team-manager', displayName: 'Olu Other' })
    await t.db.owner('update users set team_id = $1 where id = $2', [earlyHelp?.id, other.id])
    const olu = await signedIn(t.app, other.email, { password: other.password })
    const okonjo = await familyIdNamed(t.db, 'The Okonjo-Reid family')
    await olu.get(`/families/break-glass/${okonjo}`)
    expect((await olu.post(`/families/break-glass/${okonjo}`, { reason: 'Checking something urgent for the duty team tonight' })).statusCode).toBe(303)
    expect((await olu.get(`/families/${okonjo}`)).statusCode).toBe(200)
    expect((await olu.get(`/families/${okonjo}/sealing`)).statusCode).toBe(404)
    expect((await olu.post(`/families/${okonjo}/sealing`, { sealed: 'yes' })).statusCode).toBe(404)
    expect((await t.db.owner<{ sealed: boolean }>('select sealed from families where id = $1', [okonjo])).rows[0]?.sealed).toBe(false)
  })
})
