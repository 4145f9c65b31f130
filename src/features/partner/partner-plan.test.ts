import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { familyIdNamed, userId } from '../../../test/support/factories.js'
import { PLAN_RULES_MESSAGES } from '../sharing/index.js'

const submissionIdIn = (body: string): string => /name="submissionId" value="([^"]+)"/.exec(body)?.[1] ?? ''
const asTyped = (date: Date): string => `${String(date.getUTCDate())}/${String(date.getUTCMonth() + 1)}/${String(date.getUTCFullYear())}`

/** Rules in the Ashworths' plan: which name Tom, his school, or Jean (whose commitments name the school). */
const RULES = {
  namesSchool: 'Jean collects Leo from school every day.',
  namesTom: 'Tom Greaves rings Rowan if Leo is not in class by 9.',
  namesLinkedMember: 'Jean stays with the children on Friday nights.',
  namesNobody: 'UNRELATED-RULE-MARKER-61f0: Dean only sees the children at the family centre.',
  removed: 'REMOVED-RULE-MARKER-2d77: the school keeps Leo until Claire comes.',
}
const HIDDEN_PHONE = '07700 900555'
const COMMITMENT = 'Collects Leo and Maisie from school every day and has them on Saturdays'
const UNLINKED_COMMITMENT = 'UNLINKED-COMMITMENT-MARKER-9b3e: does the shopping on Thursdays'

