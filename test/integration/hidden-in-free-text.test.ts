import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.js'
import { PageClient, signedIn } from '../support/browser.js'
import { familyIdNamed, personIdNamed } from '../support/factories.js'
import { addDays, todayInLondon } from '../../src/platform/time.js'

/**
 * Claire's safe address ("4 Heron Court, Tarnbeck, FS3 7QT") and her new phone number are hidden from
 * Dean. A worker types parts of them into free text, spelt and spaced in other ways: on the map, as a
 * meeting's place, in a words and pictures page and in the plan. None of those parts may reach Dean's
 * own pages or any copy staff print or send for the family; the staff's own pages still show them,
 * so the checks below cannot pass on empty pages.
 */
const PASSWORD = 'a long family password'
const MAP_TEXT = 'Claire and the children are settled at Heron Court in Tarnbeck; ring her on +44 7700 900158'
const MEETING_PLACE = 'Heron Ct., fs37qt'
const BOOKLET_PAGE = 'You and Mum live at heron court now, near TARNBECK park.'
const RULE_TEXT = 'Dean stays out of Tarnbeck'
const WARNING_SIGNS = 'Dean seen near 4 Heron Court'
const IF_BROKEN = 'Claire rings Rowan from 07700 900 158'
/** What must never be in anything for Dean: every part of the two hidden values, compared in lower case. */
const PARTS = ['heron', 'tarnbeck', 'fs3', '7qt', '900158', '900 158']
/** What the staff's own pages show, as typed. */
const TYPED = ['Heron Court in Tarnbeck', 'Heron Ct., fs37qt', 'Dean seen near 4 Heron Court']

