import { describe, expect, it } from 'vitest'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'
import { formatDate } from '../../src/platform/views/setup.js'
import { familyIdNamed, userId } from '../support/factories.js'

const JARGON = 'The home is chaotic and Leo is often late.'
const PLAINER = 'Leo was late on 9 of the last 20 school days.'
const RULE = 'Jean collects Leo from school every day.'
const UNRELATED = 'Dean only sees the children at the family centre.'

/**
 * A partner writes a report, gets the coach's advice while typing, checks it as the parents will read
 * it, goes back to change it, and releases it; then the worker records that the family agreed to share
 * the plan rules that name partners, and the partner sees the rule about their school, and only that.
 */
describe('a partner\'s report and the plan rules that name them', () => {
  const running = serverAndBrowser()

  it('advises on the report, asks before release, says it is released, and shows the rules naming the school once agreed', async () => {
    const { t, baseUrl: base } = running.server()
    const familyId = await familyIdNamed(t.db, 'The Ashworth family')
    const rowanId = await userId(t.db, 'practitioner@fellside.example')
    const tomId = await userId(t.db, 'partner@fellside.example')
    const { rows: [family] } = await t.db.owner<{ organisation_id: string }>('select organisation_id from families where id = $1', [familyId])
    const org = family?.organisation_id ?? ''
    await t.db.owner(`insert into partner_access (organisation_id, family_id, user_id, agency_id, basis, lawful_reason, invited_by, submission_id)
      select $1, $2, u.id, u.agency_id, 'without-consent', 'Section 47 enquiry', $3, gen_random_uuid() from users u where u.id = $4`, [org, familyId, rowanId, tomId])
    await t.db.owner(`insert into family_meetings (organisation_id, family_id, title, held_on, place, created_by, submission_id)
      values ($1, $2, 'Core group meeting', (now() + interval '10 days')::date, 'Tarnbeck Family Centre', $3, gen_random_uuid())`, [org, familyId, rowanId])
    const jean = (await t.db.owner<{ id: string }>(`select id from people where family_id = $1 and given_name = 'Jean'`, [familyId])).rows[0]?.id
    await t.db.owner(`insert into network_members (organisation_id, family_id, person_id, relationship_to_child, closeness, commitments, joined_on, created_by, submission_id)
      values ($1, $2, $3, 'Leo and Maisie''s nan', 1, 'Collects Leo and Maisie from school every day', '2026-10-01', $4, gen_random_uuid())
      on conflict do nothing`, [org, familyId, jean, rowanId])
    const { rows: [plan] } = await t.db.owner<{ id: string }>('insert into safety_plans (organisation_id, family_id, version) values ($1, $2, 2) returning id', [org, familyId])
    for (const [index, text] of [RULE, UNRELATED].entries()) {
      const { rows: [rule] } = await t.db.owner<{ id: string }>(`insert into safety_plan_rules (organisation_id, plan_id, kind) values ($1, $2, 'rule') returning id`, [org, plan?.id])
      await t.db.owner(`insert into safety_plan_rule_versions (organisation_id, rule_id, plan_id, version, plan_version, change, text, who_makes_sure, typed_by, submission_id)
        values ($1, $2, $3, 1, $4, 'added', $5, 'Claire', $6, gen_random_uuid())`, [org, rule?.id, plan?.id, index + 1, text, rowanId])
    }

    // Tom, with JavaScript on, writes his report and gets advice as he types.
    const partnerContext = await newContext(running.browser(), { viewport: { width: 1100, height: 900 } })
    const partner = await partnerContext.newPage()
    await signIn(partner, base, 'partner@fellside.example')
    await partner.getByRole('heading', { name: 'Families you are invited to' }).waitFor()
    await partner.getByRole('link', { name: 'The Ashworth family' }).click()
    await partner.getByRole('heading', { name: 'The Ashworth family', level: 1 }).waitFor()
    await partner.getByText('The family has not agreed to share their safety plan with partners.').waitFor()
    expect(await partner.locator('main').textContent()).not.toContain(RULE)
    await expectAccessible(partner, 'the partner view before the family agreed to share the plan')
    await partner.getByRole('link', { name: /Write your report/ }).click()
    await partner.getByRole('heading', { name: 'Your report for the meeting' }).waitFor()
    await partner.getByLabel('What are we worried about?').fill(JARGON)
    await partner.locator('#worries-coach').getByText('"chaotic": A judgement. Say what you saw.', { exact: false }).waitFor()
    await expectAccessible(partner, 'the report form with live advice')
    await partner.getByLabel('What\'s working well?').fill('Claire walks Leo in every day.')
    await partner.getByLabel('What needs to happen?').fill('Leo on time every school day for a term.')
    await partner.getByRole('button', { name: 'Save and check your report' }).click()

    // The check: as the parents will read it, with the advice, and the warning.
    await partner.getByRole('heading', { name: 'Check your report before you release it' }).waitFor()
    await partner.getByText('Once you release it you cannot change it.').waitFor()
    await partner.getByText('The coach found 1 thing you may want to change', { exact: false }).waitFor()
    await expectAccessible(partner, 'the check before release')
    await partner.getByRole('link', { name: 'Go back and change it' }).click()
    await partner.getByLabel('What are we worried about?').fill(PLAINER)
    await partner.getByRole('button', { name: 'Save and check your report' }).click()
    await partner.getByText('The coach has no advice on the words of your report.').waitFor()
    await partner.getByText(PLAINER).waitFor()
    await expectAccessible(partner, 'the check before release, with no advice')
    await partner.getByRole('button', { name: 'Release to the parents' }).click()
    await partner.getByText('Your report is released to the parents. They can read it now, and it can no longer be changed.').waitFor()
    await partner.getByText(`Released to the parents on ${formatDate(new Date())}`).first().waitFor()
    await expectAccessible(partner, 'the partner view with the report released')

    // The worker records that the family agreed to share the rules that name partners.
    const workerContext = await newContext(running.browser(), { viewport: { width: 1100, height: 900 } })
    const worker = await workerContext.newPage()
    await signIn(worker, base, 'practitioner@fellside.example')
    await worker.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
    await worker.goto(`${base}/families/${familyId}/sharing`)
    await worker.getByRole('heading', { name: 'The safety plan and partners' }).waitFor()
    await expectAccessible(worker, 'who can see the family\'s space, with the plan choice')
    await worker.getByRole('radio', { name: 'Yes' }).check()
    await worker.getByRole('button', { name: 'Save what partners can see' }).click()
    await worker.getByText('There is a problem').waitFor()
    expect(await worker.getByRole('radio', { name: 'Yes' }).isChecked()).toBe(true)
    await expectAccessible(worker, 'the plan choice with an error')
    await worker.getByLabel('Who in the family agreed?').fill('Claire Ashworth (mum)')
    await worker.getByRole('button', { name: 'Save what partners can see' }).click()
    await worker.getByText('What partners can see of the safety plan is saved').waitFor()
    await expectAccessible(worker, 'who can see the family\'s space, after the family agreed')

    // Tom now sees the rule about his school, and nothing else of the plan.
    await partner.goto(`${base}/partner/families/${familyId}`)
    await partner.getByRole('heading', { name: 'The safety plan: what you are part of' }).waitFor()
    await partner.getByText(RULE).waitFor()
    expect(await partner.locator('main').textContent()).not.toContain(UNRELATED)
    await expectAccessible(partner, 'the partner view with the rules that name the school')

    await partnerContext.close()
    await workerContext.close()
  })
})