/** A partner sees the parts of the safety plan that name them, only once the family agreed; nothing else of it. */
describe('the safety plan rules a partner is part of', () => {
  let t: TestApp
  let rowan: PageClient
  let tom: PageClient
  let familyId: string
  let rowanId: string
  let tomId: string
  let partnerPage: string
  let sharingPage: string

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    tom = await signedIn(t.app, 'partner@fellside.example', { address: '198.51.100.22' })
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    rowanId = await userId(t.db, 'practitioner@fellside.example')
    tomId = await userId(t.db, 'partner@fellside.example')
    partnerPage = `/partner/families/${familyId}`
    sharingPage = `/families/${familyId}/sharing`
    const invite = await rowan.get(`/families/${familyId}/sharing/partners/invite`)
    const partner = /<option value="([0-9a-f-]{36})">Tom Greaves/.exec(invite.body)?.[1] ?? ''
    expect((await rowan.post(`/families/${familyId}/sharing/partners/invite`, { partner, basis: 'consent', consentGivenBy: 'Claire Ashworth', consentGivenOn: asTyped(new Date()), submissionId: submissionIdIn(invite.body) })).statusCode).toBe(303)

    const { rows: people } = await t.db.owner<{ id: string; given_name: string; organisation_id: string }>('select id, given_name, organisation_id from people where family_id = $1', [familyId])
    const person = (name: string): string => people.find((row) => row.given_name === name)?.id ?? ''
    const org = people[0]?.organisation_id ?? ''
    await t.db.owner(`insert into network_members (organisation_id, family_id, person_id, relationship_to_child, closeness, commitments, joined_on, created_by, submission_id)
      values ($1, $2, $3, 'Leo and Maisie''s nan', 1, $4, '2026-10-01', $5, gen_random_uuid())`, [org, familyId, person('Jean'), COMMITMENT, rowanId])
    await t.db.owner(`insert into network_members (organisation_id, family_id, person_id, relationship_to_child, closeness, commitments, joined_on, created_by, submission_id)
      values ($1, $2, $3, 'Their mum', 1, $4, '2026-10-01', $5, gen_random_uuid())`, [org, familyId, person('Claire'), UNLINKED_COMMITMENT, rowanId])
    // Claire's phone is hidden from Tom: it must stay hidden even inside a rule that names him.
    await t.db.owner(`insert into contact_details (organisation_id, family_id, person_id, kind, value, hidden_from_user_ids) values ($1, $2, $3, 'phone', $4, $5)`, [org, familyId, person('Claire'), HIDDEN_PHONE, [tomId]])
    const { rows: [plan] } = await t.db.owner<{ id: string }>('insert into safety_plans (organisation_id, family_id, version) values ($1, $2, 6) returning id', [org, familyId])
    const rule = async (text: string, planVersion: number, fields: { ifBroken?: string; kind?: string; whoMakesSure?: string } = {}) => {
      const { rows: [row] } = await t.db.owner<{ id: string }>('insert into safety_plan_rules (organisation_id, plan_id, kind) values ($1, $2, $3) returning id', [org, plan?.id, fields.kind ?? 'rule'])
      await t.db.owner(`insert into safety_plan_rule_versions (organisation_id, rule_id, plan_id, version, plan_version, change, text, who_makes_sure, if_broken, typed_by, submission_id)
        values ($1, $2, $3, 1, $4, 'added', $5, $6, $7, $8, gen_random_uuid())`, [org, row?.id, plan?.id, planVersion, text, fields.whoMakesSure ?? 'Claire', fields.ifBroken ?? '', rowanId])
      return row?.id ?? ''
    }
    await rule(RULES.namesSchool, 1, { whoMakesSure: 'Claire and Jean', ifBroken: `The school rings Claire on ${HIDDEN_PHONE}.` })
    await rule(RULES.namesTom, 2, { kind: 'bottom-line' })
    await rule(RULES.namesLinkedMember, 3)
    await rule(RULES.namesNobody, 4)
    const removed = await rule(RULES.removed, 5)
    await t.db.owner(`insert into safety_plan_rule_versions (organisation_id, rule_id, plan_id, version, plan_version, change, text, typed_by, submission_id)
      values ($1, $2, $3, 2, 6, 'removed', $4, $5, gen_random_uuid())`, [org, removed, plan?.id, RULES.removed, rowanId])
    await t.db.owner('update safety_plan_rules set removed_at = now() where id = $1', [removed])
  })
  afterAll(async () => { await t.close() })

  const everything = [...Object.values(RULES), COMMITMENT, UNLINKED_COMMITMENT, HIDDEN_PHONE]

  it('shows a partner nothing of the plan until the family agreed, and says so', async () => {
    const page = await tom.get(partnerPage)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('The family has not agreed to share their safety plan with partners.')
    for (const text of everything) expect(page.body, text).not.toContain(text)
    const sharing = await rowan.get(sharingPage)
    expect(sharing.body).toContain('No. The family has not agreed.')
    expect(sharing.body).not.toMatch(/name="share" type="radio" value="(yes|no)" checked/)
  })

  it('refuses a choice without an answer, or a yes without who agreed, keeping what was chosen', async () => {
    const none = await rowan.post(`${sharingPage}/partner-plan-rules`, { agreedBy: '' })
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain(PLAN_RULES_MESSAGES.shareMissing)
    const yes = await rowan.post(`${sharingPage}/partner-plan-rules`, { share: 'yes', agreedBy: '' })
    expect(yes.statusCode).toBe(400)
    expect(yes.body).toContain(PLAN_RULES_MESSAGES.agreedByMissing)
    expect(yes.body).toMatch(/value="yes" checked/)
    expect(Number((await t.db.owner<{ n: string }>('select count(*) as n from family_sharing_choices')).rows[0]?.n)).toBe(0)
  })

  it('once the family agreed, shows the rules naming the partner, their school, or Jean, and Jean\'s commitment, and nothing else', async () => {
    const saved = await rowan.post(`${sharingPage}/partner-plan-rules`, { share: 'yes', agreedBy: 'Claire Ashworth (mum)' })
    expect(saved.statusCode).toBe(303)
    const sharing = await rowan.get(String(saved.headers.location))
    expect(sharing.body).toContain('What partners can see of the safety plan is saved')
    expect(sharing.body).toContain('Yes. Claire Ashworth (mum) agreed. Recorded by Rowan Ashby')

    const page = await tom.get(partnerPage)
    for (const text of [RULES.namesSchool, RULES.namesTom, RULES.namesLinkedMember, COMMITMENT]) expect(page.body, text).toContain(text)
    expect(page.body).toContain('Bottom line')
    expect(page.body).toContain('The school rings Claire on [hidden].')
    for (const text of [RULES.namesNobody, RULES.removed, UNLINKED_COMMITMENT, HIDDEN_PHONE, 'UNRELATED-RULE-MARKER', 'REMOVED-RULE-MARKER']) expect(page.body, text).not.toContain(text)
    const { rows: [audit] } = await t.db.owner<{ details: { planRuleIds: string[] } }>(`select details from audit_events where actor_user_id = $1 and action = 'partner.family-viewed' order by id desc limit 1`, [tomId])
    expect(audit?.details.planRuleIds).toHaveLength(3)
    const { rows: [change] } = await t.db.owner<{ details: Record<string, unknown> }>(`select details from audit_events where actor_user_id = $1 and action = 'sharing.partner-plan-rules-changed' and outcome = 'success'`, [rowanId])
    expect(change?.details).toEqual({ before: false, after: true })
  })

  it('never shows a partner from another council, or one not invited, any of it', async () => {
    const bea = await signedIn(t.app, 'partner@lakemoor.example', { address: '198.51.100.23' })
    const other = await bea.get(partnerPage)
    expect(other.statusCode).toBe(404)
    for (const text of everything) expect(other.body, text).not.toContain(text)
  })

  it('stops showing the plan as soon as the worker records that the family no longer agrees', async () => {
    expect((await rowan.post(`${sharingPage}/partner-plan-rules`, { share: 'no', agreedBy: 'ignored' })).statusCode).toBe(303)
    const page = await tom.get(partnerPage)
    expect(page.body).toContain('The family has not agreed to share their safety plan with partners.')
    for (const text of everything) expect(page.body, text).not.toContain(text)
    expect((await t.db.owner<{ agreed_by: string }>('select agreed_by from family_sharing_choices')).rows).toEqual([{ agreed_by: '' }])
  })
})
