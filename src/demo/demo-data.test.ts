import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../test/support/app.js'
import { signedIn } from '../../test/support/browser.js'
import { DEMO_PASSWORD, loadDemoData } from './demo-data.js'

describe('the running demo\'s shared family space', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ demoData: false })
    expect(await loadDemoData(t.db.ownerUrl, { sharing: true })).toBe(true)
    expect(await loadDemoData(t.db.ownerUrl, { sharing: true })).toBe(false)
  })
  afterAll(async () => { await t.close() })

  it('lets Claire and Jean sign in to the Ashworth family\'s space, and Tom see the family as a partner', async () => {
    for (const email of ['claire.ashworth@example.com', 'jean.pollard@example.com']) {
      const client = await signedIn(t.app, email, { password: DEMO_PASSWORD })
      expect((await client.get('/my-family')).body).toContain('Ashworth')
    }
    // What a parent asks first: who their worker is and how to ring them, what to do out of hours, and when the next meetings are.
    const home = (await (await signedIn(t.app, 'claire.ashworth@example.com', { password: DEMO_PASSWORD })).get('/my-family')).body
    expect(home).toContain('Your worker is Rowan Ashby. Their work phone is <a class="govuk-link" href="tel:+441632960241">01632 960 241</a>.')
    expect(home).toContain('If you are worried about a child&#39;s safety right now, call 999.')
    expect(home).toContain('href="tel:+441632960999">01632 960 999</a>')
    expect(home).toContain('at 10:30am. Where: Tarnbeck Family Centre')
    expect(home).toContain('at 2pm. Where: Tarnbeck Primary School, the family room')
    const tom = await signedIn(t.app, 'partner@fellside.example')
    expect((await tom.get('/partner')).body).toContain('The Ashworth family')
  })
})
