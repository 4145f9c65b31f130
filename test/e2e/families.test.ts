import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { expectAccessible, launchBrowser, newContext, signIn, startServer, type RunningServer } from './support.js'

describe('finding a family', () => {
  let server: RunningServer
  let browser: Browser
  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser.close()
    await server.close()
  })

  for (const javaScript of [true, false]) {
    it(`finds a demo family by a misspelt name and reads its record (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const context = await newContext(browser, { javaScriptEnabled: javaScript })
      const page = await context.newPage()
      await signIn(page, server.baseUrl, 'practitioner@fellside.example')
      await page.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
      if (javaScript) await page.getByRole('link', { name: 'Families' }).first().click()
      else await page.goto(`${server.baseUrl}/families`)
      await page.getByRole('heading', { name: 'Families', level: 1 }).waitFor()
      await expectAccessible(page, 'the families list', { javaScriptOff: !javaScript })

      await page.getByLabel('Find a family').fill('31/2/2019')
      await page.getByRole('button', { name: 'Search' }).click()
      await page.locator('.govuk-error-summary').waitFor()
      await expectAccessible(page, 'the families search with an error', { javaScriptOff: !javaScript })

      await page.getByLabel('Find a family').fill('Leo Ashwerth')
      await page.getByRole('button', { name: 'Search' }).click()
      await page.getByText('Showing 1 to 1 of 1 family').waitFor()
      await expectAccessible(page, 'the families search results', { javaScriptOff: !javaScript })
      await page.getByRole('link', { name: 'The Ashworth family' }).click()
      await page.getByRole('heading', { name: /The Ashworth family/, level: 1 }).waitFor()
      expect(await page.getByText('Hidden from Dean Ashworth').count()).toBe(1)
      await expectAccessible(page, 'the family record', { javaScriptOff: !javaScript })
      await context.close()
    })
  }
})
