import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { organisationId, withAuthenticatorApp } from '../../../test/support/factories.js'
import { FEEDBACK_LIMITS, FEEDBACK_MESSAGES } from './feedback.schema.js'

describe('telling us about problems with the service', () => {
  let t: TestApp
  beforeAll(async () => { t = await startTestApp() })
  afterAll(async () => { await t.close() })

  const good = { whatWentWrong: 'The Save button did nothing on my phone.', whatTheyWereDoing: 'Adding my sister to the network.', contactEmail: '' }

  it('is reached from the footer and the phase banner, and asks in plain words', async () => {
    const visitor = new PageClient(t.app)
    const home = await visitor.get('/sign-in')
    expect(home.body).toContain('href="/feedback">Tell us about problems with this service</a>')
    expect(home.body).toContain('href="/feedback">Tell us about a problem</a>')
    const page = await visitor.get('/feedback')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('What went wrong?')
    expect(page.body).toContain('What were you trying to do?')
  })

  it('explains what is missing or wrong, keeps what was typed, and saves nothing', async () => {
    const visitor = new PageClient(t.app)
    await visitor.get('/feedback')
    const empty = await visitor.post('/feedback', { whatWentWrong: '', whatTheyWereDoing: '', contactEmail: 'not an email' })
    expect(empty.statusCode).toBe(400)
    for (const message of [FEEDBACK_MESSAGES.whatWentWrongMissing, FEEDBACK_MESSAGES.whatTheyWereDoingMissing, FEEDBACK_MESSAGES.contactEmailInvalid]) expect(empty.body).toContain(message)
    expect(empty.body).toContain('value="not an email"')
    const long = await visitor.post('/feedback', { ...good, whatWentWrong: 'x'.repeat(FEEDBACK_LIMITS.whatWentWrong + 1) })
    expect(long.statusCode).toBe(400)
    expect(long.body).toContain(FEEDBACK_MESSAGES.whatWentWrongTooLong)
    expect(long.body).toContain('Adding my sister to the network.')
    const { rows } = await t.db.owner<{ n: string }>('select count(*) as n from feedback')
    expect(rows[0]?.n).toBe('0')
  })

  it('keeps feedback from someone not signed in, with no organisation, and thanks them', async () => {
    const visitor = new PageClient(t.app)
    await visitor.get('/feedback')
    const sent = await visitor.post('/feedback', { ...good, contactEmail: 'claire@example.com' })
    expect(sent.headers.location).toBe('/feedback/sent')
    expect((await visitor.get('/feedback/sent')).body).toContain('Thank you for telling us')
    const { rows } = await t.db.owner<{ organisation_id: string | null; user_id: string | null; contact_email: string }>('select organisation_id, user_id, contact_email from feedback')
    expect(rows).toEqual([{ organisation_id: null, user_id: null, contact_email: 'claire@example.com' }])
  })

  it('keeps feedback from someone signed in for their organisation, which only its administrators read, a page at a time', async () => {
    const rowan = await signedIn(t.app, 'practitioner@fellside.example')
    await rowan.get('/feedback')
    expect((await rowan.post('/feedback', good)).headers.location).toBe('/feedback/sent')
    const fellside = await organisationId(t.db, 'fellside')
    for (let index = 0; index < 21; index += 1) {
      await t.db.owner(`insert into feedback (organisation_id, what_went_wrong, what_they_were_doing, created_at) values ($1, $2, 'Reading', now() - make_interval(days => $3))`, [fellside, `Older problem ${String(index)}`, index + 1])
    }
    expect((await rowan.get('/admin/feedback')).statusCode).toBe(403)

    const secret = await withAuthenticatorApp(t.db, 'admin@fellside.example')
    const admin = new PageClient(t.app)
    await admin.signIn('admin@fellside.example', undefined, secret)
    const first = await admin.get('/admin/feedback')
    expect(first.statusCode).toBe(200)
    expect(first.body).toContain('The Save button did nothing on my phone.')
    expect(first.body).toContain('of 22')
    expect(first.body).not.toContain('claire@example.com')
    const second = await admin.get('/admin/feedback?page=2')
    expect(second.body).toContain('Older problem 20')
    expect(second.body).not.toContain('The Save button did nothing')

    const lakemoorSecret = await withAuthenticatorApp(t.db, 'admin@lakemoor.example')
    const other = new PageClient(t.app)
    await other.signIn('admin@lakemoor.example', undefined, lakemoorSecret)
    const theirs = await other.get('/admin/feedback')
    expect(theirs.body).toContain('No one in your organisation has sent feedback yet.')
    const { rows } = await t.db.owner<{ action: string }>(`select action from audit_events where action like 'feedback.%' order by id`)
    expect(rows.map((row) => row.action)).toEqual(['feedback.sent', 'feedback.listed', 'feedback.listed', 'feedback.listed'])
  })
})
