import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { addDays, todayInLondon } from '../../src/platform/time.js'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'

/** A yyyy-mm-dd date as a person types it: d/m/yyyy. */
function typed(date: string): string {
  const [year, month, day] = date.split('-')
  return `${String(Number(day))}/${String(Number(month))}/${year ?? ''}`
}

/** The day three calendar months before today (the day of the month kept at 28 or less, so it is exactly 3 months). */
function threeMonthsAgo(): string {
  const [year = 0, month = 1, day = 1] = todayInLondon().split('-').map(Number)
  const back = new Date(Date.UTC(year, month - 1 - 3, Math.min(day, 28)))
  return back.toISOString().slice(0, 10)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Every Nunjucks template GOV.UK Frontend ships, and the HTML it renders them to, as one text. */
function frontendTemplateText(): string {
  const root = path.resolve('node_modules/govuk-frontend/dist/govuk')
  return fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(njk|html)$/.test(file))
    .map((file) => fs.readFileSync(path.join(root, file), 'utf8')).join('\n')
}

/**
 * The snags found in a working day with the system, each checked in a browser so that it cannot come
 * back: one server and one signed-in worker shared by every check.
 */
describe('the working-day snags stay fixed', () => {
  const running = serverAndBrowser()
  const signedIn = new Map<string, { context: BrowserContext; page: Page }>()

  async function as(email: string, hello: string): Promise<Page> {
    const known = signedIn.get(email)
    if (known !== undefined) return known.page
    const context = await newContext(running.browser(), { acceptDownloads: true })
    const page = await context.newPage()
    await signIn(page, running.server().baseUrl, email)
    await page.getByRole('heading', { name: `Hello, ${hello}` }).waitFor()
    signedIn.set(email, { context, page })
    return page
  }
  const worker = (): Promise<Page> => as('practitioner@fellside.example', 'Rowan Ashby')

  /** Opens a family's record and gives its address. */
  async function openFamily(page: Page, name: string): Promise<string> {
    await page.goto(`${running.server().baseUrl}/families?search=${encodeURIComponent(name.replace(/^The | family$/g, ''))}`)
    await page.getByRole('link', { name }).click()
    await page.getByRole('heading', { name: new RegExp(name), level: 1 }).waitFor()
    return new URL(page.url()).pathname
  }

  it('uses the "for 6 months" typed in a goal on the plan and the readiness checklist', async () => {
    const page = await worker()
    const family = await openFamily(page, 'The Ashworth family')
    await page.goto(`${running.server().baseUrl}${family}/plan`)
    await page.getByRole('heading', { name: 'Goals on the map' }).waitFor()
    const goalRow = page.locator('tr', { hasText: 'Leo will say he feels safe at home, for 6 months' })
    expect(await goalRow.textContent()).toContain('26 weeks in a row (from the goal)')
    expect(await goalRow.textContent()).not.toContain('Not set')
    await expectAccessible(page, 'the safety plan')
    await page.goto(`${running.server().baseUrl}${family}/readiness`)
    await page.getByRole('heading', { name: 'Ready to step down or close?' }).waitFor()
    const goals = page.locator('.govuk-task-list__item', { hasText: 'seen for its agreed time' })
    expect(await goals.textContent()).toContain('in a row of the 26 needed')
    expect(await goals.textContent()).not.toContain('is not set')
    await expectAccessible(page, 'the readiness checklist')
  })

  it('shows a baby\'s age in months, and a newborn\'s in weeks, on the family record', async () => {
    const page = await worker()
    const family = await openFamily(page, 'The Ashworth family')
    for (const [given, born, age] of [['Bea', threeMonthsAgo(), '3 months'], ['Wren', addDays(todayInLondon(), -21), '3 weeks']] as const) {
      await page.goto(`${running.server().baseUrl}${family}`)
      await page.getByRole('link', { name: 'Add a person' }).click()
      await page.getByRole('radio', { name: 'Child', exact: true }).check()
      await page.getByLabel('First name').fill(given)
      await page.getByLabel('Last name').fill('Ashworth')
      await page.getByLabel('Date of birth (optional)').fill(typed(born))
      await expectAccessible(page, `the add person form for ${given}`)
      await page.getByRole('button', { name: 'Add person' }).click()
      await page.getByText('Person added').waitFor()
      const record = await page.locator('main').textContent() ?? ''
      expect(record).toMatch(new RegExp(`\\d{1,2} \\w+ \\d{4} \\(${age}\\)`))
      expect(record).not.toContain('(0)')
      await expectAccessible(page, `the family record with ${given}`)
    }
  })

  it('says "danger statements", not "worry statements", on the readiness checklist at child in need', async () => {
    const page = await worker()
    const family = await openFamily(page, 'The Pennington family')
    // Someone in the network who has not been told yet, so the checklist names the statements.
    await page.goto(`${running.server().baseUrl}${family}/network`)
    await page.getByRole('button', { name: 'Add someone to the network' }).click()
    await page.getByRole('radio', { name: 'Sophie Pennington' }).check()
    await page.getByLabel('Relationship to the children').fill('Ruby\'s mum')
    await page.getByRole('radio', { name: 'Very close', exact: true }).check()
    await page.getByLabel('When they joined the network').fill(typed(todayInLondon()))
    await expectAccessible(page, 'the add member form')
    await page.getByRole('button', { name: 'Add to the network' }).click()
    await page.getByText('Added to the network').waitFor()
    await page.goto(`${running.server().baseUrl}${family}/readiness`)
    await page.getByRole('heading', { name: 'Ready to step down or close?' }).waitFor()
    const text = await page.locator('main').textContent() ?? ''
    expect(text).toContain('Sophie Pennington has not been told the danger statements.')
    expect(text).not.toMatch(/worry statement/i)
    await expectAccessible(page, 'the readiness checklist at child in need')
  })

  it('gives each check-in its own label, caption and hint, in classes GOV.UK Frontend styles', async () => {
    const page = await worker()
    const family = await openFamily(page, 'The Ashworth family')
    await page.goto(`${running.server().baseUrl}${family}/plan/check-ins/new`)
    await page.getByRole('heading', { name: 'Record check-ins' }).waitFor()
    const legends = page.locator('legend.govuk-fieldset__legend')
    expect(await legends.count()).toBeGreaterThan(0)
    for (const legend of await legends.all()) {
      const caption = legend.locator('.govuk-caption-m')
      expect(await caption.count()).toBe(1)
      const kind = (await caption.textContent() ?? '').trim()
      expect(['Rule', 'Bottom line', 'Goal', 'Safety goal', 'Wellbeing goal']).toContain(kind)
      const words = legend.locator('.govuk-\\!-display-block')
      expect(await words.count()).toBe(1)
      expect((await words.textContent() ?? '').length).toBeGreaterThan(0)
      expect(await words.evaluate((element) => getComputedStyle(element).display)).toBe('block')
      expect(await caption.evaluate((element) => getComputedStyle(element).display)).toBe('block')
      // The hint is its own element after the legend, not run into it.
      const fieldset = legend.locator('xpath=..')
      expect(await fieldset.locator('> .govuk-hint').count()).toBe(1)
      expect(await legend.locator('.govuk-hint').count()).toBe(0)
    }
    const classes = await page.evaluate(() => [...new Set([...document.querySelectorAll('[class]')].flatMap((element) => [...element.classList]))]
      .filter((name) => name.startsWith('govuk-')).map((name) => ({ name, selector: `.${CSS.escape(name)}` })))
    const css = await page.evaluate(async () => {
      const links = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')]
      return (await Promise.all(links.map(async (link) => (await fetch(link.href)).text()))).join('\n')
    })
    expect(css).toContain('.govuk-fieldset__legend')
    // A class is GOV.UK Frontend's if its stylesheet styles it or its own templates write it (hooks such as govuk-template__header).
    const frontendTemplates = frontendTemplateText()
    const unknown = classes.filter(({ name, selector }) => !new RegExp(`${escapeRegExp(selector)}(?![\\w-])`).test(css)
      && !new RegExp(`(?<![\\w-])${escapeRegExp(name)}(?![\\w-])`).test(frontendTemplates)).map(({ name }) => name)
    expect(unknown, 'classes named govuk-… that GOV.UK Frontend does not have').toEqual([])
    await expectAccessible(page, 'the check-ins form')
  })

  it('logs a printed plan as "Printed or downloaded", with no event codes, in who has seen the record', async () => {
    const page = await worker()
    const family = await openFamily(page, 'The Ashworth family')
    await page.goto(`${running.server().baseUrl}${family}/plan/print?for=family`)
    await page.getByRole('link', { name: 'Download as a PDF' }).waitFor()
    await expectAccessible(page, 'the printable plan')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as a PDF' }).click()])
    expect(await download.failure()).toBeNull()

    const manager = await as('manager@fellside.example', 'Priya Castell')
    await manager.goto(`${running.server().baseUrl}${family}/access-log`)
    await manager.getByRole('heading', { name: 'Who has seen this record' }).waitFor()
    const what = await manager.locator('tbody tr td:nth-child(4)').allTextContents()
    expect(what).toContain('Printed or downloaded: a copy of the plan')
    expect(what.filter((line) => line.startsWith('Added: plan'))).toEqual([])
    expect(what.filter((line) => /\b[a-z-]+\.[a-z-]+\b/.test(line))).toEqual([])
    await expectAccessible(manager, 'who has seen this record')
  })

  it('runs the pages\' own script on the 404 and 403 pages, with no Content-Security-Policy refusal', async () => {
    const page = await worker()
    const refusals: string[] = []
    page.on('console', (message) => { if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) refusals.push(message.text()) })
    for (const [path, status, heading] of [['/no-such-page', 404, 'Page not found'], ['/admin/settings', 403, 'You do not have access to this page']] as const) {
      const response = await page.goto(`${running.server().baseUrl}${path}`)
      expect(response?.status(), path).toBe(status)
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor()
      // The GOV.UK template's inline script marks the body: it ran only if its nonce was accepted.
      expect(await page.locator('body').getAttribute('class'), `the inline script ran on ${path}`).toContain('govuk-frontend-supported')
      await expectAccessible(page, `the ${String(status)} page`)
    }
    expect(refusals).toEqual([])
    for (const { context } of signedIn.values()) await context.close()
  })
})
