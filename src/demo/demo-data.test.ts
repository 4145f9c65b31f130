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
    const tom = await signedIn(t.app, 'partner@fellside.example')
    expect((await tom.get('/partner')).body).toContain('The Ashworth family')
  })
})
