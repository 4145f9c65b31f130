import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { DEMO_PASSWORD } from '../../src/demo/demo-data.js'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'

const SIGNED_OUT = 'You were signed out. Sign in again and your changes will be back in the form, not yet saved.'

/** The session cookie disappears (cleared by the browser, or by someone), as if the worker had been signed out. */
async function loseTheSessionCookie(context: BrowserContext): Promise<void> {
  const cookies = await context.cookies()
  await context.clearCookies()
  await context.addCookies(cookies.filter((cookie) => !cookie.name.includes('mapwell-session')))
}

async function signInAgain(page: Page, what: string): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in to Mapwell' }).waitFor()
  await page.getByText(SIGNED_OUT).waitFor()
  await expectAccessible(page, `the sign-in page after ${what}`)
  await page.getByLabel('Email address').fill('practitioner@fellside.example')
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
}

describe('a form sent after the session cookie has gone', () => {
  const running = serverAndBrowser()

  async function openAshworth(page: Page): Promise<void> {
    await signIn(page, running.server().baseUrl, 'practitioner@fellside.example')
    await page.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
    await expectAccessible(page, 'the home page')
    await page.goto(`${running.server().baseUrl}/families`)
    await page.getByLabel('Find a family').fill('Ashworth')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('link', { name: 'The Ashworth family' }).click()
    await page.getByRole('heading', { name: /The Ashworth family/, level: 1 }).waitFor()
    await expectAccessible(page, 'the family record')
  }

  it('gives a map entry back, text and radio choice, after signing in again, and then saves it', async () => {
    const context = await newContext(running.browser())
    const page = await context.newPage()
    await openAshworth(page)
    await page.getByRole('button', { name: 'Open the map' }).click()
    await page.getByRole('heading', { name: 'What are we worried about?' }).waitFor()
    await expectAccessible(page, 'the map')
    await page.getByRole('link', { name: /^Add an? .*strength/ }).first().click()
    const words = 'Jean has taken Leo and Maisie to school every day this month, without being asked.'
    await page.getByLabel('What was said').fill(words)
    await page.getByRole('radio', { name: 'Family member' }).check()
    await page.getByLabel('Who said it').fill('Jean (grandmother)')
    await expectAccessible(page, 'the strength form')

    await loseTheSessionCookie(context)
    await page.getByRole('button', { name: 'Save' }).click()
    await signInAgain(page, 'the map entry')
    await page.getByRole('button', { name: 'Sign in' }).click()

    await page.getByText('You were signed out before this was saved').waitFor()
    await expectAccessible(page, 'the strength form given back')
    expect(await page.getByLabel('What was said').inputValue()).toBe(words)
    expect(await page.getByRole('radio', { name: 'Family member' }).isChecked()).toBe(true)
    expect(await page.getByLabel('Who said it').inputValue()).toBe('Jean (grandmother)')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved.').waitFor()
    await expectAccessible(page, 'the map after saving')
    expect(await page.getByText(words).count()).toBeGreaterThan(0)
    await context.close()
  })

  it('gives a new person back, radio, select and checkboxes too, and then saves them', async () => {
    const context = await newContext(running.browser())
    const page = await context.newPage()
    await openAshworth(page)
    await page.goto(`${page.url().split('?')[0] ?? ''}/people/new`)
    await page.getByRole('heading', { name: 'Add a person' }).waitFor()
    await expectAccessible(page, 'the add a person form')
    await page.getByRole('radio', { name: 'Other adult' }).check()
    await page.getByLabel('First name').fill('Hana')
    await page.getByLabel('Last name').fill('Okafor')
    await page.getByLabel('Sex').selectOption({ label: 'Female' })
    await page.getByRole('checkbox', { name: 'Hearing' }).check()
    await page.getByRole('checkbox', { name: 'Vision' }).check()

    await loseTheSessionCookie(context)
    await page.getByRole('button', { name: 'Add person' }).click()
    await signInAgain(page, 'the person form')
    await page.getByRole('button', { name: 'Sign in' }).click()

    await page.getByText('You were signed out before this was saved').waitFor()
    await expectAccessible(page, 'the person form given back')
    expect(await page.getByRole('radio', { name: 'Other adult' }).isChecked()).toBe(true)
    expect(await page.getByLabel('First name').inputValue()).toBe('Hana')
    expect(await page.getByLabel('Last name').inputValue()).toBe('Okafor')
    expect(await page.getByLabel('Sex').locator('option:checked').textContent()).toBe('Female')
    expect(await page.getByRole('checkbox', { name: 'Hearing' }).isChecked()).toBe(true)
    expect(await page.getByRole('checkbox', { name: 'Vision' }).isChecked()).toBe(true)
    expect(await page.getByRole('checkbox', { name: 'Mobility' }).isChecked()).toBe(false)
    await page.getByRole('button', { name: 'Add person' }).click()
    await page.getByText('Person added').waitFor()
    await expectAccessible(page, 'the family record after adding the person')
    expect(await page.getByText('Hana Okafor').count()).toBeGreaterThan(0)
    await context.close()
  })
})
