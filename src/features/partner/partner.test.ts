import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { createUser, familyIdNamed, userId } from '../../../test/support/factories.js'
import type { Actor } from '../../platform/http/types.js'
import { ForbiddenError } from '../../platform/http/errors.js'
import { formatDate } from '../../platform/views/setup.js'
import { createFamilyRecord } from '../../family-record/index.js'
import { createMapService } from '../map/index.js'
import { PARTNER_MESSAGES } from './partner.schema.js'

/** Markers planted where a partner must never see them; the test fails if any reaches the partner view. */
const NEVER = {
  contact: 'CONTACT-MARKER-5d1e',
  chronology: 'CHRONOLOGY-MARKER-8a2c',
  staffOnly: 'STAFF-ONLY-NOTE-MARKER-2b7f',
  booklet: 'BOOKLET-MARKER-6c0d',
  network: 'NETWORK-MARKER-3e9a',
  keptFromEveryone: 'CHILD-KEPT-MARKER-4f11',
  parentsOnly: 'CHILD-PARENTS-ONLY-MARKER-7a30',
  otherAgencyDraft: 'OTHER-AGENCY-DRAFT-MARKER-1c44',
}
const CHILD_SHARED = 'CHILD-SHARED-CONTROL-9e02'
const TOM_VOICE = 'Tom Greaves (Tarnbeck Primary School)'

const submissionIdIn = (body: string): string => /name="submissionId" value="([^"]+)"/.exec(body)?.[1] ?? ''
const baseVersionIn = (body: string): string => /name="baseVersion" value="([^"]*)"/.exec(body)?.[1] ?? ''
const asTyped = (date: Date): string => `${String(date.getUTCDate())}/${String(date.getUTCMonth() + 1)}/${String(date.getUTCFullYear())}`
/** A meeting a fortnight from now, so that it is always still to come when the tests run. */
const MEETING_DATE = new Date(Date.now() + 14 * 86_400_000)
const MEETING = `Review child protection conference, ${formatDate(MEETING_DATE)}`
const count = async (t: TestApp, sql: string, values: unknown[] = []): Promise<number> =>
  Number((await t.db.owner<{ n: string }>(sql, values)).rows[0]?.n ?? 0)

