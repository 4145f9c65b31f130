import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'

describe('working on a family\'s map', () => {
  const running = serverAndBrowser()

  async function openAshworthMap(page: Page, javaScriptOff: boolean): Promise<void> {
    await signIn(page, running.server().baseUrl, 'practitioner@fellside.example')
    await page.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
    await page.goto(`${running.server().baseUrl}/families`)
    await page.getByLabel('Find a family').fill('Ashwerth')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('link', { name: 'The Ashworth family' }).click()
    await page.getByRole('heading', { name: /The Ashworth family/, level: 1 }).waitFor()
    await expectAccessible(page, 'the family record', { javaScriptOff })
    await page.getByRole('button', { name: 'Open the map' }).click()
    await page.getByRole('heading', { name: 'What are we worried about?' }).waitFor()
    await expectAccessible(page, 'the map', { javaScriptOff })
  }

  it('maps, coaches, pairs, scales blind, compares, steps down and gives the family a PDF (JavaScript on)', async () => {
    const context = await newContext(running.browser(), { acceptDownloads: true })
    const page = await context.newPage()
    await openAshworthMap(page, false)

    // A harm statement.
    await page.getByRole('link', { name: 'Add a harm statement' }).click()
    await page.getByLabel('What was said').fill('On 2 November Dean pushed Claire down the stairs while Maisie watched. Maisie cried for an hour and would not sleep.')
    await expectAccessible(page, 'the add harm statement form')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved.').waitFor()

    // A danger statement with jargon: advice while typing, and again after saving.
    await page.getByRole('link', { name: 'Add a danger statement' }).click()
    await page.getByLabel('What was said').fill('There was domestic violence and mum is non-compliant.')
    const coach = page.locator('[data-coach-panel]')
    await coach.getByText('A label for abuse').waitFor()
    expect(await coach.textContent()).toContain('non-compliant')
    await expectAccessible(page, 'the add danger statement form with live advice')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Some things to think about').waitFor()
    await expectAccessible(page, 'the map with the coach\'s advice')

    // Its goal.
    await page.getByRole('link', { name: 'Add the safety goal for this statement' }).click()
    await page.getByText('This goal answers:').waitFor()
    await page.getByLabel('What was said').fill('Claire and the children will live calmly, and Leo and Maisie will tell Jean they feel safe at home, for 6 months.')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved.').waitFor()
    expect(await page.getByText('No safety goal yet').count()).toBe(0)

    // A blind scaling round with three perspectives.
    await page.getByRole('link', { name: 'Scaling' }).click()
    await page.getByRole('heading', { name: 'Scaling', level: 1 }).waitFor()
    await expectAccessible(page, 'the scaling page')
    await page.getByRole('button', { name: 'Start round' }).click()
    await page.getByRole('heading', { name: 'Scaling round' }).waitFor()
    for (const [kind, name, score] of [['Parent or carer', 'Claire (mum)', '6'], ['Child or young person', 'Leo (7)', '8'], ['Worker', 'Rowan (social worker)', '4']] as const) {
      await page.getByRole('radio', { name: kind, exact: true }).check()
      await page.getByLabel('Name', { exact: true }).fill(name)
      await page.getByRole('radio', { name: score, exact: true }).check()
      await page.getByLabel('Why this number?').fill(`Why ${name} chose ${score}`)
      await page.getByLabel('What would one point higher look like?').fill('More calm evenings')
      await page.getByRole('button', { name: 'Record score' }).click()
      await page.getByText('Score recorded and hidden until the round is revealed').waitFor()
    }
    expect(await page.locator('.app-score__number').count()).toBe(0)
    await expectAccessible(page, 'a blind round before it is revealed')
    await page.getByRole('button', { name: 'Reveal everyone\'s scores' }).click()
    await page.locator('.app-score__number').first().waitFor()
    expect(await page.locator('.app-score__number').allTextContents()).toEqual(['6', '8', '4'])
    await expectAccessible(page, 'a revealed round')
    await page.getByRole('link', { name: 'Back to scaling' }).click()
    const chart = page.locator('svg.app-chart')
    await chart.waitFor()
    expect(await chart.locator('desc').textContent()).toContain('Leo (7): 8')
    fs.mkdirSync('test-results', { recursive: true })
    await chart.screenshot({ path: 'test-results/scaling-chart.png' })
    await expectAccessible(page, 'the scaling page with a chart')

    // The revealed scales are on the map itself, near the top.
    await page.getByRole('link', { name: 'Back to the map' }).click()
    const scales = page.locator('section.app-map__scales')
    await scales.getByText('Claire (mum)').waitFor()
    expect(await scales.locator('.app-scale').allTextContents()).toEqual(expect.arrayContaining(['6 out of 10', '8 out of 10', '4 out of 10']))
    await expectAccessible(page, 'the map with its latest scales')

    // Compare two versions.
    await page.getByRole('link', { name: 'See every change and compare versions' }).click()
    await page.getByRole('heading', { name: /Changes to The Ashworth family/ }).waitFor()
    await expectAccessible(page, 'the map history')
    await page.getByRole('button', { name: 'Compare' }).click()
    await page.getByRole('heading', { name: /From version \d+ to version \d+/ }).waitFor()
    expect(await page.getByText('Added (1)').count()).toBe(1)
    await expectAccessible(page, 'the comparison of two versions')

    // Step down to early help: the words change.
    await page.goto(page.url().replace(/\/map\/compare.*$/, ''))
    await page.getByRole('link', { name: 'Change the level of help' }).click()
    await page.getByRole('radio', { name: 'Early help' }).check()
    await page.getByLabel('Why').fill('The plan has worked and Claire wants to carry on with less help.')
    await expectAccessible(page, 'the change level form')
    await page.getByRole('button', { name: 'Save change' }).click()
    // A step-down is checked against the readiness checklist first; what is not met needs saying so.
    await page.getByRole('heading', { name: 'Check before stepping down' }).waitFor()
    await expectAccessible(page, 'the check before stepping down')
    const override = page.getByRole('checkbox', { name: 'I understand, step down anyway' })
    if (await override.count() > 0) {
      await override.check()
      await page.getByLabel('Why now, with these not met').fill('Claire and the network asked for less help; the plan has held.')
    }
    await page.getByRole('button', { name: 'Step down' }).click()
    await page.getByText('Level of help changed').waitFor()
    await page.getByRole('button', { name: 'Open the map' }).click()
    await page.getByRole('heading', { name: 'Worry statements' }).waitFor()
    expect(await page.getByRole('heading', { name: 'Wellbeing goals' }).count()).toBe(1)
    await expectAccessible(page, 'the map after stepping down')

    // The family version, printed and as a PDF.
    await page.getByRole('link', { name: 'Family version to print' }).click()
    await page.getByRole('heading', { name: /our plan for Leo and Maisie/ }).waitFor()
    await expectAccessible(page, 'the family version')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as a PDF' }).click()])
    const file = await download.path()
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
    expect(download.suggestedFilename()).toBe('the-ashworth-family-plan.pdf')
    await context.close()
  })

  it('works without JavaScript: adding an entry, with the coach\'s advice after saving', async () => {
    const context = await newContext(running.browser(), { javaScriptEnabled: false })
    const page = await context.newPage()
    await openAshworthMap(page, true)
    await page.getByRole('link', { name: 'Add a next step' }).click()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('.govuk-error-summary').waitFor()
    await expectAccessible(page, 'the next step form with errors', { javaScriptOff: true })
    await page.getByLabel('What was said').fill('Book the MASH review.')
    await page.getByLabel('Who will do it').fill('Rowan Ashby')
    await page.getByLabel('By when (optional)').fill('4/12/2026')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Some things to think about').waitFor()
    expect(await page.getByText('"MASH"').count()).toBeGreaterThan(0)
    await expectAccessible(page, 'the map after saving without JavaScript', { javaScriptOff: true })
    await context.close()
  })
})
