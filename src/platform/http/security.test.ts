import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient } from '../../../test/support/browser.js'
import { createUser, withAuthenticatorApp } from '../../../test/support/factories.js'

describe('web security', () => {
  let t: TestApp
  beforeAll(async () => { t = await startTestApp({ env: { REQUEST_BODY_LIMIT_BYTES: '4096' } }) })
  afterAll(async () => { await t.close() })

  it('sends a nonce-based Content-Security-Policy and the other protective headers on every page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/sign-in' })
    const csp = String(response.headers['content-security-policy'])
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    expect(nonce).toBeDefined()
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(response.body).toContain(`<script nonce="${nonce ?? ''}">`)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['referrer-policy']).toBe('no-referrer')
    expect(response.headers['cache-control']).toBe('no-store')
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    const again = await t.app.inject({ method: 'GET', url: '/sign-in' })
    expect(again.headers['content-security-policy']).not.toBe(csp)
  })

  it('makes cookies HttpOnly and SameSite, and Secure with __Host- names behind TLS', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/sign-in' })
    const cookie = plain.cookies.find((item) => item.name === 'mapwell-form')
    expect(cookie?.httpOnly).toBe(true)
    expect(cookie?.sameSite).toBe('Lax')
    const secure = await startTestApp({ demoData: false, env: { SECURE_COOKIES: 'true' } })
    try {
      const response = await secure.app.inject({ method: 'GET', url: '/sign-in' })
      const secureCookie = response.cookies.find((item) => item.name === '__Host-mapwell-form')
      expect(secureCookie?.secure).toBe(true)
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/)
    } finally {
      await secure.close()
    }
  })

  it('refuses a form post without a valid CSRF token and changes nothing', async () => {
    const secret = await withAuthenticatorApp(t.db, 'admin@fellside.example')
    const admin = new PageClient(t.app)
    await admin.signIn('admin@fellside.example', undefined, secret)
    await admin.get('/admin/users/new')
    const before = await t.db.owner('select count(*)::int as n from users')
    const form = { displayName: 'Forged Person', email: 'forged@fellside.example', role: 'practitioner' }
    for (const token of [null, '', 'not-the-token']) {
      const response = await admin.post('/admin/users/new', form, token)
      expect(response.statusCode).toBe(403)
      expect(response.body).toContain('This form has expired')
    }
    const after = await t.db.owner('select count(*)::int as n from users')
    expect(after.rows).toEqual(before.rows)
  })

  it('does not accept a CSRF token from another browser', async () => {
    const user = await createUser(t.db)
    const victim = new PageClient(t.app)
    await victim.signIn(user.email, user.password)
    await victim.get('/')
    const attacker = new PageClient(t.app)
    await attacker.get('/sign-in')
    const response = await victim.post('/sign-out', {}, attacker.csrfToken())
    expect(response.statusCode).toBe(403)
    expect((await victim.get('/')).statusCode).toBe(200)
  })

  it('answers unknown pages with a GOV.UK-style 404', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/no-such-page' })
    expect(response.statusCode).toBe(404)
    expect(response.body).toContain('Page not found')
  })

  it('refuses an oversized request with a clear page and no details of the failure', async () => {
    const response = await t.app.inject({
      method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${'a'.repeat(10_000)}`,
    })
    expect(response.statusCode).toBe(413)
    expect(response.body).toContain('What you sent is too large')
  })

  it('answers malformed input with a 400 page, never a stack trace', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/sign-in', headers: { 'content-type': 'application/json' }, payload: '{"email": ' })
    expect(response.statusCode).toBeGreaterThanOrEqual(400)
    expect(response.statusCode).toBeLessThan(500)
    expect(response.body).not.toMatch(/at .*\.(ts|js):\d+|node_modules|SyntaxError/)
  })

  it('reports health with the database status, and answers ping', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/health' })
    expect(health.statusCode).toBe(200)
    expect(JSON.parse(health.body)).toMatchObject({ status: 'UP', components: { database: { status: 'UP' } } })
    expect(JSON.parse((await t.app.inject({ method: 'GET', url: '/ping' })).body)).toEqual({ status: 'UP' })
  })

  it('serves the stylesheet, scripts and GOV.UK Frontend assets to anyone', async () => {
    for (const url of ['/public/app.css', '/public/app.js']) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(200)
    }
    expect((await t.app.inject({ method: 'GET', url: '/assets/../../package.json' })).statusCode).toBe(404)
  })
})
