import crypto from 'node:crypto'
import fc from 'fast-check'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StaffRole } from '../../src/db/schema/organisations.js'
import type { RoutePolicy } from '../../src/platform/http/pipeline.js'
import { startTestApp } from '../support/app.js'
import { createUser, familyIdNamed, userId, withAuthenticatorApp } from '../support/factories.js'
import { decodeEntities, formPostingTo, type FormField, type HtmlForm } from '../support/forms.js'
import {
  HostileClient, XSS_PAYLOADS, brief, changedTables, hostileQuery, hostileText, jsonText, junkSegment, multipartBody, oddKey, pdfText,
  rawMarkupIn, requestCount, snapshotter, toJson, urlEncoded, type FilePart, type Pairs, type RawRequest, type Snapshot,
} from '../support/hostile.js'
import { SVG_AS_PNG, testPng } from '../support/pictures.js'

/**
 * Hostile input, everywhere. Every route that changes something, taken from the live route table
 * (so a route added later is covered without touching this file), and every page that reads a query
 * string, is sent generated input: any unicode, very long text, markup, SQL-ish text, odd numbers and
 * impossible dates, lists where one value is expected and one value where a list is, repeated and
 * prototype-named fields, missing fields, malformed bodies and the wrong content types.
 *
 * Whatever is sent, the answer is a 2xx, a 3xx or a 4xx that says clearly what is wrong, never a
 * 5xx; a refused request changes nothing in any table; and markup is only ever shown as text.
 *
 * Reproduce a failure with HOSTILE_SEED=<seed printed> (and HOSTILE_SHRINK=1 to let fast-check shrink it).
 */

const SEED = process.env.HOSTILE_SEED === undefined ? Date.now() % 2_147_483_647 : Number(process.env.HOSTILE_SEED)
const SHRINK = process.env.HOSTILE_SHRINK === '1'
const VERBOSE = process.env.HOSTILE_VERBOSE === '1'

const t = await startTestApp()
const liveRoutes: RoutePolicy[] = t.routePolicies.filter((route) => route.method !== 'HEAD')
const changingRoutes = liveRoutes.filter((route) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method))
const pageRoutes = liveRoutes.filter((route) => route.method === 'GET')

// About 900 generated bodies and 400 query strings in all, so the run time stays near a minute as routes are added.
const RUNS_PER_CHANGING_ROUTE = Number(process.env.HOSTILE_RUNS ?? Math.max(6, Math.min(12, Math.round(900 / changingRoutes.length))))
const RUNS_PER_PAGE = Number(process.env.HOSTILE_PAGE_RUNS ?? Math.max(2, Math.min(4, Math.round(400 / pageRoutes.length))))

// Routes that use up or end the records other routes need run after the rest (each is still covered).
const ENDS_THINGS = /\/(remove|disable|status|reveal|reset-password|reset-second-factor|end|dismiss)$/
changingRoutes.sort((a, b) => Number(ENDS_THINGS.test(a.url)) - Number(ENDS_THINGS.test(b.url)))

const snapshot = await snapshotter(t.db)
const TODAY = ((): string => { const now = new Date(); return `${String(now.getUTCDate())}/${String(now.getUTCMonth() + 1)}/${String(now.getUTCFullYear())}` })()
const PERSONA_EMAILS: Record<StaffRole, string> = {
  'practitioner': 'practitioner@fellside.example', 'team-manager': 'manager@fellside.example', 'conference-chair': 'chair@fellside.example',
  'partner-practitioner': 'partner@fellside.example', 'organisation-administrator': 'admin@fellside.example', 'learning-administrator': 'learning@fellside.example',
}
const NEEDS_SECOND_FACTOR: StaffRole[] = ['organisation-administrator', 'learning-administrator']
const PREFERRED_ROLES: StaffRole[] = ['practitioner', 'team-manager', 'conference-chair', 'organisation-administrator', 'learning-administrator', 'partner-practitioner']
const SIGN_IN_STAGES = ['password-change', 'second-factor', 'second-factor-enrolment'] as const
type SignInStage = (typeof SIGN_IN_STAGES)[number]

type Persona = { kind: 'signed-out' } | { kind: 'staff'; role: StaffRole } | { kind: 'signing-in'; stage: SignInStage } | { kind: 'family' }

/** Who to send as, from the route's policy text. A policy this file does not know is tried signed out and as a practitioner. */
function personasFor(policy: string): { personas: Persona[]; known: boolean } {
  if (policy === 'public') return { personas: [{ kind: 'signed-out' }], known: true }
  if (policy === 'staff: any role' || policy === 'anyone signed in') return { personas: [{ kind: 'staff', role: 'practitioner' }], known: true }
  if (policy === 'family and network members' && familyMember !== undefined) return { personas: [{ kind: 'family' }], known: true }
  const staff = /^staff: (.+)$/.exec(policy)
  if (staff !== null) {
    const roles = (staff[1] ?? '').split(', ')
    const role = PREFERRED_ROLES.find((candidate) => roles.includes(candidate))
    if (role !== undefined) return { personas: [{ kind: 'staff', role }], known: true }
  }
  const signingIn = /^signing in: (.+)$/.exec(policy)
  if (signingIn !== null) {
    const stage = SIGN_IN_STAGES.find((candidate) => (signingIn[1] ?? '').split(', ').includes(candidate))
    if (stage !== undefined) return { personas: [{ kind: 'signing-in', stage }], known: true }
  }
  return { personas: [{ kind: 'signed-out' }, { kind: 'staff', role: 'practitioner' }], known: false }
}

function describePersona(persona: Persona): string {
  switch (persona.kind) {
    case 'signed-out': return 'signed out'
    case 'staff': return PERSONA_EMAILS[persona.role]
    case 'signing-in': return `someone at sign-in stage ${persona.stage}`
    case 'family': return 'Claire, a family member'
  }
}

// ---------------------------------------------------------------------------------------------
// Real records from the Ashworth family (and a few made through the app's own forms), so that
// requests get past "not found" and reach validation.

const params = new Map<string, string[]>()
let familyId = ''
let teamId = ''
let rowanId = ''
const personaClients = new Map<StaffRole, HostileClient>()
/** Claire, signed in to her family's own space, when the app lets a family join (see shareTheFamily). */
let familyMember: HostileClient | undefined
const access: { family?: string; partner?: string } = {}
const notes: string[] = []
const uncovered = { policies: new Set<string>(), params: new Set<string>() }
const tally = { changingRuns: 0, pageRuns: 0, refused: 0, accepted: 0, savedWithMarkup: 0 }
/** Per route: how many generated requests it was sent, and how many it accepted. */
const perRoute = new Map<string, { sent: number; accepted: number; refusals: Map<string, number> }>()
function count(route: RoutePolicy, response: LightMyRequestResponse): void {
  const key = `${route.method} ${route.url}`
  const entry = perRoute.get(key) ?? { sent: 0, accepted: 0, refusals: new Map<string, number>() }
  entry.sent += 1
  if (response.statusCode < 400) entry.accepted += 1
  else {
    const message = /govuk-error-summary__list[\s\S]*?<a [^>]*>([^<]+)</.exec(response.body)?.[1]?.trim() ?? /<h1[^>]*>([^<]+)</.exec(response.body)?.[1]?.trim() ?? response.body.slice(0, 60)
    const reason = `${String(response.statusCode)} ${message}`
    entry.refusals.set(reason, (entry.refusals.get(reason) ?? 0) + 1)
  }
  perRoute.set(key, entry)
}

