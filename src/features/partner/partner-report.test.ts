import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { familyIdNamed, userId } from '../../../test/support/factories.js'
import { formatDate } from '../../platform/views/setup.js'
import { PARTNER_MESSAGES } from './partner.schema.js'

const submissionIdIn = (body: string): string => /name="submissionId" value="([^"]+)"/.exec(body)?.[1] ?? ''
const baseVersionIn = (body: string): string => /name="baseVersion" value="([^"]*)"/.exec(body)?.[1] ?? ''
const versionIn = (body: string): string => /name="version" value="([^"]*)"/.exec(body)?.[1] ?? ''
const asTyped = (date: Date): string => `${String(date.getUTCDate())}/${String(date.getUTCMonth() + 1)}/${String(date.getUTCFullYear())}`
const count = async (t: TestApp, sql: string, values: unknown[] = []): Promise<number> =>
  Number((await t.db.owner<{ n: string }>(sql, values)).rows[0]?.n ?? 0)

/** Words from the organisation's plain-language list, so that the coach has something to say. */
const JARGON = 'The home is chaotic and Dean is volatile.'

/** A partner's report for a meeting: the coach's advice, the check before release, release once, and every text kept. */
describe('a partner\'s report for a meeting', () => {
  let t: TestApp
  let rowan: PageClient
  let tom: PageClient
  let tomCsrf: string
  let familyId: string
  let meetingId: string
  let tomId: string
  let reportPath: string
  let releasePath: string

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    tom = await signedIn(t.app, 'partner@fellside.example', { address: '198.51.100.21' })
    await tom.get('/account')
    tomCsrf = tom.csrfToken()
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    tomId = await userId(t.db, 'partner@fellside.example')
    const rowanId = await userId(t.db, 'practitioner@fellside.example')
    const invite = await rowan.get(`/families/${familyId}/sharing/partners/invite`)
    const partner = /<option value="([0-9a-f-]{36})">Tom Greaves/.exec(invite.body)?.[1] ?? ''
    expect((await rowan.post(`/families/${familyId}/sharing/partners/invite`, { partner, basis: 'consent', consentGivenBy: 'Claire Ashworth', consentGivenOn: asTyped(new Date()), submissionId: submissionIdIn(invite.body) })).statusCode).toBe(303)
    const { rows: [family] } = await t.db.owner<{ organisation_id: string }>('select organisation_id from families where id = $1', [familyId])
    const { rows: [meeting] } = await t.db.owner<{ id: string }>(`insert into family_meetings (organisation_id, family_id, title, held_on, place, created_by, submission_id)
      values ($1, $2, 'Core group meeting', (now() + interval '10 days')::date, 'Tarnbeck Family Centre', $3, gen_random_uuid()) returning id`, [family?.organisation_id, familyId, rowanId])
    meetingId = meeting?.id ?? ''
    reportPath = `/partner/families/${familyId}/meetings/${meetingId}/report`
    releasePath = `${reportPath}/release`
  })
  afterAll(async () => { await t.close() })

  it('gives the coach\'s advice on each part on the form, keeping the partner\'s words when they are refused for something else', async () => {
    const form = await tom.get(reportPath)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('advice only: you can keep your words')
    for (const field of ['worries', 'workingWell', 'needsToHappen']) expect(form.body, field).toContain(`data-coach-panel="${field}-coach"`)
    // Missing a part: the form comes back with what was typed and the coach's advice on it.
    const refused = await tom.post(reportPath, { submissionId: submissionIdIn(form.body), baseVersion: '', worries: JARGON, workingWell: '', needsToHappen: 'Leo on time every day.', scale: 'none' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(PARTNER_MESSAGES.workingWellMissing)
    expect(refused.body).toContain('&quot;chaotic&quot;: A judgement. Say what you saw.')
    expect(refused.body).toContain('&quot;volatile&quot;: A label. Describe the behaviour.')
    expect(refused.body).toContain('The home is chaotic and Dean is volatile.')
    expect(await count(t, 'select count(*) as n from partner_reports')).toBe(0)
  })

  it('saves the report as it was written despite the advice, without releasing it, and asks the partner to check it first', async () => {
    const form = await tom.get(reportPath)
    const saved = await tom.post(reportPath, { submissionId: submissionIdIn(form.body), baseVersion: baseVersionIn(form.body), worries: JARGON, workingWell: 'Claire walks Leo in every day.', needsToHappen: 'Leo on time every day.', scale: '4' })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`${releasePath}?saved=report`)
    const { rows } = await t.db.owner<{ worries: string; released_at: Date | null; version: number }>('select worries, released_at, version from partner_reports where author_id = $1', [tomId])
    expect(rows).toEqual([{ worries: JARGON, released_at: null, version: 1 }])

    const check = await tom.get(String(saved.headers.location))
    expect(check.statusCode).toBe(200)
    expect(check.body).toContain('Your report is saved. It has not been released to the parents yet.')
    expect(check.body).toContain('This is your report as the parents will read it.')
    expect(check.body).toContain('Tarnbeck Primary School: Tom Greaves')
    expect(check.body).toContain(JARGON)
    expect(check.body).toContain('4 out of 10')
    expect(check.body).toContain('The coach found 2 things you may want to change')
    expect(check.body).toContain('&quot;chaotic&quot;: A judgement. Say what you saw.')
    expect(check.body).toContain('Once you release it you cannot change it.')
    expect(check.body).toContain('Release to the parents')
    expect(check.body).toContain(`href="${reportPath}">Go back and change it`)
    // The family page says it is waiting, and takes the partner to the check.
    const family = await tom.get(`/partner/families/${familyId}`)
    expect(family.body).toContain('Not released to the parents yet')
    expect(family.body).toContain(`href="${releasePath}"`)
  })

  it('keeps both texts when a change meets a change made in another tab, and saves a double submit once', async () => {
    const first = await tom.get(reportPath)
    const second = await tom.get(reportPath)
    expect(baseVersionIn(first.body)).toBe('1')
    const change = { submissionId: submissionIdIn(first.body), baseVersion: '1', worries: 'Leo is often late and tired on Mondays.', workingWell: 'Claire walks Leo in every day.', needsToHappen: 'Leo on time every day.', scale: '4' }
    expect((await tom.post(reportPath, change)).statusCode).toBe(303)
    // The same form sent again: saved once, answered the same.
    const again = await tom.post(reportPath, change)
    expect(again.statusCode).toBe(303)
    expect(again.headers.location).toBe(`${releasePath}?saved=report`)
    const stale = await tom.post(reportPath, { ...change, submissionId: submissionIdIn(second.body), worries: 'From the other tab.' })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Leo is often late and tired on Mondays.')
    expect(stale.body).toContain('From the other tab.')
    expect(baseVersionIn(stale.body)).toBe('2')
    const versions = (await t.db.owner<{ version: number; worries: string }>(`select v.version, v.worries from partner_report_versions v join partner_reports r on r.id = v.report_id where r.author_id = $1 order by v.version`, [tomId])).rows
    expect(versions).toEqual([{ version: 1, worries: JARGON }, { version: 2, worries: 'Leo is often late and tired on Mondays.' }])
    // Saving the other tab's words again, now on purpose, keeps the one it replaces.
    expect((await tom.post(reportPath, { ...change, submissionId: submissionIdIn(stale.body), baseVersion: '2', worries: 'From the other tab.' })).statusCode).toBe(303)
    const all = (await t.db.owner<{ worries: string }>(`select v.worries from partner_report_versions v join partner_reports r on r.id = v.report_id where r.author_id = $1 order by v.version`, [tomId])).rows.map((row) => row.worries)
    expect(all).toEqual([JARGON, 'Leo is often late and tired on Mondays.', 'From the other tab.'])
  })

  it('releases only the version the partner checked, and only when they press release', async () => {
    const check = await tom.get(releasePath)
    expect(versionIn(check.body)).toBe('3')
    // Changed after the check: not released, and the partner is asked to check again.
    const changed = await tom.post(releasePath, { version: '2' }, tomCsrf)
    expect(changed.statusCode).toBe(409)
    expect(changed.body).toContain(PARTNER_MESSAGES.releaseChanged)
    expect(changed.body).toContain('There is a problem')
    expect((await tom.post(releasePath, { version: 'not a version' }, tomCsrf)).statusCode).toBe(409)
    expect(await count(t, 'select count(*) as n from partner_reports where released_at is not null')).toBe(0)

    const released = await tom.post(releasePath, { version: '3' }, tomCsrf)
    expect(released.statusCode).toBe(303)
    expect(released.headers.location).toBe(`/partner/families/${familyId}?saved=released`)
    const { rows: [row] } = await t.db.owner<{ released_by: string; released_at: Date }>('select released_by, released_at from partner_reports where author_id = $1', [tomId])
    expect(row?.released_by).toBe(tomId)
    const family = await tom.get(String(released.headers.location))
    expect(family.body).toContain('Your report is released to the parents. They can read it now, and it can no longer be changed.')
    expect(family.body).toContain(`Released to the parents on ${formatDate(row?.released_at ?? new Date())}`)
    expect(family.body).toContain('See your report')
    // Pressed twice: released once.
    const twice = await tom.post(releasePath, { version: '3' }, tomCsrf)
    expect(twice.headers.location).toBe(`/partner/families/${familyId}?saved=already-released`)
    // The worker sees who released it.
    expect((await rowan.get(`/families/${familyId}/meetings`)).body).toContain(`by Tom Greaves`)
  })

  it('never changes a released report, whatever is sent', async () => {
    const form = await tom.get(reportPath)
    expect(form.body).toContain('It can no longer be changed.')
    expect(form.body).not.toContain('name="worries"')
    // The check page for a released report goes to the report itself.
    expect((await tom.get(releasePath)).headers.location).toBe(reportPath)
    const refused = await tom.post(reportPath, { submissionId: crypto.randomUUID(), baseVersion: '3', worries: 'Changed after release', workingWell: 'x', needsToHappen: 'y', scale: 'none' }, tomCsrf)
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(PARTNER_MESSAGES.reportReleased)
    expect(await count(t, `select count(*) as n from partner_report_versions where worries = 'Changed after release'`)).toBe(0)
    expect(await count(t, `select count(*) as n from partner_reports where worries = 'Changed after release'`)).toBe(0)
  })

  it('audits checking and releasing the report in the partner\'s own words', async () => {
    const actions = (await t.db.owner<{ action: string; outcome: string }>('select action, outcome from audit_events where actor_user_id = $1 order by id', [tomId])).rows
    expect(actions).toContainEqual({ action: 'partner.report-release-checked', outcome: 'success' })
    expect(actions).toContainEqual({ action: 'partner.report-released', outcome: 'success' })
    expect(actions).toContainEqual({ action: 'partner.report-released', outcome: 'failure' })
    expect(actions).toContainEqual({ action: 'partner.report-release-repeated', outcome: 'success' })
    expect(actions).toContainEqual({ action: 'partner.report-repeated', outcome: 'success' })
  })
})
