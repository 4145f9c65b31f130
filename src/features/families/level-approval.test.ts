import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { familyIdNamed, withAuthenticatorApp } from '../../../test/support/factories.js'
import { LEVEL_MESSAGES } from './level.routes.js'

describe('a manager approves step-downs and closures, where the council asks for it', () => {
  let t: TestApp
  let rowan: PageClient
  let priya: PageClient
  let familyId: string
  const decision = { to: 'child-in-need', on: '20/11/2026', reason: 'The plan has held for three months.', confirming: 'yes', override: 'yes', overrideReason: 'Claire asked for it.' }
  const level = async (): Promise<string | undefined> =>
    (await t.db.owner<{ level: string }>('select level from episodes where family_id = $1 and closed_on is null', [familyId])).rows[0]?.level
  const actions = async (): Promise<string[]> =>
    (await t.db.owner<{ action: string }>(`select action from audit_events where action like 'family.level-change-%' and subject_id = $1 order by id`, [familyId])).rows.map((row) => row.action)

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    priya = await signedIn(t.app, 'manager@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
  })
  afterAll(async () => { await t.close() })

  it('is off until an administrator turns it on: the practitioner steps down straight away', async () => {
    await rowan.get(`/families/${familyId}/level`)
    const confirm = await rowan.post(`/families/${familyId}/level`, { ...decision, confirming: '' })
    expect(confirm.body).not.toContain('A team manager must approve this')
    expect((await t.db.owner<{ needed: boolean }>(`select step_down_needs_approval as needed from organisations where slug = 'fellside'`)).rows[0]?.needed).toBe(false)
  })

  it('lets an administrator turn it on', async () => {
    const secret = await withAuthenticatorApp(t.db, 'admin@fellside.example')
    const admin = new PageClient(t.app)
    await admin.signIn('admin@fellside.example', undefined, secret)
    const page = await admin.get('/admin/settings')
    expect(page.body).toContain('Must a team manager approve a practitioner')
    const saved = await admin.post('/admin/settings', { roles: [], readinessThreshold: '7', youngPersonMinimumAge: '12', familyAccessGraceDays: '28', stepDownApproval: 'yes' })
    expect(saved.headers.location).toBe('/admin/settings?saved=yes')
    expect((await admin.get('/admin/settings')).body).toMatch(/value="yes" checked/)
  })

  it('turns a practitioner\'s step-down into a request, shown on the family\'s page; nothing changes yet', async () => {
    await rowan.get(`/families/${familyId}/level`)
    const confirm = await rowan.post(`/families/${familyId}/level`, { ...decision, confirming: '' })
    expect(confirm.body).toContain('A team manager must approve this')
    expect(confirm.body).toContain('Send to a team manager')
    const sent = await rowan.post(`/families/${familyId}/level`, decision)
    expect(sent.headers.location).toBe(`/families/${familyId}?level=requested`)
    expect(await level()).toBe('child-protection')
    const page = await rowan.get(`/families/${familyId}?level=requested`)
    expect(page.body).toContain('Waiting for a team manager')
    expect(page.body).toContain('Sent to a team manager to approve')
    // A second request while one waits is refused.
    await rowan.get(`/families/${familyId}/level`)
    const again = await rowan.post(`/families/${familyId}/level`, decision)
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('already waiting for a team manager')
    expect(await actions()).toEqual(['family.level-change-requested', 'family.level-change-refused'])
  })

  it('lists the request for the manager, who returns it with a reason: nothing changes, and the practitioner sees why', async () => {
    const list = await priya.get('/level-requests')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('The Ashworth family')
    const requestId = /\/level-requests\/([0-9a-f-]{36})/.exec(list.body)?.[1] ?? ''
    const page = await priya.get(`/families/${familyId}/level-requests/${requestId}`)
    expect(page.body).toContain('Not met when it was asked for')
    expect(page.body).toContain('Claire asked for it.')
    const missing = await priya.post(`/families/${familyId}/level-requests/${requestId}`, { decision: 'return', returnReason: '' })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain(LEVEL_MESSAGES.returnReasonMissing)
    const returned = await priya.post(`/families/${familyId}/level-requests/${requestId}`, { decision: 'return', returnReason: 'Talk to Jean first, then ask again.' })
    expect(returned.headers.location).toBe(`/level-requests?decided=${requestId}`)
    expect(await level()).toBe('child-protection')
    expect((await rowan.get(`/families/${familyId}`)).body).toContain('Talk to Jean first, then ask again.')
    // Only managers decide: a practitioner is refused (under a family's record, as not found).
    expect((await rowan.get(`/families/${familyId}/level-requests/${requestId}`)).statusCode).toBe(404)
    expect((await rowan.get('/level-requests')).statusCode).toBe(403)
  })

  it('changes the level only when the manager approves', async () => {
    await rowan.get(`/families/${familyId}/level`)
    expect((await rowan.post(`/families/${familyId}/level`, decision)).headers.location).toBe(`/families/${familyId}?level=requested`)
    const list = await priya.get('/level-requests')
    const requestId = /\/level-requests\/([0-9a-f-]{36})/.exec(list.body)?.[1] ?? ''
    await priya.get(`/families/${familyId}/level-requests/${requestId}`)
    const approved = await priya.post(`/families/${familyId}/level-requests/${requestId}`, { decision: 'approve' })
    expect(approved.headers.location).toBe(`/level-requests?decided=${requestId}`)
    expect(await level()).toBe('child-in-need')
    expect((await rowan.get(`/families/${familyId}`)).body).not.toContain('Waiting for a team manager')
    // Deciding again is refused, and changes nothing.
    await priya.get(`/families/${familyId}/level-requests/${requestId}`)
    const twice = await priya.post(`/families/${familyId}/level-requests/${requestId}`, { decision: 'approve' })
    expect(twice.statusCode).toBe(400)
    expect(await actions()).toEqual(['family.level-change-requested', 'family.level-change-refused', 'family.level-change-returned', 'family.level-change-requested', 'family.level-change-approved'])
  })

  it('lets a manager step down directly, without a request', async () => {
    await priya.get(`/families/${familyId}/level`)
    const saved = await priya.post(`/families/${familyId}/level`, { ...decision, to: 'early-help' })
    expect(saved.headers.location).toBe(`/families/${familyId}?level=changed`)
    expect(await level()).toBe('early-help')
  })
})