const submissionIdIn = (body: string): string => /name="submissionId" value="([^"]+)"/.exec(body)?.[1] ?? ''
const asTyped = (date: string): string => date.split('-').reverse().map((part) => part.replace(/^0/, '')).join('/')
/** Page text without markup, with entities read, so "Ct." cannot hide as "Ct&#46;". */
const textOf = (html: string): string => html.replace(/<[^>]*>/g, ' ').replace(/&#39;/g, '\'').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ')

describe('parts of a hidden contact detail typed into free text', () => {
  let t: TestApp
  let rowan: PageClient
  let dean: PageClient
  let claire: PageClient
  let familyId: string
  let savedEntryId: string
  let bookletId: string

  const pdfText = (bytes: Buffer): string => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-hidden-')), 'out.pdf')
    fs.writeFileSync(file, bytes)
    return execFileSync('/usr/bin/pdftotext', [file, '-']).toString()
  }

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    const deanId = await personIdNamed(t.db, familyId, 'Dean')
    const claireId = await personIdNamed(t.db, familyId, 'Claire')
    const leoId = await personIdNamed(t.db, familyId, 'Leo')
    const { rows: [ids] } = await t.db.owner<{ organisation_id: string; worker: string }>('select organisation_id, allocated_worker_id as worker from families where id = $1', [familyId])
    const org = ids?.organisation_id ?? ''
    const rowanId = ids?.worker ?? ''
    // The demo gives Claire's safe address, hidden from Dean; her new phone number is hidden from him too.
    const { rows: [address] } = await t.db.owner<{ value: string }>(`select value from contact_details where person_id = $1 and kind = 'address' and $2 = any(hidden_from_person_ids)`, [claireId, deanId])
    expect(address?.value).toBe('4 Heron Court\nTarnbeck\nFS3 7QT')
    await t.db.owner(`insert into contact_details (organisation_id, family_id, person_id, kind, value, hidden_from_person_ids, hidden_reason) values ($1, $2, $3, 'phone', '07700 900158', $4, 'New phone')`, [org, familyId, claireId, [deanId]])

    // The map, through the worker's form.
    const form = await rowan.get(`/families/${familyId}/map/add/strength`)
    const saved = await rowan.post(`/families/${familyId}/map/add/strength`, { text: MAP_TEXT, saidByKind: 'worker', saidByName: 'Rowan Ashby', submissionId: submissionIdIn(form.body) })
    expect(saved.statusCode).toBe(303)
    savedEntryId = /saved=([0-9a-f-]{36})/.exec(saved.headers.location ?? '')?.[1] ?? ''
    // A meeting next week.
    const meetingForm = await rowan.get(`/families/${familyId}/meetings/new`)
    expect((await rowan.post(`/families/${familyId}/meetings/new`, {
      submissionId: submissionIdIn(meetingForm.body), title: 'Core group', heldOn: asTyped(addDays(todayInLondon(), 7)), startsAt: '10:00', place: MEETING_PLACE,
    })).statusCode).toBe(303)
    // A rule in the plan.
    const { rows: [statement] } = await t.db.owner<{ id: string }>(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = 'danger' and e.removed_at is null limit 1`, [familyId])
    const ruleForm = await rowan.get(`/families/${familyId}/plan/rules/new?kind=rule`)
    expect((await rowan.post(`/families/${familyId}/plan/rules/new?kind=rule`, {
      submissionId: submissionIdIn(ruleForm.body), text: RULE_TEXT, statement: statement?.id ?? '', whoMakesSure: 'Jean', warningSigns: WARNING_SIGNS, ifBroken: IF_BROKEN,
    })).statusCode).toBe(303)
    // A words and pictures page for Leo.
    const { rows: [booklet] } = await t.db.owner<{ id: string }>(`insert into booklets (organisation_id, family_id, child_person_id, title, status, current_version, created_by)
      values ($1, $2, $3, 'Why Rowan is helping', 'with-parents', 1, $4) returning id`, [org, familyId, leoId, rowanId])
    bookletId = booklet?.id ?? ''
    await t.db.owner(`insert into booklet_versions (organisation_id, booklet_id, version, title, pages, changed_by, submission_id)
      values ($1, $2, 1, 'Why Rowan is helping', $3::jsonb, $4, gen_random_uuid())`, [org, booklet?.id, JSON.stringify([{ text: BOOKLET_PAGE, pictureId: null }]), rowanId])

    // Dean and Claire join the family's space with a code, as parents do.
    const join = async (personId: string, email: string, address: string): Promise<PageClient> => {
      const invite = await rowan.get(`/families/${familyId}/sharing/invite`)
      const made = await rowan.post(`/families/${familyId}/sharing/invite`, { person: personId, submissionId: submissionIdIn(invite.body) })
      const code = /data-invitation-code>([A-Z0-9-]+)</.exec(made.body)?.[1] ?? ''
      const visitor = new PageClient(t.app, address)
      await visitor.get('/join')
      expect((await visitor.post('/join', { code, email, password: PASSWORD, confirmPassword: PASSWORD })).statusCode).toBe(303)
      return signedIn(t.app, email, { password: PASSWORD, address })
    }
    dean = await join(deanId, 'dean.hidden@example.com', '198.51.100.40')
    claire = await join(claireId, 'claire.hidden@example.com', '198.51.100.41')
  }, 120_000)
  afterAll(async () => { await t.close() })

  it('is on the staff\'s own pages as it was typed, so the checks below are not empty', async () => {
    const pages = [
      await rowan.get(`/families/${familyId}/map`), await rowan.get(`/families/${familyId}/meetings`), await rowan.get(`/families/${familyId}/plan`),
    ].map((page) => textOf(page.body)).join('\n')
    for (const typed of TYPED) expect(pages).toContain(typed)
    expect(textOf((await rowan.get(`/families/${familyId}/booklets/${bookletId}`)).body)).toContain(BOOKLET_PAGE)
  })

  it('warns the worker on the page after saving, saying what is hidden and from whom', async () => {
    const after = textOf((await rowan.get(`/families/${familyId}/map?saved=${savedEntryId}`)).body)
    expect(after).toContain('This includes “Heron Court”, “Tarnbeck” and “+44 7700 900158”, which are hidden from Dean Ashworth; the family\'s copies will show [hidden]')
    // And on the form, when the entry is opened to change it.
    expect(textOf((await rowan.get(`/families/${familyId}/map/entries/${savedEntryId}/edit`)).body)).toContain('which are hidden from Dean Ashworth')
    // Text with nothing hidden in it gets no warning.
    expect(textOf((await rowan.get(`/families/${familyId}/map`)).body)).not.toContain('which are hidden from')
  })

  it('warns the worker through the coach while they type, for that family only', async () => {
    const check = async (body: unknown) => t.app.inject({
      method: 'POST', url: '/api/language/check', payload: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'x-csrf-token': rowan.csrfToken(), cookie: [...rowan.cookies].map(([key, value]) => `${key}=${value}`).join('; ') },
    })
    const typed = await check({ text: 'Claire is at Heron Ct now', kind: 'strength', familyId })
    expect(typed.statusCode).toBe(200)
    expect((JSON.parse(typed.body) as { hidden?: string }).hidden).toBe('This includes “Heron Ct”, which is hidden from Dean Ashworth; the family\'s copies will show [hidden]')
    expect((JSON.parse((await check({ text: 'Claire is at Heron Ct now', kind: 'strength' })).body) as { hidden?: string }).hidden).toBeUndefined()
    expect((await check({ text: 'Claire', kind: 'strength', familyId: 'not-an-id' })).statusCode).toBe(400)
    const { rows: [other] } = await t.db.owner<{ id: string }>(`select id from families where family_name = 'The Fenwick family'`)
    expect((await check({ text: 'Claire is at Heron Ct now', kind: 'strength', familyId: other?.id })).statusCode).toBe(404)
  })

  it('is in no page of Dean\'s own space, and shows there as [hidden]', async () => {
    const shown: string[] = []
    for (const url of ['/my-family', '/my-family/map', '/my-family/plan', '/my-family/plan/check-in', '/my-family/words-and-pictures', '/my-family/meetings', '/my-family/scale', '/my-family/plan/response']) {
      const page = await dean.get(url)
      expect(page.statusCode, url).toBe(200)
      const text = textOf(page.body).toLowerCase()
      for (const part of PARTS) expect(text, `${url}: ${part}`).not.toContain(part)
      shown.push(text)
    }
    const all = shown.join('\n')
    expect(all).toContain('claire and the children are settled at [hidden] in [hidden]; ring her on [hidden]')
    expect(all).toContain('dean stays out of [hidden]')
    expect(all).toContain('you and mum live at [hidden] now, near [hidden] park.')
    expect(all).toContain('[hidden]')
  })

  it('is in no copy staff print, download or send for the family', async () => {
    const outputs: [string, string][] = []
    for (const url of [`/families/${familyId}/map/print`, `/families/${familyId}/plan/print?for=family`, `/families/${familyId}/family-copy.json`, `/families/${familyId}/booklets/${bookletId}/print`]) {
      const response = await rowan.get(url)
      expect(response.statusCode, url).toBe(200)
      outputs.push([url, url.endsWith('.json') ? response.body : textOf(response.body)])
    }
    for (const url of [`/families/${familyId}/map/family-version.pdf`, `/families/${familyId}/plan/plan.pdf?for=family`, `/families/${familyId}/booklets/${bookletId}/booklet.pdf`]) {
      const response = await rowan.get(url)
      expect(response.statusCode, url).toBe(200)
      outputs.push([url, pdfText(response.rawPayload).replace(/\s+/g, ' ')])
    }
    for (const [url, text] of outputs) {
      for (const part of PARTS) expect(text.toLowerCase(), `${url}: ${part}`).not.toContain(part)
      expect(text, url).toContain('[hidden]')
    }
    const copy = JSON.parse(outputs[2]?.[1] ?? '{}') as unknown
    expect(JSON.stringify(copy)).toContain('settled at [hidden] in [hidden]')
  })

  it('leaves the text as it was typed for someone in the family it is not hidden from', async () => {
    expect(textOf((await claire.get('/my-family/map')).body)).toContain(MAP_TEXT)
    expect(textOf((await claire.get('/my-family/meetings')).body)).toContain(MEETING_PLACE)
  })
})