async function staffClient(role: StaffRole): Promise<HostileClient> {
  const existing = personaClients.get(role)
  if (existing !== undefined) return existing
  const email = PERSONA_EMAILS[role]
  const client = new HostileClient(t.app)
  const secret = NEEDS_SECOND_FACTOR.includes(role) ? await withAuthenticatorApp(t.db, email) : undefined
  const signedIn = await client.signIn(email, undefined, secret)
  expect(signedIn.headers.location, `${email} signs in`).toBe('/')
  personaClients.set(role, client)
  return client
}

/** A new account part-way through signing in: each stage's forms can end the stage, so each use gets a fresh one. */
async function signingInClient(stage: SignInStage): Promise<HostileClient> {
  const user = await createUser(t.db, { role: stage === 'second-factor-enrolment' ? 'learning-administrator' : 'practitioner' })
  if (stage === 'second-factor') await withAuthenticatorApp(t.db, user.email)
  if (stage === 'password-change') await t.db.owner('update users set password_must_change = true where id = $1', [user.id])
  const client = new HostileClient(t.app)
  const response = await client.signIn(user.email, user.password)
  const expected = { 'password-change': '/sign-in/new-password', 'second-factor': '/sign-in/second-factor', 'second-factor-enrolment': '/sign-in/set-up-second-factor' }[stage]
  expect(response.headers.location, `a new account reaches ${stage}`).toBe(expected)
  return client
}

async function clientFor(persona: Persona): Promise<HostileClient> {
  switch (persona.kind) {
    case 'signed-out': return new HostileClient(t.app)
    case 'staff': return staffClient(persona.role)
    case 'signing-in': return signingInClient(persona.stage)
    case 'family': return familyMember ?? new HostileClient(t.app)
  }
}

/**
 * Puts back what a valid request may have changed that the other routes rely on: the family's worker
 * and team, its open help, that it is not sealed, the personas' accounts and the family's and partner's access.
 */
async function restoreFixtures(): Promise<void> {
  const statements: [string, unknown[]][] = [
    ['update families set team_id = $2, allocated_worker_id = $3 where id = $1', [familyId, teamId, rowanId]],
    ['update episodes set closed_on = null, closure_reason = null where family_id = $1', [familyId]],
    [`update organisations set second_factor_roles = '{}' where slug = 'fellside'`, []],
    [`update users set status = 'active' where email = any($1)`, [Object.values(PERSONA_EMAILS)]],
    // Newer features' records: if their tables change shape, say so rather than stop.
    ['update families set sealed = false where id = $1', [familyId]],
    ...access.family === undefined ? [] : [['update family_access set ended_at = null, ended_by = null where id = $1', [access.family]] as [string, unknown[]]],
    ...access.partner === undefined ? [] : [['update partner_access set ended_at = null, ended_reason = null, ended_by = null where id = $1', [access.partner]] as [string, unknown[]]],
  ]
  for (const [sql, values] of statements) {
    try {
      await t.db.owner(sql, values)
    } catch (error) {
      const note = `could not put back a fixture (${sql}): ${String(error)}`
      if (!notes.includes(note)) notes.push(note)
    }
  }
}

const submissionIdIn = (body: string): string => /name="submissionId" value="([^"]+)"/.exec(body)?.[1] ?? ''
const baseVersionIn = (body: string): string => /name="baseVersion" value="(\d+)"/.exec(body)?.[1] ?? ''
const idAfter = (location: unknown, pattern: RegExp): string => pattern.exec(String(location))?.[1] ?? ''

async function one(sql: string, values: unknown[]): Promise<string> {
  const { rows } = await t.db.owner<{ id: string }>(sql, values)
  const id = rows[0]?.id
  if (id === undefined) throw new Error(`fixture not found: ${sql}`)
  return id
}

