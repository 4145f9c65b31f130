import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { familyIdNamed } from '../../../test/support/factories.js'
import { LEVEL_MESSAGES } from './level.routes.js'

describe('stepping up, stepping down and closing', () => {
  let t: TestApp
  let rowan: PageClient
  let familyId: string
  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
  })
  afterAll(async () => { await t.close() })

  it('explains what is missing and changes nothing', async () => {
    await rowan.get(`/families/${familyId}/level`)
    const response = await rowan.post(`/families/${familyId}/level`, { to: '', on: '32/1/2026', reason: '' })
    expect(response.statusCode).toBe(400)
    for (const message of [LEVEL_MESSAGES.levelMissing, LEVEL_MESSAGES.dateInvalid, LEVEL_MESSAGES.reasonMissing]) expect(response.body).toContain(message)
    const { rows } = await t.db.owner<{ level: string }>('select level from episodes where family_id = $1', [familyId])
    expect(rows[0]?.level).toBe('child-protection')
  })

  it('steps down to early help keeping the map, whose words change', async () => {
    const before = await rowan.get(`/families/${familyId}/map`)
    expect(before.body).toContain('Danger statements')
    await rowan.get(`/families/${familyId}/level`)
    const saved = await rowan.post(`/families/${familyId}/level`, { to: 'early-help', on: '20/11/2026', reason: 'The plan has worked for three months; Claire asked for help to carry on.' })
    expect(saved.headers.location).toBe(`/families/${familyId}?level=changed`)
    const after = await rowan.get(`/families/${familyId}/map`)
    expect(after.body).toContain('Worry statements')
    expect(after.body).toContain('Wellbeing goals')
    expect(after.body).toContain('Signs of Wellbeing map')
    expect(after.body).toContain('Claire walks Leo to school every day')
    const record = await rowan.get(`/families/${familyId}`)
    expect(record.body).toContain('Stepped down from child protection to early help')
    expect(record.body).toContain('Stepped down to early help')
  })

  it('closes the help, after which the map can be read but not changed', async () => {
    await rowan.get(`/families/${familyId}/level`)
    await rowan.post(`/families/${familyId}/level`, { to: 'closed', on: '21/11/2026', reason: 'Goals seen for six months.' })
    const map = await rowan.get(`/families/${familyId}/map`)
    expect(map.statusCode).toBe(200)
    expect(map.body).not.toContain('/map/add/')
    await rowan.get(`/families/${familyId}/map/add/strength`)
    const refused = await rowan.post(`/families/${familyId}/map/add/strength`, { submissionId: crypto.randomUUID(), text: 'A late strength.', saidByKind: 'worker', saidByName: 'Rowan' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('can no longer be changed')
  })
})
