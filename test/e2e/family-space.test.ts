import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'

const PHONE = { width: 375, height: 812 }
const RULE = 'Nan collects Leo and Maisie from school every day'
const PASSWORD = 'pancakes on a saturday morning'

/** The page fits a phone's width: nothing runs off the side to scroll to. */
async function expectFitsPhone(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow, `${what} is wider than the phone`).toBeLessThanOrEqual(0)
}

/**
 * A worker invites Claire to her family's space. On her phone, Claire joins with the code, reads the
 * plan, gives her own number on the scale and says how a rule went; then, with JavaScript off, she
 * looks round the rest of her space. The worker sees her number and her check-in, marked as hers.
 */
describe('the family\'s own space, on a phone', () => {
  const running = serverAndBrowser()

  it('lets a parent join, read the plan, scale and check in, and the worker see it', async () => {
    const base = running.server().baseUrl
    const worker = await (await newContext(running.browser(), { viewport: { width: 1100, height: 900 } })).newPage()
    const checkWorker = (what: string): Promise<void> => expectAccessible(worker, what)

    // The worker writes a rule, then invites Claire and reads her code off the page.
    await signIn(worker, base, 'practitioner@fellside.example')
    await worker.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
    await worker.goto(`${base}/families`)
    await worker.getByRole('link', { name: 'The Ashworth family' }).click()
    await worker.getByRole('link', { name: 'Safety plan' }).click()
    await worker.getByRole('button', { name: 'Add a rule' }).click()
    await worker.getByLabel('The rule, in the family\'s own words').fill(RULE)
    await worker.getByRole('group', { name: 'Which worry does it answer?' }).getByRole('radio').first().check()
    await worker.getByLabel('Who makes sure it happens').fill('Jean (nan)')
    await worker.getByLabel('Warning signs').fill('Claire goes quiet on the phone')
    await worker.getByLabel('If the rule is broken').fill('The network meets that week')
    await worker.getByRole('button', { name: 'Save' }).click()
    await worker.getByRole('heading', { name: RULE }).waitFor()
    await worker.getByRole('link', { name: 'Back to The Ashworth family' }).click()
    await worker.getByRole('link', { name: 'Who can see this family\'s space' }).click()
    await worker.getByRole('button', { name: 'Invite a family or network member' }).click()
    await worker.getByRole('radio', { name: 'Claire Ashworth' }).check()
    await checkWorker('the invitation form')
    await worker.getByRole('button', { name: 'Make the code' }).click()
    const code = (await worker.locator('[data-invitation-code]').textContent() ?? '').trim()
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    await checkWorker('the invitation code')

    // Claire, on her phone.
    const phone = await newContext(running.browser(), { viewport: PHONE, isMobile: true, hasTouch: true })
    const claire = await phone.newPage()
    const check = async (what: string): Promise<void> => {
      await expectAccessible(claire, `${what} (phone)`)
      await expectFitsPhone(claire, what)
    }
    await claire.goto(`${base}/join`)
    await check('joining')
    await claire.getByLabel('Your code').fill(code)
    await claire.getByLabel('Your email address').fill('claire@example.com')
    await claire.getByLabel('Choose a password').fill(PASSWORD)
    await claire.getByLabel('Type the password again').fill(PASSWORD)
    await claire.getByRole('button', { name: 'Join' }).click()
    await claire.waitForURL(/\/sign-in\?joined=yes/)
    await signIn(claire, base, 'claire@example.com', PASSWORD)
    await claire.getByRole('heading', { name: 'Hello, Claire Ashworth' }).waitFor()
    expect(new URL(claire.url()).pathname).toBe('/my-family')
    await check('the family\'s space')

    // She reads the plan: her family's rule, the steps ahead, the network.
    await claire.getByRole('link', { name: 'The plan', exact: true }).click()
    await claire.getByRole('heading', { name: 'The plan', level: 1 }).waitFor()
    expect(await claire.getByRole('heading', { name: RULE }).count()).toBe(1)
    await check('the plan')

    // Her own number on the scale: first sent with nothing filled in, then properly.
    await claire.getByRole('link', { name: 'Back to your family\'s space' }).click()
    await claire.getByRole('link', { name: 'Give your own number on the scale' }).click()
    await check('the scale')
    await claire.getByRole('button', { name: 'Send my number' }).click()
    await claire.getByText('There is a problem').waitFor()
    await check('the scale with errors')
    await claire.getByRole('radio', { name: '7', exact: true }).check()
    await claire.getByLabel('Why did you choose this number?').fill('Dean has kept away and Leo is sleeping better')
    await claire.getByLabel('What would one point higher look like?').fill('Leo going to school on time every day')
    await claire.getByRole('button', { name: 'Send my number' }).click()
    await claire.getByText('Your number has been sent to your worker').waitFor()
    await check('the scale, sent')

    // A check-in: the rule was kept on Saturday.
    await claire.getByRole('link', { name: 'Back to your family\'s space' }).click()
    await claire.getByRole('link', { name: 'Tell us how a rule went' }).click()
    await check('the check-in form')
    await claire.getByRole('radio', { name: RULE }).check()
    await claire.getByRole('radio', { name: 'The rule was kept' }).check()
    await claire.getByLabel('When was this?').fill('21/11/2026')
    await claire.getByLabel('What happened? (optional)').fill('Mum had the children on Saturday and collected them from school')
    await claire.getByRole('button', { name: 'Send check-in' }).click()
    await claire.getByText('Your check-in has been sent to your worker').waitFor()
    await check('the plan with her check-in')
    await phone.close()

    // The rest of her space, with JavaScript off.
    const plain = await newContext(running.browser(), { viewport: PHONE, javaScriptEnabled: false })
    const noScript = await plain.newPage()
    const checkPlain = async (what: string): Promise<void> => {
      await expectAccessible(noScript, `${what} (phone, no JavaScript)`, { javaScriptOff: true })
      await expectFitsPhone(noScript, what)
    }
    await signIn(noScript, base, 'claire@example.com', PASSWORD)
    await noScript.getByRole('heading', { name: 'Hello, Claire Ashworth' }).waitFor()
    await checkPlain('the family\'s space')
    await noScript.getByRole('link', { name: 'The map', exact: true }).click()
    await noScript.getByRole('heading', { name: 'The map', level: 1 }).waitFor()
    await checkPlain('the map')
    await noScript.getByRole('link', { name: /Comment on this/ }).first().click()
    await noScript.getByRole('heading', { name: 'Comment on this', level: 1 }).waitFor()
    await checkPlain('the comment form')
    await noScript.getByLabel('Your comment').fill('Jean helps every Saturday too')
    await noScript.getByRole('button', { name: 'Send comment' }).click()
    await noScript.getByText('Your comment has been sent to your worker').waitFor()
    await checkPlain('the map with her comment')
    for (const [link, heading] of [['Say what you think of the plan', 'What do you think of the plan?'], ['Words and pictures', 'Words and pictures'], ['Meetings coming up', 'Meetings coming up']] as const) {
      await noScript.goto(`${base}/my-family`)
      await noScript.getByRole('link', { name: link }).click()
      await noScript.getByRole('heading', { name: heading, level: 1 }).waitFor()
      await checkPlain(heading)
    }
    await noScript.goto(`${base}/my-family/plan/response`)
    await noScript.getByRole('radio', { name: 'I would change something' }).check()
    await noScript.getByLabel('What would you change?').fill('Jean could collect on Fridays too')
    await noScript.getByRole('button', { name: 'Send', exact: true }).click()
    await noScript.getByText('Your worker will see what you think of the plan').waitFor()
    await checkPlain('the plan with her view')
    await plain.close()

    // The worker sees Claire's number, her check-in and her view of the plan, each marked as hers.
    await worker.goto(`${base}/families`)
    await worker.getByRole('link', { name: 'The Ashworth family' }).click()
    await worker.getByRole('button', { name: 'Open the map' }).click()
    expect(await worker.locator('.app-family-comment', { hasText: 'Jean helps every Saturday too' }).textContent()).toContain('Comment from Claire Ashworth (family)')
    await checkWorker('the map with Claire\'s comment')
    await worker.getByRole('link', { name: 'Scaling', exact: true }).click()
    await worker.getByRole('heading', { name: 'Scaling', level: 1 }).waitFor()
    expect(await worker.getByRole('columnheader', { name: 'Claire Ashworth (family)' }).count()).toBe(1)
    await checkWorker('the scaling page with Claire\'s number')
    await worker.goto(`${base}/families`)
    await worker.getByRole('link', { name: 'The Ashworth family' }).click()
    await worker.getByRole('link', { name: 'Safety plan' }).click()
    const checkIn = worker.getByRole('row').filter({ hasText: 'Mum had the children on Saturday' })
    expect(await checkIn.textContent()).toContain('Claire Ashworth (family)')
    expect(await checkIn.textContent()).toContain('Kept')
    expect(await worker.locator('#family-responses ~ .app-family-comment').first().textContent()).toContain('Jean could collect on Fridays too')
    await checkWorker('the plan with Claire\'s check-in and view')
  })
})
