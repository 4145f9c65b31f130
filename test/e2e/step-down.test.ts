import { describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { currentTotp } from '../../src/platform/auth/totp.js'
import { withAuthenticatorApp } from '../support/factories.js'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'

function todayTyped(): string {
  const [year, month, day] = new Date().toISOString().slice(0, 10).split('-')
  return `${String(Number(day))}/${String(Number(month))}/${year ?? ''}`
}

describe('stepping down with the checklist not met, and a manager\'s approval', () => {
  const running = serverAndBrowser()

  async function signedInAs(browser: Browser, email: string, hello: string): Promise<Page> {
    const context = await newContext(browser)
    const page = await context.newPage()
    await signIn(page, running.server().baseUrl, email)
    await page.getByRole('heading', { name: `Hello, ${hello}` }).waitFor()
    await expectAccessible(page, `the home page for ${hello}`)
    return page
  }

  async function openAshworth(page: Page): Promise<void> {
    await page.goto(`${running.server().baseUrl}/families`)
    await page.getByLabel('Find a family').fill('Ashworth')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('link', { name: 'The Ashworth family' }).click()
    await page.getByRole('heading', { name: /The Ashworth family/, level: 1 }).waitFor()
    await expectAccessible(page, 'the family record')
  }

  it('turns on approval, warns the practitioner what is not met, and changes the level only when a manager approves', async () => {
    const secret = await withAuthenticatorApp(running.server().t.db, 'admin@fellside.example')
    const adminContext = await newContext(running.browser())
    const admin = await adminContext.newPage()
    await signIn(admin, running.server().baseUrl, 'admin@fellside.example')
    await admin.getByLabel('Enter your security code').fill(currentTotp(secret))
    await admin.getByRole('button', { name: 'Continue' }).click()
    await admin.getByRole('heading', { name: 'Hello, Alex Birkett' }).waitFor()
    await expectAccessible(admin, 'the administrator\'s home page')
    await admin.getByRole('link', { name: 'Settings' }).first().click()
    await expectAccessible(admin, 'the settings page')
    await admin.getByRole('radio', { name: 'Yes, a team manager approves them first' }).check()
    await admin.getByRole('button', { name: 'Save settings' }).click()
    await admin.getByText('Settings saved').waitFor()
    await expectAccessible(admin, 'the settings page after saving')
    await adminContext.close()

    const rowan = await signedInAs(running.browser(), 'practitioner@fellside.example', 'Rowan Ashby')
    await openAshworth(rowan)
    await rowan.getByRole('link', { name: 'Change the level of help' }).click()
    await expectAccessible(rowan, 'the level of help form')
    await rowan.getByRole('radio', { name: 'Child in need' }).check()
    await rowan.getByLabel('Date of the decision').fill(todayTyped())
    await rowan.getByLabel('Why').fill('The plan has held for three months and Claire asked to carry on with less help.')
    await rowan.getByRole('button', { name: 'Save change' }).click()

    await rowan.getByRole('heading', { name: 'Check before stepping down' }).waitFor()
    await expectAccessible(rowan, 'the confirmation step')
    const warning = rowan.locator('.govuk-warning-text')
    await warning.getByText(/not met:/).waitFor()
    expect(await rowan.locator('[data-not-met] li').count()).toBeGreaterThan(0)
    await rowan.getByText('A team manager must approve this.').waitFor()
    // Going on without saying so is refused, with the reasons.
    await rowan.getByRole('button', { name: 'Send to a team manager' }).click()
    await rowan.getByRole('heading', { name: 'There is a problem' }).waitFor()
    await expectAccessible(rowan, 'the confirmation step with errors')
    await rowan.getByRole('checkbox', { name: 'I understand, step down anyway' }).check()
    await rowan.getByLabel('Why now, with these not met').fill('Jean and Sam are ready; the last scales were before the new plan.')
    await rowan.getByRole('button', { name: 'Send to a team manager' }).click()
    await rowan.getByText('Sent to a team manager to approve').waitFor()
    await rowan.getByText('Waiting for a team manager').waitFor()
    await expectAccessible(rowan, 'the family record with the request waiting')
    expect(await rowan.getByText('Child protection', { exact: false }).count()).toBeGreaterThan(0)

    const priya = await signedInAs(running.browser(), 'manager@fellside.example', 'Priya Castell')
    await priya.getByRole('link', { name: 'To approve' }).first().click()
    await priya.getByRole('heading', { name: 'Step-downs and closures to approve' }).waitFor()
    await expectAccessible(priya, 'the list of requests')
    await priya.getByRole('link', { name: 'The Ashworth family' }).click()
    await priya.getByRole('heading', { name: 'Approve a step-down' }).waitFor()
    await priya.getByText('Jean and Sam are ready; the last scales were before the new plan.').waitFor()
    await expectAccessible(priya, 'the request')
    await priya.getByRole('radio', { name: 'Approve: step down' }).check()
    await priya.getByRole('button', { name: 'Save decision' }).click()
    await priya.getByText('Decision saved').waitFor()
    await priya.getByText('Nothing is waiting for you.').waitFor()
    await expectAccessible(priya, 'the list after deciding')

    await rowan.reload()
    await rowan.getByRole('heading', { name: /The Ashworth family/, level: 1 }).waitFor()
    expect(await rowan.getByText('Waiting for a team manager').count()).toBe(0)
    await rowan.getByText('Stepped down to child in need').first().waitFor()
    await expectAccessible(rowan, 'the family record after approval')
  })
})
