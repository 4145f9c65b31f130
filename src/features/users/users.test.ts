import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { createUser, userId, withAuthenticatorApp } from '../../../test/support/factories.js'
import { MESSAGES } from './users.schema.js'
import { currentTotp } from '../../platform/auth/totp.js'

describe('user administration', () => {
  let t: TestApp
  let admin: PageClient
  beforeAll(async () => {
    t = await startTestApp()
    admin = new PageClient(t.app)
    await admin.signIn('admin@fellside.example', undefined, await withAuthenticatorApp(t.db, 'admin@fellside.example'))
  })
  afterAll(async () => { await t.close() })

  it('lists only its own organisation\'s users, with search and paging', async () => {
    for (let index = 0; index < 30; index += 1) await createUser(t.db, { displayName: `Paging Person ${String(index).padStart(2, '0')}` })
    const list = await admin.get('/admin/users')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Alex Birkett')
    expect(list.body).not.toContain('Dev Harrow')
    expect(list.body).toContain('govuk-pagination')
    const search = await admin.get('/admin/users?search=ashby')
    expect(search.body).toContain('Showing 1 to 1 of 1 user')
    const lakemoorSearch = await admin.get('/admin/users?search=thwaite')
    expect(lakemoorSearch.body).toContain('No users match your search')
    const page2 = await admin.get('/admin/users?search=paging&page=2')
    expect(page2.body).toContain('Showing 26 to 30 of 30 users')
    expect(page2.body).toContain('Paging Person 29')
  })

  it('treats another organisation\'s user, or a malformed id, as not found', async () => {
    const otherCouncil = await userId(t.db, 'practitioner@lakemoor.example')
    for (const url of [`/admin/users/${otherCouncil}`, `/admin/users/${otherCouncil}/edit`, '/admin/users/not-an-id', '/admin/users/00000000-0000-0000-0000-000000000000']) {
      expect((await admin.get(url)).statusCode).toBe(404)
    }
    await admin.get('/admin/users')
    expect((await admin.post(`/admin/users/${otherCouncil}/disable`, {})).statusCode).toBe(404)
    // A change to an account that does not exist is not found, even when the form itself is incomplete.
    const bodies: Record<string, string>[] = [{}, { displayName: 'Someone', email: 'someone@fellside.example', role: 'practitioner' }]
    for (const body of bodies) {
      expect((await admin.post('/admin/users/459ccaa0-1d86-8ff5-8000-00131ba23741/edit', body)).statusCode).toBe(404)
    }
    const { rows } = await t.db.owner<{ status: string }>('select status from users where id = $1', [otherCouncil])
    expect(rows[0]?.status).toBe('active')
  })

  it('keeps staff who are not administrators out', async () => {
    const practitioner = await signedIn(t.app, 'practitioner@fellside.example')
    const response = await practitioner.get('/admin/users')
    expect(response.statusCode).toBe(403)
    expect(response.body).toContain('You do not have access to this page')
  })

  it('adds a user with a temporary password they must change, after clear errors that keep what was typed', async () => {
    await admin.get('/admin/users/new')
    const bad = await admin.post('/admin/users/new', { displayName: 'Hana Oyelaran', email: 'not-an-email', role: 'partner-practitioner', teamId: '', agencyId: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain(MESSAGES.emailInvalid)
    expect(bad.body).toContain(MESSAGES.agencyMissing)
    expect(bad.body).toContain('value="Hana Oyelaran"')
    const taken = await admin.post('/admin/users/new', { displayName: 'Hana Oyelaran', email: 'PRACTITIONER@lakemoor.example', role: 'practitioner' })
    expect(taken.body).toContain(MESSAGES.emailTaken)

    const created = await admin.post('/admin/users/new', { displayName: 'Hana Oyelaran', email: 'hana.oyelaran@fellside.example', role: 'practitioner' })
    expect(created.statusCode).toBe(201)
    const password = /data-temporary-password>([^<]+)</.exec(created.body)?.[1] ?? ''
    expect(password.length).toBeGreaterThanOrEqual(12)
    const newcomer = new PageClient(t.app, '192.0.2.77')
    expect((await newcomer.signIn('hana.oyelaran@fellside.example', password)).headers.location).toBe('/sign-in/new-password')
  })

  it('sends back a change whose form lost its version, asking to check and save again, and changes nothing', async () => {
    const rowan = await userId(t.db, 'practitioner@fellside.example')
    await admin.get(`/admin/users/${rowan}/edit`)
    const sent = await admin.post(`/admin/users/${rowan}/edit`, { displayName: 'Rowan Changed', email: 'practitioner@fellside.example', role: 'practitioner' })
    expect(sent.statusCode).toBe(400)
    expect(sent.body).toContain('Check the details below, then save again')
    expect(sent.body).toContain('value="Rowan Changed"')
    expect((await t.db.owner<{ display_name: string }>('select display_name from users where id = $1', [rowan])).rows[0]?.display_name).toBe('Rowan Ashby')
  })

  it('shows both versions when two administrators change the same user, losing neither', async () => {
    const person = await createUser(t.db, { displayName: 'Conflict Person' })
    const form = await admin.get(`/admin/users/${person.id}/edit`)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    await t.db.owner(`update users set display_name = 'Changed Elsewhere', version = version + 1 where id = $1`, [person.id])
    const stale = await admin.post(`/admin/users/${person.id}/edit`, { version, displayName: 'My Careful Edit', email: person.email, role: 'team-manager' })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Someone else changed this user while you were editing')
    expect(stale.body).toContain('Changed Elsewhere')
    expect(stale.body).toContain('value="My Careful Edit"')
    const newVersion = /name="version" value="(\d+)"/.exec(stale.body)?.[1] ?? ''
    const saved = await admin.post(`/admin/users/${person.id}/edit`, { version: newVersion, displayName: 'My Careful Edit', email: person.email, role: 'team-manager' })
    expect(saved.headers.location).toBe(`/admin/users/${person.id}?done=changed`)
    const { rows } = await t.db.owner<{ display_name: string; role: string }>('select display_name, role from users where id = $1', [person.id])
    expect(rows[0]).toEqual({ display_name: 'My Careful Edit', role: 'team-manager' })
  })

  it('disabling a user ends their open sessions at once; enabling lets them back', async () => {
    const person = await createUser(t.db)
    const theirBrowser = new PageClient(t.app, '192.0.2.88')
    await theirBrowser.signIn(person.email, person.password)
    expect((await theirBrowser.get('/')).statusCode).toBe(200)
    await admin.get(`/admin/users/${person.id}/disable`)
    expect((await admin.post(`/admin/users/${person.id}/disable`, {})).headers.location).toBe(`/admin/users/${person.id}?done=disabled`)
    expect((await theirBrowser.get('/')).headers.location).toBe('/sign-in')
    expect((await new PageClient(t.app, '192.0.2.89').signIn(person.email, person.password)).statusCode).toBe(401)
    await admin.get(`/admin/users/${person.id}/enable`)
    await admin.post(`/admin/users/${person.id}/enable`, {})
    expect((await new PageClient(t.app, '192.0.2.90').signIn(person.email, person.password)).headers.location).toBe('/')
  })

  it('will not let an administrator disable themselves', async () => {
    const self = await userId(t.db, 'admin@fellside.example')
    await admin.get(`/admin/users/${self}`)
    const response = await admin.post(`/admin/users/${self}/disable`, {})
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain(MESSAGES.cannotDisableSelf)
  })

  it('resets a second factor so the person sets up a new one, and records every change for administrators', async () => {
    const person = await createUser(t.db, { displayName: 'Lost Phone Person' })
    await withAuthenticatorApp(t.db, person.email)
    await admin.get(`/admin/users/${person.id}/reset-second-factor`)
    await admin.post(`/admin/users/${person.id}/reset-second-factor`, {})
    const { rows } = await t.db.owner<{ totp_enabled_at: Date | null }>('select totp_enabled_at from users where id = $1', [person.id])
    expect(rows[0]?.totp_enabled_at).toBeNull()
    await new PageClient(t.app, '192.0.2.91').signIn(person.email, 'wrong-password-here')
    const activity = await admin.get('/admin/sign-in-activity')
    expect(activity.statusCode).toBe(200)
    expect(activity.body).toContain('Authenticator app reset')
    expect(activity.body).toContain('Failed to sign in: wrong password')
    expect(activity.body).toContain('Lost Phone Person')
    const failures = await admin.get('/admin/sign-in-activity?outcome=failure&group=sign-ins')
    expect(failures.body).not.toContain('Authenticator app reset')
    const badDates = await admin.get('/admin/sign-in-activity?from=2026-13-45')
    expect(badDates.statusCode).toBe(400)
    expect(badDates.body).toContain('Enter the start date as a real date')
  })

  it('keeps what an administrator typed when their session ends before they save', async () => {
    const secret = await withAuthenticatorApp(t.db, 'admin@lakemoor.example')
    const other = new PageClient(t.app, '192.0.2.210')
    await other.signIn('admin@lakemoor.example', undefined, secret)
    await other.get('/admin/users/new')
    await t.db.owner(`update sessions set last_active_at = now() - interval '3 hours' where user_id = (select id from users where email = 'admin@lakemoor.example')`)
    const sent = await other.post('/admin/users/new', { displayName: 'Ines Harrowgate', email: 'ines.harrowgate@lakemoor.example', role: 'practitioner' })
    const returnTo = new URL(String(sent.headers.location), 'http://localhost').searchParams.get('returnTo') ?? ''
    expect(returnTo).toMatch(/^\/admin\/users\/new\?held=/)
    await other.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`)
    await other.post('/sign-in', { email: 'admin@lakemoor.example', password: 'demo-password-2026', returnTo })
    await other.get('/sign-in/second-factor')
    const done = await other.post('/sign-in/second-factor', { code: currentTotp(secret, Date.now() + 30_000) })
    expect(done.headers.location).toBe(returnTo)
    const restored = await other.get(returnTo)
    expect(restored.body).toContain('value="Ines Harrowgate"')
    expect(restored.body).toContain('You were signed out before this was saved')
  })

  it('lets an administrator require a second factor for a role', async () => {
    await admin.get('/admin/settings')
    expect((await admin.post('/admin/settings', { roles: ['practitioner', 'team-manager'] })).headers.location).toBe('/admin/settings?saved=yes')
    const practitioner = new PageClient(t.app, '192.0.2.92')
    const response = await practitioner.signIn('practitioner@fellside.example')
    expect(response.headers.location).toBe('/sign-in/set-up-second-factor')
    await admin.get('/admin/settings')
    const bad = await admin.post('/admin/settings', { roles: ['emperor'] })
    expect(bad.statusCode).toBe(400)
    await admin.post('/admin/settings', {}, /name="_csrf" value="([^"]+)"/.exec(bad.body)?.[1] ?? '')
    expect((await new PageClient(t.app, '192.0.2.93').signIn('practitioner@fellside.example')).headers.location).toBe('/')
  })

  it('keeps a worker\'s work phone, refusing what cannot be a UK number and keeping what was typed', async () => {
    const rowan = await userId(t.db, 'practitioner@fellside.example')
    const form = await admin.get(`/admin/users/${rowan}/edit`)
    expect(form.body).toContain('Work phone (optional)')
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    const fields = { displayName: 'Rowan Ashby', email: 'practitioner@fellside.example', role: 'practitioner', teamId: '', agencyId: '', version }
    const bad = await admin.post(`/admin/users/${rowan}/edit`, { ...fields, workPhone: 'ring the office' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain(MESSAGES.workPhoneInvalid)
    expect(bad.body).toContain('value="ring the office"')
    expect((await admin.post(`/admin/users/${rowan}/edit`, { ...fields, workPhone: '01632  960 241' })).statusCode).toBe(303)
    const { rows } = await t.db.owner<{ work_phone: string }>('select work_phone from users where id = $1', [rowan])
    expect(rows[0]?.work_phone).toBe('01632 960 241')
    expect((await admin.get(`/admin/users/${rowan}`)).body).toContain('01632 960 241')
  })

  it('lets an administrator set the out-of-hours number families are given, refusing one that is not a phone number', async () => {
    await admin.get('/admin/settings')
    const bad = await admin.post('/admin/settings', { roles: [], outOfHoursPhone: '123', outOfHoursText: 'Evenings and weekends' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter the out-of-hours number as a UK phone number')
    expect(bad.body).toContain('value="123"')
    expect(bad.body).toContain('Evenings and weekends')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(bad.body)?.[1] ?? ''
    expect((await admin.post('/admin/settings', { roles: [], outOfHoursPhone: '01632 960 999', outOfHoursText: 'Evenings and weekends' }, csrf)).statusCode).toBe(303)
    const { rows } = await t.db.owner<{ out_of_hours_phone: string; out_of_hours_text: string }>(`select out_of_hours_phone, out_of_hours_text from organisations where slug = 'fellside'`)
    expect(rows[0]).toEqual({ out_of_hours_phone: '01632 960 999', out_of_hours_text: 'Evenings and weekends' })
    expect((await admin.get('/admin/settings')).body).toContain('value="01632 960 999"')
    const { rows: audit } = await t.db.owner<{ n: string }>(`select count(*) as n from audit_events where action = 'settings.out-of-hours-changed'`)
    expect(Number(audit[0]?.n)).toBe(1)
  })
})

describe('organisation isolation in the database itself', () => {
  let t: TestApp
  beforeAll(async () => { t = await startTestApp() })
  afterAll(async () => { await t.close() })

  it('connects as a role that neither owns the schema nor bypasses row-level security', async () => {
    const result = await t.db.handle.withoutOrganisation(async (tx) => tx.execute(
      `select current_user as role, r.rolsuper, r.rolbypassrls, pg_get_userbyid(n.nspowner) as schema_owner
         from pg_roles r, pg_namespace n where r.rolname = current_user and n.nspname = 'public'`))
    const row = result.rows[0] as { role: string; rolsuper: boolean; rolbypassrls: boolean; schema_owner: string }
    expect(row.role).toBe('mapwell_app')
    expect(row.rolsuper).toBe(false)
    expect(row.rolbypassrls).toBe(false)
    expect(row.schema_owner).not.toBe('mapwell_app')
  })

  it('shows the application role no rows at all without an organisation, and only that organisation\'s with one', async () => {
    const fellside = (await t.db.owner<{ id: string }>(`select id from organisations where slug = 'fellside'`)).rows[0]?.id ?? ''
    const none = await t.db.handle.withoutOrganisation(async (tx) => tx.execute('select count(*)::int as n from users'))
    expect(none.rows[0]).toEqual({ n: 0 })
    const own = await t.db.handle.inOrganisation(fellside, async (tx) => tx.execute('select distinct organisation_id from users'))
    expect(own.rows).toEqual([{ organisation_id: fellside }])
    const total = await t.db.owner<{ n: number }>('select count(distinct organisation_id)::int as n from users')
    expect(total.rows[0]?.n).toBe(2)
    const lakemoor = (await t.db.owner<{ id: string }>(`select id from organisations where slug = 'lakemoor'`)).rows[0]?.id ?? ''
    const refused: unknown = await t.db.handle.inOrganisation(fellside, async (tx) =>
      tx.execute(`insert into teams (organisation_id, name) values ('${lakemoor}', 'Sneaky')`)).catch((error: unknown) => error)
    expect(String((refused as { cause?: Error }).cause?.message)).toMatch(/row-level security/)
    const lakemoorSeesNothing = await t.db.handle.inOrganisation(fellside, async (tx) => tx.execute(`select count(*)::int as n from teams where organisation_id = '${lakemoor}'`))
    expect(lakemoorSeesNothing.rows[0]).toEqual({ n: 0 })
  })
})
