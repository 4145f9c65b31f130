import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.js'
import type { PageClient } from '../support/browser.js'
import { buildWorld, type Persona, type World } from '../support/personas.js'
import { userId, personIdNamed } from '../support/factories.js'

/**
 * Canary crawl: unique markers are planted where families and partners must never reach them: an
 * address hidden from Dean and from the partner, a sealed family, staff-only notes, another
 * agency's unreleased report, and Maisie's words kept from everyone but the workers. Leo's own
 * kept-back words may reach Leo (he said them) and no one else. Then each family and
 * partner persona follows every link, form, picture, PDF, print view, JSON and export they can
 * reach from their home page. No marker may appear. The workers' own pages must show the markers,
 * so the crawl could find them.
 */
const MARKERS = {
  hiddenAddress: 'CANARY-HIDDEN-ADDRESS-3c1f',
  sealed: 'CANARY-SEALED-FAMILY-8e2a',
  staffNote: 'CANARY-STAFF-NOTE-51d7',
  keptWords: 'CANARY-KEPT-WORDS-0b94',
  youngPersonsOwn: 'CANARY-LEOS-OWN-WORDS-77c2',
  unreleased: 'CANARY-UNRELEASED-REPORT-6f30',
} as const

/** Who may legitimately see a marker (none may, except a young person their own words). */
const ALLOWED: Partial<Record<keyof typeof MARKERS, Persona[]>> = { youngPersonsOwn: ['young-person'] }

const CRAWLERS: Persona[] = ['parent-a', 'parent-b', 'young-person', 'network-member', 'other-family-parent', 'invited-partner', 'uninvited-partner', 'withdrawn-partner']
const MAX_PAGES = 400

function textOf(response: LightMyRequestResponse): string {
  const type = String(response.headers['content-type'] ?? '')
  if (type.includes('application/pdf')) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-canary-')), 'page.pdf')
    fs.writeFileSync(file, response.rawPayload)
    return execFileSync('/usr/bin/pdftotext', [file, '-']).toString()
  }
  if (type.startsWith('image/')) return response.rawPayload.toString('latin1')
  return response.body
}

function decode(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&#39;/g, '\'').replace(/&quot;/g, '"')
}

/** Links, pictures and form targets on a page, on this site only. */
function reachable(html: string): { gets: string[]; forms: { action: string; method: string; fields: Record<string, string> }[] } {
  const gets = [...html.matchAll(/<(?:a|link)\b[^>]*\bhref="([^"#]*)/g), ...html.matchAll(/<img\b[^>]*\bsrc="([^"]*)"/g)].map((match) => decode(match[1] ?? ''))
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((match) => {
    const attributes = match[1] ?? ''
    const body = match[2] ?? ''
    const fields: Record<string, string> = {}
    for (const input of body.matchAll(/<input\b([^>]*)>/g)) {
      const name = /\bname="([^"]*)"/.exec(input[1] ?? '')?.[1]
      const value = /\bvalue="([^"]*)"/.exec(input[1] ?? '')?.[1] ?? ''
      const type = /\btype="([^"]*)"/.exec(input[1] ?? '')?.[1] ?? 'text'
      if (name === undefined || type === 'file') continue
      if ((type === 'radio' || type === 'checkbox') && fields[name] !== undefined) continue
      fields[name] = decode(value)
    }
    for (const area of body.matchAll(/<textarea\b[^>]*\bname="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[area[1] ?? ''] = decode(area[2] ?? '')
    return { action: decode(/\baction="([^"]*)"/.exec(attributes)?.[1] ?? ''), method: (/\bmethod="([^"]*)"/.exec(attributes)?.[1] ?? 'get').toLowerCase(), fields }
  })
  return { gets: gets.filter((url) => url.startsWith('/') && !url.startsWith('//')), forms: forms.filter((form) => form.action.startsWith('/')) }
}

