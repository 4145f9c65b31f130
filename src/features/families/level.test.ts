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
    const decision = { to: 'early-help', on: '20/11/2026', reason: 'The plan has worked for three months; Claire asked for help to carry on.' }
    const confirm = await rowan.post(`/families/${familyId}/level`, decision)
    expect(confirm.statusCode).toBe(200)
    expect(confirm.body).toContain('Check before stepping down')
    const saved = await rowan.post(`/families/${familyId}/level`, { ...decision, confirming: 'yes', override: 'yes', overrideReason: 'Claire asked for it and the network is strong.' })
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

  it('warns what is not met before a step-down, and goes ahead only with an explicit override and a reason', async () => {
    const { rows: [episode] } = await t.db.owner<{ level: string }>('select level from episodes where family_id = $1 and closed_on is null', [familyId])
    expect(episode?.level).toBe('early-help')
    // Early help is the lowest level: a closure is the only way down from here.
    await rowan.get(`/families/${familyId}/level`)
    const decision = { to: 'closed', on: '20/11/2026', reason: 'Things are better.' }
    const confirm = await rowan.post(`/families/${familyId}/level`, decision)
    expect(confirm.statusCode).toBe(200)
    expect(confirm.body).toContain('Check before help ends')
    expect(confirm.body).toContain('govuk-warning-text')
    expect(confirm.body).toMatch(/not met:/)
    expect(confirm.body).toContain('I understand, end help anyway')
    const refused = await rowan.post(`/families/${familyId}/level`, { ...decision, confirming: 'yes' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(LEVEL_MESSAGES.overrideMissing)
    expect(refused.body).toContain(LEVEL_MESSAGES.overrideReasonMissing)
    const { rows: still } = await t.db.owner<{ closed_on: string | null }>('select closed_on from episodes where family_id = $1 order by started_on desc limit 1', [familyId])
    expect(still[0]?.closed_on).toBeNull()
  })

  it('closes the help, after which the map can be read but not changed', async () => {
    await rowan.get(`/families/${familyId}/level`)
    await rowan.post(`/families/${familyId}/level`, { to: 'closed', on: '21/11/2026', reason: 'Goals seen for six months.', confirming: 'yes', override: 'yes', overrideReason: 'The family moved away.' })
    const map = await rowan.get(`/families/${familyId}/map`)
    expect(map.statusCode).toBe(200)
    expect(map.body).not.toContain('/map/add/')
    await rowan.get(`/families/${familyId}/map/add/strength`)
    const refused = await rowan.post(`/families/${familyId}/map/add/strength`, { submissionId: crypto.randomUUID(), text: 'A late strength.', saidByKind: 'worker', saidByName: 'Rowan' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('can no longer be changed')
  })
})
