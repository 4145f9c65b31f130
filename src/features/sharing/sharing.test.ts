import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { familyIdNamed, userId, personIdNamed } from '../../../test/support/factories.js'
import { addFamilyMember, FAMILY_PASSWORD } from '../../../test/support/personas.js'
import { looksLikeCode, newInvitationCode, normaliseCode } from './invitation-code.js'
import { ageOn } from '../../family-record/index.js'

const codeIn = (body: string): string => /data-invitation-code>([A-Z0-9-]+)</.exec(body)?.[1] ?? ''

describe('invitation codes', () => {
  it('are 12 easy-to-read characters in three groups, typed in any form', () => {
    const code = newInvitationCode()
    expect(looksLikeCode(code)).toBe(true)
    expect(normaliseCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code)
    expect(new Set(Array.from({ length: 200 }, newInvitationCode)).size).toBe(200)
  })

  it('works out ages on birthdays correctly', () => {
    expect(ageOn('2014-11-26', new Date('2026-11-26T12:00:00Z'))).toBe(12)
    expect(ageOn('2014-11-27', new Date('2026-11-26T12:00:00Z'))).toBe(11)
  })
})

describe('sharing a family\'s space', () => {
  let t: TestApp
  let rowan: PageClient
  let familyId: string
  let claireId: string
  let code: string

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    claireId = await personIdNamed(t.db, familyId, 'Claire')
  })
  afterAll(async () => { await t.close() })

  it('invites a parent with a code shown once and kept only as a hash', async () => {
    const form = await rowan.get(`/families/${familyId}/sharing/invite`)
    expect(form.body).toContain('Claire Ashworth')
    expect(form.body).not.toContain('Leo Ashworth')
    const made = await rowan.post(`/families/${familyId}/sharing/invite`, { person: claireId, submissionId: /name="submissionId" value="([^"]+)"/.exec(form.body)?.[1] ?? '' })
    expect(made.statusCode).toBe(200)
    code = codeIn(made.body)
    expect(looksLikeCode(code)).toBe(true)
    const { rows } = await t.db.owner<{ code_hash: string }>('select code_hash from family_access')
    expect(rows[0]?.code_hash).not.toContain(code)
    expect((await rowan.get(`/families/${familyId}/sharing`)).body).not.toContain(code)
    const again = await rowan.post(`/families/${familyId}/sharing/invite`, { person: claireId })
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('already has an invitation')
  })

  it('lets the parent join with the code and a password of their own, once', async () => {
    const claire = new PageClient(t.app, '198.51.100.7')
    await claire.get('/join')
    const refused = await claire.post('/join', { code: 'NOT-A-CODE', email: 'claire@example.com', password: 'short', confirmPassword: 'short' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('Enter the code as it is written')
    expect(refused.body).toContain('Password must be 12 characters or more')
    const wrong = await claire.post('/join', { code: 'ABCD-EFGH-JKMN', email: 'claire@example.com', password: 'a long family password', confirmPassword: 'a long family password' })
    expect(wrong.body).toContain('This code cannot be used')
    expect(Number((await t.db.owner<{ n: string }>(`select count(*) as n from users where role = 'family-member'`)).rows[0]?.n)).toBe(0)
    const joined = await claire.post('/join', { code: code.toLowerCase(), email: 'claire@example.com', password: 'a long family password', confirmPassword: 'a long family password' })
    expect(joined.headers.location).toBe('/sign-in?joined=yes')
    const reused = await new PageClient(t.app).post('/join', { code, email: 'someone@example.com', password: 'a long family password', confirmPassword: 'a long family password' }, null)
    expect(reused.statusCode).toBe(403)
    const other = new PageClient(t.app, '198.51.100.8')
    await other.get('/join')
    expect((await other.post('/join', { code, email: 'someone@example.com', password: 'a long family password', confirmPassword: 'a long family password' })).body).toContain('This code cannot be used')
  })

  it('signs the parent in to their family space, and never into staff pages', async () => {
    const claire = await signedIn(t.app, 'claire@example.com', { password: 'a long family password', address: '198.51.100.9' })
    expect((await claire.get('/')).headers.location).toBe('/my-family')
    expect((await claire.get(`/families/${familyId}`)).statusCode).toBe(404)
    expect((await claire.get(`/families/${familyId}/map`)).statusCode).toBe(404)
    expect((await claire.get('/families')).statusCode).toBe(404)
    expect((await claire.get('/admin/users')).statusCode).toBe(403)
  })

  it('ends the parent\'s access at once when the worker removes it', async () => {
    const claire = await signedIn(t.app, 'claire@example.com', { password: 'a long family password', address: '198.51.100.10' })
    const { rows } = await t.db.owner<{ id: string }>('select id from family_access')
    await rowan.get(`/families/${familyId}/sharing`)
    expect((await rowan.post(`/families/${familyId}/sharing/members/${rows[0]?.id ?? ''}/end`, {})).statusCode).toBe(303)
    const after = await claire.get('/account')
    expect(after.statusCode).toBe(303)
    expect(String(after.headers.location)).toMatch(/^\/sign-in/)
  })

  it('invites a partner only with consent recorded or a lawful reason, and ends it when consent is withdrawn', async () => {
    const form = await rowan.get(`/families/${familyId}/sharing/partners/invite`)
    const partner = /<option value="([0-9a-f-]{36})">Tom Greaves/.exec(form.body)?.[1] ?? ''
    // A form sent after the session cookie has gone comes back, choices and all, once signed in again.
    const worker = await signedIn(t.app, 'practitioner@fellside.example', { address: '198.51.100.44' })
    await worker.get(`/families/${familyId}/sharing/partners/invite`)
    worker.cookies.delete('mapwell-session')
    const kept = await worker.post(`/families/${familyId}/sharing/partners/invite`, { partner, basis: 'without-consent', lawfulReason: 'Leo said Dean hit him' })
    const returnTo = new URL(String(kept.headers.location), 'http://localhost').searchParams.get('returnTo') ?? ''
    await worker.signIn('practitioner@fellside.example')
    const restored = await worker.get(returnTo)
    expect(restored.body).toContain('You were signed out before this was saved')
    expect(restored.body).toMatch(new RegExp(`value="${partner}" selected`))
    expect(restored.body).toMatch(/value="without-consent" checked/)
    expect(restored.body).toContain('Leo said Dean hit him')
    await rowan.get(`/families/${familyId}/sharing/partners/invite`)
    const refused = await rowan.post(`/families/${familyId}/sharing/partners/invite`, { partner, basis: 'consent', consentGivenBy: '', consentGivenOn: '' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('Enter who in the family gave consent')
    expect(Number((await t.db.owner<{ n: string }>('select count(*) as n from partner_access')).rows[0]?.n)).toBe(0)
    const invited = await rowan.post(`/families/${familyId}/sharing/partners/invite`, { partner, basis: 'consent', consentGivenBy: 'Claire Ashworth', consentGivenOn: '20/11/2026', submissionId: /name="submissionId" value="([^"]+)"/.exec(form.body)?.[1] ?? '' })
    expect(invited.statusCode).toBe(303)
    const page = await rowan.get(`/families/${familyId}/sharing`)
    expect(page.body).toContain('Consent from Claire Ashworth on 20 November 2026')
    const { rows } = await t.db.owner<{ id: string }>('select id from partner_access')
    await rowan.post(`/families/${familyId}/sharing/partners/${rows[0]?.id ?? ''}/end`, { reason: 'consent-withdrawn' })
    const ended = await t.db.owner<{ ended_reason: string }>('select ended_reason from partner_access')
    expect(ended.rows[0]?.ended_reason).toBe('consent-withdrawn')
  })

  it('ends a network member\'s access when they leave the network', async () => {
    const { rows: [jean] } = await t.db.owner<{ id: string; organisation_id: string }>(`select id, organisation_id from people where family_id = $1 and given_name = 'Jean'`, [familyId])
    await t.db.owner(`insert into network_members (organisation_id, family_id, person_id, relationship_to_child, closeness, joined_on, created_by, submission_id)
      values ($1, $2, $3, 'Nan', 1, '2026-10-01', $4, gen_random_uuid())`, [jean?.organisation_id, familyId, jean?.id, await userId(t.db, 'practitioner@fellside.example')])
    await addFamilyMember(t, familyId, jean?.id ?? '', 'network-member', 'jean@example.com', 'Jean Pollard')
    const client = await signedIn(t.app, 'jean@example.com', { password: FAMILY_PASSWORD, address: '198.51.100.20' })
    expect((await client.get('/my-family')).body).toContain('Ashworth')
    await t.db.owner(`update network_members set left_on = current_date where person_id = $1`, [jean?.id])
    const after = await client.get('/my-family')
    expect(after.body).toContain('Your access has ended')
    expect(after.body).not.toContain('Ashworth')
    expect((await client.get('/my-family/plan')).statusCode).toBe(404)
  })
})
