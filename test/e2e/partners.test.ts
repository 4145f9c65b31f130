import { describe, expect, it } from 'vitest'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'
import { formatDate } from '../../src/platform/views/setup.js'
import { familyIdNamed, personIdNamed } from '../support/factories.js'
import { addFamilyMember, FAMILY_PASSWORD } from '../support/personas.js'

/** A date as people type it, e.g. 26/11/2026. */
function typed(date: Date): string {
  return `${String(date.getUTCDate())}/${String(date.getUTCMonth() + 1)}/${String(date.getUTCFullYear())}`
}

const MEETING_DATE = new Date(Date.now() + 14 * 86_400_000)
const MEETING = `Review child protection conference, ${formatDate(MEETING_DATE)}`
const REPORT = {
  worries: 'Leo has been late on 9 of the last 20 school days and is often hungry at breakfast club.',
  workingWell: 'Claire walks Leo in every day now, and he reads with her in the playground.',
  needsToHappen: 'Leo on time and fed every school day for a whole term. School will keep a breakfast place for him.',
}

/**
 * The worker invites a partner with the family's consent and arranges a meeting; the partner (in a
 * browser without JavaScript) writes a report in the three columns; the worker releases it to the
 * parents; then the family withdraws consent and the partner's next request for the family is refused.
 */
