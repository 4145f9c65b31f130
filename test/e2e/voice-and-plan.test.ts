import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { testPng } from '../support/pictures.js'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'

const WORKERS_ONLY = 'I hide under my bed when dad shouts'
const SHARED = 'Nan makes pancakes on Saturdays'

/**
 * A worker records a child's three houses, puts the child's words on the map, writes a safety plan
 * answering them, records two weeks of check-ins and the trajectory, and is told why the plan
 * cannot be agreed yet. Run with JavaScript on (drawing on screen) and off (uploads only).
 */
function journey(javaScriptOff: boolean): void {
  const running = serverAndBrowser()
  const label = javaScriptOff ? 'without JavaScript' : 'with JavaScript'

  it(`records the child's voice and a safety plan tested over time (${label})`, async () => {
    const context = await newContext(running.browser(), { javaScriptEnabled: !javaScriptOff, viewport: { width: 1100, height: 900 } })
    const page = await context.newPage()
    const check = (what: string): Promise<void> => expectAccessible(page, `${what} (${label})`, { javaScriptOff })
    const drawing = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-e2e-')), 'leo-drawing.png')
    fs.writeFileSync(drawing, testPng(60, 40, 90))
    const base = running.server().baseUrl

    await signIn(page, base, 'practitioner@fellside.example')
    await page.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
    await page.goto(`${base}/families`)
    await page.getByRole('link', { name: 'The Ashworth family' }).click()
    await page.getByRole('link', { name: 'The children\'s views' }).click()
    await page.getByRole('heading', { name: 'The children\'s views' }).waitFor()
    await check('the children\'s views')
    await page.getByRole('link', { name: 'Leo' }).click()
    await page.getByRole('heading', { name: 'Leo\'s views' }).waitFor()
    await check('Leo\'s views')

    // A three houses session.
    await page.getByRole('button', { name: 'Record a session with Leo' }).click()
    await check('the session form')
    await page.getByRole('button', { name: 'Save and add what Leo said' }).click()
    await page.getByText('There is a problem').waitFor()
    await check('the session form with errors')
    await page.getByRole('radio', { name: 'Three houses' }).check()
    await page.getByLabel('Date of the session').fill('20/11/2026')
    await page.getByLabel('Who was there').fill('Leo and Rowan (social worker), at school')
    await page.getByRole('button', { name: 'Save and add what Leo said' }).click()
    await page.getByRole('heading', { name: 'Three houses with Leo' }).waitFor()
    await check('the session')

    // A worry, kept to the workers, with Leo's drawing.
    await page.getByRole('link', { name: 'Add what Leo said in the house of worries' }).click()
    await check('the form for what Leo said')
    await page.getByLabel('Leo\'s exact words').fill(WORKERS_ONLY)
    if (javaScriptOff) {
      await page.getByLabel('Leo\'s drawing (optional)').setInputFiles(drawing)
    } else {
      const canvas = page.locator('canvas.app-drawing__canvas')
      await canvas.scrollIntoViewIfNeeded()
      const box = await canvas.boundingBox()
      if (box === null) throw new Error('no canvas')
      await page.mouse.move(box.x + 40, box.y + 40)
      await page.mouse.down()
      await page.mouse.move(box.x + 200, box.y + 120, { steps: 8 })
      await page.mouse.move(box.x + 260, box.y + 60, { steps: 8 })
      await page.mouse.up()
      expect(await page.locator('#drawing').inputValue()).toMatch(/^data:image\/png;base64,/)
    }
    await page.getByLabel('What the picture shows (if there is one)').fill('Leo under his bed, with the door shut')
    await page.getByRole('radio', { name: 'No one beyond the workers' }).check()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Workers only: Leo chose not to share this').waitFor()
    expect(await page.getByRole('img', { name: 'Leo under his bed, with the door shut' }).count()).toBe(1)

    // A good thing, shared, with an uploaded photo of a drawing.
    await page.getByRole('link', { name: 'Add what Leo said in the house of good things' }).click()
    await page.getByLabel('Leo\'s exact words').fill(SHARED)
    await page.getByLabel('Leo\'s drawing (optional)').setInputFiles(drawing)
    await page.getByLabel('What the picture shows (if there is one)').fill('Nan and Leo with pancakes')
    await page.getByRole('radio', { name: 'Their parents and the safety network' }).check()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Parents and the safety network may see this').waitFor()
    await check('the session with Leo\'s words')

    // Leo's words on the map, in his own style.
    await page.locator('.app-child-item', { hasText: SHARED }).getByRole('link', { name: /Put on the map/ }).click()
    await check('putting Leo\'s words on the map')
    await page.getByRole('radio', { name: 'Existing strengths' }).check()
    await page.getByRole('button', { name: 'Put on the map' }).click()
    await page.getByRole('heading', { name: 'What are we worried about?' }).waitFor()
    const leoOnMap = page.locator('.app-map-entry--child-words')
    expect(await leoOnMap.textContent()).toContain('Leo said:')
    expect(await leoOnMap.textContent()).toContain(SHARED)
    await check('the map with Leo\'s words')

    // The safety plan: two rules, each answering a statement and Leo's words.
    await page.goto(`${base}/families`)
    await page.getByRole('link', { name: 'The Ashworth family' }).click()
    await page.getByRole('link', { name: 'Safety plan' }).click()
    await page.getByRole('heading', { name: 'Safety plan' }).waitFor()
    await check('the empty safety plan')
    for (const [rule, words] of [['Nan collects Leo and Maisie from school every day', SHARED], ['Dean does not come to the house after 6pm', WORKERS_ONLY]] as const) {
      await page.getByRole('button', { name: 'Add a rule' }).click()
      await page.getByLabel('The rule, in the family\'s own words').fill(rule)
      await page.getByRole('group', { name: 'Which worry does it answer?' }).getByRole('radio').first().check()
      await page.getByLabel('Who makes sure it happens').fill('Jean (nan) and Claire (mum)')
      await page.getByLabel('Warning signs').fill('Dean turns up, or Claire goes quiet on the phone')
      await page.getByLabel('If the rule is broken').fill('Nan takes the children to hers and the network meets that week')
      await page.getByRole('checkbox', { name: `“${words}”` }).check()
      await check('the rule form')
      await page.getByRole('button', { name: 'Save' }).click()
      await page.getByRole('heading', { name: rule }).waitFor()
    }
    expect(await page.locator('.govuk-summary-card', { hasText: 'Nan collects Leo and Maisie' }).locator('q', { hasText: SHARED }).count()).toBe(1)

    // Two weeks of check-ins.
    for (const [date, secondRule] of [['18/11/2026', 'Not kept'], ['25/11/2026', 'Kept']] as const) {
      await page.getByRole('button', { name: 'Record check-ins' }).click()
      await page.getByLabel('Date of the check-in').fill(date)
      await page.getByLabel('Who it was with').fill('Jean (nan), on the phone')
      const groups = page.locator('fieldset.govuk-fieldset')
      await groups.nth(0).getByRole('radio', { name: 'Kept', exact: true }).check()
      await groups.nth(1).getByRole('radio', { name: secondRule, exact: true }).check()
      await check('the check-ins form')
      await page.getByRole('button', { name: 'Save check-ins' }).click()
      await page.getByText('Check-ins recorded').waitFor()
    }
    expect(await page.getByText('Kept in 2 of the last 2 weeks checked').count()).toBe(1)
    expect(await page.getByText('Kept in 1 of the last 2 weeks checked').count()).toBe(1)

    // The trajectory.
    for (const [title, starts, review] of [['Supervised time at the family centre', '2/11/2026', '4/12/2026'], ['Time with dad, supervised by nan', '7/12/2026', '11/1/2027']] as const) {
      await page.getByRole('link', { name: 'Add a stage' }).click()
      await page.getByLabel('What happens at this stage').fill(title)
      await page.getByLabel('Starts on').fill(starts)
      await page.getByLabel('Review date').fill(review)
      await check('the stage form')
      await page.getByRole('button', { name: 'Add stage' }).click()
      await page.getByText('Stage added').waitFor()
    }
    await check('the safety plan with rules, check-ins and trajectory')
    const svg = page.locator('svg.app-trajectory')
    const drawn = (await svg.locator('text').allTextContents()).join(' ')
    const inWords = await page.locator('ol.app-trajectory-text').textContent() ?? ''
    for (const expected of ['Supervised time at the family centre', 'Time with dad, supervised by nan', '4 December 2026', '11 January 2027', '2 November 2026', '7 December 2026']) {
      expect(drawn, `the drawing shows ${expected}`).toContain(expected)
      expect(inWords, `the words say ${expected}`).toContain(expected)
    }
    fs.mkdirSync('test-results', { recursive: true })
    await svg.screenshot({ path: `test-results/trajectory${javaScriptOff ? '-no-js' : ''}.png` })

    // The family's copy leaves out what Leo kept to the workers.
    await page.getByRole('link', { name: 'Print the copy for The family' }).click()
    await page.getByRole('heading', { name: /Our safety plan for Leo and Maisie/ }).waitFor()
    await check('the family\'s copy of the plan')
    const copy = await page.content()
    expect(copy).toContain(SHARED)
    expect(copy).not.toContain(WORKERS_ONLY)
    await page.goBack()

    // Agreeing is refused: Maisie's view is not recorded.
    await page.getByRole('button', { name: 'Record that the plan is agreed' }).click()
    await page.getByRole('checkbox', { name: 'Claire Ashworth' }).check()
    await page.getByRole('button', { name: 'Record agreement' }).click()
    await page.getByText('The plan cannot be agreed yet').waitFor()
    expect(await page.locator('.app-refusals').textContent()).toContain('Maisie\'s view is not recorded')
    await check('the agreement refused')
    await context.close()
  })
}

describe('the child\'s voice and the safety plan, with JavaScript', () => { journey(false) })
describe('the child\'s voice and the safety plan, without JavaScript', () => { journey(true) })
