import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient } from '../../../test/support/browser.js'
import { familyIdNamed } from '../../../test/support/factories.js'
import { DEMO_PASSWORD } from '../../demo/demo-data.js'

/** A form posted after the browser lost its session cookie altogether: the server cannot tell whose it is. */
describe('a form sent with no session cookie', () => {
  let t: TestApp
  let familyId: string
  beforeAll(async () => {
    t = await startTestApp()
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
  })
  afterAll(async () => { await t.close() })

  async function sendWithoutCookie(): Promise<{ worker: PageClient; returnTo: string; formUrl: string }> {
    const worker = new PageClient(t.app, '192.0.2.31')
    await worker.signIn('practitioner@fellside.example')
    const formUrl = `/families/${familyId}/people/new`
    await worker.get(formUrl)
    worker.cookies.delete('mapwell-session')
    const sent = await worker.post(formUrl, {
      kind: 'other-adult', givenName: 'Hana', familyName: 'Okafor', sex: 'F', disabilities: ['HEAR', 'VIS'],
      relId: ['', ''], relWords: ['', ''], relWith: ['', ''],
    })
    expect(sent.statusCode).toBe(303)
    const location = String(sent.headers.location)
    expect(location).toMatch(/^\/sign-in\?returnTo=/)
    const returnTo = new URL(location, 'http://localhost').searchParams.get('returnTo') ?? ''
    expect(returnTo).toMatch(new RegExp(`^${formUrl}\\?held=[0-9a-f-]{36}$`))
    const page = await worker.get(location)
    expect(page.body).toContain('You were signed out. Sign in again and your changes will be back in the form, not yet saved.')
    return { worker, returnTo, formUrl }
  }

  it('holds everything, encrypted, and gives it back only to the person whose page it was', async () => {
    const { worker, returnTo } = await sendWithoutCookie()
    const { rows: stored } = await t.db.owner<{ fields_encrypted: string }>('select fields_encrypted from unclaimed_held_submissions')
    expect(stored).toHaveLength(1)
    expect(stored[0]?.fields_encrypted).not.toContain('Okafor')

    // Someone else signing in on another browser with the same address does not get it.
    const priya = new PageClient(t.app, '192.0.2.32')
    await priya.signIn('manager@fellside.example')
    const theirs = await priya.get(returnTo)
    expect(theirs.statusCode).toBe(200)
    expect(theirs.body).not.toContain('Okafor')
    expect((await t.db.owner('select 1 from unclaimed_held_submissions')).rows).toHaveLength(1)

    await worker.post('/sign-in', { email: 'practitioner@fellside.example', password: DEMO_PASSWORD, returnTo })
    const restored = await worker.get(returnTo)
    expect(restored.body).toContain('You were signed out before this was saved')
    expect(restored.body).toContain('value="Okafor"')
    expect(restored.body).toMatch(/value="other-adult" checked/)
    expect(restored.body).toMatch(/value="F" selected/)
    expect(restored.body).toMatch(/value="HEAR" checked/)
    expect(restored.body).toMatch(/value="VIS" checked/)
    // It is now held for them: reloading gives it again, and it is no longer anyone's to claim.
    expect((await worker.get(returnTo)).body).toContain('value="Okafor"')
    expect((await t.db.owner('select 1 from unclaimed_held_submissions')).rows).toHaveLength(0)
  })

  it('holds nothing when the form carries no token from one of our pages', async () => {
    const stranger = new PageClient(t.app, '192.0.2.33')
    const sent = await stranger.post(`/families/${familyId}/people/new`, { kind: 'child', givenName: 'Planted' }, null)
    expect(String(sent.headers.location)).toBe('/sign-in')
    const { rows } = await t.db.owner<{ n: string }>(`select count(*) as n from unclaimed_held_submissions`)
    expect(rows[0]?.n).toBe('0')
  })
})
