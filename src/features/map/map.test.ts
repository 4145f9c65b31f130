import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { withAuthenticatorApp, familyIdNamed } from '../../../test/support/factories.js'
import { MESSAGES } from './map.schema.js'

describe('the map', () => {
  let t: TestApp
  let rowan: PageClient
  let familyId: string
  let mapUrl: string
  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    mapUrl = `/families/${familyId}/map`
  })
  afterAll(async () => { await t.close() })

  async function entryIdWith(text: string): Promise<string> {
    const { rows } = await t.db.owner<{ entry_id: string }>(`select entry_id from map_entry_versions where text like $1 order by typed_at desc limit 1`, [`%${text}%`])
    return rows[0]?.entry_id ?? ''
  }

  it('shows every part of the map in the words of the family\'s level of help, with whose view each entry is', async () => {
    const page = await rowan.get(mapUrl)
    expect(page.statusCode).toBe(200)
    for (const heading of ['What are we worried about?', 'What&#39;s working well?', 'What needs to happen?', 'Harm', 'Danger statements', 'Complicating factors', 'Existing strengths', 'Existing safety', 'Safety goals', 'Next steps', 'Grey areas']) {
      expect(page.body, heading).toContain(heading)
    }
    expect(page.body).toContain('Said by Jean Pollard (grandmother)')
    expect(page.body).toContain('Typed by Rowan Ashby')
  })

  it('flags the jargon in the demo family\'s danger statement when it is opened, with suggestions, without JavaScript', async () => {
    const statement = await entryIdWith('Before the ICPC')
    const page = await rowan.get(`${mapUrl}/entries/${statement}/edit`)
    expect(page.statusCode).toBe(200)
    const panel = /<div class="app-coach"[\s\S]*?<\/div>/.exec(page.body)?.[0] ?? ''
    expect(panel).toContain('&quot;domestic violence&quot;')
    expect(panel).toContain('&quot;non-compliant&quot;')
    expect(panel).toContain('&quot;ICPC&quot;')
    expect(panel).toContain('Try: the first child protection meeting')
  })

  it('saves an entry, then gives the coach\'s advice without blocking it', async () => {
    const form = await rowan.get(`${mapUrl}/add/danger`)
    expect(form.statusCode).toBe(200)
    const submissionId = /name="submissionId" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const saved = await rowan.post(`${mapUrl}/add/danger`, { submissionId, text: 'There is domestic violence and mum is non-compliant.', saidByKind: 'worker', saidByName: 'Rowan Ashby (social worker)' })
    expect(saved.statusCode).toBe(303)
    const map = await rowan.get(String(saved.headers.location))
    expect(map.body).toContain('There is domestic violence and mum is non-compliant.')
    expect(map.body).toContain('Some things to think about')
    expect(map.body).toContain('A label for abuse')
    expect(map.body).toContain('No safety goal yet')
  })

  it('saves a double-submitted form once', async () => {
    const form = await rowan.get(`${mapUrl}/add/strength`)
    const submissionId = /name="submissionId" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
    const body = { submissionId, text: 'Leo is brilliant at drawing dinosaurs.', saidByKind: 'child', saidByName: 'Leo (7)' }
    const first = await rowan.post(`${mapUrl}/add/strength`, body)
    const second = await rowan.post(`${mapUrl}/add/strength`, body)
    expect(second.headers.location).toBe(first.headers.location)
    const { rows } = await t.db.owner(`select 1 from map_entry_versions where text = 'Leo is brilliant at drawing dinosaurs.'`)
    expect(rows).toHaveLength(1)
  })

  it('keeps what was typed and says what is missing when a form is not complete', async () => {
    await rowan.get(`${mapUrl}/add/next-step`)
    const response = await rowan.post(`${mapUrl}/add/next-step`, { submissionId: crypto.randomUUID(), text: 'Book the network meeting', saidByKind: '', saidByName: '', owner: '', due: '31/2/2027' })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Book the network meeting')
    for (const message of [MESSAGES.voiceKindMissing, MESSAGES.voiceNameMissing, MESSAGES.ownerMissing, MESSAGES.dueInvalid]) expect(response.body).toContain(message.replace(/"/g, '&quot;'))
  })

  it('pairs each statement with one goal', async () => {
    const statementId = await entryIdWith('mum is non-compliant')
    const goalForm = await rowan.get(`${mapUrl}/add/goal?statement=${statementId}`)
    expect(goalForm.body).toContain('This goal answers:')
    const saved = await rowan.post(`${mapUrl}/add/goal`, { submissionId: crypto.randomUUID(), statement: statementId, text: 'Claire and the children will live calmly and safely, and Leo will tell Jean he feels safe, for 6 months.', saidByKind: 'worker', saidByName: 'Rowan Ashby' })
    expect(saved.statusCode).toBe(303)
    await rowan.get(`${mapUrl}/add/goal?statement=${statementId}`)
    const second = await rowan.post(`${mapUrl}/add/goal`, { submissionId: crypto.randomUUID(), statement: statementId, text: 'A second goal for the same statement.', saidByKind: 'worker', saidByName: 'Rowan Ashby' })
    expect(second.statusCode).toBe(400)
    expect(second.body).toContain('That statement already has a goal')
    const { rows } = await t.db.owner(`select 1 from map_entries where paired_entry_id = $1 and removed_at is null`, [statementId])
    expect(rows).toHaveLength(1)
  })

  it('shows both texts when two people change the same entry, losing neither', async () => {
    const entryId = await entryIdWith('Jean lives ten minutes away')
    const mine = await rowan.get(`${mapUrl}/entries/${entryId}/edit`)
    const baseVersion = /name="baseVersion" value="(\d+)"/.exec(mine.body)?.[1] ?? ''
    const manager = await signedIn(t.app, 'manager@fellside.example')
    const theirs = await manager.get(`${mapUrl}/entries/${entryId}/edit`)
    await manager.post(`${mapUrl}/entries/${entryId}/edit`, {
      submissionId: /name="submissionId" value="([^"]+)"/.exec(theirs.body)?.[1] ?? '', baseVersion,
      text: 'Jean lives ten minutes away and has the children every Saturday and Wednesday.', saidByKind: 'network-member', saidByName: 'Jean Pollard (grandmother)',
    })
    const conflict = await rowan.post(`${mapUrl}/entries/${entryId}/edit`, {
      submissionId: /name="submissionId" value="([^"]+)"/.exec(mine.body)?.[1] ?? '', baseVersion,
      text: 'Jean lives nearby and is teaching Leo to swim.', saidByKind: 'network-member', saidByName: 'Jean Pollard (grandmother)',
    })
    expect(conflict.statusCode).toBe(409)
    expect(conflict.body).toContain('Someone else saved a change to this entry')
    expect(conflict.body).toContain('has the children every Saturday and Wednesday')
    expect(conflict.body).toContain('Jean lives nearby and is teaching Leo to swim.')
    const resolved = await rowan.post(`${mapUrl}/entries/${entryId}/edit`, {
      submissionId: /name="submissionId" value="([^"]+)"/.exec(conflict.body)?.[1] ?? '', baseVersion: /name="baseVersion" value="(\d+)"/.exec(conflict.body)?.[1] ?? '',
      text: 'Jean lives nearby, has the children on Saturdays and Wednesdays, and is teaching Leo to swim.', saidByKind: 'network-member', saidByName: 'Jean Pollard (grandmother)',
    })
    expect(resolved.statusCode).toBe(303)
    const { rows } = await t.db.owner<{ text: string }>('select text from map_entry_versions where entry_id = $1 order by version', [entryId])
    expect(rows.map((row) => row.text)).toEqual([
      'Jean lives ten minutes away and looks after the children every Saturday.',
      'Jean lives ten minutes away and has the children every Saturday and Wednesday.',
      'Jean lives nearby, has the children on Saturdays and Wednesdays, and is teaching Leo to swim.',
    ])
  })

  it('keeps what was typed when someone removes the entry while it is being changed, and lets it be added again', async () => {
    const form = await rowan.get(`${mapUrl}/add/grey-area`)
    const added = await rowan.post(`${mapUrl}/add/grey-area`, { submissionId: /name="submissionId" value="([^"]+)"/.exec(form.body)?.[1] ?? '', text: 'We do not know who Leo plays with after school.', saidByKind: 'worker', saidByName: 'Rowan Ashby' })
    const entryId = /saved=([0-9a-f-]{36})/.exec(String(added.headers.location))?.[1] ?? ''
    // Rowan opens it to change it; the manager removes it; Rowan saves what they typed.
    const mine = await rowan.get(`${mapUrl}/entries/${entryId}/edit`)
    const manager = await signedIn(t.app, 'manager@fellside.example')
    const confirm = await manager.get(`${mapUrl}/entries/${entryId}/remove`)
    expect((await manager.post(`${mapUrl}/entries/${entryId}/remove`, {
      baseVersion: /name="baseVersion" value="(\d+)"/.exec(confirm.body)?.[1] ?? '', submissionId: /name="submissionId" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '',
    })).statusCode).toBe(303)
    const typed = 'Leo plays with his cousin Sam after school, at Jean\'s house.'
    const late = await rowan.post(`${mapUrl}/entries/${entryId}/edit`, {
      submissionId: /name="submissionId" value="([^"]+)"/.exec(mine.body)?.[1] ?? '', baseVersion: /name="baseVersion" value="(\d+)"/.exec(mine.body)?.[1] ?? '',
      text: typed, saidByKind: 'worker', saidByName: 'Rowan Ashby',
    })
    expect(late.statusCode).toBe(409)
    const managerName = (await t.db.owner<{ display_name: string }>(`select display_name from users where email = 'manager@fellside.example'`)).rows[0]?.display_name ?? ''
    expect(late.body).toContain(`This was removed by ${managerName} on`)
    expect(late.body).toContain(typed.replace(/'/g, '&#39;'))
    expect(late.body).toContain('We do not know who Leo plays with after school.')
    expect(late.body).toContain(`action="${mapUrl}/add/grey-area"`)
    expect(late.body).not.toContain('Page not found')
    // Saving that form adds it again as a new entry, with the typed text; the removed one stays removed.
    const again = await rowan.post(`${mapUrl}/add/grey-area`, {
      submissionId: /name="submissionId" value="([^"]+)"/.exec(late.body)?.[1] ?? '', baseVersion: '', statement: '', text: typed, saidByKind: 'worker', saidByName: 'Rowan Ashby',
    })
    expect(again.statusCode).toBe(303)
    const readded = /saved=([0-9a-f-]{36})/.exec(String(again.headers.location))?.[1] ?? ''
    expect(readded).not.toBe(entryId)
    expect((await rowan.get(mapUrl)).body).toContain(typed.replace(/'/g, '&#39;'))
    expect((await t.db.owner('select 1 from map_entries where id = $1 and removed_at is not null', [entryId])).rows).toHaveLength(1)
    // Removing it a second time, from a page opened before, says who removed it first.
    const removeAgain = await rowan.post(`${mapUrl}/entries/${entryId}/remove`, {
      baseVersion: /name="baseVersion" value="(\d+)"/.exec(confirm.body)?.[1] ?? '', submissionId: crypto.randomUUID(),
    })
    expect(removeAgain.statusCode).toBe(409)
    expect(removeAgain.body).toContain(`This was already removed by ${managerName} on`)
  })

  it('keeps every version: an entry removed now is still on the map as it was, and a comparison shows the change', async () => {
    const entryId = await entryIdWith('Leo is brilliant at drawing dinosaurs')
    const before = Number((await t.db.owner<{ version: number }>('select version from maps where family_id = $1', [familyId])).rows[0]?.version)
    const confirm = await rowan.get(`${mapUrl}/entries/${entryId}/remove`)
    const removed = await rowan.post(`${mapUrl}/entries/${entryId}/remove`, {
      baseVersion: /name="baseVersion" value="(\d+)"/.exec(confirm.body)?.[1] ?? '', submissionId: /name="submissionId" value="([^"]+)"/.exec(confirm.body)?.[1] ?? '',
    })
    expect(removed.statusCode).toBe(303)
    expect((await rowan.get(mapUrl)).body).not.toContain('drawing dinosaurs')
    const earlier = await rowan.get(`${mapUrl}?version=${String(before)}`)
    expect(earlier.body).toContain('drawing dinosaurs')
    expect(earlier.body).toContain(`version ${String(before)} of this map`)
    const compared = await rowan.get(`${mapUrl}/compare?from=${String(before)}&to=${String(before + 1)}`)
    expect(compared.body).toMatch(/Removed \(1\)[\s\S]*drawing dinosaurs/)
    const history = await rowan.get(`${mapUrl}/history`)
    expect(history.body).toContain('Removed strength')
  })

  it('loses nothing typed when the session ends before the form is sent, even without JavaScript', async () => {
    const worker = new PageClient(t.app, '192.0.2.201')
    await worker.signIn('practitioner@fellside.example')
    const form = await worker.get(`${mapUrl}/add/grey-area`)
    expect(form.statusCode).toBe(200)
    const rowanId = (await t.db.owner<{ id: string }>(`select id from users where email = 'practitioner@fellside.example'`)).rows[0]?.id ?? ''
    await t.db.owner(`update sessions set last_active_at = now() - interval '2 hours' where user_id = $1 and token_hash = encode(sha256($2::bytea), 'hex')`, [rowanId, worker.cookies.get('mapwell-session') ?? ''])
    const typed = 'We do not yet know who collects Maisie from nursery on Fridays.'
    const sent = await worker.post(`${mapUrl}/add/grey-area`, {
      submissionId: /name="submissionId" value="([^"]+)"/.exec(form.body)?.[1] ?? '', text: typed, saidByKind: 'worker', saidByName: 'Rowan Ashby',
    })
    expect(sent.statusCode).toBe(303)
    const expired = String(sent.headers.location)
    expect(expired).toMatch(/^\/session-expired\?returnTo=/)
    const returnTo = new URL(expired, 'http://localhost').searchParams.get('returnTo') ?? ''
    expect(returnTo).toMatch(/\/map\/add\/grey-area\?held=/)
    // Someone else signing in with that link gets nothing of it.
    const colleague = new PageClient(t.app, '192.0.2.202')
    await colleague.signIn('manager@fellside.example')
    expect((await colleague.get(returnTo)).body).not.toContain(typed)
    // The person who typed it signs in again and is back at the form with their text.
    const expiredPage = await worker.get(expired)
    const signInLink = /href="(\/sign-in\?returnTo=[^"]+)"/.exec(expiredPage.body)?.[1]?.replace(/&amp;/g, '&') ?? ''
    expect(decodeURIComponent(signInLink.replace('/sign-in?returnTo=', ''))).toBe(returnTo)
    await worker.get(signInLink)
    const signedIn = await worker.post('/sign-in', { email: 'practitioner@fellside.example', password: 'demo-password-2026', returnTo })
    expect(signedIn.statusCode, signedIn.body.slice(0, 300)).toBe(303)
    expect(signedIn.headers.location).toBe(returnTo)
    const restored = await worker.get(returnTo)
    expect(restored.body).toContain(typed)
    expect(restored.body).toContain('You were signed out before this was saved')
    expect((await t.db.owner('select 1 from map_entry_versions where text = $1', [typed])).rows).toHaveLength(0)
  })

  it('answers 404 to staff outside the family\'s relationships and to administrators', async () => {
    const lakemoor = await signedIn(t.app, 'practitioner@lakemoor.example')
    expect((await lakemoor.get(mapUrl)).statusCode).toBe(404)
    const admin = new PageClient(t.app)
    await admin.signIn('admin@fellside.example', undefined, await withAuthenticatorApp(t.db, 'admin@fellside.example'))
    expect((await admin.get(mapUrl)).statusCode).toBe(404)
  })

  it('shows the latest scales near the top of the map and on its print, saying so when no one has scaled', async () => {
    const empty = await rowan.get(mapUrl)
    expect(empty.body).toMatch(/<h2[^>]*id="scales-heading">Scaling<\/h2>\s*<p class="govuk-body">No one has scaled yet\.<\/p>/)
    expect(empty.body.indexOf('scales-heading')).toBeLessThan(empty.body.indexOf('What are we worried about?'))
    const { rows } = await t.db.owner<{ id: string; organisation_id: string; user_id: string }>(
      `select m.id, m.organisation_id, u.id as user_id from maps m join users u on u.email = 'practitioner@fellside.example' where m.family_id = $1`, [familyId])
    const found = rows[0]
    if (found === undefined) throw new Error('no map')
    const round = await t.db.owner<{ id: string }>(`insert into scaling_rounds (organisation_id, map_id, blind, held_on, started_by) values ($1, $2, false, '2026-11-20', $3) returning id`,
      [found.organisation_id, found.id, found.user_id])
    await t.db.owner(`insert into scaling_scores (organisation_id, round_id, perspective_kind, perspective_name, score, why, one_point_higher, recorded_by, submission_id)
      values ($1, $2, 'parent-carer', 'Claire (mum)', 6, 'Visits kept.', 'School every day.', $3, $4)`, [found.organisation_id, round.rows[0]?.id, found.user_id, crypto.randomUUID()])
    const scaled = await rowan.get(mapUrl)
    expect(scaled.body).not.toContain('No one has scaled yet')
    expect(scaled.body).toContain('<strong class="app-scale">6 out of 10</strong>: Claire (mum), 20 November 2026')
    expect(scaled.body).toContain(`href="${mapUrl}/scaling">See every scale and start a round`)
    const print = await rowan.get(`${mapUrl}/print`)
    expect(print.body).toContain('<strong>6 out of 10</strong>: Claire (mum), 20 November 2026')
  })
  it('shows a long section\'s newest entries with a link to all of them, keeps all on the print, and pages the history', async () => {
    const { rows } = await t.db.owner<{ id: string; organisation_id: string; version: number; user_id: string }>(
      `select m.id, m.organisation_id, m.version, u.id as user_id from maps m join users u on u.email = 'practitioner@fellside.example' where m.family_id = $1`, [familyId])
    const found = rows[0]
    if (found === undefined) throw new Error('no map')
    // 15 more strengths, each changed three times: 60 versions more, so the history has two pages at least.
    await t.db.owner(`with added as (
        insert into map_entries (organisation_id, map_id, category) select $1, $2, 'strength' from generate_series(1, 15) returning id)
      insert into map_entry_versions (organisation_id, entry_id, map_id, version, map_version, change, text, said_by_kind, said_by_name, typed_by, typed_at, submission_id)
      select $1, a.id, $2, v, $3 + row_number() over (order by a.id, v), case when v = 1 then 'added' else 'changed' end,
             'Long strength ' || a.id || ' at version ' || v, 'worker', 'Rowan Ashby', $4, now() + v * interval '1 minute', gen_random_uuid()
        from added a cross join generate_series(1, 4) v`, [found.organisation_id, found.id, found.version, found.user_id])
    await t.db.owner(`update map_entries set current_version = 4 where map_id = $1 and current_version = 1 and category = 'strength' and id in (select entry_id from map_entry_versions where text like 'Long strength %')`, [found.id])
    await t.db.owner('update maps set version = version + 60 where id = $1', [found.id])
    const { rows: counted } = await t.db.owner<{ n: number }>(`select count(*)::int as n from map_entries where map_id = $1 and category = 'strength' and removed_at is null`, [found.id])
    const strengths = counted[0]?.n ?? 0

    const page = await rowan.get(mapUrl)
    expect(page.body).toContain(`The newest 10 of ${String(strengths)}. <a class="govuk-link" href="${mapUrl}?all=strength#section-strength">Show all ${String(strengths)} strengths</a>`)
    expect(page.body.match(/Long strength /g)).toHaveLength(10)
    const all = await rowan.get(`${mapUrl}?all=strength`)
    expect(all.statusCode).toBe(200)
    expect(all.body.match(/Long strength /g)).toHaveLength(15)
    expect(all.body).toContain(`href="${mapUrl}#section-strength">Show only the newest 10 strengths</a>`)
    const print = await rowan.get(`${mapUrl}/print`)
    expect(print.body.match(/Long strength /g)).toHaveLength(15)
    const history = await rowan.get(`${mapUrl}/history`)
    expect(history.body).toContain(`href="${mapUrl}/history?page=2"`)
    const second = await rowan.get(`${mapUrl}/history?page=2`)
    expect(second.statusCode).toBe(200)
    expect(second.body).toContain(`href="${mapUrl}/history?page=1"`)
  })
})
