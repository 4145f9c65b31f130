import { describe, expect, it } from 'vitest'
import { expectAccessible, newContext, serverAndBrowser } from './support.js'

describe('telling us about a problem', () => {
  const running = serverAndBrowser()

  it('reaches a feedback form from the footer without signing in, checks it, and says thank you', async () => {
    const context = await newContext(running.browser(), { viewport: { width: 360, height: 800 } })
    const page = await context.newPage()
    await page.goto(`${running.server().baseUrl}/sign-in`)
    await expectAccessible(page, 'the sign-in page')
    await page.getByRole('link', { name: 'Tell us about problems with this service' }).click()
    await page.getByRole('heading', { name: 'Tell us about a problem', level: 1 }).waitFor()
    await expectAccessible(page, 'the feedback form')

    await page.getByLabel('Your email address (optional)').fill('not an email')
    await page.getByRole('button', { name: 'Send' }).click()
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor()
    await expectAccessible(page, 'the feedback form with errors')
    await page.getByRole('link', { name: 'Tell us what went wrong' }).waitFor()
    expect(await page.getByLabel('Your email address (optional)').inputValue()).toBe('not an email')

    await page.getByLabel('What went wrong?').fill('The Save button did nothing on my phone.')
    await page.getByLabel('What were you trying to do?').fill('Reading the plan with my children.')
    await page.getByLabel('Your email address (optional)').fill('claire@example.com')
    await page.getByRole('button', { name: 'Send' }).click()
    await page.getByRole('heading', { name: 'Thank you for telling us' }).waitFor()
    await expectAccessible(page, 'the thank you page')
    const { rows } = await running.server().t.db.owner<{ what_went_wrong: string }>('select what_went_wrong from feedback')
    expect(rows.map((row) => row.what_went_wrong)).toEqual(['The Save button did nothing on my phone.'])

    await page.goto(`${running.server().baseUrl}/`)
    await page.locator('.govuk-footer').getByRole('link', { name: 'Tell us about a problem' }).click()
    await page.getByRole('heading', { name: 'Tell us about a problem', level: 1 }).waitFor()
    await expectAccessible(page, 'the feedback form from the footer')
    await context.close()
  })
})