async function makeFixtures(): Promise<void> {
  familyId = await familyIdNamed(t.db, 'The Ashworth family')
  rowanId = await userId(t.db, PERSONA_EMAILS.practitioner)
  teamId = await one('select team_id as id from families where id = $1', [familyId])
  const person = (name: string) => one('select id from people where family_id = $1 and given_name = $2', [familyId, name])
  const [leo, maisie, claire, jean] = [await person('Leo'), await person('Maisie'), await person('Claire'), await person('Jean')]
  const entry = (category: string) => one(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = $2 limit 1`, [familyId, category])
  const [danger, goal, strength] = [await entry('danger'), await entry('goal'), await entry('strength')]
  const contact = await one(`select id from contact_details where person_id = $1 and kind = 'phone'`, [claire])
  const rowan = await staffClient('practitioner')
  const family = `/families/${familyId}`

  const saved = (response: LightMyRequestResponse, what: string): LightMyRequestResponse => {
    expect(response.statusCode, `${what}: ${brief(response.body, 400)}`).toBe(303)
    return response
  }

  await rowan.get(`${family}/network/members/new`)
  const member = idAfter(saved(await rowan.post(`${family}/network/members/new`, {
    submissionId: submissionIdIn(rowan.lastPage), who: jean, relationship: 'Leo and Maisie\'s nan', closeness: '1', joinedOn: TODAY,
  }), 'a network member').headers.location, /member=([0-9a-f-]{36})/)

  await rowan.get(`${family}/children/${leo}/sessions/new`)
  const session = idAfter(saved(await rowan.post(`${family}/children/${leo}/sessions/new`, {
    submissionId: submissionIdIn(rowan.lastPage), tool: 'three-houses', heldOn: TODAY, whoWasThere: 'Leo and Rowan',
  }), 'a child session').headers.location, /sessions\/([0-9a-f-]{36})/)
  await rowan.get(`${family}/children/${leo}/sessions/${session}/words/new?part=worries`)
  saved(await rowan.postMultipart(`${family}/children/${leo}/sessions/${session}/words/new`, {
    submissionId: submissionIdIn(rowan.lastPage), part: 'worries', words: 'When Dad shouts I hide', pictureDescription: 'Leo under the stairs', sharing: 'parents-and-network',
  }, { picture: { filename: 'leo.png', contentType: 'image/png', bytes: testPng() } }), 'the child\'s words')
  const words = await one('select id from child_words where session_id = $1', [session])
  const picture = await one('select id from pictures where family_id = $1 limit 1', [familyId])

  await rowan.get(`${family}/plan/rules/new?kind=rule`)
  const rule = idAfter(saved(await rowan.post(`${family}/plan/rules/new?kind=rule`, {
    submissionId: submissionIdIn(rowan.lastPage), text: 'Nan collects the children from school', statement: danger, whoMakesSure: 'Jean', warningSigns: 'Dean at the gate', ifBroken: 'Claire phones Rowan',
  }), 'a plan rule').headers.location, /rule-([0-9a-f-]{36})/)
  await rowan.get(`${family}/plan/stages/new`)
  saved(await rowan.post(`${family}/plan/stages/new`, { submissionId: submissionIdIn(rowan.lastPage), title: 'Supervised time', startsOn: TODAY, reviewOn: TODAY }), 'a trajectory stage')
  const stage = await one('select s.id from trajectory_stages s join safety_plans p on p.id = s.plan_id where p.family_id = $1 limit 1', [familyId])

  await rowan.get(`${family}/booklets/new?child=${leo}`)
  const booklet = idAfter(saved(await rowan.postMultipart(`${family}/booklets/new`, {
    submissionId: submissionIdIn(rowan.lastPage), child: leo, title: 'Leo\'s words and pictures', text: 'Helpers keep children safe.', description: '',
  }), 'a booklet').headers.location, /booklets\/([0-9a-f-]{36})/)
  await rowan.get(`${family}/booklets/${booklet}/pages/new`)
  saved(await rowan.postMultipart(`${family}/booklets/${booklet}/pages/new`, {
    submissionId: submissionIdIn(rowan.lastPage), baseVersion: baseVersionIn(rowan.lastPage), text: 'Sam is a helper.', description: '',
  }), 'a second booklet page')

  await rowan.get(`${family}/map/scaling`)
  const round = idAfter(saved(await rowan.post(`${family}/map/scaling`, { question: '', heldOn: TODAY, blind: 'yes' }), 'a scaling round').headers.location, /scaling\/([0-9a-f-]{36})/)

  const admin = await staffClient('organisation-administrator')
  await admin.get('/admin/language')
  saved(await admin.post('/admin/language', { term: 'hostile-term', suggestion: 'a kinder word', explanation: 'It puts people off' }), 'a language term')
  const term = await one(`select id from language_terms where term = 'hostile-term'`, [])
  const someone = await createUser(t.db, { role: 'practitioner', displayName: 'Someone To Change' })
  const accessIds = await shareTheFamily(rowan, { claire, jean })

  for (const [name, values] of Object.entries({
    familyId: [familyId], personId: [leo, claire], childId: [leo, maisie], contactId: [contact], entryId: [goal, danger, strength],
    category: ['harm', 'danger', 'complicating', 'strength', 'safety', 'goal', 'next-step', 'grey-area'], sessionId: [session], wordsId: [words],
    pictureId: [picture], ruleId: [rule], stageId: [stage], memberId: [member], bookletId: [booklet], index: ['1', '2'], version: ['1', '2'],
    roundId: [round], termId: [term], userId: [someone.id], accessId: accessIds,
  })) params.set(name, values)
}

/**
 * Through the app's own pages: Claire is invited and joins her family's space (the family persona),
 * Jean is invited (an invitation the hostile requests may end), and the partner is given access.
 * These features are new: if a step no longer works this way, the routes are still exercised, and the summary says which persona was missing.
 */
async function shareTheFamily(rowan: HostileClient, people: { claire: string; jean: string }): Promise<string[]> {
  const family = `/families/${familyId}`
  const ids: string[] = []
  try {
    await rowan.get(`${family}/sharing/invite`)
    const made = await rowan.post(`${family}/sharing/invite`, { person: people.claire, submissionId: submissionIdIn(rowan.lastPage) })
    const code = /data-invitation-code>([A-Z0-9-]+)</.exec(made.body)?.[1]
    if (code === undefined) throw new Error(`inviting Claire answered ${String(made.statusCode)}`)
    const claire = new HostileClient(t.app)
    await claire.get('/join')
    const password = 'a long family password 2026'
    const joined = await claire.post('/join', { code, email: 'claire.hostile@example.com', password, confirmPassword: password })
    if (joined.statusCode !== 303) throw new Error(`Claire joining answered ${String(joined.statusCode)}`)
    const signedIn = await claire.signIn('claire.hostile@example.com', password)
    if (signedIn.statusCode !== 303) throw new Error(`Claire signing in answered ${String(signedIn.statusCode)}`)
    familyMember = claire
    access.family = await one('select id from family_access where person_id = $1', [people.claire])
    await rowan.get(`${family}/sharing/invite`)
    await rowan.post(`${family}/sharing/invite`, { person: people.jean, submissionId: submissionIdIn(rowan.lastPage) })
    ids.push(await one('select id from family_access where person_id = $1', [people.jean]))
  } catch (error) {
    notes.push(`no family member persona: ${String(error)}`)
  }
  try {
    const partner = await userId(t.db, PERSONA_EMAILS['partner-practitioner'])
    await rowan.get(`${family}/sharing/partners/invite`)
    const invited = await rowan.post(`${family}/sharing/partners/invite`, { partner, basis: 'consent', consentGivenBy: 'Claire Ashworth', consentGivenOn: TODAY, submissionId: submissionIdIn(rowan.lastPage) })
    if (invited.statusCode !== 303) throw new Error(`inviting the partner answered ${String(invited.statusCode)}`)
    access.partner = await one('select id from partner_access where family_id = $1 and user_id = $2', [familyId, partner])
    ids.push(access.partner)
  } catch (error) {
    notes.push(`no partner access to the Ashworth family: ${String(error)}`)
  }
  return ids
}

// ---------------------------------------------------------------------------------------------
// Sending, and what every answer must be.

const routeMatchers = pageRoutes.map((route) => ({ route, pattern: new RegExp(`^${route.url.split('/').map((part) => part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('/')}$`) }))
const hasPage = (path: string): boolean => routeMatchers.some(({ pattern }) => pattern.test(path))

function paramNames(url: string): string[] {
  return url.split('/').filter((part) => part.startsWith(':') || part === '*').map((part) => part === '*' ? '*' : part.slice(1))
}

function fill(url: string, values: string[]): string {
  let index = 0
  return url.split('/').map((part) => {
    if (!part.startsWith(':') && part !== '*') return part
    const value = values[index] ?? ''
    index += 1
    return value
  }).join('/')
}

/**
 * Real ids for a path parameter this file made no record for (a route added later): rows of a table
 * named after it (alertId: alerts, meetingId: family_meetings), newest first. Kept once found.
 */
async function discoverIds(url: string): Promise<void> {
  for (const name of paramNames(url)) {
    if (name === '*' || params.has(name) || !name.endsWith('Id')) continue
    const stem = name.slice(0, -2).replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
    const { rows: tables } = await t.db.owner<{ table_name: string }>(
      `select c.table_name from information_schema.columns c join information_schema.tables tb on tb.table_name = c.table_name and tb.table_schema = c.table_schema
       where c.table_schema = 'public' and tb.table_type = 'BASE TABLE' and c.column_name = 'id'
         and (c.table_name in ($1, $2) or c.table_name like $3 or c.table_name like $4) order by c.table_name`, [`${stem}s`, stem, `%\\_${stem}s`, `%\\_${stem}`])
    const ids: string[] = []
    for (const { table_name: table } of tables) {
      const { rows } = await t.db.owner<{ id: string }>(`select id::text as id from public."${table.replace(/"/g, '""')}" order by ctid desc limit 3`)
      ids.push(...rows.map((row) => row.id))
    }
    if (ids.length > 0) params.set(name, ids)
  }
}

const STATIC_SEGMENTS = new Set(liveRoutes.flatMap((route) => route.url.split('/')).filter((part) => part !== '' && !part.startsWith(':')))

/**
 * Whether a path names something that cannot exist: a value in place of a real record that is not a
 * real record (nor a word that makes it a different route, nor a dot-segment). Such a path must be refused.
 */
function namesNothing(names: string[], values: string[]): boolean {
  return names.some((name, index) => {
    const value = values[index] ?? ''
    const real = params.get(name) ?? []
    return name !== '*' && !real.includes(value) && !STATIC_SEGMENTS.has(value) && !['..', '%2e%2e', '.'].includes(value)
  })
}

