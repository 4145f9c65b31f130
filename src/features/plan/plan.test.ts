import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { createUser, familyIdNamed, personIdNamed, userId } from '../../../test/support/factories.js'
import { PLAN_MESSAGES } from './plan.schema.js'

const submissionIdIn = (body: string): string => /name="submissionId" value="([^"]+)"/.exec(body)?.[1] ?? ''
const html = (text: string): string => text.replace(/'/g, '&#39;').replace(/"/g, '&quot;')

/** Words only workers may see, words for parents only, and words for the network only. */
const KEPT_FROM_EVERYONE = 'CANARY-workers-only: dad scares me when he shouts'
const PARENTS_ONLY = 'I want mum to pick me up from school'
const NETWORK_ONLY = 'CANARY-network-only: I tell nan when I am scared'

describe('the safety plan', () => {
  let t: TestApp
  let rowan: PageClient
  let familyId: string
  let statementId: string
  let goalId: string
  let words: Record<string, string>
  let memberId: string

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    const rowanId = await userId(t.db, 'practitioner@fellside.example')
    const { rows: [leo] } = await t.db.owner<{ id: string; organisation_id: string }>(`select id, organisation_id from people where family_id = $1 and given_name = 'Leo'`, [familyId])
    if (leo === undefined) throw new Error('no Leo')
    const { rows: [session] } = await t.db.owner<{ id: string }>(
      `insert into child_sessions (organisation_id, family_id, child_person_id, tool, held_on, who_was_there, recorded_by, submission_id)
       values ($1, $2, $3, 'three-houses', '2026-11-20', 'Leo and Rowan', $4, gen_random_uuid()) returning id`, [leo.organisation_id, familyId, leo.id, rowanId])
    words = {}
    for (const [index, [text, parents, network]] of ([[KEPT_FROM_EVERYONE, false, false], [PARENTS_ONLY, true, false], [NETWORK_ONLY, false, true]] as const).entries()) {
      const { rows } = await t.db.owner<{ id: string }>(
        `insert into child_words (organisation_id, family_id, session_id, child_person_id, part, position, words, parents_may_see, network_may_see, submission_id)
         values ($1, $2, $3, $4, 'worries', $5, $6, $7, $8, gen_random_uuid()) returning id`, [leo.organisation_id, familyId, session?.id, leo.id, index + 1, text, parents, network])
      words[text] = rows[0]?.id ?? ''
    }
    const statement = await t.db.owner<{ id: string }>(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = 'danger' and e.removed_at is null limit 1`, [familyId])
    statementId = statement.rows[0]?.id ?? ''
    const goal = await t.db.owner<{ id: string }>(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = 'goal' and e.removed_at is null limit 1`, [familyId])
    goalId = goal.rows[0]?.id ?? ''
    const { rows: [nan] } = await t.db.owner<{ id: string }>(
      `insert into people (organisation_id, family_id, kind, given_name, family_name) values ($1, $2, 'other-adult', 'Jean', 'Pollard') returning id`, [leo.organisation_id, familyId])
    const { rows: [member] } = await t.db.owner<{ id: string }>(
      `insert into network_members (organisation_id, family_id, person_id, relationship_to_child, closeness, joined_on, created_by, submission_id)
       values ($1, $2, $3, 'Leo''s nan', 1, '2026-11-01', $4, gen_random_uuid()) returning id`, [leo.organisation_id, familyId, nan?.id, rowanId])
    memberId = member?.id ?? ''
  })
  afterAll(async () => { await t.close() })

  const count = async (table: string): Promise<number> => Number((await t.db.owner<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]?.n)

  it('refuses a rule without what a rule needs, saving nothing and keeping what was typed', async () => {
    await rowan.get(`/families/${familyId}/plan/rules/new?kind=rule`)
    const refused = await rowan.post(`/families/${familyId}/plan/rules/new?kind=rule`, { text: 'Nan collects the children', whoMakesSure: '' })
    expect(refused.statusCode).toBe(400)
    for (const message of [PLAN_MESSAGES.statementMissing, PLAN_MESSAGES.whoMissing, PLAN_MESSAGES.warningMissing, PLAN_MESSAGES.brokenMissing]) expect(refused.body).toContain(html(message))
    expect(refused.body).toContain('Nan collects the children')
    expect(await count('safety_plan_rules')).toBe(0)
  })

  it('refuses a rule linked to a statement from another family', async () => {
    const other = await t.db.owner<{ id: string }>(`select e.id from map_entries e join maps m on m.id = e.map_id join families f on f.id = m.family_id where f.family_name <> 'The Ashworth family' and e.category = 'danger' limit 1`)
    const form = await rowan.get(`/families/${familyId}/plan/rules/new?kind=rule`)
    const refused = await rowan.post(`/families/${familyId}/plan/rules/new?kind=rule`, {
      submissionId: submissionIdIn(form.body), text: 'A rule', statement: other.rows[0]?.id ?? '', whoMakesSure: 'Nan', warningSigns: 'Shouting', ifBroken: 'Network meets',
    })
    expect(refused.statusCode).toBe(400)
    expect(await count('safety_plan_rules')).toBe(0)
  })

  it('saves a rule once, linked to a statement and to the child\'s words, and shows which words it answers', async () => {
    const form = await rowan.get(`/families/${familyId}/plan/rules/new?kind=rule`)
    expect(form.body).toContain(PARENTS_ONLY)
    const fields = {
      submissionId: submissionIdIn(form.body), text: 'Nan collects Leo and Maisie from school every day', statement: statementId,
      whoMakesSure: 'Jean (nan) and Claire (mum)', warningSigns: 'Dad turns up at the school gate', ifBroken: 'Nan rings the network and we meet that week',
      childWords: [words[KEPT_FROM_EVERYONE] ?? '', words[PARENTS_ONLY] ?? '', words[NETWORK_ONLY] ?? ''],
    }
    const first = await rowan.post(`/families/${familyId}/plan/rules/new?kind=rule`, fields)
    const second = await rowan.post(`/families/${familyId}/plan/rules/new?kind=rule`, fields)
    expect(first.statusCode).toBe(303)
    expect(second.statusCode).toBe(303)
    expect(await count('safety_plan_rules')).toBe(1)
    const page = await rowan.get(`/families/${familyId}/plan`)
    expect(page.body).toContain('Nan collects Leo and Maisie from school every day')
    expect(page.body).toContain(`${PARENTS_ONLY}</q> (Leo)`)
    expect(page.body).toContain('Not agreed')
    const bottomForm = await rowan.get(`/families/${familyId}/plan/rules/new?kind=bottom-line`)
    const bottom = await rowan.post(`/families/${familyId}/plan/rules/new?kind=bottom-line`, { submissionId: submissionIdIn(bottomForm.body), text: 'Dean does not live at the house', statement: 'none' })
    expect(bottom.statusCode).toBe(303)
    const after = await rowan.get(`/families/${familyId}/plan`)
    expect(after.body).toMatch(/bottom lines[\s\S]*Dean does not live at the house/)
  })

  it('shows both versions when someone else changed the rule first, and keeps this person\'s words', async () => {
    const { rows } = await t.db.owner<{ id: string }>(`select id from safety_plan_rules where kind = 'rule'`)
    const ruleId = rows[0]?.id ?? ''
    const mine = await rowan.get(`/families/${familyId}/plan/rules/${ruleId}/edit`)
    const theirs = await signedIn(t.app, 'manager@fellside.example')
    const theirForm = await theirs.get(`/families/${familyId}/plan/rules/${ruleId}/edit`)
    const base = { statement: statementId, whoMakesSure: 'Jean (nan)', warningSigns: 'Dad at the gate', ifBroken: 'Network meets' }
    expect((await theirs.post(`/families/${familyId}/plan/rules/${ruleId}/edit`, { ...base, submissionId: submissionIdIn(theirForm.body), baseVersion: '1', text: 'Their version of the rule' })).statusCode).toBe(303)
    const conflict = await rowan.post(`/families/${familyId}/plan/rules/${ruleId}/edit`, { ...base, submissionId: submissionIdIn(mine.body), baseVersion: '1', text: 'My version of the rule' })
    expect(conflict.statusCode).toBe(409)
    expect(conflict.body).toContain('Their version of the rule')
    expect(conflict.body).toContain('My version of the rule')
    const saved = await rowan.post(`/families/${familyId}/plan/rules/${ruleId}/edit`, { ...base, submissionId: submissionIdIn(conflict.body), baseVersion: '2', text: 'Nan collects Leo and Maisie from school every day', childWords: [words[KEPT_FROM_EVERYONE] ?? '', words[PARENTS_ONLY] ?? '', words[NETWORK_ONLY] ?? ''] })
    expect(saved.statusCode).toBe(303)
  })

  it('will not mark the plan agreed while a child has no recorded view, and says which child', async () => {
    const form = await rowan.get(`/families/${familyId}/plan/agree`)
    const planVersion = /name="planVersion" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    const refused = await rowan.post(`/families/${familyId}/plan/agree`, { submissionId: submissionIdIn(form.body), planVersion, agreedBy: ['Claire Ashworth'], agreedOn: '25/11/2026' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(html('Maisie\'s view is not recorded'))
    expect(refused.body).not.toContain(html('Leo\'s view is not recorded'))
    expect(await count('safety_plan_agreements')).toBe(0)
  })

  it('records the agreement once the child\'s view, or the reason why not, is recorded', async () => {
    const maisie = await personIdNamed(t.db, familyId, 'Maisie')
    await rowan.get(`/families/${familyId}/children/${maisie}/view-reason`)
    await rowan.post(`/families/${familyId}/children/${maisie}/view-reason`, { reason: 'Maisie has few words yet', howObserved: 'Seen at nursery: settled and playing' })
    const form = await rowan.get(`/families/${familyId}/plan/agree`)
    const planVersion = /name="planVersion" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    const stale = await rowan.post(`/families/${familyId}/plan/agree`, { submissionId: submissionIdIn(form.body), planVersion: '1', agreedBy: ['Claire Ashworth'], agreedOn: '25/11/2026' })
    expect(stale.statusCode).toBe(400)
    expect(stale.body).toContain('The plan has changed since you opened this page')
    const agreed = await rowan.post(`/families/${familyId}/plan/agree`, { submissionId: submissionIdIn(form.body), planVersion, agreedBy: ['Claire Ashworth'], others: 'Jean Pollard', agreedOn: '25/11/2026' })
    expect(agreed.statusCode).toBe(303)
    const page = await rowan.get(`/families/${familyId}/plan`)
    expect(page.body).toContain('Claire Ashworth, Jean Pollard')
    expect(page.body).toContain('Agreed</strong>')
  })

  it('records weekly check-ins and sums them up per rule', async () => {
    const { rows } = await t.db.owner<{ id: string }>(`select id from safety_plan_rules where kind = 'rule'`)
    const ruleId = rows[0]?.id ?? ''
    const empty = await rowan.get(`/families/${familyId}/plan/check-ins/new`)
    const refused = await rowan.post(`/families/${familyId}/plan/check-ins/new`, { submissionId: submissionIdIn(empty.body), checkedOn: '18/11/2026', checkedBy: 'Jean' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(PLAN_MESSAGES.noResults)
    for (const [date, result] of [['11/11/2026', 'not-kept'], ['18/11/2026', 'kept'], ['25/11/2026', 'kept']]) {
      const form = await rowan.get(`/families/${familyId}/plan/check-ins/new`)
      const saved = await rowan.post(`/families/${familyId}/plan/check-ins/new`, {
        submissionId: submissionIdIn(form.body), checkedOn: date ?? '', checkedBy: 'Jean (nan)', [`result-${ruleId}`]: result ?? '', [`result-${goalId}`]: 'kept', [`note-${ruleId}`]: `Week of ${date ?? ''}`,
      })
      expect(saved.statusCode).toBe(303)
    }
    const page = await rowan.get(`/families/${familyId}/plan`)
    expect(page.body).toContain('Kept in 2 of the last 3 weeks checked')
    expect(page.body).toContain('Seen in 3 of the last 3 weeks checked')
    expect(await count('safety_plan_check_ins')).toBe(6)
  })

  it('shows each rule\'s text apart from its label on the check-in form, with GOV.UK Frontend\'s own classes only', async () => {
    const form = (await rowan.get(`/families/${familyId}/plan/check-ins/new`)).body
    const legends = [...form.matchAll(/<legend[^>]*>([\s\S]*?)<\/legend>/g)].map((match) => (match[1] ?? '').trim())
    const rules = legends.filter((legend) => legend.includes('>Rule<'))
    expect(rules.length).toBeGreaterThan(0)
    for (const legend of rules) {
      expect(legend).toMatch(/^<span class="govuk-caption-m">Rule<\/span><span class="govuk-!-display-block">[^<]+\S[^<]*<\/span>$/)
    }
    const css = fs.readFileSync(path.join(import.meta.dirname, '../../../node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css'), 'utf8')
    const classes = new Set([...form.matchAll(/class="([^"]*)"/g)].flatMap((match) => (match[1] ?? '').split(/\s+/)).filter((name) => name.startsWith('govuk-')))
    const inCss = new Set([...css.matchAll(/\.(govuk-(?:\\!|[\w-])+)/g)].map((match) => (match[1] ?? '').replace(/\\!/g, '!')))
    // Classes GOV.UK Frontend's own macros write without styling them (hooks for its JavaScript, wrappers) are its own too.
    const componentsDir = path.join(import.meta.dirname, '../../../node_modules/govuk-frontend/dist/govuk/components')
    const templates = [path.join(componentsDir, '..', 'template.njk'), ...fs.readdirSync(componentsDir).map((component) => path.join(componentsDir, component, 'template.njk'))]
    const inMacros = new Set(templates.filter((file) => fs.existsSync(file)).flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8')
      // A macro that builds its classes from a namespace ("govuk-generic") writes them with it filled in.
      const namespace = /set namespace = [^"]*"([\w-]+)"/.exec(text)?.[1] ?? 'govuk'
      return [...text.replace(/\{\{ namespace \}\}/g, namespace).matchAll(/govuk-[\w-]+/g)].map((match) => match[0])
    }))
    const unknown = [...classes].filter((name) => !inCss.has(name) && !inMacros.has(name))
    expect(inCss.has('govuk-caption-s')).toBe(false)
    expect(classes.size).toBeGreaterThan(5)
    expect(unknown).toEqual([])
  })

  it('draws the trajectory with the same stages and dates as its text', async () => {
    const form = await rowan.get(`/families/${familyId}/plan/stages/new`)
    const refused = await rowan.post(`/families/${familyId}/plan/stages/new`, { submissionId: submissionIdIn(form.body), title: 'Overnights', startsOn: '10/1/2027', reviewOn: '1/1/2027' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(PLAN_MESSAGES.reviewBeforeStart)
    await rowan.post(`/families/${familyId}/plan/stages/new`, { submissionId: submissionIdIn(form.body), title: 'Supervised time at the family centre', startsOn: '2/11/2026', reviewOn: '4/12/2026' })
    const next = await rowan.get(`/families/${familyId}/plan/stages/new`)
    await rowan.post(`/families/${familyId}/plan/stages/new`, { submissionId: submissionIdIn(next.body), title: 'Time with dad, supervised by nan', startsOn: '7/12/2026', reviewOn: '11/1/2027' })
    const page = await rowan.get(`/families/${familyId}/plan`)
    const svg = /<svg class="app-trajectory"[\s\S]*?<\/svg>/.exec(page.body)?.[0] ?? ''
    const text = /<ol class="govuk-list govuk-list--number app-trajectory-text">[\s\S]*?<\/ol>/.exec(page.body)?.[0] ?? ''
    for (const expected of ['Supervised time at the family centre', 'Time with dad, supervised by nan', '4 December 2026', '11 January 2027']) {
      expect(svg).toContain(expected)
      expect(text).toContain(expected)
    }
  })

  it('never puts words a child kept from parents into anything built for parents: page, PDF or JSON', async () => {
    const print = await rowan.get(`/families/${familyId}/plan/print?for=family`)
    expect(print.statusCode).toBe(200)
    expect(print.body).toContain(PARENTS_ONLY)
    expect(print.body).not.toContain('CANARY')
    const json = await rowan.get(`/families/${familyId}/family-copy.json`)
    expect(json.statusCode).toBe(200)
    expect(json.body).toContain(PARENTS_ONLY)
    expect(json.body).not.toContain('CANARY')
    const pdf = await rowan.get(`/families/${familyId}/plan/plan.pdf?for=family`)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-plan-')), 'plan.pdf')
    fs.writeFileSync(file, pdf.rawPayload)
    const text = execFileSync('/usr/bin/pdftotext', [file, '-']).toString()
    expect(text).toContain('Nan collects Leo and Maisie')
    expect(text).toContain(PARENTS_ONLY)
    expect(text).not.toContain('CANARY')
  })

  it('gives a network member their own copy, with only the words the child shared with the network', async () => {
    const print = await rowan.get(`/families/${familyId}/plan/print?for=${memberId}`)
    expect(print.statusCode).toBe(200)
    expect(print.body).toContain('a copy for Jean Pollard')
    expect(print.body).toContain('CANARY-network-only')
    expect(print.body).not.toContain(PARENTS_ONLY)
    expect(print.body).not.toContain('CANARY-workers-only')
    expect((await rowan.get(`/families/${familyId}/plan/print?for=${familyId}`)).statusCode).toBe(404)
  })

  it('keeps what was typed when someone else removed the bottom line while it was being changed', async () => {
    const form = await rowan.get(`/families/${familyId}/plan/rules/new?kind=bottom-line`)
    const added = await rowan.post(`/families/${familyId}/plan/rules/new?kind=bottom-line`, { submissionId: submissionIdIn(form.body), text: 'The children sleep at home every night', statement: 'none' })
    const ruleId = /#rule-([0-9a-f-]{36})/.exec(added.headers.location ?? '')?.[1] ?? ''
    const mine = await rowan.get(`/families/${familyId}/plan/rules/${ruleId}/edit`)
    const manager = await signedIn(t.app, 'manager@fellside.example')
    const removeForm = await manager.get(`/families/${familyId}/plan/rules/${ruleId}/remove`)
    expect((await manager.post(`/families/${familyId}/plan/rules/${ruleId}/remove`, { submissionId: submissionIdIn(removeForm.body), baseVersion: '1' })).statusCode).toBe(303)
    const conflict = await rowan.post(`/families/${familyId}/plan/rules/${ruleId}/edit`, { submissionId: submissionIdIn(mine.body), baseVersion: '1', statement: 'none', text: 'The children sleep at home, with mum, every night' })
    expect(conflict.statusCode).toBe(409)
    expect(conflict.body).toContain('Someone else removed this bottom line while you were writing')
    expect(conflict.body).toContain('The children sleep at home, with mum, every night')
    expect(conflict.body).toContain('The children sleep at home every night')
    // Saving what was typed adds it to the plan again, as a new bottom line.
    expect(conflict.body).toContain(`action="/families/${familyId}/plan/rules/new?kind=bottom-line"`)
    const saved = await rowan.post(`/families/${familyId}/plan/rules/new?kind=bottom-line`, { submissionId: submissionIdIn(conflict.body), statement: 'none', text: 'The children sleep at home, with mum, every night' })
    expect(saved.statusCode).toBe(303)
    expect((await rowan.get(`/families/${familyId}/plan`)).body).toContain('The children sleep at home, with mum, every night')
  })

  it('answers 404 to staff outside the family', async () => {
    const outsider = await createUser(t.db, { role: 'practitioner' })
    const client = await signedIn(t.app, outsider.email, { password: outsider.password })
    expect((await client.get(`/families/${familyId}/plan`)).statusCode).toBe(404)
    expect((await client.get(`/families/${familyId}/plan/plan.pdf`)).statusCode).toBe(404)
    expect((await client.get(`/families/${familyId}/family-copy.json`)).statusCode).toBe(404)
  })

  it('takes how long a goal needs to be seen from the goal\'s own words, until the worker changes it on the plan', async () => {
    const { rows: [goal] } = await t.db.owner<{ entry_id: string }>(`select v.entry_id from map_entry_versions v join maps m on m.id = v.map_id where m.family_id = $1 and v.text like '%for 6 months.' limit 1`, [familyId])
    if (goal === undefined) throw new Error('no goal saying "for 6 months"')
    const planPage = await rowan.get(`/families/${familyId}/plan`)
    expect(planPage.body).toContain('26 weeks in a row (from the goal)')
    const times = await rowan.get(`/families/${familyId}/plan/goal-times`)
    expect(times.body).toContain(`From the goal: 26 weeks (${html('"for 6 months"')}). Leave this empty to keep it, or enter a number to change it.`)
    expect(times.body).toMatch(new RegExp(`name="weeks-${goal.entry_id}" type="text"(?![^>]*value="[^"])`))
    // The readiness checklist counts the same 26 weeks.
    expect((await rowan.get(`/families/${familyId}/readiness`)).body).toMatch(/of the 26 needed\./)

    expect((await rowan.post(`/families/${familyId}/plan/goal-times`, { [`weeks-${goal.entry_id}`]: '10' })).statusCode).toBe(303)
    const changed = await rowan.get(`/families/${familyId}/plan`)
    expect(changed.body).toContain('10 weeks in a row')
    expect(changed.body).not.toContain('(from the goal)')
    expect((await rowan.get(`/families/${familyId}/readiness`)).body).toMatch(/of the 10 needed\./)
  })
})
