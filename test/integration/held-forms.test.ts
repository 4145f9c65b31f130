import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { startTestApp, type TestApp } from '../support/app.js'
import { PageClient } from '../support/browser.js'
import { familyIdNamed, userId, withAuthenticatorApp } from '../support/factories.js'
import { DEMO_PASSWORD } from '../../src/demo/demo-data.js'
import { createSessionStore } from '../../src/platform/auth/sessions.js'
import { sweepExpired } from '../../src/platform/auth/sweep.js'

const WORKER = 'practitioner@fellside.example'
const COLLEAGUE = 'manager@fellside.example'

/**
 * Forms sent after the session ended, with the clock moved by changing timestamps in the database:
 * the session times out, the sweeper removes it, and then the minutes since it ended are moved on.
 */
describe('forms sent after the session ended', () => {
  let t: TestApp
  let formUrl: string
  let workerId: string
  let address = 20

  beforeAll(async () => {
    t = await startTestApp()
    formUrl = `/families/${await familyIdNamed(t.db, 'The Ashworth family')}/map/add/grey-area`
    workerId = await userId(t.db, WORKER)
  })
  afterAll(async () => { await t.close() })

  function newBrowser(): PageClient {
    address += 1
    return new PageClient(t.app, `192.0.2.${String(address)}`)
  }

  function tokenHashOf(browser: PageClient): Promise<string> {
    return t.db.owner<{ hash: string }>(`select encode(sha256($1::bytea), 'hex') as hash`, [browser.cookies.get('mapwell-session') ?? ''])
      .then((result) => result.rows[0]?.hash ?? '')
  }

  /** The worker signed in, with the form open in the browser. */
  async function workerWithForm(): Promise<{ browser: PageClient; form: string; tokenHash: string }> {
    const browser = newBrowser()
    await browser.signIn(WORKER)
    const form = await browser.get(formUrl)
    expect(form.statusCode).toBe(200)
    return { browser, form: form.body, tokenHash: await tokenHashOf(browser) }
  }

  /** The session times out, the sweeper runs, then `minutes` pass. */
  async function timeOutAndSweep(tokenHash: string, minutes: number): Promise<void> {
    await t.db.owner(`update sessions set last_active_at = now() - make_interval(secs => $2) where token_hash = $1`, [tokenHash, t.config.session.idleTimeoutSeconds + 1])
    await sweepExpired(t.db.handle, createSessionStore(t.db.handle, t.config.session), t.config.signInThrottle.windowSeconds)
    expect((await t.db.owner('select 1 from sessions where token_hash = $1', [tokenHash])).rows).toHaveLength(0)
    await t.db.owner(`update ended_sessions set ended_at = ended_at - make_interval(mins => $2), forget_at = forget_at - make_interval(mins => $2) where token_hash = $1`, [tokenHash, minutes])
  }

  function send(browser: PageClient, form: string, typed: string): Promise<LightMyRequestResponse> {
    return browser.post(formUrl, {
      submissionId: /name="submissionId" value="([^"]+)"/.exec(form)?.[1] ?? '', text: typed, saidByKind: 'worker', saidByName: 'Rowan Ashby',
    })
  }

  /** Where the browser is sent to get the held form back, checking that the page says it was kept. */
  async function heldAt(browser: PageClient, sent: LightMyRequestResponse): Promise<string> {
    expect(sent.statusCode).toBe(303)
    const expired = String(sent.headers.location)
    const returnTo = new URL(expired, 'http://localhost').searchParams.get('returnTo') ?? ''
    expect(returnTo).toMatch(/\/map\/add\/grey-area\?held=[0-9a-f-]{36}$/)
    const page = await browser.get(expired)
    expect(page.body).toContain('we have kept it for an hour')
    return returnTo
  }

  async function signInTo(browser: PageClient, email: string, returnTo: string): Promise<void> {
    await browser.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`)
    const signedIn = await browser.post('/sign-in', { email, password: DEMO_PASSWORD, returnTo })
    expect(signedIn.headers.location).toBe(returnTo)
  }

  async function heldCount(): Promise<number> {
    return Number((await t.db.owner<{ n: string }>('select count(*) as n from held_submissions where user_id = $1', [workerId])).rows[0]?.n)
  }

  for (const minutes of [5, 59]) {
    it(`holds a form sent ${String(minutes)} minutes after the session ended and was swept, for that person alone`, async () => {
      const { browser, form, tokenHash } = await workerWithForm()
      await timeOutAndSweep(tokenHash, minutes)
      // Another tab loads a page first: the browser keeps the cookie that says whose session it was.
      expect((await browser.get('/')).headers.location).toBe('/session-expired')
      expect(browser.cookies.get('mapwell-session')).toBeDefined()
      const typed = `Who collects Maisie on Fridays? (written ${String(minutes)} minutes late)`
      const returnTo = await heldAt(browser, await send(browser, form, typed))

      // Someone else who signs in on that browser gets nothing of it…
      await signInTo(browser, COLLEAGUE, returnTo)
      const theirs = await browser.get(returnTo)
      expect(theirs.statusCode).toBe(200)
      expect(theirs.body).not.toContain(typed)
      expect(theirs.body).not.toContain('You were signed out before this was saved')
      await browser.post('/sign-out', {})

      // …the person who typed it gets it back, and nothing was saved meanwhile.
      await signInTo(browser, WORKER, returnTo)
      const restored = await browser.get(returnTo)
      expect(restored.body).toContain(typed)
      expect(restored.body).toContain('You were signed out before this was saved')
      expect((await t.db.owner('select 1 from map_entry_versions where text = $1', [typed])).rows).toHaveLength(0)
    })
  }

  it('holds nothing sent 61 minutes after the session ended', async () => {
    const { browser, form, tokenHash } = await workerWithForm()
    await timeOutAndSweep(tokenHash, 61)
    const before = await heldCount()
    const sent = await send(browser, form, 'Sent too late to be kept')
    expect(sent.statusCode).toBe(303)
    expect(String(sent.headers.location)).toBe('/sign-in')
    expect(await heldCount()).toBe(before)
  })

  it('gives a held form back for an hour from when it was held, not after', async () => {
    const kept: Record<number, { browser: PageClient; returnTo: string; typed: string }> = {}
    for (const minutes of [59, 61]) {
      const { browser, form, tokenHash } = await workerWithForm()
      await timeOutAndSweep(tokenHash, 1)
      const typed = `Held for ${String(minutes)} minutes before sign-in`
      kept[minutes] = { browser, typed, returnTo: await heldAt(browser, await send(browser, form, typed)) }
      const id = new URL(kept[minutes].returnTo, 'http://localhost').searchParams.get('held')
      await t.db.owner(`update held_submissions set created_at = created_at - make_interval(mins => $2), expires_at = expires_at - make_interval(mins => $2) where id = $1`, [id, minutes])
    }
    for (const [minutes, shown] of [[59, true], [61, false]] as const) {
      const { browser, returnTo, typed } = kept[minutes] ?? { browser: newBrowser(), returnTo: '', typed: '' }
      await signInTo(browser, WORKER, returnTo)
      const page = await browser.get(returnTo)
      expect(page.statusCode).toBe(200)
      expect(page.body.includes(typed)).toBe(shown)
    }
  })

  it('refuses to hold a form that did not come from a page of that session', async () => {
    const { browser, form, tokenHash } = await workerWithForm()
    await timeOutAndSweep(tokenHash, 5)
    const before = await heldCount()
    const sent = await browser.post(formUrl, { submissionId: /name="submissionId" value="([^"]+)"/.exec(form)?.[1] ?? '', text: 'Planted by another site' }, 'not-the-token')
    expect(String(sent.headers.location)).not.toContain('held')
    expect(await heldCount()).toBe(before)
  })

  it('holds a form sent after an administrator ended the session, however long after it was removed', async () => {
    const admin = newBrowser()
    await admin.signIn('admin@fellside.example', undefined, await withAuthenticatorApp(t.db, 'admin@fellside.example'))
    const { browser, form, tokenHash } = await workerWithForm()
    await admin.get(`/admin/users/${workerId}/disable`)
    expect((await admin.post(`/admin/users/${workerId}/disable`, {})).statusCode).toBe(303)
    expect((await t.db.owner('select 1 from sessions where token_hash = $1', [tokenHash])).rows).toHaveLength(0)
    const { rows } = await t.db.owner<{ reason: string }>('select reason from ended_sessions where token_hash = $1', [tokenHash])
    expect(rows[0]?.reason).toBe('ended-by-administrator')
    await t.db.owner(`update ended_sessions set ended_at = ended_at - interval '30 minutes', forget_at = forget_at - interval '30 minutes' where token_hash = $1`, [tokenHash])

    const typed = 'Typed while an administrator was changing my account'
    const returnTo = await heldAt(browser, await send(browser, form, typed))
    await admin.get(`/admin/users/${workerId}`)
    expect((await admin.post(`/admin/users/${workerId}/enable`, {})).statusCode).toBe(303)

    const colleague = newBrowser()
    await signInTo(colleague, COLLEAGUE, returnTo)
    expect((await colleague.get(returnTo)).body).not.toContain(typed)
    await signInTo(browser, WORKER, returnTo)
    expect((await browser.get(returnTo)).body).toContain(typed)
  })

  it('forgets whose an ended session was once the hour is over', async () => {
    const { tokenHash } = await workerWithForm()
    await timeOutAndSweep(tokenHash, 61)
    await sweepExpired(t.db.handle, createSessionStore(t.db.handle, t.config.session), t.config.signInThrottle.windowSeconds)
    expect((await t.db.owner('select 1 from ended_sessions where token_hash = $1', [tokenHash])).rows).toHaveLength(0)
  })
})