async function crawl(client: PageClient, start: string[]): Promise<{ pages: number; texts: Map<string, string> }> {
  const seen = new Set<string>()
  const queue = [...start]
  const texts = new Map<string, string>()
  while (queue.length > 0 && seen.size < MAX_PAGES) {
    const url = queue.shift() ?? ''
    if (seen.has(url) || url.startsWith('/sign-out') || url.startsWith('/assets/') || url.startsWith('/public/')) continue
    seen.add(url)
    let response = await client.get(url)
    if (response.statusCode >= 300 && response.statusCode < 400) {
      const next = response.headers.location ?? ''
      if (next.startsWith('/')) queue.push(next)
      continue
    }
    texts.set(`GET ${url}`, textOf(response))
    if (!String(response.headers['content-type'] ?? '').includes('text/html')) continue
    const found = reachable(response.body)
    queue.push(...found.gets)
    for (const form of found.forms) {
      if (form.action.startsWith('/sign-out')) continue
      if (form.method === 'get') {
        queue.push(`${form.action}${form.action.includes('?') ? '&' : '?'}${new URLSearchParams(form.fields).toString()}`)
        continue
      }
      // Send the form as the page gives it (with its own token), and read what comes back.
      const key = `POST ${form.action}`
      if (seen.has(key)) continue
      seen.add(key)
      response = await client.post(form.action, form.fields, form.fields._csrf ?? client.csrfToken())
      if (response.statusCode >= 300 && response.statusCode < 400) {
        const next = response.headers.location ?? ''
        if (next.startsWith('/')) queue.push(next)
      } else {
        texts.set(key, textOf(response))
        queue.push(...reachable(response.body).gets)
      }
    }
  }
  return { pages: seen.size, texts }
}

