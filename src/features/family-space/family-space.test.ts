import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { familyIdNamed, userId } from '../../../test/support/factories.js'
import { testPng } from '../../../test/support/pictures.js'
import { FAMILY_SPACE_MESSAGES } from './family-space.schema.js'

// Each marker is a child's words (or a booklet addition) kept from someone: they must never reach that person.
const SHARED = 'Nan makes pancakes on Saturdays'
const KEPT_FROM_PARENTS = 'MARKER kept from parents by Leo'
const KEPT_FROM_NETWORK = 'MARKER kept from the network by Maisie'
const MAISIE_KEPT_FROM_PARENTS = 'MARKER kept from parents by Maisie'
const BOOKLET_SECRET = 'MARKER booklet addition kept from parents'
const DRAFT_PAGE = 'MARKER draft page not yet agreed'
const UNRELEASED = 'MARKER report not released'
const PAST_MEETING = 'MARKER meeting last week'
const JEAN_PHONE = '07700 900123'
const RULE = 'Nan collects Leo and Maisie from school every day'
const BOTTOM_LINE = 'Dean does not come to the house after 6pm'
const PASSWORD = 'a long family password'

const submissionIdIn = (body: string): string => /name="submissionId" value="([^"]+)"/.exec(body)?.[1] ?? ''
const escaped = (text: string): string => text.replace(/'/g, '&#39;')

describe('the family\'s own space', () => {
  let t: TestApp
  let rowan: PageClient
  let familyId: string
  let organisationId: string
  let rowanId: string
  const person: Record<string, string> = {}
  const words: Record<string, string> = {}
  const picture: Record<string, string> = {}
  const entry: Record<string, string> = {}
  let claire: PageClient
  let dean: PageClient
  let leo: PageClient
  let jean: PageClient
  let otherFamilyEntry: string
  let otherFamilyPicture: string

  const one = async <T extends Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T> => {
    const { rows } = await t.db.owner<T>(sql, values)
    if (rows[0] === undefined) throw new Error(`nothing from ${sql}`)
    return rows[0]
  }
  const count = async (sql: string, values: unknown[] = []): Promise<number> => Number((await one<{ n: string }>(`select count(*) as n from ${sql}`, values)).n)

  async function addPicture(description: string, family = familyId): Promise<string> {
    return (await one<{ id: string }>(`insert into pictures (organisation_id, family_id, media_type, bytes, width, height, source, description, uploaded_by)
      values ($1, $2, 'image/png', $3, 12, 8, 'upload', $4, $5) returning id`, [organisationId, family, testPng(), description, rowanId])).id
  }

  async function addWords(child: string, session: string, text: string, sharing: { parents: boolean; network: boolean }, pictureId: string | null = null): Promise<string> {
    return (await one<{ id: string }>(`insert into child_words (organisation_id, family_id, session_id, child_person_id, part, position, words, picture_id, parents_may_see, network_may_see, submission_id)
      values ($1, $2, $3, $4, 'worries', 1, $5, $6, $7, $8, gen_random_uuid()) returning id`, [organisationId, familyId, session, child, text, pictureId, sharing.parents, sharing.network])).id
  }

  /** Puts a child's words on the map the way a worker does, and returns the new entry's id. */
  async function place(wordsId: string, category: string): Promise<string> {
    const form = await rowan.get(`/families/${familyId}/child-words/${wordsId}/place`)
    const placed = await rowan.post(`/families/${familyId}/child-words/${wordsId}/place`, { submissionId: submissionIdIn(form.body), category })
    expect(placed.statusCode).toBe(303)
    return (await one<{ id: string }>('select id from map_entries where child_words_id = $1', [wordsId])).id
  }

  /** The worker invites someone; they join with the code and sign in, as in the sharing journey. */
  async function invite(personId: string, email: string, address: string): Promise<PageClient> {
    const form = await rowan.get(`/families/${familyId}/sharing/invite`)
    const made = await rowan.post(`/families/${familyId}/sharing/invite`, { person: personId, submissionId: submissionIdIn(form.body) })
    expect(made.statusCode).toBe(200)
    const code = /data-invitation-code>([A-Z0-9-]+)</.exec(made.body)?.[1] ?? ''
    const visitor = new PageClient(t.app, address)
    await visitor.get('/join')
    const joined = await visitor.post('/join', { code, email, password: PASSWORD, confirmPassword: PASSWORD })
    expect(joined.headers.location).toBe('/sign-in?joined=yes')
    return signedIn(t.app, email, { password: PASSWORD, address })
  }

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    rowanId = await userId(t.db, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    organisationId = (await one<{ organisation_id: string }>('select organisation_id from families where id = $1', [familyId])).organisation_id
    const { rows } = await t.db.owner<{ id: string; given_name: string }>('select id, given_name from people where family_id = $1', [familyId])
    for (const row of rows) person[row.given_name] = row.id
    // Leo is 7: the organisation lets young people of 7 and over into their family's space, for this test.
    await t.db.owner('update organisations set young_person_minimum_age = 7 where id = $1', [organisationId])

    // Jean, Claire's mother, joins the safety network, with a phone number the family's pages must never show.
    if (!('Jean' in person)) person.Jean = (await one<{ id: string }>(`insert into people (organisation_id, family_id, kind, given_name, family_name) values ($1, $2, 'other-adult', 'Jean', 'Pollard') returning id`, [organisationId, familyId])).id
    await t.db.owner(`insert into network_members (organisation_id, family_id, person_id, relationship_to_child, closeness, commitments, joined_on, created_by, submission_id)
      values ($1, $2, $3, 'Leo and Maisie''s nan', 1, 'Collects the children from school every day', current_date, $4, gen_random_uuid())`, [organisationId, familyId, person.Jean, rowanId])
    await t.db.owner(`insert into contact_details (organisation_id, family_id, person_id, kind, value) values ($1, $2, $3, 'phone', $4)`, [organisationId, familyId, person.Jean, JEAN_PHONE])

    // What the children said, each shared with some people and kept from others, with pictures.
    picture.shared = await addPicture('Nan and Leo with pancakes')
    picture.keptFromParents = await addPicture('Leo under his bed')
    picture.unused = await addPicture('A picture in nothing anyone may see')
    const session = async (child: string) => (await one<{ id: string }>(`insert into child_sessions (organisation_id, family_id, child_person_id, tool, held_on, who_was_there, recorded_by, submission_id)
      values ($1, $2, $3, 'three-houses', '2026-11-20', 'With Rowan', $4, gen_random_uuid()) returning id`, [organisationId, familyId, child, rowanId])).id
    const leoSession = await session(person.Leo ?? '')
    const maisieSession = await session(person.Maisie ?? '')
    words.shared = await addWords(person.Leo ?? '', leoSession, SHARED, { parents: true, network: true }, picture.shared)
    words.keptFromParents = await addWords(person.Leo ?? '', leoSession, KEPT_FROM_PARENTS, { parents: false, network: false }, picture.keptFromParents)
    words.keptFromNetwork = await addWords(person.Maisie ?? '', maisieSession, KEPT_FROM_NETWORK, { parents: true, network: false })
    words.maisieKeptFromParents = await addWords(person.Maisie ?? '', maisieSession, MAISIE_KEPT_FROM_PARENTS, { parents: false, network: true })
    entry.shared = await place(words.shared, 'strength')
    entry.keptFromParents = await place(words.keptFromParents, 'harm')
    entry.keptFromNetwork = await place(words.keptFromNetwork, 'harm')
    entry.maisieKeptFromParents = await place(words.maisieKeptFromParents, 'complicating')

    // The plan: a rule answering the worry and two of Leo's words, a bottom line, and a stage ahead.
    const danger = (await one<{ id: string }>(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = 'danger'`, [familyId])).id
    await rowan.get(`/families/${familyId}/plan/rules/new`)
    expect((await rowan.post(`/families/${familyId}/plan/rules/new?kind=rule`, {
      text: RULE, statement: danger, whoMakesSure: 'Jean (nan)', warningSigns: 'Claire goes quiet on the phone', ifBroken: 'The network meets that week',
      childWords: [words.shared, words.keptFromParents], submissionId: crypto.randomUUID(),
    })).statusCode).toBe(303)
    expect((await rowan.post(`/families/${familyId}/plan/rules/new?kind=bottom-line`, { text: BOTTOM_LINE, statement: 'none', submissionId: crypto.randomUUID() })).statusCode).toBe(303)
    await rowan.get(`/families/${familyId}/plan/stages/new`)
    expect((await rowan.post(`/families/${familyId}/plan/stages/new`, { title: 'Time with dad, supervised by nan', startsOn: '7/12/2026', reviewOn: '11/1/2027', submissionId: crypto.randomUUID() })).statusCode).toBe(303)

    // Words and pictures: Leo's agreed version 1 and a draft version 2, his additions (one kept from his parents), and Maisie's booklet.
    picture.bookletPage = await addPicture('Rowan and Leo at school')
    picture.sharedAddition = await addPicture('Leo\'s drawing of his house')
    picture.keptAddition = await addPicture('A drawing Leo kept to himself')
    const booklet = async (child: string, current: number) => (await one<{ id: string }>(`insert into booklets (organisation_id, family_id, child_person_id, title, status, current_version, created_by)
      values ($1, $2, $3, 'Why Rowan is helping', 'with-parents', $4, $5) returning id`, [organisationId, familyId, child, current, rowanId])).id
    const version = async (bookletId: string, number: number, pages: { text: string; pictureId: string | null }[]) => t.db.owner(`insert into booklet_versions (organisation_id, booklet_id, version, title, pages, changed_by, submission_id)
      values ($1, $2, $3, 'Why Rowan is helping', $4::jsonb, $5, gen_random_uuid())`, [organisationId, bookletId, number, JSON.stringify(pages), rowanId])
    const leoBooklet = await booklet(person.Leo ?? '', 2)
    await version(leoBooklet, 1, [{ text: 'Rowan helps families to keep children safe.', pictureId: picture.bookletPage }])
    await version(leoBooklet, 2, [{ text: DRAFT_PAGE, pictureId: null }])
    await t.db.owner(`insert into booklet_responses (organisation_id, booklet_id, version, parent_name, agrees, responded_on, recorded_by, submission_id) values ($1, $2, 1, 'Claire Ashworth', true, '2026-11-21', $3, gen_random_uuid())`, [organisationId, leoBooklet, rowanId])
    const addition = async (text: string, pictureId: string, parentsMaySee: boolean) => t.db.owner(`insert into booklet_additions (organisation_id, booklet_id, added_on, words, picture_id, parents_may_see, recorded_by, submission_id)
      values ($1, $2, '2026-11-22', $3, $4, $5, $6, gen_random_uuid())`, [organisationId, leoBooklet, text, pictureId, parentsMaySee, rowanId])
    await addition('I drew my house', picture.sharedAddition, true)
    await addition(BOOKLET_SECRET, picture.keptAddition, false)
    const maisieBooklet = await booklet(person.Maisie ?? '', 1)
    await version(maisieBooklet, 1, [{ text: 'Maisie has a worker called Rowan.', pictureId: null }])

    // A meeting next week (at Claire's safe address, which is hidden from Dean) with one report released and one not, and one last week.
    const partner = await one<{ id: string; agency_id: string }>(`select id, agency_id from users where role = 'partner-practitioner' and organisation_id = $1 limit 1`, [organisationId])
    const meeting = async (title: string, days: number, place: string) => (await one<{ id: string }>(`insert into family_meetings (organisation_id, family_id, title, held_on, place, created_by, submission_id)
      values ($1, $2, $3, current_date + $4::int, $5, $6, gen_random_uuid()) returning id`, [organisationId, familyId, title, days, place, rowanId])).id
    const review = await meeting('Review child protection conference', 7, 'At 4 Heron Court, Tarnbeck')
    await meeting(PAST_MEETING, -7, 'Tarnbeck School')
    const report = async (worries: string, released: boolean) => t.db.owner(`insert into partner_reports (organisation_id, family_id, meeting_id, author_id, agency_id, worries, working_well, needs_to_happen, scale, released_at, released_by, submission_id)
      values ($1, $2, $3, $4, $5, $6, 'Leo is on time most days', 'Leo to keep coming to breakfast club', 6, ${released ? 'now()' : 'null'}, ${released ? '$7' : 'null'}, gen_random_uuid())`,
    released ? [organisationId, familyId, review, partner.id, partner.agency_id, worries, rowanId] : [organisationId, familyId, review, partner.id, partner.agency_id, worries])
    await report('Leo is tired on Mondays', true)
    await report(UNRELEASED, false)

    // Another family's entry and picture: never theirs to see.
    const otherFamily = await familyIdNamed(t.db, 'The Pennington family')
    otherFamilyPicture = await addPicture('Another family\'s picture', otherFamily)
    const otherForm = await rowan.get(`/families/${otherFamily}/map/add/strength`)
    expect((await rowan.post(`/families/${otherFamily}/map/add/strength`, { text: 'Sophie reads to Ruby every night', saidByKind: 'worker', saidByName: 'Rowan Ashby', submissionId: submissionIdIn(otherForm.body) })).statusCode).toBe(303)
    otherFamilyEntry = (await one<{ id: string }>(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1`, [otherFamily])).id

    claire = await invite(person.Claire ?? '', 'claire@example.com', '198.51.100.21')
    dean = await invite(person.Dean ?? '', 'dean@example.com', '198.51.100.22')
    leo = await invite(person.Leo ?? '', 'leo@example.com', '198.51.100.23')
    jean = await invite(person.Jean, 'jean@example.com', '198.51.100.24')
  })
  afterAll(async () => { await t.close() })

  const PAGES = ['/my-family', '/my-family/map', '/my-family/scale', '/my-family/plan', '/my-family/plan/check-in', '/my-family/plan/response', '/my-family/words-and-pictures', '/my-family/meetings']

  async function everyPage(client: PageClient): Promise<LightMyRequestResponse[]> {
    const pages = []
    for (const path of [...PAGES, `/my-family/map/entries/${entry.shared ?? ''}/comment`]) {
      const page = await client.get(path)
      expect(page.statusCode, path).toBe(200)
      pages.push(page)
    }
    return pages
  }

  it('shows each person their family\'s space, and staff nothing of it', async () => {
    const home = await claire.get('/my-family')
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('The Ashworth family')
    expect(home.body).toContain('Hello, Claire Ashworth')
    expect(home.body).toContain('Your worker is Rowan Ashby')
    for (const [client, name] of [[leo, 'Leo Ashworth'], [jean, 'Jean Pollard'], [dean, 'Dean Ashworth']] as const) {
      expect((await client.get('/my-family')).body).toContain(`Hello, ${name}`)
    }
    expect((await jean.get('/my-family')).body).not.toContain('href="/my-family/words-and-pictures"')
    expect((await rowan.get('/my-family')).statusCode).toBe(404)
    expect((await rowan.get('/my-family/plan')).statusCode).toBe(404)
    // Five pages seen, five audit rows.
    expect(await count(`audit_events where action = 'family-space.home-viewed' and subject_id = $1`, [familyId])).toBe(5)
  })

  it('shows the map in plain words, with only the children\'s words each reader may see', async () => {
    const forClaire = await claire.get('/my-family/map')
    expect(forClaire.statusCode).toBe(200)
    for (const heading of ['What&#39;s going well', 'Worries', 'What needs to happen', 'What we don&#39;t know yet']) expect(forClaire.body).toContain(heading)
    // Acronyms are written out for the family.
    expect(forClaire.body).not.toMatch(/(?<!\()ICPC/)
    expect(forClaire.body).toContain('initial child protection conference (ICPC)')
    expect(forClaire.body).toContain(SHARED)
    expect(forClaire.body).toContain(KEPT_FROM_NETWORK)
    expect(forClaire.body).not.toContain(KEPT_FROM_PARENTS)
    expect(forClaire.body).not.toContain(MAISIE_KEPT_FROM_PARENTS)
    expect(forClaire.body).toContain(`href="/my-family/map/entries/${entry.shared ?? ''}/comment"`)
    expect(forClaire.body).toContain(`src="/my-family/pictures/${picture.shared ?? ''}"`)
    expect(forClaire.body).not.toContain(picture.keptFromParents)

    const forJean = await jean.get('/my-family/map')
    expect(forJean.body).toContain(SHARED)
    expect(forJean.body).toContain(MAISIE_KEPT_FROM_PARENTS)
    expect(forJean.body).not.toContain(KEPT_FROM_NETWORK)
    expect(forJean.body).not.toContain(KEPT_FROM_PARENTS)

    // A young person sees their own words, even those they kept from their parents, but not their sister's:
    // Maisie chose to share hers with their parents, not with Leo.
    const forLeo = await leo.get('/my-family/map')
    expect(forLeo.body).toContain(SHARED)
    expect(forLeo.body).toContain(KEPT_FROM_PARENTS)
    expect(forLeo.body).not.toContain(KEPT_FROM_NETWORK)
    expect(forLeo.body).not.toContain(MAISIE_KEPT_FROM_PARENTS)
  })

  it('saves a comment once, even sent twice, and shows it on the worker\'s map as the family\'s', async () => {
    const form = await claire.get(`/my-family/map/entries/${entry.shared ?? ''}/comment`)
    expect(form.statusCode).toBe(200)
    const before = await count('family_comments')
    const empty = await claire.post(`/my-family/map/entries/${entry.shared ?? ''}/comment`, { comment: '   ', submissionId: submissionIdIn(form.body) })
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('There is a problem')
    expect(empty.body).toMatch(new RegExp(`id="comment-error"[\\s\\S]*${FAMILY_SPACE_MESSAGES.commentMissing}`))
    const tooLong = await claire.post(`/my-family/map/entries/${entry.shared ?? ''}/comment`, { comment: 'x'.repeat(2001), submissionId: submissionIdIn(form.body) })
    expect(tooLong.statusCode).toBe(400)
    expect(tooLong.body).toContain(FAMILY_SPACE_MESSAGES.commentTooLong)
    expect(await count('family_comments')).toBe(before)

    const submissionId = submissionIdIn(form.body)
    const sent = await claire.post(`/my-family/map/entries/${entry.shared ?? ''}/comment`, { comment: 'Mum does the pancakes too', submissionId })
    expect(sent.statusCode).toBe(303)
    expect(sent.headers.location).toBe(`/my-family/map?saved=comment#entry-${entry.shared ?? ''}`)
    expect((await claire.post(`/my-family/map/entries/${entry.shared ?? ''}/comment`, { comment: 'Mum does the pancakes too', submissionId })).statusCode).toBe(303)
    expect(await count(`family_comments where about = 'map-entry' and entry_id = $1`, [entry.shared])).toBe(1)
    const after = await claire.get('/my-family/map?saved=comment')
    expect(after.body).toContain('Your comment has been sent to your worker')
    expect(after.body).toContain('You commented on')

    const workers = await rowan.get(`/families/${familyId}/map`)
    expect(workers.body).toMatch(/Comment from Claire Ashworth \(family\), \d{1,2} \w+ \d{4}:/)
    expect(workers.body).toContain('Mum does the pancakes too')
    expect(workers.body).toContain('app-family-comment')
    // Another person in the family does not see Claire's comment.
    expect((await dean.get('/my-family/map')).body).not.toContain('Mum does the pancakes too')
  })

  it('answers 404 for an entry that is not on their family\'s map or not theirs to see', async () => {
    expect((await claire.get(`/my-family/map/entries/${otherFamilyEntry}/comment`)).statusCode).toBe(404)
    expect((await claire.get(`/my-family/map/entries/${entry.keptFromParents ?? ''}/comment`)).statusCode).toBe(404)
    expect((await claire.get('/my-family/map/entries/not-an-id/comment')).statusCode).toBe(404)
    await claire.get('/my-family/map')
    const before = await count('family_comments')
    expect((await claire.post(`/my-family/map/entries/${otherFamilyEntry}/comment`, { comment: 'Hello', submissionId: crypto.randomUUID() })).statusCode).toBe(404)
    expect((await claire.post(`/my-family/map/entries/${entry.keptFromParents ?? ''}/comment`, { comment: 'Hello', submissionId: crypto.randomUUID() })).statusCode).toBe(404)
    await jean.get('/my-family/map')
    expect((await jean.post(`/my-family/map/entries/${entry.keptFromNetwork ?? ''}/comment`, { comment: 'Hello', submissionId: crypto.randomUUID() })).statusCode).toBe(404)
    expect(await count('family_comments')).toBe(before)
  })

  it('saves their own scale once, and shows it on the worker\'s scaling page as theirs', async () => {
    const form = await claire.get('/my-family/scale')
    expect(form.statusCode).toBe(200)
    const refused = await claire.post('/my-family/scale', { score: '11', why: '', onePointHigher: '', submissionId: submissionIdIn(form.body) })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(FAMILY_SPACE_MESSAGES.scoreMissing)
    expect(refused.body).toContain('href="#score"')
    expect(await count('scaling_scores')).toBe(0)
    expect(await count('scaling_rounds')).toBe(0)

    const submissionId = submissionIdIn(form.body)
    const values = { score: '6', why: 'Dean has kept away for a month', onePointHigher: 'Leo sleeping through the night', submissionId }
    expect((await claire.post('/my-family/scale', values)).headers.location).toBe('/my-family/scale?saved=scale')
    expect((await claire.post('/my-family/scale', values)).statusCode).toBe(303)
    const scores = await t.db.owner<{ perspective_kind: string; perspective_name: string; recorded_by: string; blind: boolean; entry_id: string | null; started_by: string }>(
      'select s.perspective_kind, s.perspective_name, s.recorded_by, r.blind, r.entry_id, r.started_by from scaling_scores s join scaling_rounds r on r.id = s.round_id')
    expect(scores.rows).toHaveLength(1)
    const claireId = await userId(t.db, 'claire@example.com')
    expect(scores.rows[0]).toEqual({ perspective_kind: 'parent-carer', perspective_name: 'Claire Ashworth (family)', recorded_by: claireId, blind: false, entry_id: null, started_by: claireId })
    const page = await claire.get('/my-family/scale?saved=scale')
    expect(page.body).toContain('Your number has been sent to your worker')
    expect(page.body).toContain('Dean has kept away for a month')

    const leoForm = await leo.get('/my-family/scale')
    await leo.post('/my-family/scale', { score: '4', why: 'I still worry at night', onePointHigher: 'No shouting', submissionId: submissionIdIn(leoForm.body) })
    expect((await one<{ perspective_kind: string }>(`select perspective_kind from scaling_scores where perspective_name = 'Leo Ashworth (young person)'`)).perspective_kind).toBe('child')

    const scaling = await rowan.get(`/families/${familyId}/map/scaling`)
    expect(scaling.body).toContain('Claire Ashworth (family)')
    expect(scaling.body).toContain('Leo Ashworth (young person)')
    // Claire does not see Leo's number.
    expect(page.body).not.toContain('I still worry at night')

    // The number is all a parent must give: why, and one point higher, can be left empty.
    const again = await claire.get('/my-family/scale')
    expect(again.body).toContain('What would one point higher look like? (optional)')
    const numberOnly = await claire.post('/my-family/scale', { score: '7', why: '', onePointHigher: '', submissionId: submissionIdIn(again.body) })
    expect(numberOnly.headers.location).toBe('/my-family/scale?saved=scale')
    expect(await one<{ why: string; one_point_higher: string }>(`select why, one_point_higher from scaling_scores where perspective_name = 'Claire Ashworth (family)' and score = 7`)).toEqual({ why: '', one_point_higher: '' })
  })

  it('shows the plan with the trajectory and the network\'s commitments, and only the words shared with the reader', async () => {
    const forClaire = await claire.get('/my-family/plan')
    expect(forClaire.statusCode).toBe(200)
    for (const text of [RULE, BOTTOM_LINE, 'Time with dad, supervised by nan', 'svg', 'Jean Pollard', 'Leo and Maisie&#39;s nan', 'Collects the children from school every day', SHARED]) {
      expect(forClaire.body, text).toContain(text)
    }
    expect(forClaire.body).toContain('It has not been agreed yet')
    // The worry the rule answers has an acronym in it: written out for the family.
    expect(forClaire.body).not.toMatch(/(?<!\()ICPC/)
    expect(forClaire.body).toContain('initial child protection conference (ICPC)')
    expect(forClaire.body).not.toContain(KEPT_FROM_PARENTS)
    expect(forClaire.body).not.toContain(JEAN_PHONE)

    const forJean = await jean.get('/my-family/plan')
    expect(forJean.body).toContain('You are part of the safety network for Leo and Maisie')
    expect(forJean.body).toContain(SHARED)
    expect(forJean.body).not.toContain(KEPT_FROM_PARENTS)

    expect((await leo.get('/my-family/plan')).body).toContain(KEPT_FROM_PARENTS)
  })

  it('records a check-in once, even sent twice, in their name, and shows it on the worker\'s plan as theirs', async () => {
    const form = await jean.get('/my-family/plan/check-in')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(RULE)
    // Bottom lines are for the worker to check, not the network.
    expect(form.body).not.toContain(BOTTOM_LINE)
    // The plan has one rule for the network: it is chosen already.
    expect([...form.body.matchAll(/name="rule" type="radio"/g)]).toHaveLength(1)
    expect(form.body).toMatch(/name="rule" type="radio" value="[0-9a-f-]{36}" checked/)
    const refused = await jean.post('/my-family/plan/check-in', { rule: '', result: '', checkedOn: '1/1/2099', note: '', submissionId: submissionIdIn(form.body) })
    expect(refused.statusCode).toBe(400)
    for (const message of [FAMILY_SPACE_MESSAGES.ruleMissing, FAMILY_SPACE_MESSAGES.resultMissing, FAMILY_SPACE_MESSAGES.dateFuture]) expect(refused.body).toContain(message)
    expect(refused.body).toContain('value="1/1/2099"')
    const rule = /name="rule" type="radio" value="([0-9a-f-]{36})"/.exec(form.body)?.[1] ?? ''
    const stale = await jean.post('/my-family/plan/check-in', { rule: otherFamilyEntry, result: 'kept', checkedOn: '21/11/2026', submissionId: submissionIdIn(form.body) })
    expect(stale.statusCode).toBe(400)
    expect(stale.body).toContain(FAMILY_SPACE_MESSAGES.ruleGone)
    expect(await count('safety_plan_check_ins')).toBe(0)

    const values = { rule, result: 'kept', checkedOn: '21/11/2026', note: 'I had the children on Saturday and the rule was kept', submissionId: submissionIdIn(form.body) }
    expect((await jean.post('/my-family/plan/check-in', values)).headers.location).toBe('/my-family/plan?saved=check-in#your-check-ins')
    expect((await jean.post('/my-family/plan/check-in', values)).statusCode).toBe(303)
    const saved = await t.db.owner<{ checked_by: string; recorded_by: string; result: string; checked_on: string }>('select checked_by, recorded_by, result, checked_on::text from safety_plan_check_ins')
    expect(saved.rows).toEqual([{ checked_by: 'Jean Pollard', recorded_by: await userId(t.db, 'jean@example.com'), result: 'kept', checked_on: '2026-11-21' }])
    const plan = await jean.get('/my-family/plan?saved=check-in')
    expect(plan.body).toContain('Your check-in has been sent to your worker')
    expect(plan.body).toContain('I had the children on Saturday and the rule was kept')
    expect(plan.body).toContain('Kept in the 1 week checked')

    const workers = await rowan.get(`/families/${familyId}/plan`)
    expect(workers.body).toContain('Jean Pollard (safety network)')
    expect(workers.body).toContain('I had the children on Saturday and the rule was kept')
  })

  it('records what they think of the plan once, about the version they read, and shows it to the worker', async () => {
    const form = await claire.get('/my-family/plan/response')
    expect(form.statusCode).toBe(200)
    const version = /name="planVersion" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    expect(version).toBe('2')
    const before = await count(`family_comments where about = 'plan'`)
    const none = await claire.post('/my-family/plan/response', { planVersion: version, submissionId: submissionIdIn(form.body) })
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain(FAMILY_SPACE_MESSAGES.answerMissing)
    const blank = await claire.post('/my-family/plan/response', { answer: 'change', change: '', planVersion: version, submissionId: submissionIdIn(form.body) })
    expect(blank.statusCode).toBe(400)
    expect(blank.body).toMatch(new RegExp(`id="change-error"[\\s\\S]*${FAMILY_SPACE_MESSAGES.changeMissing}`))
    const old = await claire.post('/my-family/plan/response', { answer: 'agree', planVersion: '1', submissionId: submissionIdIn(form.body) })
    expect(old.statusCode).toBe(400)
    expect(old.body).toContain(escaped(FAMILY_SPACE_MESSAGES.planChanged))
    expect(await count(`family_comments where about = 'plan'`)).toBe(before)

    const agree = { answer: 'agree', planVersion: version, submissionId: submissionIdIn(form.body) }
    expect((await claire.post('/my-family/plan/response', agree)).headers.location).toBe('/my-family/plan?saved=response#what-you-said')
    expect((await claire.post('/my-family/plan/response', agree)).statusCode).toBe(303)
    const deanForm = await dean.get('/my-family/plan/response')
    expect((await dean.post('/my-family/plan/response', { answer: 'change', change: 'I want to see the children at weekends', planVersion: version, submissionId: submissionIdIn(deanForm.body) })).statusCode).toBe(303)
    expect(await count(`family_comments where about = 'plan'`)).toBe(before + 2)

    const workers = await rowan.get(`/families/${familyId}/plan`)
    expect(workers.body).toContain('What the family said about the plan')
    expect(workers.body).toMatch(/Claire Ashworth \(family\), \d{1,2} \w+ \d{4}:/)
    expect(workers.body).toContain('I agree with version 2 of the plan.')
    expect(workers.body).toContain('I would change this in version 2 of the plan: I want to see the children at weekends')
    // It is their view, not the formal agreement.
    expect(await count('safety_plan_agreements')).toBe(0)
    expect((await claire.get('/my-family/plan')).body).not.toContain('I want to see the children at weekends')
  })

  it('shows each child\'s words and pictures to parents, a young person their own, and the network none', async () => {
    const forClaire = await claire.get('/my-family/words-and-pictures')
    expect(forClaire.body).toContain('Rowan helps families to keep children safe.')
    expect(forClaire.body).toContain('Maisie has a worker called Rowan.')
    expect(forClaire.body).toContain('I drew my house')
    expect(forClaire.body).not.toContain(DRAFT_PAGE)
    expect(forClaire.body).not.toContain(BOOKLET_SECRET)
    expect(forClaire.body).not.toContain(picture.keptAddition)

    const forLeo = await leo.get('/my-family/words-and-pictures')
    expect(forLeo.body).toContain('Rowan helps families to keep children safe.')
    expect(forLeo.body).toContain(BOOKLET_SECRET)
    expect(forLeo.body).toContain('What you added')
    expect(forLeo.body).not.toContain('Maisie has a worker called Rowan.')

    const forJean = await jean.get('/my-family/words-and-pictures')
    expect(forJean.statusCode).toBe(200)
    expect(forJean.body).toContain('not with the safety network')
    expect(forJean.body).not.toContain('Rowan helps families')
  })

  it('shows meetings to come, with only the reports released to the parents', async () => {
    const forClaire = await claire.get('/my-family/meetings')
    expect(forClaire.body).toContain('Review child protection conference')
    expect(forClaire.body).toContain('Leo is tired on Mondays')
    expect(forClaire.body).toContain('Leo to keep coming to breakfast club')
    expect(forClaire.body).toContain('6 out of 10')
    expect(forClaire.body).not.toContain(UNRELEASED)
    expect(forClaire.body).not.toContain(PAST_MEETING)
    expect(forClaire.body).toContain('4 Heron Court')

    const forJean = await jean.get('/my-family/meetings')
    expect(forJean.body).toContain('Review child protection conference')
    expect(forJean.body).not.toContain('Leo is tired on Mondays')
  })

  it('serves a picture only when it is in something the reader may see', async () => {
    const shared = await claire.get(`/my-family/pictures/${picture.shared ?? ''}`)
    expect(shared.statusCode).toBe(200)
    expect(shared.headers['content-type']).toBe('image/png')
    expect(shared.headers['content-disposition']).toBe('inline')
    expect(shared.headers['x-content-type-options']).toBe('nosniff')
    expect(shared.headers['cache-control']).toBe('no-store')
    expect(shared.rawPayload.equals(testPng())).toBe(true)
    for (const allowed of [picture.bookletPage, picture.sharedAddition]) expect((await claire.get(`/my-family/pictures/${allowed ?? ''}`)).statusCode).toBe(200)
    for (const refused of [picture.keptFromParents, picture.keptAddition, picture.unused, otherFamilyPicture, 'not-an-id']) {
      expect((await claire.get(`/my-family/pictures/${refused ?? ''}`)).statusCode, refused).toBe(404)
    }
    for (const own of [picture.keptFromParents, picture.keptAddition]) expect((await leo.get(`/my-family/pictures/${own ?? ''}`)).statusCode).toBe(200)
    expect((await jean.get(`/my-family/pictures/${picture.shared ?? ''}`)).statusCode).toBe(200)
    for (const refused of [picture.keptFromParents, picture.bookletPage]) expect((await jean.get(`/my-family/pictures/${refused ?? ''}`)).statusCode).toBe(404)
    expect((await rowan.get(`/my-family/pictures/${picture.shared ?? ''}`)).statusCode).toBe(404)
  })

  it('never shows a parent the words a child kept from them, on any page', async () => {
    for (const client of [claire, dean]) {
      for (const page of await everyPage(client)) {
        for (const secret of [KEPT_FROM_PARENTS, MAISIE_KEPT_FROM_PARENTS, BOOKLET_SECRET, DRAFT_PAGE, UNRELEASED, JEAN_PHONE, picture.keptFromParents ?? '', picture.keptAddition ?? '']) {
          expect(page.body, `${page.raw.req.url ?? ''} shows "${secret}"`).not.toContain(secret)
        }
      }
    }
    for (const page of await everyPage(jean)) {
      for (const secret of [KEPT_FROM_PARENTS, KEPT_FROM_NETWORK, BOOKLET_SECRET, UNRELEASED, JEAN_PHONE]) expect(page.body).not.toContain(secret)
    }
  })

  it('never shows Dean the address hidden from him, on any page', async () => {
    const address = (await one<{ value: string }>(`select value from contact_details where person_id = $1 and kind = 'address'`, [person.Claire])).value
    expect(address).toContain('4 Heron Court')
    for (const page of await everyPage(dean)) {
      for (const part of ['4 Heron Court', 'Heron Court', 'Tarnbeck', 'FS3 7QT', 'Safe house']) expect(page.body, page.raw.req.url).not.toContain(part)
    }
    expect((await dean.get('/my-family/meetings')).body).toContain('At [hidden]')
    // Claire, from whom it is not hidden, reads the meeting's place as it was typed.
    expect((await claire.get('/my-family/meetings')).body).toContain('At 4 Heron Court, Tarnbeck')
  })

  it('tells them who their worker is and how to ring them, what to do in an emergency or out of hours, and when meetings are', async () => {
    await t.db.owner(`update users set work_phone = '01632 960 241' where id = $1`, [rowanId])
    await t.db.owner(`update organisations set out_of_hours_phone = '01632 960 999', out_of_hours_text = 'The team answers from 5pm to 9am.' where id = $1`, [organisationId])
    await t.db.owner(`update family_meetings set starts_at = '14:30' where family_id = $1 and title = 'Review child protection conference'`, [familyId])
    const home = (await claire.get('/my-family')).body
    expect(home).toContain('Your worker is Rowan Ashby. Their work phone is <a class="govuk-link" href="tel:+441632960241">01632 960 241</a>.')
    expect(home).toContain(escaped('If you are worried about a child\'s safety right now, call 999.'))
    expect(home).toContain(escaped('When your worker\'s office is closed (evenings, weekends and bank holidays), ring Fellside Council\'s out-of-hours team on ') + '<a class="govuk-link" href="tel:+441632960999">01632 960 999</a>.')
    expect(home).toContain('The team answers from 5pm to 9am.')
    expect(home).toMatch(/<strong>Review child protection conference<\/strong>: \d{1,2} \w+ \d{4} at 2:30pm. Where: At 4 Heron Court, Tarnbeck/)
    expect(home).not.toContain(PAST_MEETING)
    expect((await claire.get('/my-family/meetings')).body).toMatch(/\d{1,2} \w+ \d{4} at 2:30pm/)

    // Each sentence follows what is recorded: no work phone, no out-of-hours number, no worker at all.
    await t.db.owner(`update users set work_phone = '' where id = $1`, [rowanId])
    await t.db.owner(`update organisations set out_of_hours_phone = '', out_of_hours_text = '' where id = $1`, [organisationId])
    const sparse = (await claire.get('/my-family')).body
    expect(sparse).toContain('Your worker is Rowan Ashby. Ask them for the best number to reach them at work.')
    expect(sparse).toContain('Ask your worker which number to ring when their office is closed.')
    expect(sparse).toContain(escaped('If you are worried about a child\'s safety right now, call 999.'))
    const { rows: [allocated] } = await t.db.owner<{ allocated_worker_id: string }>('select allocated_worker_id from families where id = $1', [familyId])
    await t.db.owner('update families set allocated_worker_id = null where id = $1', [familyId])
    const unallocated = (await claire.get('/my-family')).body
    expect(unallocated).toContain(escaped('Your family does not have a named worker at the moment. If you need to talk to someone about your family, ring Fellside Council\'s children\'s services and ask for the duty worker.'))
    expect(unallocated).toContain('Ask the duty worker which number to ring when the office is closed.')
    expect(unallocated).not.toContain('Your worker is')
    await t.db.owner('update families set allocated_worker_id = $2 where id = $1', [familyId, allocated?.allocated_worker_id])
  })

  it('lets a parent comment on a story and on each of its pages, shown to the worker with their name, and the worker reply', async () => {
    const [leoBooklet, maisieBooklet] = (await t.db.owner<{ id: string }>('select b.id from booklets b join people p on p.id = b.child_person_id where b.family_id = $1 order by p.given_name', [familyId])).rows.map((row) => row.id)
    const list = (await claire.get('/my-family/words-and-pictures')).body
    expect(list).toContain(`href="/my-family/words-and-pictures/${leoBooklet ?? ''}/comment?page=1"`)
    expect(list).toContain(`href="/my-family/words-and-pictures/${maisieBooklet ?? ''}/comment"`)

    // On page 1 of Leo's story (the agreed version 1 she reads): nothing typed, then too much, then properly, twice.
    const pagePath = `/my-family/words-and-pictures/${leoBooklet ?? ''}/comment?page=1`
    const form = await claire.get(pagePath)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Rowan helps families to keep children safe.')
    const empty = await claire.post(pagePath, { comment: '  ', submissionId: submissionIdIn(form.body) })
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain(FAMILY_SPACE_MESSAGES.commentMissing)
    const long = await claire.post(pagePath, { comment: 'x'.repeat(2001), submissionId: submissionIdIn(form.body) })
    expect(long.statusCode).toBe(400)
    expect(long.body).toContain(FAMILY_SPACE_MESSAGES.commentTooLong)
    expect(long.body).toContain('x'.repeat(2001))
    const body = { comment: 'Leo calls Rowan "the helper lady"', submissionId: submissionIdIn(form.body) }
    const saved = await claire.post(pagePath, body)
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/my-family/words-and-pictures?saved=comment#booklet-${leoBooklet ?? ''}-page-1`)
    expect((await claire.post(pagePath, body)).statusCode).toBe(303)
    expect(await count('booklet_comments where booklet_id = $1', [leoBooklet])).toBe(1)
    expect(await count(`audit_events where action = 'family-space.booklet-comment-repeated' and subject_id = $1`, [familyId])).toBe(1)
    const stored = await one<{ booklet_version: number; page_number: number; author_name: string }>('select booklet_version, page_number, author_name from booklet_comments where booklet_id = $1', [leoBooklet])
    expect(stored).toEqual({ booklet_version: 1, page_number: 1, author_name: 'Claire Ashworth' })

    // On the whole of Maisie's story; a page that is not there, a story not theirs: not found.
    const wholePath = `/my-family/words-and-pictures/${maisieBooklet ?? ''}/comment`
    await claire.get(wholePath)
    expect((await claire.post(wholePath, { comment: 'Maisie would like a picture of her cat in it', submissionId: crypto.randomUUID() })).statusCode).toBe(303)
    expect((await claire.get(`/my-family/words-and-pictures/${leoBooklet ?? ''}/comment?page=2`)).statusCode).toBe(404)
    expect((await jean.get(wholePath)).statusCode).toBe(404)
    expect((await leo.get(wholePath)).statusCode).toBe(404)
    expect((await claire.get(`/my-family/words-and-pictures/${crypto.randomUUID()}/comment`)).statusCode).toBe(404)
    const after = (await claire.get('/my-family/words-and-pictures?saved=comment')).body
    expect(after).toContain('Your comment has been sent to your worker')
    expect(after).toContain(escaped('Leo calls Rowan "the helper lady"').replace(/"/g, '&quot;'))
    // What Claire tells the worker is hers: Dean does not read it.
    expect((await dean.get('/my-family/words-and-pictures')).body).not.toContain('Maisie would like a picture of her cat in it')

    // The worker reads both on the booklet pages, with who said them and when; the story itself is unchanged.
    const leoPage = (await rowan.get(`/families/${familyId}/booklets/${leoBooklet ?? ''}`)).body
    expect(leoPage).toContain('What the family said in their own space')
    expect(leoPage).toContain('<strong>Claire Ashworth</strong>')
    expect(leoPage).toContain('On page 1, version 1')
    expect(await count('booklet_versions where booklet_id = $1', [leoBooklet])).toBe(2)
    const commentId = (await one<{ id: string }>('select id from booklet_comments where booklet_id = $1', [leoBooklet])).id
    const replyPath = `/families/${familyId}/booklets/${leoBooklet ?? ''}/comments/${commentId}/reply`
    const replyForm = await rowan.get(replyPath)
    expect(replyForm.statusCode).toBe(200)
    expect((await rowan.post(replyPath, { reply: '', submissionId: submissionIdIn(replyForm.body) })).body).toContain('Enter your reply')
    const reply = { reply: 'Thank you, I will put that in the next version.', submissionId: submissionIdIn(replyForm.body) }
    expect((await rowan.post(replyPath, reply)).statusCode).toBe(303)
    expect((await rowan.post(replyPath, reply)).statusCode).toBe(303)
    expect(await count('booklet_comments where reply_to_id = $1', [commentId])).toBe(1)
    expect((await rowan.get(`/families/${familyId}/booklets/${leoBooklet ?? ''}`)).body).toContain('Reply from Rowan Ashby')
    expect((await rowan.get(`/families/${familyId}/booklets/${leoBooklet ?? ''}/comments/${crypto.randomUUID()}/reply`)).statusCode).toBe(404)
    // Claire reads the reply under what she said.
    expect((await claire.get('/my-family/words-and-pictures')).body).toContain('Rowan Ashby replied on')
    expect(await count(`audit_events where action = 'booklet.reply-added' and subject_id = $1`, [leoBooklet])).toBe(1)
  })

  it('tells someone whose access has ended, and nothing else about the family', async () => {
    await t.db.owner('update family_access set ended_at = now() where person_id = $1', [person.Leo])
    const home = await leo.get('/my-family')
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('Your access has ended')
    expect(home.body).not.toContain('Ashworth family')
    for (const path of PAGES.slice(1)) expect((await leo.get(path)).statusCode, path).toBe(404)
    expect((await leo.get(`/my-family/pictures/${picture.shared ?? ''}`)).statusCode).toBe(404)
    await leo.get('/my-family')
    expect((await leo.post('/my-family/scale', { score: '5', why: 'a', onePointHigher: 'b', submissionId: crypto.randomUUID() })).statusCode).toBe(404)
  })
})