function checkRefusedWhenNothingNamed(route: RoutePolicy, names: string[], values: string[], persona: Persona, response: LightMyRequestResponse): void {
  if (persona.kind === 'signed-out' || !namesNothing(names, values) || response.statusCode >= 400) return
  throw new HostileFailure(`${route.method} ${brief(fill(route.url, values), 200)} names no real record, but as ${describePersona(persona)} it was answered ${String(response.statusCode)}, not 404 or 400`)
}

function paramArbitrary(name: string): fc.Arbitrary<string> {
  const real = params.get(name) ?? []
  if (name === '*') return fc.oneof(junkSegment(), fc.constantFrom('..%2f..%2fpackage.json', '../../package.json', 'images/favicon.ico', 'app.css', '%00.css', 'a/b/c/d/e'))
  if (real.length === 0) {
    uncovered.params.add(name)
    return junkSegment()
  }
  return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...real) }, { weight: 2, arbitrary: junkSegment() })
}

const CLEAR_MESSAGES = [
  'There is a problem', 'data-conflict', 'Page not found', 'You do not have access to this page', 'Sorry, we could not use what was sent',
  'This form has expired', 'What you sent is too large', 'Too many requests',
]

/** Why a refusal is not clear to the person who sent it, if it is not. */
function unclearRefusal(response: LightMyRequestResponse): string | undefined {
  const type = String(response.headers['content-type'] ?? '')
  if (type.includes('application/json')) {
    try {
      const parsed = JSON.parse(response.body) as { error?: unknown }
      return typeof parsed.error === 'string' && parsed.error.trim() !== '' ? undefined : 'a JSON refusal without an "error" message'
    } catch {
      return 'a refusal that says it is JSON but is not'
    }
  }
  if (type.includes('text/html')) return CLEAR_MESSAGES.some((message) => response.body.includes(message)) ? undefined : 'an HTML refusal with no error summary or clear message'
  return `a refusal sent as "${type}"`
}

class HostileFailure extends Error {}

/**
 * Sends one request and checks the answer: never a 5xx; markup never unescaped in HTML; a refusal
 * (or any page view) changes nothing; a refusal says what is wrong.
 */
async function sendChecked(client: HostileClient, request: RawRequest, who: string): Promise<LightMyRequestResponse> {
  const before: Snapshot = await snapshot()
  const response = await client.raw(request)
  const status = response.statusCode
  const what = `${request.method} ${brief(request.url, 200)} as ${who} (${brief(String(request.payload ?? ''), 300)}, ${request.contentType ?? 'no content type'})`
  if (status >= 500) throw new HostileFailure(`${what} answered ${String(status)}: ${brief(response.body, 300)}`)
  const type = String(response.headers['content-type'] ?? '')
  const raw = type.includes('text/html') ? rawMarkupIn(response.body) : undefined
  if (raw !== undefined) throw new HostileFailure(`${what} answered ${String(status)} with unescaped markup ${brief(raw)} in the page`)
  if (status >= 400 || request.method === 'GET') {
    const changes = changedTables(before, await snapshot())
    if (changes.length > 0) throw new HostileFailure(`${what} answered ${String(status)} but changed: ${changes.join('; ')}`)
  }
  if (status >= 400) {
    tally.refused += 1
    const unclear = unclearRefusal(response)
    if (unclear !== undefined) throw new HostileFailure(`${what} answered ${String(status)} with ${unclear}: ${brief(response.body, 300)}`)
  } else {
    tally.accepted += 1
  }
  if (status >= 300 && status < 400 && typeof response.headers.location !== 'string') throw new HostileFailure(`${what} answered ${String(status)} without a Location`)
  return response
}

/** After a change was accepted: the page it leads to shows whatever was saved as text. */
async function checkWhereItLeads(client: HostileClient, response: LightMyRequestResponse, who: string): Promise<void> {
  const location = response.headers.location
  if (typeof location !== 'string' || !location.startsWith('/')) return
  const next = await client.raw({ method: 'GET', url: location.split('#')[0] ?? location })
  if (next.statusCode >= 500) throw new HostileFailure(`after a change was accepted, GET ${location} as ${who} answered ${String(next.statusCode)}`)
  const raw = String(next.headers['content-type'] ?? '').includes('text/html') ? rawMarkupIn(next.body) : undefined
  if (raw !== undefined) throw new HostileFailure(`after a change was accepted, GET ${location} as ${who} shows unescaped markup ${brief(raw)}`)
}

/** Runs a property and, when it fails, reports the seed and a short account of what was sent. */
async function checkProperty<T>(name: string, seed: number, arbitrary: fc.Arbitrary<T>, numRuns: number, run: (value: T) => Promise<void>): Promise<void> {
  const result = await fc.check(fc.asyncProperty(arbitrary, run), { seed, numRuns, endOnFailure: !SHRINK })
  if (result.failed) {
    const error = result.errorInstance
    const message = error instanceof Error ? error.message : String(error)
    throw new Error(`${name} failed (HOSTILE_SEED=${String(SEED)}, fast-check seed ${String(result.seed)}, path ${String(result.counterexamplePath)}):\n${message}`)
  }
}

// ---------------------------------------------------------------------------------------------
// What is sent to a form.

type Mutation =
  | { kind: 'keep' }
  | { kind: 'set'; values: string[] }
  | { kind: 'payload'; payload: string }
  | { kind: 'omit' }
  | { kind: 'json'; value: unknown }

type Encoding = 'form' | 'multipart' | 'json' | 'raw-form' | 'raw-json' | 'raw-multipart' | 'deep-json' | 'odd-type' | 'empty'
type CsrfMode = 'page' | 'header' | 'missing' | 'wrong' | 'twice'
type FileChoice = 'none' | 'png' | 'svg' | 'random' | 'big' | 'drawing'

interface FormRun {
  params: string[]
  mutations: Mutation[]
  extras: [string, string][]
  encoding: Encoding
  csrf: CsrfMode
  query: string | null
  /** When set, only this field (by index) is changed and the rest are sent as the page fills them: valid input with one hostile value. */
  focus: number | null
  /** Whether empty text fields get something plausible typed in, or are left empty as the page shows them. */
  fillEmpty: boolean
  file: FileChoice
  raw: string
  oddType: string
}

function mutationArbitrary(field: FormField): fc.Arbitrary<Mutation> {
  const choices: fc.WeightedArbitrary<Mutation>[] = [
    { weight: 6, arbitrary: fc.constant<Mutation>({ kind: 'keep' }) },
    { weight: 4, arbitrary: hostileText().map((value): Mutation => ({ kind: 'set', values: [value] })) },
    { weight: 3, arbitrary: fc.constantFrom(...XSS_PAYLOADS).map((payload): Mutation => ({ kind: 'payload', payload })) },
    { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'omit' }) },
    { weight: 1, arbitrary: fc.array(hostileText(), { minLength: 2, maxLength: 4 }).map((values): Mutation => ({ kind: 'set', values })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value): Mutation => ({ kind: 'json', value })) },
  ]
  if (field.options.length > 0) {
    choices.push({ weight: 2, arbitrary: fc.subarray(field.options, { minLength: 1 }).map((values): Mutation => ({ kind: 'set', values })) })
  }
  return fc.oneof(...choices)
}