describe('the canary crawl', () => {
  let t: TestApp
  let world: World
  beforeAll(async () => {
    t = await startTestApp()
    world = await buildWorld(t)
    const family = world.families.ashworth
    const { rows: [ids] } = await t.db.owner<{ organisation_id: string }>('select organisation_id from families where id = $1', [family])
    const org = ids?.organisation_id ?? ''
    const rowan = await userId(t.db, 'practitioner@fellside.example')
    const tom = await userId(t.db, 'partner@fellside.example')
    const { claire, dean, leo } = world.ids.personIds
    const maisie = await personIdNamed(t.db, family, 'Maisie')
    // An address hidden from Dean and from the school's partner.
    await t.db.owner(`insert into contact_details (organisation_id, family_id, person_id, kind, value, hidden_from_person_ids, hidden_from_user_ids, hidden_reason)
      values ($1, $2, $3, 'address', $4, $5, $6, 'Refuge address')`, [org, family, claire, `Flat 2, ${MARKERS.hiddenAddress} Road, Tarnbeck`, [dean], [tom]])
    // A sealed family.
    await t.db.owner('update families set family_name = $1 where id = $2', [`The Pennington family ${MARKERS.sealed}`, world.families.pennington])
    // Staff-only notes: the chronology.
    await t.db.owner(`insert into chronology_events (organisation_id, family_id, occurred_on, title, description, recorded_by)
      values ($1, $2, '2026-11-18', $3, $4, $5)`, [org, family, `Police visit ${MARKERS.staffNote}`, `Notes: ${MARKERS.staffNote}`, rowan])
    // Another agency's report, not yet released to the parents.
    const { rows: [otherAgency] } = await t.db.owner<{ id: string }>(`insert into agencies (organisation_id, name, kind) values ($1, 'Fellside Health Visiting', 'health') returning id`, [org])
    const { rows: [visitor] } = await t.db.owner<{ id: string }>(`insert into users (organisation_id, email, display_name, role, agency_id, password_hash)
      values ($1, 'health.visitor@fellside.example', 'Hana Visitor', 'partner-practitioner', $2, 'not-a-password') returning id`, [org, otherAgency?.id])
    const { rows: [meeting] } = await t.db.owner<{ id: string }>(`insert into family_meetings (organisation_id, family_id, title, held_on, created_by, submission_id)
      values ($1, $2, 'Core group', current_date + 7, $3, gen_random_uuid()) returning id`, [org, family, rowan])
    await t.db.owner(`insert into partner_reports (organisation_id, family_id, meeting_id, author_id, agency_id, worries, working_well, needs_to_happen, submission_id)
      values ($1, $2, $3, $4, $5, $6, 'Reading with nan', 'Keep the school run', gen_random_uuid())`, [org, family, meeting?.id, visitor?.id, otherAgency?.id, `Draft: ${MARKERS.unreleased}`])
    // A child's words kept from everyone but the workers, on the map and in the plan.
    const { rows: [session] } = await t.db.owner<{ id: string }>(`insert into child_sessions (organisation_id, family_id, child_person_id, tool, held_on, who_was_there, recorded_by, submission_id)
      values ($1, $2, $3, 'three-houses', '2026-11-20', 'Leo and Rowan', $4, gen_random_uuid()) returning id`, [org, family, leo, rowan])
    const { rows: [maisieSession] } = await t.db.owner<{ id: string }>(`insert into child_sessions (organisation_id, family_id, child_person_id, tool, held_on, who_was_there, recorded_by, submission_id)
      values ($1, $2, $3, 'wizard-fairy', '2026-11-20', 'Maisie and Rowan', $4, gen_random_uuid()) returning id`, [org, family, maisie, rowan])
    const { rows: [words] } = await t.db.owner<{ id: string }>(`insert into child_words (organisation_id, family_id, session_id, child_person_id, part, position, words, parents_may_see, network_may_see, submission_id)
      values ($1, $2, $3, $4, 'worries', 1, $5, false, false, gen_random_uuid()) returning id`, [org, family, maisieSession?.id, maisie, `${MARKERS.keptWords} when dad shouts`])
    const { rows: [own] } = await t.db.owner<{ id: string }>(`insert into child_words (organisation_id, family_id, session_id, child_person_id, part, position, words, parents_may_see, network_may_see, submission_id)
      values ($1, $2, $3, $4, 'worries', 1, $5, false, false, gen_random_uuid()) returning id`, [org, family, session?.id, leo, `${MARKERS.youngPersonsOwn} I hide under my bed`])
    const worker = world.clients['allocated-practitioner']
    for (const id of [words?.id ?? '', own?.id ?? '']) {
      const form = await worker.get(`/families/${family}/child-words/${id}/place`)
      const submissionId = /name="submissionId" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
      expect((await worker.post(`/families/${family}/child-words/${id}/place`, { submissionId, category: 'harm' })).statusCode).toBe(303)
    }
    const { rows: [statement] } = await t.db.owner<{ id: string }>(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = 'danger' limit 1`, [family])
    const ruleForm = await worker.get(`/families/${family}/plan/rules/new?kind=rule`)
    expect((await worker.post(`/families/${family}/plan/rules/new?kind=rule`, {
      submissionId: /name="submissionId" value="([^"]+)"/.exec(ruleForm.body)?.[1] ?? '', text: 'Nan collects the children', statement: statement?.id ?? '',
      whoMakesSure: 'Jean', warningSigns: 'Dean at the gate', ifBroken: 'The network meets', childWords: [words?.id ?? '', own?.id ?? ''],
    })).statusCode).toBe(303)
  }, 120_000)
  afterAll(async () => { await t.close() })

  it('finds the markers on the workers\' own pages, so the crawl could see them', async () => {
    const family = world.families.ashworth
    const rowan = world.clients['allocated-practitioner']
    const priya = world.clients['team-manager']
    expect((await rowan.get(`/families/${family}`)).body).toContain(MARKERS.hiddenAddress)
    expect((await rowan.get(`/families/${family}`)).body).toContain(MARKERS.staffNote)
    expect((await rowan.get(`/families/${family}/map`)).body).toContain(MARKERS.keptWords)
    expect((await rowan.get(`/families/${family}/map`)).body).toContain(MARKERS.youngPersonsOwn)
    expect((await rowan.get(`/families/${family}/meetings`)).body).toContain(MARKERS.unreleased)
    expect((await priya.get(`/families/${world.families.pennington}`)).body).toContain(MARKERS.sealed)
  })

  it('finds none of them anywhere a family or partner persona can reach', async () => {
    const leaks: string[] = []
    const pagesByPersona: string[] = []
    for (const persona of CRAWLERS) {
      const start = persona.includes('partner') ? ['/', '/partner', `/partner/families/${world.families.ashworth}`] : ['/', '/my-family']
      const { pages, texts } = await crawl(world.clients[persona], start)
      pagesByPersona.push(`${persona}: ${String(pages)}`)
      for (const [where, text] of texts) {
        for (const [name, marker] of Object.entries(MARKERS)) {
          if (text.includes(marker) && !(ALLOWED[name as keyof typeof MARKERS] ?? []).includes(persona)) leaks.push(`${persona} saw ${name} at ${where}`)
        }
      }
    }
    console.log(`METRIC canary_crawl_requests ${pagesByPersona.join(', ')}`)
    expect(leaks).toEqual([])
  }, 300_000)

  it('reaches a real part of the family space for the family personas (the crawl is not empty)', async () => {
    const { texts } = await crawl(world.clients['parent-a'], ['/my-family'])
    expect(texts.size).toBeGreaterThan(8)
    const { texts: partner } = await crawl(world.clients['invited-partner'], ['/partner'])
    expect(partner.size).toBeGreaterThan(3)
    // Leo sees his own words, which the crawl must be able to find.
    const { texts: leo } = await crawl(world.clients['young-person'], ['/my-family'])
    expect([...leo.values()].some((text) => text.includes(MARKERS.youngPersonsOwn))).toBe(true)
  }, 120_000)
})