describe('partner agencies', () => {
  let t: TestApp
  let rowan: PageClient
  let tom: PageClient
  let tomCsrf: string
  let familyId: string
  let organisationId: string
  let rowanId: string
  let tomId: string
  let meetingId: string
  let partnerPaths: string[]

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    tom = await signedIn(t.app, 'partner@fellside.example', { address: '198.51.100.20' })
    await tom.get('/account')
    tomCsrf = tom.csrfToken()
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    rowanId = await userId(t.db, 'practitioner@fellside.example')
    tomId = await userId(t.db, 'partner@fellside.example')
    const { rows: people } = await t.db.owner<{ id: string; given_name: string; organisation_id: string }>('select id, given_name, organisation_id from people where family_id = $1', [familyId])
    const person = (name: string): string => people.find((row) => row.given_name === name)?.id ?? ''
    organisationId = people[0]?.organisation_id ?? ''

    // Things a partner must never see.
    await t.db.owner(`insert into contact_details (organisation_id, family_id, person_id, kind, value) values ($1, $2, $3, 'phone', $4)`, [organisationId, familyId, person('Claire'), NEVER.contact])
    await t.db.owner(`insert into chronology_events (organisation_id, family_id, occurred_on, title, description, recorded_by) values ($1, $2, '2026-11-01', $3, 'A visit', $4)`, [organisationId, familyId, NEVER.chronology, rowanId])
    await t.db.owner(`insert into chronology_events (organisation_id, family_id, occurred_on, title, description, recorded_by, staff_only) values ($1, $2, '2026-11-02', 'Supervision', $3, $4, true)`, [organisationId, familyId, NEVER.staffOnly, rowanId])
    const { rows: [booklet] } = await t.db.owner<{ id: string }>(`insert into booklets (organisation_id, family_id, child_person_id, title, created_by) values ($1, $2, $3, $4, $5) returning id`, [organisationId, familyId, person('Leo'), NEVER.booklet, rowanId])
    await t.db.owner(`insert into booklet_versions (organisation_id, booklet_id, version, title, pages, changed_by, submission_id) values ($1, $2, 1, $3, '[]', $4, gen_random_uuid())`, [organisationId, booklet?.id, NEVER.booklet, rowanId])
    await t.db.owner(`insert into network_members (organisation_id, family_id, person_id, relationship_to_child, closeness, commitments, joined_on, created_by, submission_id)
      values ($1, $2, $3, 'Leo and Maisie''s nan', 1, $4, '2026-08-01', $5, gen_random_uuid())`, [organisationId, familyId, person('Jean'), NEVER.network, rowanId])
    // Leo's words: one kept from everyone, one shared with his parents only, one shared with everyone; all on the map.
    const { rows: [session] } = await t.db.owner<{ id: string }>(`insert into child_sessions (organisation_id, family_id, child_person_id, tool, held_on, who_was_there, recorded_by, submission_id)
      values ($1, $2, $3, 'three-houses', '2026-11-20', 'Leo and Rowan', $4, gen_random_uuid()) returning id`, [organisationId, familyId, person('Leo'), rowanId])
    for (const [index, [words, parents, network]] of ([[NEVER.keptFromEveryone, false, false], [NEVER.parentsOnly, true, false], [CHILD_SHARED, true, true]] as const).entries()) {
      const { rows: [row] } = await t.db.owner<{ id: string }>(`insert into child_words (organisation_id, family_id, session_id, child_person_id, part, position, words, parents_may_see, network_may_see, submission_id)
        values ($1, $2, $3, $4, 'worries', $5, $6, $7, $8, gen_random_uuid()) returning id`, [organisationId, familyId, session?.id, person('Leo'), index + 1, words, parents, network])
      const form = await rowan.get(`/families/${familyId}/child-words/${row?.id ?? ''}/place`)
      expect((await rowan.post(`/families/${familyId}/child-words/${row?.id ?? ''}/place`, { submissionId: submissionIdIn(form.body), category: 'strength' })).statusCode).toBe(303)
    }
    partnerPaths = [`/partner/families/${familyId}`, `/partner/families/${familyId}/add/strength`, `/partner/families/${familyId}/scale`]
  })
  afterAll(async () => { await t.close() })

  it('gives an uninvited partner a 404 for the family, and does not list it', async () => {
    const list = await tom.get('/partner')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('You have not been invited to any families yet')
    expect(list.body).not.toContain('The Ashworth family')
    for (const path of partnerPaths) expect((await tom.get(path)).statusCode, path).toBe(404)
    expect((await tom.post(`/partner/families/${familyId}/add/strength`, { text: 'Leo is kind', submissionId: crypto.randomUUID() }, tomCsrf)).statusCode).toBe(404)
    expect(await count(t, `select count(*) as n from map_entry_versions where typed_by = $1`, [tomId])).toBe(0)
  })

  it('lists the family once the worker invites the partner with the family\'s consent', async () => {
    const form = await rowan.get(`/families/${familyId}/sharing/partners/invite`)
    const partner = /<option value="([0-9a-f-]{36})">Tom Greaves/.exec(form.body)?.[1] ?? ''
    const invited = await rowan.post(`/families/${familyId}/sharing/partners/invite`, { partner, basis: 'consent', consentGivenBy: 'Claire Ashworth', consentGivenOn: asTyped(new Date()), submissionId: submissionIdIn(form.body) })
    expect(invited.statusCode).toBe(303)
    const list = await tom.get('/partner')
    expect(list.body).toContain('The Ashworth family')
    expect(list.body).toContain('Tarnbeck Primary School')
    expect(list.body).toContain('With the family&#39;s consent')
    expect(list.body).toContain(formatDate(new Date()))
  })

  it('shows the partner view: the map, the children\'s first names and ages, and nothing from the allow-list\'s never side', async () => {
    const page = await tom.get(`/partner/families/${familyId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Claire walks Leo to school every day')
    expect(page.body).toContain('Said by Jean Pollard (grandmother)')
    expect(page.body).toMatch(/Leo, \d+ years old/)
    expect(page.body).toMatch(/Maisie, \d+ years old/)
    expect(page.body, 'words Leo shared with everyone (the control)').toContain(CHILD_SHARED)
    for (const [what, marker] of Object.entries(NEVER)) expect(page.body, what).not.toContain(marker)
    // The controls: the markers are really there, for the worker.
    const record = (await rowan.get(`/families/${familyId}`)).body
    const workersMap = (await rowan.get(`/families/${familyId}/map`)).body
    for (const marker of [NEVER.contact, NEVER.chronology, '4 Heron Court']) expect(record, marker).toContain(marker)
    for (const marker of [NEVER.keptFromEveryone, NEVER.parentsOnly, CHILD_SHARED]) expect(workersMap, marker).toContain(marker)
    // The demo family's contact details (Claire's safe house address is hidden from Dean), the chronology, the surnames and dates of birth.
    for (const never of ['Heron Court', 'FS3 7QT', 'Quarry Lane', '07700 900412', '07700 900733', 'Police called to the home', 'Moved to a safe house', '2019-03-27', '27 March 2019', 'Okonjo-Reid']) {
      expect(page.body, never).not.toContain(never)
    }
  })

  it('lets the worker add a meeting, refusing bad input and saving a double submit once', async () => {
    const form = await rowan.get(`/families/${familyId}/meetings/new`)
    expect(form.statusCode).toBe(200)
    const bad = await rowan.post(`/families/${familyId}/meetings/new`, { submissionId: submissionIdIn(form.body), title: 'Review child protection conference', heldOn: '31/2/2027', startsAt: '25:00', place: 'Tarnbeck Family Centre' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('There is a problem')
    expect(bad.body).toContain(PARTNER_MESSAGES.dateInvalid)
    expect(bad.body).toContain(PARTNER_MESSAGES.timeInvalid)
    expect(bad.body).toContain('value="25:00"')
    const noTime = await rowan.post(`/families/${familyId}/meetings/new`, { submissionId: submissionIdIn(form.body), title: 'Review child protection conference', heldOn: asTyped(MEETING_DATE), startsAt: '', place: '' })
    expect(noTime.statusCode).toBe(400)
    expect(noTime.body).toContain(PARTNER_MESSAGES.timeMissing)
    expect(bad.body).toContain('value="Review child protection conference"')
    expect(bad.body).toContain('value="Tarnbeck Family Centre"')
    expect(await count(t, 'select count(*) as n from family_meetings')).toBe(0)
    const body = { submissionId: submissionIdIn(form.body), title: 'Review child protection conference', heldOn: asTyped(MEETING_DATE), startsAt: '2:30pm', place: 'Tarnbeck Family Centre' }
    expect((await rowan.post(`/families/${familyId}/meetings/new`, body)).statusCode).toBe(303)
    expect((await rowan.post(`/families/${familyId}/meetings/new`, body)).statusCode).toBe(303)
    const { rows } = await t.db.owner<{ id: string }>('select id from family_meetings')
    expect(rows).toHaveLength(1)
    meetingId = rows[0]?.id ?? ''
    const list = await rowan.get(`/families/${familyId}/meetings`)
    expect(list.body).toContain(MEETING)
    expect(list.body).toContain('No partner has written a report for this meeting yet')
    expect(list.body).toContain(`${formatDate(MEETING_DATE)} at 2:30pm`)
    expect((await t.db.owner<{ starts_at: string }>('select starts_at from family_meetings')).rows[0]?.starts_at).toBe('14:30:00')
    expect((await rowan.get(`/families/${familyId}`)).body).toContain('Meetings and partners\' reports')
  })

  it('lets the partner add a worry and a strength, shown on the worker\'s map as their agency\'s view', async () => {
    const form = await tom.get(`/partner/families/${familyId}/add/complicating`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(TOM_VOICE)
    const empty = await tom.post(`/partner/families/${familyId}/add/complicating`, { submissionId: submissionIdIn(form.body), text: '   ' })
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain(PARTNER_MESSAGES.textMissing)
    expect(await count(t, 'select count(*) as n from map_entry_versions where typed_by = $1', [tomId])).toBe(0)
    const worry = { submissionId: submissionIdIn(form.body), text: 'Leo has been late to school on 9 of the last 20 days and is often hungry at breakfast club.' }
    const first = await tom.post(`/partner/families/${familyId}/add/complicating`, worry)
    expect(first.statusCode).toBe(303)
    expect((await tom.post(`/partner/families/${familyId}/add/complicating`, worry)).statusCode).toBe(303)
    const strengthForm = await tom.get(`/partner/families/${familyId}/add/strength`)
    expect((await tom.post(`/partner/families/${familyId}/add/strength`, { submissionId: submissionIdIn(strengthForm.body), text: 'Leo reads with his mum every morning in the playground.' })).statusCode).toBe(303)
    expect(await count(t, 'select count(*) as n from map_entry_versions where typed_by = $1', [tomId])).toBe(2)
    const { rows } = await t.db.owner<{ said_by_kind: string; said_by_name: string; category: string }>(
      'select v.said_by_kind, v.said_by_name, e.category from map_entry_versions v join map_entries e on e.id = v.entry_id where v.typed_by = $1 order by e.category', [tomId])
    expect(rows).toEqual([
      { said_by_kind: 'partner-agency', said_by_name: TOM_VOICE, category: 'complicating' },
      { said_by_kind: 'partner-agency', said_by_name: TOM_VOICE, category: 'strength' },
    ])
    const map = await rowan.get(`/families/${familyId}/map`)
    expect(map.body).toContain('Leo has been late to school on 9 of the last 20 days')
    expect(map.body).toContain(`Said by ${TOM_VOICE}`)
    const own = await tom.get(String(first.headers.location))
    expect(own.body).toContain('Added to the map')
    expect(own.body).toContain('Leo reads with his mum every morning')
  })

  it('lets the partner give their agency\'s scale, shown on the worker\'s scaling page', async () => {
    const form = await tom.get(`/partner/families/${familyId}/scale`)
    expect(form.statusCode).toBe(200)
    const bad = await tom.post(`/partner/families/${familyId}/scale`, { submissionId: submissionIdIn(form.body), score: '11', why: 'Leo is happier at school', onePointHigher: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain(PARTNER_MESSAGES.scoreMissing)
    expect(bad.body).toContain(PARTNER_MESSAGES.higherMissing)
    expect(bad.body).toContain('Leo is happier at school')
    expect(await count(t, `select count(*) as n from scaling_scores where perspective_kind = 'partner'`)).toBe(0)
    const body = { submissionId: submissionIdIn(form.body), score: '4', why: 'Leo is happier at school since the move.', onePointHigher: 'Leo on time every day for a month.' }
    expect((await tom.post(`/partner/families/${familyId}/scale`, body)).statusCode).toBe(303)
    expect((await tom.post(`/partner/families/${familyId}/scale`, body)).statusCode).toBe(303)
    const { rows } = await t.db.owner<{ perspective_kind: string; perspective_name: string; score: number; blind: boolean; entry_id: string | null }>(
      `select s.perspective_kind, s.perspective_name, s.score, r.blind, r.entry_id from scaling_scores s join scaling_rounds r on r.id = s.round_id where s.recorded_by = $1`, [tomId])
    expect(rows).toEqual([{ perspective_kind: 'partner', perspective_name: TOM_VOICE, score: 4, blind: false, entry_id: null }])
    expect(await count(t, 'select count(*) as n from scaling_rounds where started_by = $1', [tomId])).toBe(1)
    const scaling = await rowan.get(`/families/${familyId}/map/scaling`)
    expect(scaling.body).toContain(TOM_VOICE)
    expect((await tom.get(`/partner/families/${familyId}`)).body).toContain('4 out of 10')
  })

  it('lets the partner write a three-column report, refusing bad input, saving a double submit once, and changing it until it is released', async () => {
    const view = await tom.get(`/partner/families/${familyId}`)
    expect(view.body).toContain(MEETING)
    expect(view.body).toContain('Write your report')
    const reportPath = `/partner/families/${familyId}/meetings/${meetingId}/report`
    const form = await tom.get(reportPath)
    expect(form.statusCode).toBe(200)
    const bad = await tom.post(reportPath, { submissionId: submissionIdIn(form.body), baseVersion: '', worries: 'Leo is often late.', workingWell: '', needsToHappen: '', scale: '12' })
    expect(bad.statusCode).toBe(400)
    for (const message of [PARTNER_MESSAGES.workingWellMissing, PARTNER_MESSAGES.needsToHappenMissing, PARTNER_MESSAGES.reportScaleInvalid]) expect(bad.body).toContain(message.replace(/"/g, '&quot;'))
    expect(bad.body).toContain('Leo is often late.')
    expect(await count(t, 'select count(*) as n from partner_reports')).toBe(0)
    const report = { submissionId: submissionIdIn(form.body), baseVersion: '', worries: 'Leo is often late and tired.', workingWell: 'Claire walks Leo in every day.', needsToHappen: 'Leo on time, every day, for a term.', scale: '5' }
    expect((await tom.post(reportPath, report)).statusCode).toBe(303)
    expect((await tom.post(reportPath, report)).statusCode).toBe(303)
    expect(await count(t, 'select count(*) as n from partner_reports')).toBe(1)

    const again = await tom.get(reportPath)
    expect(again.body).toContain('Leo is often late and tired.')
    const changed = await tom.post(reportPath, { ...report, submissionId: submissionIdIn(again.body), baseVersion: baseVersionIn(again.body), worries: 'Leo is often late and tired on Mondays.' })
    expect(changed.statusCode).toBe(303)
    // The same page, left open in another tab, saved again: both versions are shown, neither is lost.
    const stale = await tom.post(reportPath, { ...report, submissionId: crypto.randomUUID(), baseVersion: baseVersionIn(again.body), worries: 'From the other tab.' })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Leo is often late and tired on Mondays.')
    expect(stale.body).toContain('From the other tab.')
    const { rows } = await t.db.owner<{ worries: string; scale: number; agency: string; released_at: Date | null }>(
      'select r.worries, r.scale, a.name as agency, r.released_at from partner_reports r join agencies a on a.id = r.agency_id')
    expect(rows).toEqual([{ worries: 'Leo is often late and tired on Mondays.', scale: 5, agency: 'Tarnbeck Primary School', released_at: null }])
    const own = await tom.get(`/partner/families/${familyId}`)
    expect(own.body).toContain('Leo is often late and tired on Mondays.')
    expect(own.body).toContain('Not released to the parents yet')
  })

  it('never shows a partner another agency\'s draft report', async () => {
    const other = await createUser(t.db, { role: 'practitioner', displayName: 'Hana Oyelaran' })
    const { rows: [agency] } = await t.db.owner<{ id: string }>(`select id from agencies where name = 'Fellside Health Visiting Service'`)
    await t.db.owner(`update users set role = 'partner-practitioner', agency_id = $1 where id = $2`, [agency?.id, other.id])
    await t.db.owner(`insert into partner_access (organisation_id, family_id, user_id, agency_id, basis, lawful_reason, invited_by, submission_id) values ($1, $2, $3, $4, 'without-consent', 'Section 47 enquiry', $5, gen_random_uuid())`,
      [organisationId, familyId, other.id, agency?.id, rowanId])
    await t.db.owner(`insert into partner_reports (organisation_id, family_id, meeting_id, author_id, agency_id, worries, working_well, needs_to_happen, submission_id) values ($1, $2, $3, $4, $5, $6, 'Good', 'More', gen_random_uuid())`,
      [organisationId, familyId, meetingId, other.id, agency?.id, NEVER.otherAgencyDraft])
    const page = await tom.get(`/partner/families/${familyId}`)
    expect(page.body).toContain('Leo is often late and tired on Mondays.')
    expect(page.body).not.toContain(NEVER.otherAgencyDraft)
    expect(page.body).not.toContain('Hana Oyelaran')
  })

  it('lets the worker release a report to the parents, recording the date, after which it is locked', async () => {
    const list = await rowan.get(`/families/${familyId}/meetings`)
    expect(list.body).toContain('Tarnbeck Primary School: Tom Greaves')
    expect(list.body).toContain('Leo is often late and tired on Mondays.')
    expect(list.body).toContain('Not released to the parents yet')
    const { rows: [report] } = await t.db.owner<{ id: string }>('select id from partner_reports where author_id = $1', [tomId])
    const released = await rowan.post(`/families/${familyId}/meetings/${meetingId}/reports/${report?.id ?? ''}/release`, {})
    expect(released.statusCode).toBe(303)
    const { rows } = await t.db.owner<{ released_at: Date | null; released_by: string | null }>('select released_at, released_by from partner_reports where id = $1', [report?.id])
    expect(rows[0]?.released_by).toBe(rowanId)
    expect(Math.abs((rows[0]?.released_at?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000)
    const after = await rowan.get(String(released.headers.location))
    expect(after.body).toContain(`Released to the parents on ${formatDate(new Date())}`)
    expect(after.body).toContain('Report released to the parents')
    // The other agency's report is still waiting.
    expect(after.body).toContain('Not released to the parents yet')

    const reportPath = `/partner/families/${familyId}/meetings/${meetingId}/report`
    const locked = await tom.get(reportPath)
    expect(locked.body).toContain(`Released to the parents on ${formatDate(new Date())}`)
    expect(locked.body).not.toContain('name="worries"')
    const refused = await tom.post(reportPath, { submissionId: crypto.randomUUID(), baseVersion: '', worries: 'Changed after release', workingWell: 'x', needsToHappen: 'y', scale: 'none' }, tomCsrf)
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(PARTNER_MESSAGES.reportReleased)
    expect(await count(t, `select count(*) as n from partner_reports where worries = 'Changed after release'`)).toBe(0)
  })

  it('never lets a partner add a statement, goal or next step, or change or remove an entry', async () => {
    const before = await count(t, 'select count(*) as n from map_entry_versions')
    for (const category of ['danger', 'goal', 'next-step', 'nonsense']) {
      expect((await tom.get(`/partner/families/${familyId}/add/${category}`)).statusCode, category).toBe(404)
      expect((await tom.post(`/partner/families/${familyId}/add/${category}`, { submissionId: crypto.randomUUID(), text: 'Not allowed' }, tomCsrf)).statusCode, category).toBe(404)
    }
    const { rows: [entry] } = await t.db.owner<{ entry_id: string }>('select entry_id from map_entry_versions where typed_by = $1 limit 1', [tomId])
    const entryId = entry?.entry_id ?? ''
    expect((await tom.post(`/families/${familyId}/map/add/danger`, { submissionId: crypto.randomUUID(), text: 'Not allowed', saidByKind: 'partner-agency', saidByName: TOM_VOICE }, tomCsrf)).statusCode).toBe(404)
    expect((await tom.post(`/families/${familyId}/map/entries/${entryId}/edit`, { submissionId: crypto.randomUUID(), baseVersion: '1', text: 'Changed', saidByKind: 'partner-agency', saidByName: TOM_VOICE }, tomCsrf)).statusCode).toBe(404)
    expect((await tom.post(`/families/${familyId}/map/entries/${entryId}/remove`, { submissionId: crypto.randomUUID(), baseVersion: '1' }, tomCsrf)).statusCode).toBe(404)
    expect(await count(t, 'select count(*) as n from map_entry_versions')).toBe(before)

    // The map's one change service itself refuses, whatever calls it.
    const map = createMapService({ familyRecord: createFamilyRecord({ database: t.db.handle }) })
    const { rows: [agency] } = await t.db.owner<{ agency_id: string }>('select agency_id from users where id = $1', [tomId])
    const actor: Actor = {
      userId: tomId, organisationId, organisationName: 'Fellside Council', displayName: 'Tom Greaves', email: 'partner@fellside.example', role: 'partner-practitioner',
      teamId: null, agencyId: agency?.agency_id ?? null, sessionId: crypto.randomUUID(), requestId: crypto.randomUUID(),
    }
    const voice = { kind: 'partner-agency' as const, name: TOM_VOICE }
    const { rows: [statement] } = await t.db.owner<{ id: string }>(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = 'danger' limit 1`, [familyId])
    const refused = [
      { type: 'add' as const, category: 'danger' as const, fields: { text: 'A danger statement', saidBy: voice }, submissionId: crypto.randomUUID() },
      { type: 'add' as const, category: 'goal' as const, pairedEntryId: statement?.id, fields: { text: 'A goal', saidBy: voice }, submissionId: crypto.randomUUID() },
      { type: 'add' as const, category: 'next-step' as const, fields: { text: 'A next step', saidBy: voice }, submissionId: crypto.randomUUID() },
      { type: 'add' as const, category: 'strength' as const, fields: { text: 'In the worker\'s name', saidBy: { kind: 'worker' as const, name: 'Rowan Ashby' } }, submissionId: crypto.randomUUID() },
      { type: 'edit' as const, entryId, baseVersion: 1, fields: { text: 'Changed', saidBy: voice }, submissionId: crypto.randomUUID() },
      { type: 'remove' as const, entryId, baseVersion: 1, submissionId: crypto.randomUUID() },
    ]
    for (const change of refused) await expect(map.apply(actor, familyId, change), `${change.type} ${'category' in change ? change.category : ''}`).rejects.toBeInstanceOf(ForbiddenError)
    expect(await count(t, 'select count(*) as n from map_entry_versions')).toBe(before)
    // The control: what a partner may add, it can.
    const allowed = await map.apply(actor, familyId, { type: 'add', category: 'grey-area', fields: { text: 'We do not know who collects Leo on Fridays.', saidBy: voice }, submissionId: crypto.randomUUID() })
    expect(allowed.outcome).toBe('saved')
  })

  it('refuses a partner every worker page, and a worker every partner page', async () => {
    const { rows: [report] } = await t.db.owner<{ id: string }>('select id from partner_reports where author_id = $1', [tomId])
    for (const path of [`/families/${familyId}`, `/families/${familyId}/map`, `/families/${familyId}/meetings`, `/families/${familyId}/meetings/new`, `/families/${familyId}/map/scaling`, '/families']) {
      expect((await tom.get(path)).statusCode, path).toBe(404)
    }
    expect((await tom.post(`/families/${familyId}/meetings/new`, { submissionId: crypto.randomUUID(), title: 'Not allowed', heldOn: '1/1/2027', place: '' }, tomCsrf)).statusCode).toBe(404)
    expect((await tom.post(`/families/${familyId}/meetings/${meetingId}/reports/${report?.id ?? ''}/release`, {}, tomCsrf)).statusCode).toBe(404)
    expect(await count(t, 'select count(*) as n from family_meetings')).toBe(1)
    for (const path of ['/partner', `/partner/families/${familyId}`, `/partner/families/${familyId}/scale`]) expect((await rowan.get(path)).statusCode, path).toBe(404)
  })

  it('ends the partner\'s access at once when the family withdraws consent', async () => {
    const { rows: [access] } = await t.db.owner<{ id: string }>('select id from partner_access where user_id = $1 and ended_at is null', [tomId])
    await rowan.get(`/families/${familyId}/sharing`)
    expect((await rowan.post(`/families/${familyId}/sharing/partners/${access?.id ?? ''}/end`, { reason: 'consent-withdrawn' })).statusCode).toBe(303)
    const before = {
      entries: await count(t, 'select count(*) as n from map_entry_versions'),
      scores: await count(t, 'select count(*) as n from scaling_scores'),
      reports: await count(t, 'select count(*) as n from partner_reports'),
    }
    const reportPath = `/partner/families/${familyId}/meetings/${meetingId}/report`
    for (const path of [...partnerPaths, reportPath, `/partner/families/${familyId}/add/complicating`]) expect((await tom.get(path)).statusCode, path).toBe(404)
    expect((await tom.post(`/partner/families/${familyId}/add/strength`, { submissionId: crypto.randomUUID(), text: 'After consent was withdrawn' }, tomCsrf)).statusCode).toBe(404)
    expect((await tom.post(`/partner/families/${familyId}/scale`, { submissionId: crypto.randomUUID(), score: '6', why: 'After', onePointHigher: 'After' }, tomCsrf)).statusCode).toBe(404)
    expect((await tom.post(reportPath, { submissionId: crypto.randomUUID(), baseVersion: '', worries: 'After', workingWell: 'After', needsToHappen: 'After', scale: 'none' }, tomCsrf)).statusCode).toBe(404)
    expect({
      entries: await count(t, 'select count(*) as n from map_entry_versions'),
      scores: await count(t, 'select count(*) as n from scaling_scores'),
      reports: await count(t, 'select count(*) as n from partner_reports'),
    }).toEqual(before)
    const list = await tom.get('/partner')
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toContain('The Ashworth family')
    // What he wrote stays on the family's record for the worker.
    expect((await rowan.get(`/families/${familyId}/meetings`)).body).toContain('Leo is often late and tired on Mondays.')
  })

  it('writes an audit row for each partner read and change', async () => {
    const actions = (await t.db.owner<{ action: string }>('select distinct action from audit_events where actor_user_id = $1', [tomId])).rows.map((row) => row.action)
    for (const action of ['partner.families-listed', 'partner.family-viewed', 'partner.entry-form-viewed', 'map.entry-added', 'partner.scaled', 'partner.report-written', 'partner.report-changed']) expect(actions, action).toContain(action)
    const worker = (await t.db.owner<{ action: string }>('select distinct action from audit_events where actor_user_id = $1', [rowanId])).rows.map((row) => row.action)
    for (const action of ['meetings.viewed', 'meetings.created', 'meetings.report-released']) expect(worker, action).toContain(action)
  })
})