let emailSequence = 0
/** A value a person might really type into an empty field, so that other fields' hostile values get past the required-field checks. */
function plausible(name: string): string {
  if (/email/i.test(name)) { emailSequence += 1; return `hostile.${String(emailSequence)}.${crypto.randomBytes(3).toString('hex')}@fellside.example` }
  if (/password/i.test(name)) return 'correct horse battery staple 2026'
  if (/(^on$|On$|Date$|^date|^due$|dateOfBirth)/.test(name)) return TODAY
  if (/(score|closeness|pathPosition|weeks|threshold)/i.test(name)) return '3'
  if (/code/i.test(name)) return '123456'
  if (/(nhs|^from$|^to$|search)/i.test(name)) return ''
  return 'Plausible words'
}

/** What a person would send for a field: what the page filled in or chose, the first choice where none is chosen, and (if asked) something plausible in empty text fields. */
function baseline(field: FormField, fillEmpty: boolean): string[] {
  switch (field.kind) {
    case 'hidden': case 'select': return field.values
    case 'radio': case 'checkbox': case 'submit': return field.values.length > 0 ? field.values : field.options.slice(0, 1)
    case 'file': return []
    case 'text': case 'textarea': case 'password': return field.values.some((value) => value.trim() !== '') || !fillEmpty ? field.values : [plausible(field.name)]
  }
}

function formRunArbitrary(names: string[], fields: FormField[]): fc.Arbitrary<FormRun> {
  return fc.record({
    params: fc.tuple(...names.map(paramArbitrary)),
    mutations: fc.tuple(...fields.map(mutationArbitrary)),
    extras: fc.array(fc.tuple(oddKey(), hostileText()), { maxLength: 3 }),
    encoding: fc.oneof(
      { weight: 8, arbitrary: fc.constant<Encoding>('form') }, { weight: 4, arbitrary: fc.constant<Encoding>('multipart') }, { weight: 2, arbitrary: fc.constant<Encoding>('json') },
      { weight: 2, arbitrary: fc.constantFrom<Encoding>('raw-form', 'raw-json', 'raw-multipart', 'deep-json', 'odd-type', 'empty') },
    ),
    csrf: fc.oneof({ weight: 16, arbitrary: fc.constant<CsrfMode>('page') }, { weight: 1, arbitrary: fc.constantFrom<CsrfMode>('header', 'missing', 'wrong', 'twice') }),
    query: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileQuery() }),
    focus: fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat({ max: Math.max(0, fields.length - 1) }) }),
    fillEmpty: fc.boolean(),
    file: fc.oneof({ weight: 6, arbitrary: fc.constant<FileChoice>('none') }, { weight: 1, arbitrary: fc.constantFrom<FileChoice>('png', 'svg', 'random', 'big', 'drawing') }),
    raw: fc.string({ unit: 'binary', maxLength: 400 }),
    oddType: fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded; charset=utf-16le', 'application/octet-stream', 'application/json; charset=latin1', 'x/y'),
  })
}

function filesFor(choice: FileChoice, field: string): { files: FilePart[]; pairs: Pairs } {
  switch (choice) {
    case 'none': return { files: [], pairs: [] }
    case 'png': return { files: [{ name: field, filename: 'drawing.png', contentType: 'image/png', bytes: testPng() }], pairs: [] }
    case 'svg': return { files: [{ name: field, filename: '<script>alert(1)</script>.png', contentType: 'image/png', bytes: SVG_AS_PNG }], pairs: [] }
    case 'random': return { files: [{ name: field, filename: 'x.jpg', contentType: 'image/jpeg', bytes: crypto.randomBytes(1 + crypto.randomInt(3000)) }], pairs: [] }
    case 'big': return { files: [{ name: field, filename: 'big.png', contentType: 'image/png', bytes: Buffer.concat([testPng(), crypto.randomBytes(400_000)]) }], pairs: [] }
    case 'drawing': return { files: [], pairs: [['drawing', `data:image/png;base64,${crypto.randomBytes(200).toString('base64')}`]] }
  }
}

/** The request a run describes, built on the form as the page shows it now (fresh hidden values) or as it was first found. */
function buildRequest(url: string, run: FormRun, fields: FormField[], fresh: HtmlForm | undefined, token: string): { request: RawRequest; markup: boolean } {
  const pairs: Pairs = []
  const json: [string, unknown][] = []
  let markup = false
  fields.forEach((field, index) => {
    if (field.name === '_csrf' || field.kind === 'file') return
    const current = fresh?.fields.find((candidate) => candidate.name === field.name) ?? field
    const base = baseline(current, run.fillEmpty)
    const mutation = run.focus === null || run.focus === index ? run.mutations[index] ?? { kind: 'keep' } : { kind: 'keep' as const }
    let values: string[]
    switch (mutation.kind) {
      case 'keep': values = base; break
      case 'set': values = mutation.values; break
      case 'payload': values = [`${base[0] ?? ''} ${mutation.payload}`.trim()]; markup = true; break
      case 'omit': values = []; break
      case 'json': values = [toJson(mutation.value)]; json.push([field.name, mutation.value]); break
    }
    if (mutation.kind !== 'json') {
      for (const value of values) pairs.push([field.name, value])
      if (values.length === 1) json.push([field.name, values[0]])
      else if (values.length > 1) json.push([field.name, values])
    }
  })
  for (const [key, value] of run.focus === null ? run.extras : []) { pairs.push([key, value]); json.push([key, value]) }
  const uploadField = fields.find((field) => field.kind === 'file')?.name ?? 'picture'
  const attached = filesFor(run.file, uploadField)
  pairs.push(...attached.pairs)
  markup ||= pairs.some(([, value]) => XSS_PAYLOADS.some((payload) => value.includes(payload)))

  const headers: Record<string, string> = {}
  const csrfPairs: Pairs = run.csrf === 'page' ? [['_csrf', token]] : run.csrf === 'wrong' ? [['_csrf', `${token.slice(1)}x`]] : run.csrf === 'twice' ? [['_csrf', token], ['_csrf', token]] : []
  if (run.csrf === 'header') headers['x-csrf-token'] = token
  const withCsrf: Pairs = [...csrfPairs, ...pairs]
  const method = 'POST'
  switch (run.encoding) {
    case 'form': return { markup, request: { method, url, headers, contentType: 'application/x-www-form-urlencoded', payload: urlEncoded(withCsrf) } }
    case 'multipart': {
      const body = multipartBody(withCsrf, attached.files)
      return { markup, request: { method, url, headers, contentType: body.contentType, payload: body.payload } }
    }
    case 'json': return { markup, request: { method, url, headers, contentType: 'application/json', payload: jsonText([...csrfPairs.map(([key, value]): [string, unknown] => [key, value]), ...json]) } }
    case 'raw-form': return { markup, request: { method, url, headers, contentType: 'application/x-www-form-urlencoded', payload: Buffer.from(`_csrf=${token}&${run.raw}`) } }
    case 'raw-json': return { markup, request: { method, url, headers, contentType: 'application/json', payload: `{"_csrf":${JSON.stringify(token)},${run.raw}` } }
    case 'raw-multipart': {
      // A multipart body cut short, or with a broken part, after a good CSRF field.
      const body = multipartBody(withCsrf).payload.toString()
      const cut = body.slice(0, Math.max(0, body.length - 1 - (run.raw.length % 40)))
      return { markup, request: { method, url, headers, contentType: 'multipart/form-data; boundary=hostile', payload: `--hostile\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--hostile\r\n${run.raw}\r\n${cut}` } }
    }
    case 'deep-json': return { markup, request: { method, url, headers, contentType: 'application/json', payload: `{"_csrf":${JSON.stringify(token)},"text":${'['.repeat(50_000)}${']'.repeat(50_000)}}` } }
    case 'odd-type': return { markup, request: { method, url, headers, contentType: run.oddType, payload: urlEncoded(withCsrf) } }
    case 'empty': return { markup, request: { method, url, headers } }
  }
}

