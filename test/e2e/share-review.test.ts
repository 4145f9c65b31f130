import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'

/** The demo family's danger statement: an acronym and two labels, as the issue found them reaching the parent. */
const DEMO_STATEMENT = /Before the ICPC, the police and school said there was domestic violence at home/
const FIXED = 'Before the ICPC, the police and school said Dean hit Claire at home and did not go to the meetings he agreed to. Rowan and the school are worried that if Dean hurts Claire again, Leo and Maisie could be badly hurt or grow up frightened at home.'

/** Each journey changes the demo family's statement, so each has a server (and a fresh database) of its own. */
function journey(javaScriptOff: boolean): void {
  const running = serverAndBrowser()

  async function openReview(page: Page, javaScriptOff: boolean): Promise<void> {
    await signIn(page, running.server().baseUrl, 'practitioner@fellside.example')
    await page.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
    await page.goto(`${running.server().baseUrl}/families`)
    await page.getByRole('link', { name: 'The Ashworth family' }).click()
    await page.getByRole('button', { name: 'Open the map' }).click()
    await page.getByRole('heading', { name: 'What are we worried about?' }).waitFor()
    await expectAccessible(page, 'the map', { javaScriptOff })
    await page.getByRole('link', { name: 'check every text with the coach and share with the family' }).click()
    await page.getByRole('heading', { name: 'Check before sharing with the family', level: 1 }).waitFor()
    await expectAccessible(page, 'the check before sharing', { javaScriptOff })
  }

  it(`shows the advice on every text, fixes a label there, and shares (JavaScript ${javaScriptOff ? 'off' : 'on'})`, async () => {
    const context = await newContext(running.browser(), { javaScriptEnabled: !javaScriptOff })
    const page = await context.newPage()
    await openReview(page, javaScriptOff)

    // The demo danger statement: its labels are flagged, and the acronym is shown written out as the family will read it.
    const card = page.locator('.govuk-summary-card').filter({ hasText: DEMO_STATEMENT })
    await card.getByText('A label for abuse').waitFor()
    expect(await card.textContent()).toContain('non-compliant')
    expect(await card.textContent()).toContain('The family will read: Before the initial child protection conference (ICPC)')
    expect(await page.locator('#advice-summary').textContent()).toMatch(/The coach has advice on \d+ of the \d+ texts\./)

    // Fixed right there: the entry's own form, by keyboard, and back to the check.
    const change = card.getByRole('link', { name: /^Change/ })
    await change.focus()
    await page.keyboard.press('Enter')
    await page.getByLabel('What was said').waitFor()
    await expectAccessible(page, 'the danger statement form opened from the check', { javaScriptOff })
    await page.getByLabel('What was said').fill(FIXED)
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Your change is saved').waitFor()
    await expectAccessible(page, 'the check after a change', { javaScriptOff })
    const fixed = page.locator('.govuk-summary-card').filter({ hasText: 'did not go to the meetings he agreed to' })
    expect(await fixed.textContent()).not.toContain('A label for abuse')
    expect(await fixed.textContent()).not.toContain('A judgement of the person')

    // Shared: the copies to give out, written the same way.
    await page.getByRole('button', { name: 'Share with the family' }).click()
    await page.getByRole('heading', { name: 'Ready to share with the family' }).waitFor()
    await expectAccessible(page, 'the check after sharing', { javaScriptOff })
    await page.getByRole('link', { name: 'Print The map (family version)' }).click()
    await page.getByRole('heading', { name: /our plan for Leo and Maisie/ }).waitFor()
    expect(await page.locator('main').textContent()).toContain('Before the initial child protection conference (ICPC), the police and school said Dean hit Claire')
    await expectAccessible(page, 'the family version', { javaScriptOff })
    await context.close()
  })
}

describe('checking every text with the coach before sharing with the family (JavaScript on)', () => { journey(false) })
describe('checking every text with the coach before sharing with the family (JavaScript off)', () => { journey(true) })
