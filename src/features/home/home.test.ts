import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { signedIn } from '../../../test/support/browser.js'
import { familyIdNamed } from '../../../test/support/factories.js'

describe('the home page\'s "Coming up"', () => {
  let t: TestApp
  beforeAll(async () => { t = await startTestApp() })
  afterAll(async () => { await t.close() })

  it('shows the worker the next steps due or overdue on their families and the meetings coming, from the record', async () => {
    const family = await familyIdNamed(t.db, 'The Ashworth family')
    // Due yesterday, today and in ten days, so the page must say which is overdue whatever today is.
    await t.db.owner(`update map_entry_versions v set due_on = (now() at time zone 'Europe/London')::date - 1
      from map_entries e join maps m on m.id = e.map_id where v.entry_id = e.id and v.version = e.current_version and e.category = 'next-step' and m.family_id = $1`, [family])
    await t.db.owner(`insert into family_meetings (organisation_id, family_id, title, held_on, place, created_by, submission_id)
      select organisation_id, id, 'Review child protection conference', (now() at time zone 'Europe/London')::date + 14, 'Tarnbeck Family Centre', allocated_worker_id, gen_random_uuid() from families where id = $1`, [family])
    const rowan = await signedIn(t.app, 'practitioner@fellside.example')
    const home = await rowan.get('/')
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('Ask Jean and Claire&#39;s friend Sam to come to a network meeting.')
    expect(home.body).toContain('Overdue')
    expect(home.body).toContain('Review child protection conference')
    expect(home.body).not.toContain('You have no meetings or next steps due')
    // The read names the families it showed, in the audit trail.
    const { rows } = await t.db.owner<{ n: number }>(`select count(*)::int as n from audit_events where action = 'home.coming-up-viewed' and details->'familyIds' ? $1`, [family])
    expect(rows[0]?.n).toBe(1)
  })

  it('says there is nothing due when nothing is, and does not count done or removed steps', async () => {
    const family = await familyIdNamed(t.db, 'The Ashworth family')
    await t.db.owner(`update map_entry_versions v set done = true
      from map_entries e join maps m on m.id = e.map_id where v.entry_id = e.id and v.version = e.current_version and e.category = 'next-step'`)
    await t.db.owner(`delete from family_meetings where family_id = $1`, [family])
    const rowan = await signedIn(t.app, 'practitioner@fellside.example')
    const home = await rowan.get('/')
    expect(home.body).toContain('No next steps on your families are overdue or due in the next 14 days.')
    expect(home.body).toContain('No meetings for your families in the next 28 days.')
  })
})