/** The path of the page that holds a route's form: the route's own page, or the nearest page above it. */
function pageAbove(path: string, depth: number): string {
  const parts = path.split('/')
  return parts.slice(0, Math.max(1, parts.length - depth)).join('/') || '/'
}

async function ensureToken(client: HostileClient, signedOut: boolean): Promise<string> {
  if (client.csrfToken() === '') await client.follow(await client.get(signedOut ? '/sign-in' : '/'))
  return client.csrfToken()
}

/** Where a route's form is: on a page some segments above its path (0: its own page), perhaps opened with a query (?child=…). */
interface FormSource { depth: number; query: string; form: HtmlForm | undefined }

function formPage(path: string, source: FormSource): string {
  const page = pageAbove(path, source.depth)
  return source.query === '' ? page : `${page}?${source.query}`
}

/**
 * Finds the form that posts to this route: on the route's own page, on a page above it, or on the
 * route's own page opened from a link on a page above it (some forms need a query, like ?child=).
 */
async function findForm(client: HostileClient, path: string): Promise<FormSource> {
  const segments = path.split('/').length
  for (let depth = 0; depth < segments - 1; depth += 1) {
    const page = pageAbove(path, depth)
    if (!hasPage(page)) continue
    const response = await client.get(page)
    if (response.statusCode !== 200) continue
    const form = formPostingTo(response.body, path)
    if (form !== undefined) return { depth, query: '', form }
    for (const link of response.body.matchAll(/href="([^"#]+)\?([^"#]+)"/g)) {
      if (decodeEntities(link[1] ?? '') !== path) continue
      const query = decodeEntities(link[2] ?? '')
      const linked = await client.get(`${path}?${query}`)
      const found = linked.statusCode === 200 ? formPostingTo(linked.body, path) : undefined
      if (found !== undefined) return { depth: 0, query, form: found }
    }
  }
  return { depth: -1, query: '', form: undefined }
}

/** The first path with real records in it, for each combination of the first few real values. */
function realPaths(url: string, limit = 8): string[] {
  const names = paramNames(url)
  let combinations: string[][] = [[]]
  for (const name of names) {
    const real = name === '*' ? ['app.css'] : params.get(name) ?? [crypto.randomUUID()]
    combinations = combinations.flatMap((combination) => real.map((value) => [...combination, value])).slice(0, limit)
  }
  return combinations.map((values) => fill(url, values))
}

async function exerciseForm(route: RoutePolicy, seed: number): Promise<void> {
  await discoverIds(route.url)
  const { personas, known } = personasFor(route.policy)
  if (!known) uncovered.policies.add(`${route.method} ${route.url} (${route.policy})`)
  const names = paramNames(route.url)
  // Find the form once, with real records; keep the fields for runs whose path names nothing real.
  let source: FormSource = { depth: -1, query: '', form: undefined }
  for (const persona of personas) {
    const client = await clientFor(persona)
    for (const path of realPaths(route.url)) {
      source = await findForm(client, path)
      if (source.form !== undefined) break
    }
    if (source.form !== undefined) break
  }
  const fields = source.form?.fields ?? []
  const arbitrary = fc.tuple(formRunArbitrary(names, fields), fc.constantFrom(...personas))
  // A persona's client is kept between runs, except signed out (new every time) and after a change was
  // accepted (someone signing in may have moved on to the next stage).
  const clients = new Map<string, HostileClient>()
  await checkProperty(`${route.method} ${route.url}`, seed, arbitrary, RUNS_PER_CHANGING_ROUTE, async ([run, persona]) => {
    tally.changingRuns += 1
    const key = describePersona(persona)
    const client = persona.kind === 'signed-out' ? await clientFor(persona) : clients.get(key) ?? await clientFor(persona)
    clients.set(key, client)
    const path = fill(route.url, run.params)
    let fresh: HtmlForm | undefined
    if (source.depth >= 0) {
      const page = await client.get(formPage(path, source))
      if (page.statusCode === 200) fresh = formPostingTo(page.body, path)
    }
    const token = await ensureToken(client, persona.kind !== 'staff')
    const actionQuery = (fresh ?? source.form)?.action.split('?')[1]
    const url = run.query !== null ? `${path}?${run.query}` : actionQuery === undefined ? path : `${path}?${actionQuery}`
    const { request, markup } = buildRequest(url, run, fields, fresh, token)
    const who = describePersona(persona)
    const response = await sendChecked(client, request, who)
    count(route, response)
    checkRefusedWhenNothingNamed(route, names, run.params, persona, response)
    if (response.statusCode < 400) {
      if (markup) tally.savedWithMarkup += 1
      await checkWhereItLeads(client, response, who)
      await restoreFixtures()
      clients.delete(key)
    }
  })
}

// JSON endpoints get JSON: valid, wrongly typed, malformed, too large, and with the wrong content type.
interface JsonRun { params: string[]; body: string; contentType: string | null; csrf: CsrfMode }

function jsonRunArbitrary(names: string[]): fc.Arbitrary<JsonRun> {
  const field = fc.oneof({ weight: 3, arbitrary: hostileText() }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) })
  const kind = fc.oneof(fc.constantFrom('danger', 'harm', 'goal', 'next-step', 'strength', 'safety', 'complicating', 'family', 'child'), hostileText(), fc.jsonValue({ maxDepth: 1 }))
  const body = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(hostileText(), fc.constantFrom('danger', 'harm', 'goal', 'next-step', 'strength', 'safety', 'complicating', 'family', 'child')).map(([text, textKind]) => jsonText([['text', text], ['kind', textKind]])) },
    { weight: 5, arbitrary: fc.tuple(field, kind, fc.array(fc.tuple(oddKey(), fc.jsonValue({ maxDepth: 2 })), { maxLength: 2 })).map(([text, textKind, extras]) => jsonText([['text', text], ['kind', textKind], ...extras])) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => toJson(value)) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom('{"text":', '{"text":"a","kind":"danger"', '{"__proto__":{"polluted":true},"text":"a","kind":"danger"}', '{"constructor":{"prototype":{"x":1}},"text":"a","kind":"danger"}',
      `{"text":${JSON.stringify('a'.repeat(20_001))},"kind":"danger"}`, `{"text":${'['.repeat(60_000)}${']'.repeat(60_000)},"kind":"danger"}`, `{"text":"a","kind":"danger","x":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`, `{"text":${JSON.stringify('<script>alert(1)</script> '.repeat(12_000))},"kind":"danger"}`, '[]', 'null', '""', '1e999', '{"text":"a","text":"b","kind":"danger"}') },
  )
  return fc.record({
    params: fc.tuple(...names.map(paramArbitrary)),
    body,
    contentType: fc.oneof({ weight: 6, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded') }, { weight: 1, arbitrary: fc.constant(null) }),
    csrf: fc.oneof({ weight: 8, arbitrary: fc.constant<CsrfMode>('header') }, { weight: 1, arbitrary: fc.constantFrom<CsrfMode>('page', 'missing', 'wrong') }),
  })
}

async function exerciseJson(route: RoutePolicy, seed: number): Promise<void> {
  await discoverIds(route.url)
  const { personas, known } = personasFor(route.policy)
  if (!known) uncovered.policies.add(`${route.method} ${route.url} (${route.policy})`)
  await checkProperty(`${route.method} ${route.url} (JSON)`, seed, fc.tuple(jsonRunArbitrary(paramNames(route.url)), fc.constantFrom(...personas)), RUNS_PER_CHANGING_ROUTE * 2, async ([run, persona]) => {
    tally.changingRuns += 1
    const client = await clientFor(persona)
    const token = await ensureToken(client, persona.kind !== 'staff')
    const headers: Record<string, string> = { accept: 'application/json' }
    if (run.csrf === 'header') headers['x-csrf-token'] = token
    if (run.csrf === 'wrong') headers['x-csrf-token'] = `${token.slice(1)}x`
    const body = run.csrf === 'page' && run.body.startsWith('{') ? `{"_csrf":${JSON.stringify(token)},${run.body.slice(1)}` : run.body
    const response = await sendChecked(client, { method: route.method, url: fill(route.url, run.params), headers, payload: body, ...(run.contentType === null ? {} : { contentType: run.contentType }) }, describePersona(persona))
    count(route, response)
    checkRefusedWhenNothingNamed(route, paramNames(route.url), run.params, persona, response)
    if (response.statusCode < 300 && !String(response.headers['content-type'] ?? '').includes('application/json')) {
      throw new HostileFailure(`${route.method} ${route.url} answered ${String(response.statusCode)} as ${String(response.headers['content-type'])}, not JSON`)
    }
  })
}

async function exercisePage(route: RoutePolicy, seed: number): Promise<void> {
  await discoverIds(route.url)
  const { personas, known } = personasFor(route.policy)
  if (!known) uncovered.policies.add(`${route.method} ${route.url} (${route.policy})`)
  const arbitrary = fc.record({ params: fc.tuple(...paramNames(route.url).map(paramArbitrary)), query: hostileQuery(), persona: fc.constantFrom(...personas) })
  const clients = new Map<string, HostileClient>()
  await checkProperty(`GET ${route.url}`, seed, arbitrary, RUNS_PER_PAGE, async (run) => {
    tally.pageRuns += 1
    const key = describePersona(run.persona)
    const client = run.persona.kind === 'signed-out' ? await clientFor(run.persona) : clients.get(key) ?? await clientFor(run.persona)
    clients.set(key, client)
    const response = await sendChecked(client, { method: 'GET', url: `${fill(route.url, run.params)}?${run.query}` }, describePersona(run.persona))
    count(route, response)
    checkRefusedWhenNothingNamed(route, paramNames(route.url), run.params, run.persona, response)
  })
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  console.log(`Hostile input: HOSTILE_SEED=${String(SEED)}; ${String(changingRoutes.length)} routes that change things and ${String(pageRoutes.length)} pages, from the live route table`)
  await makeFixtures()
}, 120_000)

