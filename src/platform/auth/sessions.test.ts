import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient } from '../../../test/support/browser.js'
import { createUser } from '../../../test/support/factories.js'

describe('sessions', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ demoData: true, env: { SESSION_IDLE_TIMEOUT_SECONDS: '600', SESSION_WARNING_SECONDS: '60', SESSION_ABSOLUTE_TIMEOUT_SECONDS: '3600' } })
  })
  afterAll(async () => { await t.close() })

  async function signedInBrowser(): Promise<{ browser: PageClient; userId: string }> {
    const user = await createUser(t.db)
    const browser = new PageClient(t.app)
    await browser.signIn(user.email, user.password)
    return { browser, userId: user.id }
  }

  it('ends a session after the idle timeout, and says why', async () => {
    const { browser, userId } = await signedInBrowser()
    expect((await browser.get('/')).statusCode).toBe(200)
    await t.db.owner(`update sessions set last_active_at = now() - interval '601 seconds' where user_id = $1`, [userId])
    const expired = await browser.get('/account')
    expect(expired.statusCode).toBe(303)
    expect(expired.headers.location).toBe('/session-expired?returnTo=%2Faccount')
    const page = await browser.get(String(expired.headers.location))
    expect(page.body).toContain('You have been signed out')
    expect(page.body).toContain('/sign-in?returnTo=%2Faccount')
    const { rows } = await t.db.owner('select 1 from sessions where user_id = $1', [userId])
    expect(rows).toHaveLength(0)
  })

  it('ends a session at the absolute timeout however active it is', async () => {
    const { browser, userId } = await signedInBrowser()
    await t.db.owner(`update sessions set absolute_expires_at = now() - interval '1 second' where user_id = $1`, [userId])
    expect((await browser.get('/')).headers.location).toBe('/session-expired')
  })

  it('reports time left without extending it, and extends it when asked', async () => {
    const { browser, userId } = await signedInBrowser()
    await t.db.owner(`update sessions set last_active_at = now() - interval '500 seconds' where user_id = $1`, [userId])
    const status = JSON.parse((await browser.get('/session/status')).body) as { secondsLeft: number }
    expect(status.secondsLeft).toBeLessThanOrEqual(100)
    expect(status.secondsLeft).toBeGreaterThan(90)
    const again = JSON.parse((await browser.get('/session/status')).body) as { secondsLeft: number }
    expect(again.secondsLeft).toBeLessThanOrEqual(status.secondsLeft)
    await browser.get('/')
    const extended = await t.app.inject({
      method: 'POST', url: '/session/keep-alive',
      headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': browser.csrfToken() },
    })
    expect(extended.statusCode).toBe(200)
    expect((JSON.parse(extended.body) as { secondsLeft: number }).secondsLeft).toBeGreaterThan(590)
  })

  it('shows the idle warning settings on every signed-in page', async () => {
    const { browser } = await signedInBrowser()
    const page = await browser.get('/')
    expect(page.body).toMatch(/data-session-seconds-left="\d+"/)
    expect(page.body).toContain('data-session-warning-seconds="60"')
    expect(page.body).toContain('id="session-timeout-dialog"')
  })

  it('stores only a hash of the session token', async () => {
    const { browser, userId } = await signedInBrowser()
    const token = browser.cookies.get('mapwell-session') ?? ''
    const { rows } = await t.db.owner<{ token_hash: string }>('select token_hash from sessions where user_id = $1', [userId])
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(rows[0]?.token_hash).not.toContain(token)
  })
})
