import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { createUser, familyIdNamed, userId } from '../../../test/support/factories.js'
import { todayTyped } from '../../platform/time.js'
import { MESSAGES } from './network.schema.js'


function hidden(page: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1] ?? ''
}

function html(message: string): string {
  return message.replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

describe('the safety network', () => {
  let t: TestApp
  let rowan: PageClient
  let familyId: string
  let networkUrl: string
  let people: (given: string) => Promise<string>
  let memberOf: (given: string) => Promise<string>

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    networkUrl = `/families/${familyId}/network`
    people = async (given) => (await t.db.owner<{ id: string }>('select id from people where family_id = $1 and given_name = $2', [familyId, given])).rows[0]?.id ?? ''
    memberOf = async (given) => (await t.db.owner<{ id: string }>(
      'select m.id from network_members m join people p on p.id = m.person_id where m.family_id = $1 and p.given_name = $2', [familyId, given])).rows[0]?.id ?? ''
  })
  afterAll(async () => { await t.close() })

  async function count(table: string): Promise<number> {
    const { rows } = await t.db.owner<{ n: number }>(`select count(*)::int as n from ${table} where family_id = $1`, [familyId])
    return rows[0]?.n ?? 0
  }

  it('starts empty, in plain words, with the children in the middle of the picture', async () => {
    const page = await rowan.get(networkUrl)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('No one has been added to the network yet.')
    expect(page.body).toContain('No network meetings recorded yet.')
    expect(page.body).toMatch(/<svg [^>]*role="img"/)
    expect(page.body).toContain('<text class="app-network-picture__child"')
    expect(page.body).toContain('>Leo Ashworth</text>')
    expect(page.body).toContain('At the centre: Leo Ashworth and Maisie Ashworth.')
    expect(page.body).toContain('Nobody yet')
  })

  it('says what is wrong, keeps what was typed and saves nothing when the form is not complete', async () => {
    const form = await rowan.get(`${networkUrl}/members/new`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Jean Pollard')
    expect(form.body).toContain('Very close')
    expect(form.body).toContain('Sees the children most days.')
    const before = { members: await count('network_members'), people: await count('people') }
    const bad = await rowan.post(`${networkUrl}/members/new`, {
      submissionId: hidden(form.body, 'submissionId'), who: 'new', givenName: 'Sam', familyName: '', relationship: '', closeness: '7', joinedOn: '31/2/2026', commitments: 'I will do the school run on Tuesdays.',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('There is a problem')
    for (const message of [MESSAGES.familyMissing, MESSAGES.relationshipMissing, MESSAGES.closenessMissing, MESSAGES.joinedInvalid]) expect(bad.body).toContain(html(message))
    expect(bad.body).toContain('value="Sam"')
    expect(bad.body).toContain('I will do the school run on Tuesdays.')
    expect(hidden(bad.body, 'submissionId')).toBe(hidden(form.body, 'submissionId'))
    const nobody = await rowan.post(`${networkUrl}/members/new`, { submissionId: crypto.randomUUID(), relationship: 'aunt', closeness: '1', joinedOn: todayTyped() })
    expect(nobody.statusCode).toBe(400)
    expect(nobody.body).toContain(html(MESSAGES.whoMissing))
    const future = await rowan.post(`${networkUrl}/members/new`, { submissionId: crypto.randomUUID(), who: 'new', givenName: 'Sam', familyName: 'Kirkby', relationship: 'friend', closeness: '2', joinedOn: '1/1/2099' })
    expect(future.body).toContain(html(MESSAGES.joinedFuture))
    expect({ members: await count('network_members'), people: await count('people') }).toEqual(before)
  })

  it('adds someone new to the record and the network, once, even when the form is sent twice', async () => {
    const form = await rowan.get(`${networkUrl}/members/new`)
    const body = {
      submissionId: hidden(form.body, 'submissionId'), who: 'new', givenName: 'Sam', familyName: 'Kirkby', relationship: 'Claire\'s friend from work', closeness: '2',
      joinedOn: '20/11/2026', commitments: 'I will pick Leo up from school on Tuesdays and Thursdays.',
    }
    const first = await rowan.post(`${networkUrl}/members/new`, body)
    const second = await rowan.post(`${networkUrl}/members/new`, body)
    expect(first.statusCode).toBe(303)
    expect(second.headers.location).toBe(first.headers.location)
    const { rows } = await t.db.owner<{ kind: string; relationship_to_child: string; closeness: number; joined_on: string }>(
      `select p.kind, m.relationship_to_child, m.closeness, m.joined_on::text from network_members m join people p on p.id = m.person_id where p.given_name = 'Sam' and p.family_name = 'Kirkby'`)
    expect(rows).toEqual([{ kind: 'other-adult', relationship_to_child: 'Claire\'s friend from work', closeness: 2, joined_on: '2026-11-20' }])
    const page = await rowan.follow(first)
    expect(page.body).toContain('Added to the network')
    expect(page.body).toContain('<text class="app-network-picture__name" x="')
    expect(page.body).toMatch(/app-network-picture__name[^>]*>Sam Kirkby<\/text>/)
    expect(page.body).toContain('I will pick Leo up from school on Tuesdays and Thursdays.')
    expect(page.body).toContain('Close: sees the children every week or so')
    expect(page.body).toContain(`/families/${familyId}/people/${await people('Sam')}/contact-details/new`)
  })

  it('adds an adult already in the record, showing their contact details, and will not add them twice', async () => {
    const jean = await people('Jean')
    const form = await rowan.get(`${networkUrl}/members/new`)
    const saved = await rowan.post(`${networkUrl}/members/new`, {
      submissionId: hidden(form.body, 'submissionId'), who: jean, relationship: 'Leo and Maisie\'s grandmother', closeness: '1', joinedOn: '15/7/2026',
      commitments: 'I will have the children every Saturday.',
    })
    expect(saved.statusCode).toBe(303)
    expect((await t.db.owner('select 1 from people where given_name = $1', ['Jean'])).rows).toHaveLength(1)
    const page = await rowan.follow(saved)
    expect(page.body).toContain('07700 900733')
    expect(page.body).toMatch(/Very close: sees the children most days<\/th>[\s\S]*?Jean Pollard/)
    const again = await rowan.get(`${networkUrl}/members/new`)
    expect(again.body).not.toContain(`value="${jean}"`)
    const twice = await rowan.post(`${networkUrl}/members/new`, { submissionId: crypto.randomUUID(), who: jean, relationship: 'nan', closeness: '1', joinedOn: todayTyped() })
    expect(twice.statusCode).toBe(400)
    expect(twice.body).toContain('They are already in the network')
    const leo = await people('Leo')
    const child = await rowan.post(`${networkUrl}/members/new`, { submissionId: crypto.randomUUID(), who: leo, relationship: 'brother', closeness: '1', joinedOn: todayTyped() })
    expect(child.statusCode).toBe(400)
    expect(child.body).toContain(html(MESSAGES.whoUnknown))
    expect(await count('network_members')).toBe(2)
  })

  it('never shows a contact detail to someone it is hidden from, and shows staff who else it is hidden from', async () => {
    const jean = await people('Jean')
    const dean = await people('Dean')
    const rowanId = await userId(t.db, 'practitioner@fellside.example')
    const organisation = (await t.db.owner<{ organisation_id: string }>('select organisation_id from families where id = $1', [familyId])).rows[0]?.organisation_id
    await t.db.owner(`insert into contact_details (organisation_id, family_id, person_id, kind, value, hidden_from_user_ids, hidden_reason) values ($1, $2, $3, 'address', '7 Larkspur Yard', $4, 'Rowan is Jean''s neighbour')`,
      [organisation, familyId, jean, [rowanId]])
    await t.db.owner(`insert into contact_details (organisation_id, family_id, person_id, kind, value, hidden_from_person_ids, hidden_reason) values ($1, $2, $3, 'email', 'jean.pollard@example.com', $4, 'Jean asked')`,
      [organisation, familyId, jean, [dean]])
    const rowansPage = await rowan.get(networkUrl)
    expect(rowansPage.body).not.toContain('7 Larkspur Yard')
    expect(rowansPage.body).not.toContain('Larkspur')
    expect(rowansPage.body).toContain('jean.pollard@example.com')
    expect(rowansPage.body).toContain('Hidden from Dean Ashworth')
    const manager = await signedIn(t.app, 'manager@fellside.example')
    expect((await manager.get(networkUrl)).body).toContain('7 Larkspur Yard')
  })

  it('records what a member was told, with the versions as they were at the time, once', async () => {
    const jean = await memberOf('Jean')
    const mapVersion = (await t.db.owner<{ version: number }>('select version from maps where family_id = $1', [familyId])).rows[0]?.version ?? -1
    expect(mapVersion).toBeGreaterThan(0)
    const form = await rowan.get(`${networkUrl}/members/${jean}/told`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(`Mapwell will record that they were told version ${String(mapVersion)} of the map.`)
    expect(form.body).toContain('There is no safety plan in Mapwell for this family yet.')
    const empty = await rowan.post(`${networkUrl}/members/${jean}/told`, { submissionId: hidden(form.body, 'submissionId'), toldOn: '', toldBy: '', note: 'She asked good questions.' })
    expect(empty.statusCode).toBe(400)
    for (const message of [MESSAGES.toldOnInvalid, MESSAGES.itemsMissing, MESSAGES.toldByMissing]) expect(empty.body).toContain(html(message))
    expect(empty.body).toContain('She asked good questions.')
    expect(await count('network_told_records')).toBe(0)
    const body = { submissionId: hidden(form.body, 'submissionId'), toldOn: '21/11/2026', items: ['danger-statements', 'safety-plan'], toldBy: 'Claire (mum) and Rowan Ashby (social worker)', note: 'She asked good questions.' }
    const first = await rowan.post(`${networkUrl}/members/${jean}/told`, body)
    const second = await rowan.post(`${networkUrl}/members/${jean}/told`, body)
    expect(first.statusCode).toBe(303)
    expect(second.headers.location).toBe(first.headers.location)
    const { rows } = await t.db.owner<{ items: string[]; map_version: number | null; plan_version: number | null; told_on: string }>('select items, map_version, plan_version, told_on::text from network_told_records where member_id = $1', [jean])
    expect(rows).toEqual([{ items: ['danger-statements', 'safety-plan'], map_version: mapVersion, plan_version: null, told_on: '2026-11-21' }])
    const page = await rowan.follow(first)
    expect(page.body).toContain(`danger statements (<a class="govuk-link" href="/families/${familyId}/map?version=${String(mapVersion)}">map version ${String(mapVersion)}</a>)`)
    expect(page.body).toContain('Told by Claire (mum) and Rowan Ashby (social worker).')
  })

  it('records the safety plan\'s and each booklet\'s version, and a later map version after the map changes', async () => {
    const sam = await memberOf('Sam')
    const organisation = (await t.db.owner<{ organisation_id: string }>('select organisation_id from families where id = $1', [familyId])).rows[0]?.organisation_id
    const rowanId = await userId(t.db, 'practitioner@fellside.example')
    await t.db.owner('insert into safety_plans (organisation_id, family_id, version) values ($1, $2, 3)', [organisation, familyId])
    const booklet = (await t.db.owner<{ id: string }>(`insert into booklets (organisation_id, family_id, child_person_id, title, current_version, created_by) values ($1, $2, $3, 'Leo''s words and pictures', 2, $4) returning id`,
      [organisation, familyId, await people('Leo'), rowanId])).rows[0]?.id
    const mapUrl = `/families/${familyId}/map`
    await rowan.get(`${mapUrl}/add/strength`)
    await rowan.post(`${mapUrl}/add/strength`, { submissionId: crypto.randomUUID(), text: 'Sam has known Claire since school and Leo trusts him.', saidByKind: 'family-member', saidByName: 'Claire (mum)' })
    const mapVersion = (await t.db.owner<{ version: number }>('select version from maps where family_id = $1', [familyId])).rows[0]?.version ?? -1
    const form = await rowan.get(`${networkUrl}/members/${sam}/told`)
    expect(form.body).toContain('Mapwell will record &quot;Leo&#39;s words and pictures&quot;, version 2.')
    await rowan.post(`${networkUrl}/members/${sam}/told`, {
      submissionId: hidden(form.body, 'submissionId'), toldOn: todayTyped(), items: ['danger-statements', 'words-and-pictures', 'safety-plan'], toldBy: 'Rowan Ashby',
    })
    const { rows } = await t.db.owner<{ map_version: number; plan_version: number; booklets: unknown }>('select map_version, plan_version, booklets from network_told_records where member_id = $1', [sam])
    expect(rows).toEqual([{ map_version: mapVersion, plan_version: 3, booklets: [{ bookletId: booklet, version: 2, title: 'Leo\'s words and pictures' }] }])
    const page = await rowan.get(networkUrl)
    expect(page.body).toContain(`map version ${String(mapVersion)}</a>), the words and pictures (&#34;Leo&#39;s words and pictures&#34;, version 2) and the safety plan (version 3)`)
  })

  it('shows a conflict instead of losing either change when two people change a member at once, and keeps a double submit quiet', async () => {
    const sam = await memberOf('Sam')
    const editUrl = `${networkUrl}/members/${sam}/edit`
    const mine = await rowan.get(editUrl)
    expect(mine.statusCode).toBe(200)
    expect(mine.body).toContain('value="Claire&#39;s friend from work"')
    const version = hidden(mine.body, 'version')
    const manager = await signedIn(t.app, 'manager@fellside.example')
    await manager.get(editUrl)
    const theirs = await manager.post(editUrl, { version, relationship: 'Claire\'s oldest friend', closeness: '2', joinedOn: '20/11/2026', commitments: 'Tuesdays and Thursdays school run.' })
    expect(theirs.statusCode).toBe(303)
    const stale = await rowan.post(editUrl, { version, relationship: 'Claire\'s friend from work', closeness: '1', joinedOn: '20/11/2026', commitments: 'School run, and Leo\'s swimming on Fridays.' })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('Someone else changed Sam Kirkby\'s details while you were writing')
    expect(stale.body).toContain('Claire&#39;s oldest friend')
    expect(stale.body).toContain('School run, and Leo&#39;s swimming on Fridays.')
    const current = (await t.db.owner<{ commitments: string; version: number }>('select commitments, version from network_members where id = $1', [sam])).rows[0]
    expect(current).toEqual({ commitments: 'Tuesdays and Thursdays school run.', version: Number(version) + 1 })
    const resolved = { version: hidden(stale.body, 'version'), relationship: 'Claire\'s oldest friend', closeness: '1', joinedOn: '20/11/2026', commitments: 'School run, and Leo\'s swimming on Fridays.' }
    const saved = await rowan.post(editUrl, resolved)
    expect(saved.statusCode).toBe(303)
    // The same change sent again (a double click) is not a conflict.
    expect((await rowan.post(editUrl, resolved)).statusCode).toBe(303)
    expect((await t.db.owner<{ closeness: number; version: number }>('select closeness, version from network_members where id = $1', [sam])).rows[0]).toEqual({ closeness: 1, version: Number(version) + 2 })
  })

  it('marks a member as having left rather than removing them', async () => {
    const sam = await memberOf('Sam')
    const editUrl = `${networkUrl}/members/${sam}/edit`
    const form = await rowan.get(editUrl)
    const values = { version: hidden(form.body, 'version'), relationship: 'Claire\'s oldest friend', closeness: '1', joinedOn: '20/11/2026', commitments: '' }
    const early = await rowan.post(editUrl, { ...values, leftOn: '1/11/2026' })
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain(html(MESSAGES.leftBeforeJoined))
    expect((await rowan.post(editUrl, { ...values, leftOn: todayTyped() })).statusCode).toBe(303)
    const page = await rowan.get(networkUrl)
    expect(page.body).toContain('People who have left the network')
    expect(page.body).not.toMatch(/app-network-picture__name[^>]*>Sam Kirkby</)
    expect((await t.db.owner('select 1 from network_members where id = $1', [sam])).rows).toHaveLength(1)
  })

  it('records a network meeting, newest first, with the changes made to the map that day', async () => {
    const jean = await memberOf('Jean')
    const form = await rowan.get(`${networkUrl}/meetings/new`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Jean Pollard')
    const bad = await rowan.post(`${networkUrl}/meetings/new`, { submissionId: hidden(form.body, 'submissionId'), heldOn: '32/1/2026', agreed: '', attendees: crypto.randomUUID() })
    expect(bad.statusCode).toBe(400)
    for (const message of [MESSAGES.heldOnInvalid, MESSAGES.agreedMissing, MESSAGES.attendeesUnknown]) expect(bad.body).toContain(html(message))
    expect(await count('network_meetings')).toBe(0)
    const earlier = { submissionId: crypto.randomUUID(), heldOn: '3/8/2026', attendees: jean, otherAttendees: '', agreed: 'Jean will visit on Wednesdays as well.' }
    await rowan.get(`${networkUrl}/meetings/new`)
    expect((await rowan.post(`${networkUrl}/meetings/new`, earlier)).statusCode).toBe(303)
    const today = { submissionId: hidden(form.body, 'submissionId'), heldOn: todayTyped(), attendees: jean, otherAttendees: 'Claire Ashworth (mum), Rowan Ashby (social worker)', agreed: 'Jean will have the children on Saturdays.\nClaire will phone Jean if Dean comes to the house.' }
    const first = await rowan.post(`${networkUrl}/meetings/new`, today)
    const second = await rowan.post(`${networkUrl}/meetings/new`, today)
    expect(second.headers.location).toBe(first.headers.location)
    expect(await count('network_meetings')).toBe(2)
    const page = await rowan.follow(first)
    expect(page.body).toContain('Network meeting recorded')
    const todayHeading = page.body.indexOf(`Network meeting, ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(new Date())}`)
    const augustHeading = page.body.indexOf('Network meeting, 3 August 2026')
    expect(todayHeading).toBeGreaterThan(-1)
    expect(augustHeading).toBeGreaterThan(todayHeading)
    const todaysMeeting = page.body.slice(todayHeading, augustHeading)
    expect(todaysMeeting).toContain('Claire Ashworth (mum), Rowan Ashby (social worker)')
    expect(todaysMeeting).toContain('Jean will have the children on Saturdays.<br>Claire will phone Jean')
    expect(todaysMeeting).toContain('Changes to the map that day')
    expect(todaysMeeting).toContain('Sam has known Claire since school and Leo trusts him.')
    expect(todaysMeeting).toContain('Strength')
    expect(page.body.slice(augustHeading)).toContain('No changes to the map that day.')
  })

  it('draws the family tree with every person and relationship, and says the same in sentences', async () => {
    const page = await rowan.get(`${networkUrl}/family-tree`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toMatch(/<svg [^>]*role="img"[^>]*aria-labelledby="family-tree-title family-tree-desc"/)
    expect(page.body).toContain('<li>Claire Ashworth is mother of Leo Ashworth.</li>')
    expect(page.body).toContain('<li>Jean Pollard is grandmother of Maisie Ashworth.</li>')
    expect(page.body).toContain('<li>Jean Pollard: other adult, in the safety network (Leo and Maisie&#39;s grandmother).</li>')
    // Sam left the network, so is no longer drawn as a member, but is still in the family record.
    expect(page.body).toContain('<li>Sam Kirkby: other adult.</li>')
  })

  it('writes what people type as text, never as markup', async () => {
    const form = await rowan.get(`${networkUrl}/members/new`)
    await rowan.post(`${networkUrl}/members/new`, { submissionId: hidden(form.body, 'submissionId'), who: 'new', givenName: '<script>alert(1)</script>', familyName: 'Test', relationship: '<b>friend</b>', closeness: '3', joinedOn: todayTyped() })
    const page = await rowan.get(networkUrl)
    expect(page.body).not.toContain('<script>alert(1)</script>')
    expect(page.body).not.toContain('<b>friend</b>')
    expect(page.body).toContain('&#60;script&#62;alert(1)&#60;/script&#62; Test')
    const tree = await rowan.get(`${networkUrl}/family-tree`)
    expect(tree.body).not.toContain('<script>alert(1)</script>')
  })

  it('loses nothing typed when the session ends before the form is sent, even without JavaScript', async () => {
    const jean = await memberOf('Jean')
    const toldUrl = `${networkUrl}/members/${jean}/told`
    const worker = new PageClient(t.app, '192.0.2.211')
    await worker.signIn('practitioner@fellside.example')
    const form = await worker.get(toldUrl)
    const rowanId = await userId(t.db, 'practitioner@fellside.example')
    await t.db.owner(`update sessions set last_active_at = now() - interval '2 hours' where user_id = $1 and token_hash = encode(sha256($2::bytea), 'hex')`, [rowanId, worker.cookies.get('mapwell-session') ?? ''])
    const typed = 'Jean wanted to know who to ring at the weekend.'
    const sent = await worker.post(toldUrl, { submissionId: hidden(form.body, 'submissionId'), toldOn: todayTyped(), items: 'safety-plan', toldBy: 'Rowan Ashby', note: typed })
    expect(String(sent.headers.location)).toMatch(/^\/session-expired\?returnTo=/)
    const returnTo = new URL(String(sent.headers.location), 'http://localhost').searchParams.get('returnTo') ?? ''
    expect(returnTo).toMatch(/\/told\?held=/)
    await worker.get('/sign-in')
    await worker.post('/sign-in', { email: 'practitioner@fellside.example', password: 'demo-password-2026', returnTo })
    const restored = await worker.get(returnTo)
    expect(restored.body).toContain(typed)
    expect(restored.body).toContain('You were signed out before this was saved')
    expect(restored.body).toMatch(/value="safety-plan" checked/)
    expect((await t.db.owner('select 1 from network_told_records where note = $1', [typed])).rows).toHaveLength(0)
    expect((await worker.post(toldUrl, { submissionId: hidden(restored.body, 'submissionId'), toldOn: todayTyped(), items: 'safety-plan', toldBy: 'Rowan Ashby', note: typed })).statusCode).toBe(303)
    expect((await t.db.owner('select 1 from network_told_records where note = $1', [typed])).rows).toHaveLength(1)
  })

  it('answers 404 to a practitioner in another team, or another council, and saves nothing for them', async () => {
    const earlyHelp = (await t.db.owner<{ id: string }>(`select id from teams where name = 'Fellside Early Help Team'`)).rows[0]?.id
    const other = await createUser(t.db, { role: 'practitioner' })
    await t.db.owner('update users set team_id = $1 where id = $2', [earlyHelp, other.id])
    const outsider = await signedIn(t.app, other.email, { password: other.password })
    expect((await outsider.get('/families')).statusCode).toBe(200)
    const jean = await memberOf('Jean')
    for (const url of [networkUrl, `${networkUrl}/family-tree`, `${networkUrl}/members/new`, `${networkUrl}/members/${jean}/edit`, `${networkUrl}/members/${jean}/told`, `${networkUrl}/meetings/new`]) {
      expect((await outsider.get(url)).statusCode, url).toBe(404)
    }
    const before = await count('network_members')
    const sneaky = await outsider.post(`${networkUrl}/members/new`, { submissionId: crypto.randomUUID(), who: 'new', givenName: 'Sneaky', familyName: 'Person', relationship: 'none', closeness: '1', joinedOn: todayTyped() })
    expect(sneaky.statusCode).toBe(404)
    expect((await outsider.post(`${networkUrl}/members/${jean}/told`, { submissionId: crypto.randomUUID(), toldOn: todayTyped(), items: 'safety-plan', toldBy: 'Sneaky' })).statusCode).toBe(404)
    expect(await count('network_members')).toBe(before)
    expect((await t.db.owner(`select 1 from people where given_name = 'Sneaky'`)).rows).toHaveLength(0)
    expect((await t.db.owner(`select 1 from network_told_records where told_by = 'Sneaky'`)).rows).toHaveLength(0)
    const lakemoor = await signedIn(t.app, 'practitioner@lakemoor.example')
    expect((await lakemoor.get(networkUrl)).statusCode).toBe(404)
  })

  it('keeps a member of another family out of this family\'s forms', async () => {
    const pennington = await familyIdNamed(t.db, 'The Pennington family')
    const jean = await memberOf('Jean')
    expect((await rowan.get(`/families/${pennington}/network/members/${jean}/edit`)).statusCode).toBe(404)
    expect((await rowan.get(`/families/${pennington}/network/members/${jean}/told`)).statusCode).toBe(404)
    await rowan.get(`/families/${pennington}/network/meetings/new`)
    const meeting = await rowan.post(`/families/${pennington}/network/meetings/new`, { submissionId: crypto.randomUUID(), heldOn: todayTyped(), attendees: jean, agreed: 'Borrowed member' })
    expect(meeting.statusCode).toBe(400)
    expect((await t.db.owner(`select 1 from network_meetings where agreed = 'Borrowed member'`)).rows).toHaveLength(0)
  })

  it('writes an audit row for every read and change', async () => {
    const { rows } = await t.db.owner<{ action: string }>(`select distinct action from audit_events where action like 'network.%' and (subject_id = $1 or details->>'familyId' = $1) order by action`, [familyId])
    expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining([
      'network.family-tree-viewed', 'network.meeting-recorded', 'network.member-added', 'network.member-change-refused', 'network.member-changed', 'network.told-recorded', 'network.viewed',
    ]))
  })
})