afterAll(async () => {
  console.log([
    `Hostile input summary (HOSTILE_SEED=${String(SEED)}):`,
    `  ${String(tally.changingRuns)} generated requests to ${String(changingRoutes.length)} routes that change things, ${String(tally.pageRuns)} hostile query strings to ${String(pageRoutes.length)} pages`,
    `  ${String(tally.refused)} refused (4xx), ${String(tally.accepted)} accepted (2xx/3xx), ${String(tally.savedWithMarkup)} accepted with markup in a field`,
    `  policies with no persona here (tried signed out and as a practitioner): ${[...uncovered.policies].join('; ') || 'none'}`,
    `  path parameters that had no real record when a route using them ran (tried there with random ids only): ${[...uncovered.params].join(', ') || 'none'}`,
    ...notes.map((note) => `  note: ${note}`),
    ...VERBOSE ? [...perRoute].map(([key, entry]) => `  ${key}: ${String(entry.sent)} sent, ${String(entry.accepted)} accepted; refused: ${[...entry.refusals].map(([reason, times]) => `${String(times)}× ${reason}`).join(' | ')}`) : [],
  ].join('\n'))
  console.log(`METRIC hostile_inputs_tried ${String(requestCount.total)}`)
  await t.close()
})

describe('markup typed into text fields is shown as text everywhere it appears', () => {
  const escaped = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
  // A PDF wraps long words wherever the line ends, so its text is compared without any white space.
  const unspaced = (text: string): string => text.replace(/\s+/g, '')
  const strings = (value: unknown): string[] => typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(strings) : typeof value === 'object' && value !== null ? Object.values(value).flatMap(strings) : []

  interface Output { url: string; as: 'html' | 'pdf' | 'json'; mustShow: boolean }
  interface TextField { name: string; save: (client: HostileClient, text: string) => Promise<LightMyRequestResponse>; outputs: () => Output[] }

  const family = (): string => `/families/${familyId}`
  const first = (name: string): string => params.get(name)?.[0] ?? ''
  const FIELDS: TextField[] = [
    {
      name: 'a map entry',
      save: async (client, text) => {
        await client.get(`${family()}/map/add/strength`)
        return client.post(`${family()}/map/add/strength`, { submissionId: submissionIdIn(client.lastPage), text, saidByKind: 'family-member', saidByName: 'Claire (mum)' })
      },
      outputs: () => [
        { url: `${family()}/map`, as: 'html', mustShow: true }, { url: `${family()}/map/print`, as: 'html', mustShow: true }, { url: `${family()}/map/history`, as: 'html', mustShow: true },
        { url: `${family()}/map/family-version.pdf`, as: 'pdf', mustShow: true }, { url: `${family()}/family-copy.json`, as: 'json', mustShow: true },
      ],
    },
    {
      name: 'a plan rule',
      save: async (client, text) => {
        await client.get(`${family()}/plan/rules/new?kind=rule`)
        return client.post(`${family()}/plan/rules/new?kind=rule`, { submissionId: submissionIdIn(client.lastPage), text, statement: params.get('entryId')?.[1] ?? '', whoMakesSure: 'Jean', warningSigns: 'Shouting', ifBroken: 'Claire phones Rowan' })
      },
      outputs: () => [
        { url: `${family()}/plan`, as: 'html', mustShow: true }, { url: `${family()}/plan/print`, as: 'html', mustShow: true },
        { url: `${family()}/plan/plan.pdf`, as: 'pdf', mustShow: true }, { url: `${family()}/family-copy.json`, as: 'json', mustShow: true },
        { url: `${family()}/plan/print?for=${first('memberId')}`, as: 'html', mustShow: true }, { url: `${family()}/plan/plan.pdf?for=${first('memberId')}`, as: 'pdf', mustShow: true },
      ],
    },
    {
      name: 'a child\'s words',
      save: async (client, text) => {
        const session = `${family()}/children/${first('childId')}/sessions/${first('sessionId')}`
        await client.get(`${session}/words/new?part=dreams`)
        const saved = await client.post(`${session}/words/new`, { submissionId: submissionIdIn(client.lastPage), part: 'dreams', words: text, pictureDescription: '', sharing: 'parents-and-network' })
        if (saved.statusCode !== 303) return saved
        const wordsId = (await t.db.owner<{ id: string }>('select id from child_words where words = $1', [text])).rows[0]?.id ?? ''
        await client.get(`${family()}/child-words/${wordsId}/place`)
        return client.post(`${family()}/child-words/${wordsId}/place`, { submissionId: submissionIdIn(client.lastPage), category: 'strength' })
      },
      outputs: () => [
        { url: `${family()}/children/${first('childId')}/sessions/${first('sessionId')}`, as: 'html', mustShow: true }, { url: `${family()}/children/${first('childId')}/voice`, as: 'html', mustShow: true },
        { url: `${family()}/map`, as: 'html', mustShow: true }, { url: `${family()}/map/print`, as: 'html', mustShow: true },
        { url: `${family()}/map/family-version.pdf`, as: 'pdf', mustShow: true }, { url: `${family()}/family-copy.json`, as: 'json', mustShow: true },
      ],
    },
    {
      name: 'a network member\'s relationship',
      save: async (client, text) => {
        await client.get(`${family()}/network/members/new`)
        return client.post(`${family()}/network/members/new`, {
          submissionId: submissionIdIn(client.lastPage), who: 'new', givenName: 'Sam', familyName: `Kirkby ${crypto.randomBytes(3).toString('hex')}`, relationship: text, closeness: '2', joinedOn: TODAY,
        })
      },
      outputs: () => [
        // The relationship is on the network page and the family tree; no print view, PDF or export includes it, so those only must not show it raw.
        { url: `${family()}/network`, as: 'html', mustShow: true }, { url: `${family()}/network/family-tree`, as: 'html', mustShow: true },
        { url: `${family()}/plan`, as: 'html', mustShow: false }, { url: `${family()}/plan/print`, as: 'html', mustShow: false },
        { url: `${family()}/plan/plan.pdf`, as: 'pdf', mustShow: false }, { url: `${family()}/family-copy.json`, as: 'json', mustShow: false },
      ],
    },
    {
      name: 'a booklet page',
      save: async (client, text) => {
        const booklet = `${family()}/booklets/${first('bookletId')}`
        await client.get(`${booklet}/pages/new`)
        return client.postMultipart(`${booklet}/pages/new`, { submissionId: submissionIdIn(client.lastPage), baseVersion: baseVersionIn(client.lastPage), text, description: '' })
      },
      outputs: () => [
        { url: `${family()}/booklets/${first('bookletId')}`, as: 'html', mustShow: true }, { url: `${family()}/booklets/${first('bookletId')}/print`, as: 'html', mustShow: true },
        { url: `${family()}/booklets/${first('bookletId')}/booklet.pdf`, as: 'pdf', mustShow: true },
      ],
    },
  ]

  const FOCUSED_PAYLOADS = ['<img src=x onerror=alert(1)>', '<script>alert("xss")</script>', '"><svg onload=alert(1)>', '<img src=x onerror=alert(1)> and <script>alert(2)</script> & \'quotes\'']

  it.each(FIELDS)('$name: on the page, the print view, the PDF and the JSON export', async (field) => {
    const rowan = await staffClient('practitioner')
    let sequence = 0
    await checkProperty(`markup in ${field.name}`, SEED, fc.tuple(fc.constantFrom(...FOCUSED_PAYLOADS), fc.stringMatching(/^[A-Za-z ]{0,12}$/)), 3, async ([payload, words]) => {
      sequence += 1
      const text = `Hostile ${String(sequence)}${crypto.randomBytes(2).toString('hex')} ${words.trim()} ${payload}`.replace(/\s+/g, ' ').trim()
      const saved = await field.save(rowan, text)
      if (saved.statusCode !== 303) throw new HostileFailure(`saving ${field.name} answered ${String(saved.statusCode)}: ${brief(saved.body, 400)}`)
      for (const output of field.outputs()) {
        const response = await rowan.get(output.url)
        if (response.statusCode !== 200) throw new HostileFailure(`${output.url} answered ${String(response.statusCode)}`)
        let shown: boolean
        if (output.as === 'html') {
          const raw = rawMarkupIn(response.body)
          if (raw !== undefined) throw new HostileFailure(`${output.url} shows ${field.name}'s markup unescaped (${brief(raw)})`)
          // Escaped by the templates (&lt;) or by a presenter building HTML (&#60;): as text either way, once decoded.
          shown = response.body.includes(escaped(text)) || decodeEntities(response.body).includes(text)
        } else if (output.as === 'pdf') {
          shown = unspaced(pdfText(response.rawPayload)).includes(unspaced(text))
        } else {
          if (!String(response.headers['content-type']).includes('application/json')) throw new HostileFailure(`${output.url} is not sent as JSON`)
          shown = strings(JSON.parse(response.body)).some((value) => value.includes(text))
        }
        if (VERBOSE) console.log(`${field.name}: ${output.url.replace(familyId, 'F')} ${shown ? 'shows it' : 'does not show it'}`)
        if (output.mustShow && !shown) throw new HostileFailure(`${output.url} does not show ${field.name} as the literal text ${brief(text)}`)
      }
    })
  }, 60_000)
})

