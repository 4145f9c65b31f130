import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { createUser, familyIdNamed, withAuthenticatorApp } from '../../../test/support/factories.js'

describe('the step-down and closure checklist', () => {
  let t: TestApp
  let rowan: PageClient
  let familyId: string
  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
  })
  afterAll(async () => { await t.close() })

  it('shows the worker and manager what is missing, worked out from the record', async () => {
    for (const client of [rowan, await signedIn(t.app, 'manager@fellside.example')]) {
      const page = await client.get(`/families/${familyId}/readiness`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('Not yet: 0 of 4 met.')
      expect(page.body).toContain('There is no one in the safety network yet.')
      expect(page.body).toContain('Leo has no words and pictures explanation yet.')
      // The demo goal says "for 6 months", so it needs 26 weeks in a row without anyone typing that again.
      expect(page.body).toContain('seen 0 weeks in a row of the 26 needed.')
      expect(page.body).not.toContain('how long it needs to be seen is not set.')
    }
  })

  it('uses the threshold the organisation\'s administrator sets, and refuses one out of range', async () => {
    await t.db.owner(`with r as (insert into scaling_rounds (organisation_id, map_id, held_on, started_by)
        select m.organisation_id, m.id, '2026-11-20', f.allocated_worker_id from maps m join families f on f.id = m.family_id where f.id = $1 returning id, organisation_id, started_by)
      insert into scaling_scores (organisation_id, round_id, perspective_kind, perspective_name, score, why, one_point_higher, recorded_by, submission_id)
        select organisation_id, id, 'parent-carer', 'Claire (mum)', 5, 'Things are calmer', 'Dean moving out', started_by, gen_random_uuid() from r`, [familyId])
    expect((await rowan.get(`/families/${familyId}/readiness`)).body).toContain('Claire (mum): 5 (the latest, on 20 November 2026).')
    const secret = await withAuthenticatorApp(t.db, 'admin@fellside.example')
    const admin = await signedIn(t.app, 'admin@fellside.example', { totpSecret: secret })
    await admin.get('/admin/settings')
    const refused = await admin.post('/admin/settings', { readinessThreshold: '11' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('Enter a whole number from 0 to 10')
    expect((await t.db.owner<{ readiness_threshold: number }>(`select readiness_threshold from organisations where slug = 'fellside'`)).rows[0]?.readiness_threshold).toBe(7)
    expect((await admin.post('/admin/settings', { readinessThreshold: '0' })).statusCode).toBe(303)
    const page = await rowan.get(`/families/${familyId}/readiness`)
    expect(page.body).toContain('everyone needs to reach is 0 out of 10')
    expect(page.body).toMatch(/Everyone&#39;s latest [a-z]+ scale at 0 or above[\s\S]*?Met/)
  })

  it('uses the words of the family\'s level of help on the whole page, at two levels', async () => {
    const episode = async (level: string) => t.db.owner(`update episodes set level = $2 where family_id = $1 and closed_on is null`, [familyId, level])
    await episode('child-in-need')
    const inNeed = (await rowan.get(`/families/${familyId}/readiness`)).body
    expect(inNeed).toContain('Each safety goal seen for its agreed time')
    expect(inNeed).toContain('The safety scale everyone needs to reach')
    expect(inNeed).toMatch(/latest safety scale at/)
    expect(inNeed).not.toMatch(/worry|wellbeing/i)
    await episode('early-help')
    const earlyHelp = (await rowan.get(`/families/${familyId}/readiness`)).body
    expect(earlyHelp).toContain('Each wellbeing goal seen for its agreed time')
    expect(earlyHelp).toContain('The wellbeing scale everyone needs to reach')
    expect(earlyHelp).not.toMatch(/danger|safety goal|safety scale/i)
  })

  it('answers 404 outside the family', async () => {
    const outsider = await createUser(t.db, { role: 'practitioner' })
    const client = await signedIn(t.app, outsider.email, { password: outsider.password })
    expect((await client.get(`/families/${familyId}/readiness`)).statusCode).toBe(404)
  })
})
