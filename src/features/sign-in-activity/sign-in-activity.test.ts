import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient } from '../../../test/support/browser.js'
import { createUser, withAuthenticatorApp } from '../../../test/support/factories.js'
import { NOT_NAMED } from './sign-in-activity.service.js'

describe('sign-in activity for administrators', () => {
  let t: TestApp
  let admin: PageClient
  beforeAll(async () => {
    t = await startTestApp()
    admin = new PageClient(t.app, '192.0.2.230')
    await admin.signIn('admin@fellside.example', undefined, await withAuthenticatorApp(t.db, 'admin@fellside.example'))
  })
  afterAll(async () => { await t.close() })

  it('names staff, but never a family or network member', async () => {
    const staff = await createUser(t.db, { displayName: 'Orla Thistlewood' })
    const family = await createUser(t.db, { displayName: 'Marnie Quillfeather', email: 'marnie.quillfeather@example.com' })
    await t.db.owner(`update users set role = 'family-member' where id = $1`, [family.id])
    await new PageClient(t.app, '192.0.2.231').signIn(staff.email, staff.password)
    await new PageClient(t.app, '192.0.2.232').signIn(family.email, family.password)
    await new PageClient(t.app, '192.0.2.233').signIn(family.email, 'not-the-password')

    const page = await admin.get('/admin/sign-in-activity?group=sign-ins')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Orla Thistlewood')
    expect(page.body).not.toContain('Quillfeather')
    expect(page.body).not.toContain('Marnie')
    // Signed in (done by and account) and failed to sign in (account): three mentions, none by name.
    const table = /<table[\s\S]*<\/table>/.exec(page.body)?.[0] ?? ''
    expect(table.split(NOT_NAMED).length - 1).toBeGreaterThanOrEqual(3)
    expect(page.body).toContain('Staff are shown by name. Family members and safety network members are shown only as')
  })
})