describe('every page, given hostile query strings and path parameters', () => {
  it.each(pageRoutes.map((route, index) => ({ route, index, name: `GET ${route.url}` })))('$name', async ({ route, index }) => {
    await exercisePage(route, SEED + 1000 + index)
  }, 60_000)
})

describe('every route that changes something, given hostile input', () => {
  it.each(changingRoutes.map((route, index) => ({ route, index, name: `${route.method} ${route.url}` })))('$name', async ({ route, index }) => {
    const json = route.url.startsWith('/api/') || route.url.startsWith('/session/')
    if (json) await exerciseJson(route, SEED + index)
    else await exerciseForm(route, SEED + index)
  }, 90_000)
})

describe('after all of that', () => {
  it('every page, print view, PDF and export still works and shows whatever was saved only as text', async () => {
    const problems: string[] = []
    for (const route of pageRoutes) {
      if (route.url.includes('*')) continue
      const { personas } = personasFor(route.policy)
      const persona = personas[personas.length - 1] ?? { kind: 'signed-out' }
      const client = await clientFor(persona)
      const paths = realPaths(route.url)
      const withReader = route.url.startsWith('/families/:familyId/') ? [`?for=${params.get('memberId')?.[0] ?? ''}`] : []
      for (const url of [...paths, ...withReader.map((query) => `${paths[0] ?? ''}${query}`)]) {
        const response = await client.get(url)
        const type = String(response.headers['content-type'] ?? '')
        if (response.statusCode >= 500) problems.push(`GET ${url} answered ${String(response.statusCode)}`)
        else if (type.includes('text/html') && rawMarkupIn(response.body) !== undefined) problems.push(`GET ${url} shows unescaped markup ${brief(rawMarkupIn(response.body))}`)
        else if (type.includes('application/pdf')) {
          try { pdfText(response.rawPayload) } catch (error) { problems.push(`GET ${url}: the PDF cannot be read (${String(error)})`) }
        } else if (type.includes('application/json')) {
          try { JSON.parse(response.body) } catch { problems.push(`GET ${url}: the JSON cannot be read`) }
        }
      }
    }
    expect(problems).toEqual([])
  }, 120_000)
})