describe('partner agencies and their reports', () => {
  const running = serverAndBrowser()

  it('invites a partner, takes their report, releases it, and ends their access when consent is withdrawn', async () => {
    const base = running.server().baseUrl
    const workerContext = await newContext(running.browser(), { viewport: { width: 1100, height: 900 } })
    const worker = await workerContext.newPage()
    const checkWorker = (what: string): Promise<void> => expectAccessible(worker, `${what} (worker)`)

    // The worker invites Tom, with Claire's consent.
    await signIn(worker, base, 'practitioner@fellside.example')
    await worker.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
    await worker.goto(`${base}/families`)
    await worker.getByRole('link', { name: 'The Ashworth family' }).click()
    await worker.getByRole('heading', { name: /The Ashworth family/, level: 1 }).waitFor()
    await checkWorker('the family record')
    await worker.getByRole('link', { name: 'Who can see this family\'s space' }).click()
    await worker.getByRole('button', { name: 'Invite a partner' }).click()
    await worker.getByRole('heading', { name: 'Invite a partner' }).waitFor()
    await checkWorker('the invite a partner form')
    await worker.getByLabel('Partner practitioner').selectOption({ label: 'Tom Greaves (Tarnbeck Primary School)' })
    await worker.getByRole('radio', { name: 'The family consented' }).check()
    await worker.getByLabel('If they consented: who gave consent').fill('Claire Ashworth')
    await worker.getByLabel('If they consented: the date').fill(typed(new Date()))
    await worker.getByRole('button', { name: 'Invite' }).click()
    await worker.getByText('Partner invited').waitFor()
    await checkWorker('who can see the family\'s space')

    // The worker arranges the review conference.
    await worker.getByRole('link', { name: 'Back to The Ashworth family' }).click()
    await worker.getByRole('link', { name: 'Meetings and partners\' reports' }).click()
    await worker.getByRole('heading', { name: 'Meetings and partners\' reports' }).waitFor()
    await checkWorker('the empty meetings page')
    await worker.getByRole('button', { name: 'Add a meeting' }).click()
    await worker.getByRole('button', { name: 'Add the meeting' }).click()
    await worker.getByText('There is a problem').waitFor()
    await checkWorker('the meeting form with errors')
    await worker.getByLabel('What is the meeting?').fill('Review child protection conference')
    await worker.getByLabel('Date').fill(typed(MEETING_DATE))
    await worker.getByLabel('Time it starts').fill('2:30pm')
    await worker.getByLabel('Place (optional)').fill('Tarnbeck Family Centre')
    await worker.getByRole('button', { name: 'Add the meeting' }).click()
    await worker.getByText('Meeting added').waitFor()
    await worker.getByRole('heading', { name: MEETING }).waitFor()
    await checkWorker('the meetings page with a meeting')

    // Tom, in his own browser with JavaScript off, writes his report.
    const partnerContext = await newContext(running.browser(), { javaScriptEnabled: false, viewport: { width: 1100, height: 900 } })
    const partner = await partnerContext.newPage()
    const checkPartner = (what: string): Promise<void> => expectAccessible(partner, `${what} (partner, without JavaScript)`, { javaScriptOff: true })
    await signIn(partner, base, 'partner@fellside.example')
    await partner.getByRole('heading', { name: 'Families you are invited to' }).waitFor()
    await checkPartner('the partner\'s families')
    await partner.getByRole('link', { name: 'The Ashworth family' }).click()
    await partner.getByRole('heading', { name: 'The Ashworth family', level: 1 }).waitFor()
    await checkPartner('the partner view')
    expect(await partner.locator('main').textContent()).not.toContain('Heron Court')
    await partner.getByRole('link', { name: /Write your report/ }).click()
    await partner.getByRole('heading', { name: 'Your report for the meeting' }).waitFor()
    await checkPartner('the report form')
    await partner.getByLabel('What are we worried about?').fill(REPORT.worries)
    await partner.getByRole('button', { name: 'Save and check your report' }).click()
    await partner.getByText('There is a problem').waitFor()
    expect(await partner.getByLabel('What are we worried about?').inputValue()).toBe(REPORT.worries)
    await checkPartner('the report form with errors')
    await partner.getByLabel('What\'s working well?').fill(REPORT.workingWell)
    await partner.getByLabel('What needs to happen?').fill(REPORT.needsToHappen)
    await partner.getByRole('radio', { name: '5', exact: true }).check()
    await partner.getByRole('button', { name: 'Save and check your report' }).click()
    await partner.getByText('Your report is saved').waitFor()
    await partner.getByRole('heading', { name: 'Check your report before you release it' }).waitFor()
    await checkPartner('the check before release')
    // Tom leaves it for the worker to release.
    await partner.getByRole('link', { name: 'Back to your report' }).click()
    await partner.getByRole('link', { name: 'Back to The Ashworth family' }).click()
    await partner.getByText('Not released to the parents yet').first().waitFor()
    await checkPartner('the partner view with the report')

    // Claire, on her phone, does not see the report before it is released to her.
    const { t } = running.server()
    const familyId = await familyIdNamed(t.db, 'The Ashworth family')
    await addFamilyMember(t, familyId, await personIdNamed(t.db, familyId, 'Claire'), 'parent-carer', 'claire@example.com', 'Claire Ashworth')
    const parentContext = await newContext(running.browser(), { viewport: { width: 375, height: 740 } })
    const parent = await parentContext.newPage()
    await signIn(parent, base, 'claire@example.com', FAMILY_PASSWORD)
    await parent.goto(`${base}/my-family/meetings`)
    await parent.getByRole('heading', { name: /meetings/i, level: 1 }).waitFor()
    expect(await parent.locator('main').textContent()).not.toContain(REPORT.worries)
    await expectAccessible(parent, 'the parent\'s meetings before the report is released (375 px)')

    // The worker reads it and releases it to the parents.
    await worker.reload()
    await worker.getByText(REPORT.worries).waitFor()
    expect(await worker.getByText('Not released to the parents yet').count()).toBe(1)
    await checkWorker('the meetings page with a report')
    await worker.getByRole('button', { name: /Release to the parents/ }).click()
    await worker.getByText('Report released to the parents').waitFor()
    await worker.getByText(`Released to the parents on ${formatDate(new Date())} by Rowan Ashby`).waitFor()
    expect(await worker.getByRole('button', { name: /Release to the parents/ }).count()).toBe(0)
    await checkWorker('the meetings page with the report released')

    await partner.reload()
    await partner.getByText(`Released to the parents on ${formatDate(new Date())}`).first().waitFor()

    // Claire reads it before the meeting.
    await parent.reload()
    await parent.getByText(REPORT.worries).waitFor()
    await parent.getByText(REPORT.needsToHappen).waitFor()
    await expectAccessible(parent, 'the parent reading the released report (375 px)')
    expect(await parent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await parentContext.close()

    // The family withdraws consent: Tom's next request for the family is refused.
    const familyUrl = partner.url()
    await worker.getByRole('link', { name: 'Back to The Ashworth family' }).click()
    await worker.getByRole('link', { name: 'Who can see this family\'s space' }).click()
    await worker.getByRole('button', { name: 'Consent withdrawn for Tom Greaves' }).click()
    await worker.getByText('Consent withdrawn: the partner can no longer see this family').waitFor()
    await checkWorker('who can see the family\'s space after consent was withdrawn')

    const refused = await partner.goto(familyUrl)
    expect(refused?.status()).toBe(404)
    await partner.getByRole('heading', { name: 'Page not found' }).waitFor()
    await checkPartner('the page refused after consent was withdrawn')
    await partner.goto(`${base}/partner`)
    await partner.getByText('You have not been invited to any families yet').waitFor()
    expect(await partner.getByRole('link', { name: 'The Ashworth family' }).count()).toBe(0)
    await checkPartner('the partner\'s families after consent was withdrawn')

    await partnerContext.close()
    await workerContext.close()
  })
})
