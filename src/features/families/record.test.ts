import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { familyIdNamed } from '../../../test/support/factories.js'
import { RECORD_MESSAGES, RELATIONSHIP_MESSAGES } from './record.schema.js'

describe('adding to a family\'s record', () => {
  let t: TestApp
  let rowan: PageClient
  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
  })
  afterAll(async () => { await t.close() })

  it('starts help for a new family, with its first child, level, map and chronology', async () => {
    await rowan.get('/families/new')
    const bad = await rowan.post('/families/new', { familyLabel: '', childKind: 'child', givenName: 'Ada', familyName: 'Quill', dateOfBirth: '31/2/2020', nhsNumber: '999 000 0000', level: '', reason: '' })
    expect(bad.statusCode).toBe(400)
    for (const message of [RECORD_MESSAGES.familyNameMissing, RECORD_MESSAGES.dobInvalid, RECORD_MESSAGES.nhsInvalid, RECORD_MESSAGES.levelMissing, RECORD_MESSAGES.reasonMissing]) {
      expect(bad.body).toContain(message.replace(/"/g, '&quot;'))
    }
    expect(bad.body).toContain('value="Ada"')
    const created = await rowan.post('/families/new', { familyLabel: 'The Quill family', childKind: 'child', givenName: 'Ada', familyName: 'Quill', dateOfBirth: '3/5/2020', nhsNumber: '943 476 5919', sex: 'F', ethnicity: 'WBRI', level: 'early-help', reason: 'Ada\'s mum asked for help with sleep and school.' })
    expect(created.statusCode).toBe(303)
    const familyPage = await rowan.get(String(created.headers.location))
    expect(familyPage.body).toContain('The Quill family')
    expect(familyPage.body).toContain('Ada Quill')
    expect(familyPage.body).toContain('943 476 5919')
    expect(familyPage.body).toContain('Help started')
    const familyId = /\/families\/([0-9a-f-]{36})/.exec(String(created.headers.location))?.[1] ?? ''
    expect((await rowan.get(`/families/${familyId}/map`)).body).toContain('Worry statements')
    expect((await rowan.get('/families?search=Quil')).body).toContain('The Quill family')
  })

  it('adds people, their relationships, a contact detail hidden from a named person, and chronology events', async () => {
    const familyId = await familyIdNamed(t.db, 'The Pennington family')
    await rowan.get(`/families/${familyId}/people/new`)
    const sophie = (await t.db.owner<{ id: string }>(`select id from people where given_name = 'Sophie' and family_name = 'Pennington'`)).rows[0]?.id ?? ''
    const unnamed = await rowan.post(`/families/${familyId}/people/new`, { kind: 'unborn-child', givenName: '', familyName: 'Pennington', expectedDate: '' })
    expect(unnamed.body).toContain(RECORD_MESSAGES.expectedMissing)
    const added = await rowan.post(`/families/${familyId}/people/new`, { kind: 'other-adult', givenName: 'Terry', familyName: 'Shaw', relWith: sophie, relWords: 'ex-partner' })
    expect(added.headers.location).toBe(`/families/${familyId}?added=person#people`)
    const terry = (await t.db.owner<{ id: string }>(`select id from people where given_name = 'Terry'`)).rows[0]?.id ?? ''
    await rowan.get(`/families/${familyId}/people/${sophie}/contact-details/new`)
    const noReason = await rowan.post(`/families/${familyId}/people/${sophie}/contact-details/new`, { kind: 'address', value: '12 Lantern Row', hiddenFrom: terry })
    expect(noReason.body).toContain(RECORD_MESSAGES.hiddenReasonMissing)
    const outsider = await rowan.post(`/families/${familyId}/people/${sophie}/contact-details/new`, { kind: 'address', value: '12 Lantern Row', hiddenFrom: '00000000-0000-0000-0000-000000000000', hiddenReason: 'x' })
    expect(outsider.body).toContain(RECORD_MESSAGES.hiddenFromUnknown)
    await rowan.post(`/families/${familyId}/people/${sophie}/contact-details/new`, { kind: 'address', value: '12 Lantern Row', hiddenFrom: terry, hiddenReason: 'Sophie moved to get away from Terry.' })
    const page = await rowan.get(`/families/${familyId}`)
    expect(page.body).toContain('ex-partner of Sophie Pennington')
    expect(page.body).toContain('12 Lantern Row')
    expect(page.body).toContain('Hidden from Terry Shaw')
    const { rows } = await t.db.owner<{ hidden_from_person_ids: string[] }>(`select hidden_from_person_ids from contact_details where value = '12 Lantern Row'`)
    expect(rows).toEqual([{ hidden_from_person_ids: [terry] }])
    await rowan.get(`/families/${familyId}/chronology/new`)
    const future = await rowan.post(`/families/${familyId}/chronology/new`, { occurredOn: '1/1/2099', title: 'Later' })
    expect(future.body).toContain(RECORD_MESSAGES.eventDateInvalid)
    await rowan.post(`/families/${familyId}/chronology/new`, { occurredOn: '25/11/2026', title: 'Network meeting held', description: 'Sophie\'s aunt joined.' })
    expect((await rowan.get(`/families/${familyId}`)).body).toContain('Network meeting held')
  })

  it('lets only the family\'s own team manager give it to another team and worker, after which the old team no longer sees it', async () => {
    const familyId = await familyIdNamed(t.db, 'The Okonjo-Reid family')
    const earlyHelp = (await t.db.owner<{ id: string }>(`select id from teams where name = 'Fellside Early Help Team'`)).rows[0]?.id ?? ''
    // Allocation is a manager's decision: the practitioner who holds the family cannot give it away (or to themselves).
    expect((await rowan.get(`/families/${familyId}/allocation`)).statusCode).toBe(404)
    const priya = await signedIn(t.app, 'manager@fellside.example')
    const form = await priya.get(`/families/${familyId}/allocation`)
    expect(form.body).toContain('Fellside Early Help Team')
    const bad = await priya.post(`/families/${familyId}/allocation`, { teamId: earlyHelp, workerId: '00000000-0000-0000-0000-000000000000' })
    expect(bad.statusCode).toBe(400)
    // Every family keeps a responsible team: clearing it is refused, with the reason, and nothing changes.
    await priya.get(`/families/${familyId}/allocation`)
    const noTeam = await priya.post(`/families/${familyId}/allocation`, { teamId: '', workerId: '' })
    expect(noTeam.statusCode).toBe(400)
    expect(noTeam.body).toContain('every family has one')
    expect((await t.db.owner<{ team_id: string | null }>('select team_id from families where id = $1', [familyId])).rows[0]?.team_id).not.toBeNull()
    await priya.get(`/families/${familyId}/allocation`)
    expect((await priya.post(`/families/${familyId}/allocation`, { teamId: earlyHelp, workerId: '' })).headers.location).toBe(`/families/${familyId}?added=allocation`)
    expect((await rowan.get(`/families/${familyId}`)).statusCode).toBe(404)
    const { rows } = await t.db.owner<{ title: string }>(`select title from chronology_events where family_id = $1 order by created_at desc limit 1`, [familyId])
    expect(rows[0]?.title).toBe('Worker unallocated')
  })

  it('does not let a practitioner holding only a break-the-glass grant keep the family', async () => {
    const familyId = await familyIdNamed(t.db, 'The Gilpin family')
    const form = await rowan.get(`/families/break-glass/${familyId}`)
    expect(form.statusCode).toBe(200)
    const opened = await rowan.post(`/families/break-glass/${familyId}`, { reason: 'Police called about the children at night; their worker is away.' })
    expect(opened.statusCode).toBe(303)
    expect((await rowan.get(`/families/${familyId}`)).statusCode).toBe(200)
    expect((await rowan.get(`/families/${familyId}/allocation`)).statusCode).toBe(404)
    const rowanId = (await t.db.owner<{ id: string }>(`select id from users where email = 'practitioner@fellside.example'`)).rows[0]?.id ?? ''
    expect((await rowan.post(`/families/${familyId}/allocation`, { teamId: '', workerId: rowanId })).statusCode).toBe(404)
    const { rows } = await t.db.owner<{ allocated_worker_id: string | null }>('select allocated_worker_id from families where id = $1', [familyId])
    expect(rows[0]?.allocated_worker_id).not.toBe(rowanId)
  })

  it('changes a person\'s details and a contact detail, showing a conflict rather than losing either edit', async () => {
    const familyId = await familyIdNamed(t.db, 'The Ashworth family')
    const jean = (await t.db.owner<{ id: string }>(`select id from people where given_name = 'Jean'`)).rows[0]?.id ?? ''
    const form = await rowan.get(`/families/${familyId}/people/${jean}/edit`)
    expect(form.body).toContain('value="Pollard"')
    await t.db.owner(`update people set known_as = 'Nana Jean', version = version + 1 where id = $1`, [jean])
    const stale = await rowan.post(`/families/${familyId}/people/${jean}/edit`, { version: /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '', kind: 'other-adult', givenName: 'Jean', familyName: 'Pollard-Hart' })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('value="Pollard-Hart"')
    const saved = await rowan.post(`/families/${familyId}/people/${jean}/edit`, { version: /name="version" value="(\d+)"/.exec(stale.body)?.[1] ?? '', kind: 'other-adult', givenName: 'Jean', familyName: 'Pollard-Hart', knownAs: 'Nana Jean' })
    expect(saved.headers.location).toBe(`/families/${familyId}?added=person-changed#people`)

    const dean = (await t.db.owner<{ id: string }>(`select id from people where given_name = 'Dean'`)).rows[0]?.id ?? ''
    const phone = (await t.db.owner<{ id: string }>(`select id from contact_details where value = '07700 900733'`)).rows[0]?.id ?? ''
    const contactForm = await rowan.get(`/families/${familyId}/contact-details/${phone}/edit`)
    const hidden = await rowan.post(`/families/${familyId}/contact-details/${phone}/edit`, {
      version: /name="version" value="(\d+)"/.exec(contactForm.body)?.[1] ?? '', kind: 'phone', value: '07700 900733', hiddenFrom: dean, hiddenReason: 'Jean asked for Dean not to have her number.',
    })
    expect(hidden.headers.location).toBe(`/families/${familyId}?added=contact-changed#people`)
    expect((await t.db.owner<{ hidden_from_person_ids: string[] }>('select hidden_from_person_ids from contact_details where id = $1', [phone])).rows[0]?.hidden_from_person_ids).toEqual([dean])
    await rowan.get(`/families/${familyId}/contact-details/${phone}/remove`)
    await rowan.post(`/families/${familyId}/contact-details/${phone}/remove`, {})
    expect((await rowan.get(`/families/${familyId}`)).body).not.toContain('07700 900733')
    expect((await rowan.get(`/families/${familyId}/contact-details/${phone}/edit`)).statusCode).toBe(404)
  })

  it('keeps what a worker typed when someone else removes the contact detail they are changing', async () => {
    const familyId = await familyIdNamed(t.db, 'The Ashworth family')
    const claire = (await t.db.owner<{ id: string }>(`select id from people where given_name = 'Claire' and family_id = $1`, [familyId])).rows[0]?.id ?? ''
    await rowan.get(`/families/${familyId}/people/${claire}/contact-details/new`)
    await rowan.post(`/families/${familyId}/people/${claire}/contact-details/new`, { kind: 'phone', value: '07700 900111' })
    const contact = (await t.db.owner<{ id: string }>(`select id from contact_details where value = '07700 900111'`)).rows[0]?.id ?? ''
    const form = await rowan.get(`/families/${familyId}/contact-details/${contact}/edit`)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    // Someone else removes it while Rowan is typing.
    const priya = await signedIn(t.app, 'manager@fellside.example')
    await priya.get(`/families/${familyId}/contact-details/${contact}/remove`)
    expect((await priya.post(`/families/${familyId}/contact-details/${contact}/remove`, {})).statusCode).toBe(303)
    const saved = await rowan.post(`/families/${familyId}/contact-details/${contact}/edit`, { version, kind: 'phone', value: '07700 900222 (new mobile, from Claire at the visit)' })
    expect(saved.statusCode).toBe(409)
    expect(saved.body).toContain('Someone else removed this contact detail while you were changing it')
    expect(saved.body).toContain('07700 900222 (new mobile, from Claire at the visit)')
    // The form now adds it again as a new detail, and nothing was changed meanwhile.
    expect(saved.body).toContain(`/families/${familyId}/people/${claire}/contact-details/new`)
    expect((await t.db.owner<{ n: number }>(`select count(*)::int as n from contact_details where value like '07700 900222%'`)).rows[0]?.n).toBe(0)
  })

  it('keeps every typed relationship row on an error, and adds a row without JavaScript', async () => {
    const familyId = await familyIdNamed(t.db, 'The Pennington family')
    const sophie = (await t.db.owner<{ id: string }>(`select id from people where given_name = 'Sophie' and family_name = 'Pennington'`)).rows[0]?.id ?? ''
    const form = await rowan.get(`/families/${familyId}/people/new`)
    expect(form.body.match(/name="relWords"/g)).toHaveLength(2)
    const typed = { kind: 'other-adult', givenName: 'Maud', familyName: 'Pennington', relId: ['', ''], relWords: ['mother', 'aunt'], relWith: [sophie, ''] }
    const half = await rowan.post(`/families/${familyId}/people/new`, typed)
    expect(half.statusCode).toBe(400)
    expect(half.body).toContain(RELATIONSHIP_MESSAGES.personMissing)
    expect(half.body).toContain('href="#relWith-1"')
    expect(half.body).toContain('value="mother"')
    expect(half.body).toContain('value="aunt"')
    expect(half.body).toMatch(new RegExp(`value="${sophie}" selected`))
    expect(half.body).toContain('value="Maud"')
    const twice = await rowan.post(`/families/${familyId}/people/new`, { ...typed, relWith: [sophie, sophie] })
    expect(twice.statusCode).toBe(400)
    expect(twice.body).toContain(RELATIONSHIP_MESSAGES.duplicate)
    expect(twice.body).toContain('value="aunt"')
    const another = await rowan.post(`/families/${familyId}/people/new`, { ...typed, addRelationship: 'yes' })
    expect(another.statusCode).toBe(200)
    expect(another.body.match(/name="relWords"/g)).toHaveLength(3)
    expect(another.body).toContain('id="relWords-2"')
    expect(another.body).toContain('value="aunt"')
    expect(another.body).not.toContain('govuk-error-summary')
    expect((await t.db.owner(`select 1 from people where given_name = 'Maud'`)).rows).toHaveLength(0)
  })

  it('does not let staff add to a family they have no relationship with', async () => {
    const familyId = await familyIdNamed(t.db, 'The Fenwick family')
    expect((await rowan.get(`/families/${familyId}/people/new`)).statusCode).toBe(404)
    await rowan.get('/families')
    expect((await rowan.post(`/families/${familyId}/chronology/new`, { occurredOn: '1/1/2026', title: 'Sneaky' })).statusCode).toBe(404)
    expect((await t.db.owner(`select 1 from chronology_events where title = 'Sneaky'`)).rows).toHaveLength(0)
  })
})
