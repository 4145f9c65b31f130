import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient } from '../../../test/support/browser.js'
import { createUser, withAuthenticatorApp } from '../../../test/support/factories.js'
import { currentTotp } from '../../platform/auth/totp.js'
import { MESSAGES } from './sign-in.schema.js'

describe('signing in', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ env: { SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '3', SIGN_IN_MAX_FAILURES_PER_ADDRESS: '6' } })
  })
  afterAll(async () => { await t.close() })

  it('sends someone who is not signed in from a staff page to sign in, and back afterwards', async () => {
    const browser = new PageClient(t.app)
    const page = await browser.get('/admin/users?search=ab')
    expect(page.statusCode).toBe(303)
    expect(page.headers.location).toBe('/sign-in?returnTo=%2Fadmin%2Fusers%3Fsearch%3Dab')
    await browser.get(String(page.headers.location))
    const { email, password } = await createUser(t.db)
    const signedIn = await browser.post('/sign-in', { email, password, returnTo: '/account' })
    expect(signedIn.headers.location).toBe('/account')
  })

  it('never sends anyone off the site after sign-in', async () => {
    const { email, password } = await createUser(t.db)
    for (const returnTo of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const browser = new PageClient(t.app)
      await browser.get('/sign-in')
      const signedIn = await browser.post('/sign-in', { email, password, returnTo })
      expect(signedIn.headers.location).toBe('/')
    }
  })

  it('gives the same answer for an unknown account and a wrong password, and keeps the email typed', async () => {
    const { email } = await createUser(t.db)
    const unknown = new PageClient(t.app, '198.51.100.1')
    await unknown.get('/sign-in')
    const a = await unknown.post('/sign-in', { email: 'nobody@fellside.example', password: 'whatever-it-is' })
    const wrong = new PageClient(t.app, '198.51.100.2')
    await wrong.get('/sign-in')
    const b = await wrong.post('/sign-in', { email, password: 'not-the-password' })
    expect(a.statusCode).toBe(b.statusCode)
    expect(a.body).toContain(MESSAGES.wrongDetails)
    expect(b.body).toContain(MESSAGES.wrongDetails)
    expect(b.body).toContain(`value="${email}"`)
    expect(a.cookies.find((cookie) => cookie.name === 'mapwell-session')).toBeUndefined()
  })

  it('says which fields are missing, next to the field and in the summary', async () => {
    const browser = new PageClient(t.app)
    await browser.get('/sign-in')
    const page = await browser.post('/sign-in', { email: '', password: '' })
    expect(page.statusCode).toBe(400)
    expect(page.body).toContain('govuk-error-summary')
    expect(page.body.split(MESSAGES.emailMissing).length - 1).toBe(2)
    expect(page.body.split(MESSAGES.passwordMissing).length - 1).toBe(2)
  })

  it('changes the session id at sign-in and ends the session at sign-out', async () => {
    const browser = new PageClient(t.app)
    const { email, password } = await createUser(t.db)
    await browser.signIn(email, password)
    const first = browser.cookies.get('mapwell-session')
    await browser.get('/')
    await browser.signIn(email, password)
    const second = browser.cookies.get('mapwell-session')
    expect(first).toBeDefined()
    expect(second).not.toBe(first)
    // The earlier session no longer works.
    const stale = new PageClient(t.app)
    stale.cookies.set('mapwell-session', first ?? '')
    expect((await stale.get('/')).headers.location).toBe('/sign-in')

    await browser.get('/')
    const out = await browser.post('/sign-out', {})
    expect(out.headers.location).toBe('/signed-out')
    const replay = new PageClient(t.app)
    replay.cookies.set('mapwell-session', second ?? '')
    expect((await replay.get('/')).headers.location).toBe('/sign-in')
  })

  it('throttles repeated failures for one account without locking out a device it signed in on before', async () => {
    const { email, password } = await createUser(t.db)
    const trusted = new PageClient(t.app, '192.0.2.50')
    await trusted.signIn(email, password)
    expect(trusted.cookies.get('mapwell-device')).toBeDefined()

    const attacker = new PageClient(t.app, '192.0.2.66')
    await attacker.get('/sign-in')
    for (let attempt = 0; attempt < 3; attempt += 1) await attacker.post('/sign-in', { email, password: `guess-${String(attempt)}` })
    const refused = await attacker.post('/sign-in', { email, password })
    expect(refused.statusCode).toBe(429)
    expect(refused.body).toContain(MESSAGES.throttled)

    // Someone else at a new address is held back too (the account is under attack)…
    const elsewhere = new PageClient(t.app, '192.0.2.67')
    await elsewhere.get('/sign-in')
    expect((await elsewhere.post('/sign-in', { email, password })).statusCode).toBe(429)
    // …but the owner's own browser still gets in when its session has timed out.
    await t.db.owner(`update sessions set last_active_at = now() - interval '1 day' where user_id = (select id from users where email = $1)`, [email])
    await trusted.get('/sign-in')
    expect((await trusted.post('/sign-in', { email, password })).headers.location).toBe('/')
  })

  it('still limits guesses on a trusted device, at twice the account limit, counting only its own', async () => {
    const { email, password } = await createUser(t.db)
    const trusted = new PageClient(t.app, '192.0.2.51')
    await trusted.signIn(email, password)
    await t.db.owner(`update sessions set last_active_at = now() - interval '1 day' where user_id = (select id from users where email = $1)`, [email])
    await trusted.get('/sign-in')
    // Past the account's limit of 3, this browser may still try (its own failures only)…
    for (let attempt = 0; attempt < 6; attempt += 1) {
      expect((await trusted.post('/sign-in', { email, password: `guess-${String(attempt)}` })).statusCode).toBe(401)
    }
    // …until it has had 6 (twice the limit): then even the right password is refused.
    const refused = await trusted.post('/sign-in', { email, password })
    expect(refused.statusCode).toBe(429)
    expect(refused.body).toContain(MESSAGES.throttled)
  })

  it('ends the trusted device at sign-out, so the next person at that computer has the ordinary limit', async () => {
    const { email, password } = await createUser(t.db)
    const shared = new PageClient(t.app, '192.0.2.52')
    await shared.signIn(email, password)
    const deviceCookie = shared.cookies.get('mapwell-device') ?? ''
    expect(deviceCookie).not.toBe('')
    await shared.get('/')
    await shared.post('/sign-out', {})
    expect(shared.cookies.get('mapwell-device')).toBeUndefined()
    // Even with the old cookie put back, it is no longer trusted.
    shared.cookies.set('mapwell-device', deviceCookie)
    await shared.get('/sign-in')
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await shared.post('/sign-in', { email, password: `guess-${String(attempt)}` })).statusCode).toBe(401)
    const refused = await shared.post('/sign-in', { email, password })
    expect(refused.statusCode).toBe(429)
    expect(refused.body).toContain(MESSAGES.throttled)
    const { rows } = await t.db.owner<{ n: string }>('select count(*) as n from ended_device_trust')
    expect(Number(rows[0]?.n)).toBeGreaterThan(0)
  })

  it('throttles one address trying many accounts, without affecting other addresses', async () => {
    const spray = new PageClient(t.app, '192.0.2.99')
    await spray.get('/sign-in')
    for (let attempt = 0; attempt < 6; attempt += 1) await spray.post('/sign-in', { email: `guess${String(attempt)}@fellside.example`, password: 'password-guess' })
    const { email, password } = await createUser(t.db)
    expect((await spray.post('/sign-in', { email, password })).statusCode).toBe(429)
    const colleague = new PageClient(t.app, '192.0.2.100')
    expect((await colleague.signIn(email, password)).headers.location).toBe('/')
  })

  it('does not let a disabled account sign in', async () => {
    const { email, password } = await createUser(t.db, { status: 'disabled' })
    const browser = new PageClient(t.app, '192.0.2.120')
    const response = await browser.signIn(email, password)
    expect(response.statusCode).toBe(401)
    expect(response.body).toContain(MESSAGES.wrongDetails)
  })

  it('asks for the authenticator code once one is set up, and refuses a code used twice', async () => {
    const { email, password } = await createUser(t.db)
    const secret = await withAuthenticatorApp(t.db, email)
    const browser = new PageClient(t.app, '192.0.2.130')
    await browser.get('/sign-in')
    const step = await browser.post('/sign-in', { email, password })
    expect(step.headers.location).toBe('/sign-in/second-factor')
    // Staff pages stay closed until the second step is done.
    expect((await browser.get('/')).headers.location).toBe('/sign-in/second-factor')
    await browser.get('/sign-in/second-factor')
    const beforeCode = browser.cookies.get('mapwell-session')
    const wrong = await browser.post('/sign-in/second-factor', { code: '000000' === currentTotp(secret) ? '111111' : '000000' })
    expect(wrong.statusCode).toBe(401)
    const code = currentTotp(secret)
    const right = await browser.post('/sign-in/second-factor', { code })
    expect(right.headers.location).toBe('/')
    expect(browser.cookies.get('mapwell-session')).not.toBe(beforeCode)

    const again = new PageClient(t.app, '192.0.2.131')
    await again.get('/sign-in')
    await again.post('/sign-in', { email, password })
    await again.get('/sign-in/second-factor')
    expect((await again.post('/sign-in/second-factor', { code })).statusCode).toBe(401)
  })

  it('makes an administrator set up an authenticator app, gives recovery codes that work once', async () => {
    const { email, password } = await createUser(t.db, { role: 'organisation-administrator' })
    const browser = new PageClient(t.app, '192.0.2.140')
    await browser.get('/sign-in')
    expect((await browser.post('/sign-in', { email, password })).headers.location).toBe('/sign-in/set-up-second-factor')
    const setUp = await browser.get('/sign-in/set-up-second-factor')
    const secret = /data-totp-secret>([A-Z2-7]+)</.exec(setUp.body)?.[1] ?? ''
    expect(secret).not.toBe('')
    const done = await browser.post('/sign-in/set-up-second-factor', { code: currentTotp(secret), pending: /name="pending" value="([^"]+)"/.exec(setUp.body)?.[1] ?? '' })
    expect(done.statusCode).toBe(200)
    const codes = [...done.body.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((match) => match[1] ?? '')
    expect(codes).toHaveLength(10)
    expect((await browser.get('/admin/users')).statusCode).toBe(200)

    const recovering = new PageClient(t.app, '192.0.2.141')
    await recovering.get('/sign-in')
    await recovering.post('/sign-in', { email, password })
    await recovering.get('/sign-in/recovery-code')
    const used = await recovering.post('/sign-in/recovery-code', { code: (codes[0] ?? '').toUpperCase() })
    expect(used.statusCode).toBe(200)
    expect(used.body).toContain('9 recovery codes left')

    const reuse = new PageClient(t.app, '192.0.2.142')
    await reuse.get('/sign-in')
    await reuse.post('/sign-in', { email, password })
    await reuse.get('/sign-in/recovery-code')
    expect((await reuse.post('/sign-in/recovery-code', { code: codes[0] ?? '' })).statusCode).toBe(401)
  })

  it('makes someone with a temporary password choose a new one, with clear errors', async () => {
    const { email, password, id } = await createUser(t.db)
    await t.db.owner('update users set password_must_change = true where id = $1', [id])
    const browser = new PageClient(t.app, '192.0.2.150')
    await browser.get('/sign-in')
    expect((await browser.post('/sign-in', { email, password })).headers.location).toBe('/sign-in/new-password')
    await browser.get('/sign-in/new-password')
    const short = await browser.post('/sign-in/new-password', { password: 'short', confirmPassword: 'short' })
    expect(short.body).toContain('Password must be 12 characters or more')
    const differ = await browser.post('/sign-in/new-password', { password: 'a-brand-new-password', confirmPassword: 'a-different-password' })
    expect(differ.body).toContain(MESSAGES.newPasswordsDiffer)
    const saved = await browser.post('/sign-in/new-password', { password: 'a-brand-new-password', confirmPassword: 'a-brand-new-password' })
    expect(saved.headers.location).toBe('/')
    const later = new PageClient(t.app, '192.0.2.151')
    expect((await later.signIn(email, 'a-brand-new-password')).headers.location).toBe('/')
  })
})
