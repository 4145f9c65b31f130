import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'

/** Today as people type it, e.g. 26/11/2026. */
function todayTyped(): string {
  const [year, month, day] = new Date().toISOString().slice(0, 10).split('-')
  return `${String(Number(day))}/${String(Number(month))}/${year ?? ''}`
}

const MEMBERS = [
  { existing: true, name: 'Jean Pollard', relationship: 'Leo and Maisie\'s grandmother', closeness: 'Very close', commitments: 'I will have Leo and Maisie every Saturday and phone Claire every evening.' },
  { existing: false, given: 'Sam', family: 'Kirkby', name: 'Sam Kirkby', relationship: 'Claire\'s friend from work', closeness: 'Close', commitments: 'I will pick Leo up from school on Tuesdays and Thursdays.' },
  { existing: false, given: 'Hana', family: 'Okafor', name: 'Hana Okafor', relationship: 'Neighbour at Heron Court', closeness: 'Further away', commitments: 'I will call the police if I hear shouting.' },
] as const

describe('building a family\'s safety network', () => {
  const running = serverAndBrowser()

  async function openAshworthNetwork(page: Page, javaScriptOff: boolean): Promise<void> {
    await signIn(page, running.server().baseUrl, 'practitioner@fellside.example')
    await page.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
    await page.goto(`${running.server().baseUrl}/families`)
    await page.getByLabel('Find a family').fill('Ashworth')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('link', { name: 'The Ashworth family' }).click()
    await page.getByRole('heading', { name: /The Ashworth family/, level: 1 }).waitFor()
    await expectAccessible(page, 'the family record', { javaScriptOff })
    await page.getByRole('link', { name: 'Safety network', exact: true }).click()
    await page.getByRole('heading', { name: 'Safety network', level: 1 }).waitFor()
  }

  it('adds three people, records what each was told and a network meeting, and draws the network and the family tree (JavaScript on)', async () => {
    const context = await newContext(running.browser())
    const page = await context.newPage()
    await openAshworthNetwork(page, false)
    expect(await page.getByText('No one has been added to the network yet.').count()).toBe(1)
    await expectAccessible(page, 'the empty network page')

    for (const member of MEMBERS) {
      await page.getByRole('button', { name: 'Add someone to the network' }).click()
      await page.getByRole('heading', { name: 'Add someone to the network' }).waitFor()
      if (member.existing) {
        await page.getByRole('radio', { name: member.name }).check()
      } else {
        await page.getByRole('radio', { name: 'Someone new' }).check()
        await page.getByLabel('First name').fill(member.given)
        await page.getByLabel('Last name').fill(member.family)
      }
      await page.getByLabel('Relationship to the children').fill(member.relationship)
      await page.getByRole('radio', { name: member.closeness, exact: true }).check()
      await page.getByLabel('When they joined the network').fill(todayTyped())
      await page.getByLabel('Their commitments (optional)').fill(member.commitments)
      await expectAccessible(page, `the add member form for ${member.name}`)
      await page.getByRole('button', { name: 'Add to the network' }).click()
      await page.getByText('Added to the network').waitFor()
      await page.getByRole('heading', { name: member.name, level: 3 }).waitFor()
    }
    await expectAccessible(page, 'the network page with three members')

    for (const [index, member] of MEMBERS.entries()) {
      await page.getByRole('link', { name: `Record what they were told (${member.name})` }).click()
      await page.getByRole('heading', { name: `Record what ${member.name} was told` }).waitFor()
      await page.getByLabel('When they were told').fill(todayTyped())
      await page.getByRole('checkbox', { name: 'The danger statements' }).check()
      if (index !== 2) await page.getByRole('checkbox', { name: 'The safety plan' }).check()
      await page.getByLabel('Who told them').fill('Claire (mum) and Rowan Ashby (social worker)')
      await page.getByLabel('Note (optional)').fill(`${member.name} asked what to do if Dean turns up.`)
      await expectAccessible(page, `the told form for ${member.name}`)
      await page.getByRole('button', { name: 'Save' }).click()
      await page.getByText('Saved what they were told').waitFor()
    }
    const toldCells = page.locator('.govuk-summary-card').filter({ hasText: 'Told by Claire (mum) and Rowan Ashby (social worker).' })
    expect(await toldCells.count()).toBe(3)
    expect(await page.getByRole('link', { name: /^map version \d+$/ }).count()).toBe(3)

    await page.getByRole('button', { name: 'Record a network meeting' }).click()
    await page.getByRole('heading', { name: 'Record a network meeting' }).waitFor()
    await page.getByLabel('Date of the meeting').fill(todayTyped())
    await page.getByRole('checkbox', { name: 'Jean Pollard' }).check()
    await page.getByRole('checkbox', { name: 'Sam Kirkby' }).check()
    await page.getByLabel('Others who came (optional)').fill('Claire Ashworth (mum), Rowan Ashby (social worker)')
    await page.getByLabel('What was agreed').fill('Jean will have the children every Saturday. Sam will do the school run on Tuesdays and Thursdays. Claire will phone Jean if Dean comes to the house.')
    await expectAccessible(page, 'the network meeting form')
    await page.getByRole('button', { name: 'Save meeting' }).click()
    await page.getByText('Network meeting recorded').waitFor()
    await page.getByRole('heading', { name: /^Network meeting, / }).waitFor()
    expect(await page.getByText('Claire Ashworth (mum), Rowan Ashby (social worker)').count()).toBe(1)
    await expectAccessible(page, 'the network page with a meeting')

    // The picture names the same people as its text equivalent, and as the members added.
    const picture = page.locator('[data-network-picture] svg')
    const drawn = (await picture.locator('text.app-network-picture__name').allTextContents()).sort()
    const listed = (await page.locator('[data-network-picture-text] .app-network-picture__listed-name').allTextContents()).sort()
    expect(drawn).toEqual(MEMBERS.map((member) => member.name).sort())
    expect(listed).toEqual(drawn)
    expect(await picture.locator('text.app-network-picture__child').allTextContents()).toEqual(['Leo Ashworth', 'Maisie Ashworth'])
    expect(await picture.locator('desc').textContent()).toContain('Very close (sees the children most days): Jean Pollard')
    fs.mkdirSync('test-results', { recursive: true })
    await picture.screenshot({ path: 'test-results/network-picture.png' })

    // The family tree: everyone in the record, drawn and written out.
    await page.getByRole('link', { name: 'See the family tree' }).click()
    await page.getByRole('heading', { name: 'Family tree', level: 1 }).waitFor()
    await expectAccessible(page, 'the family tree')
    const tree = page.locator('[data-family-tree] svg')
    const treeNames = await tree.locator('text.app-family-tree__name').evaluateAll((labels) =>
      labels.map((label) => Array.from(label.querySelectorAll('tspan')).map((line) => line.textContent).join(' ')))
    const sentences = await page.locator('[data-family-tree-people] li').allTextContents()
    expect(treeNames.sort()).toEqual(sentences.map((sentence) => sentence.slice(0, sentence.indexOf(':'))).sort())
    expect(treeNames).toEqual(expect.arrayContaining(['Leo Ashworth', 'Maisie Ashworth', 'Claire Ashworth', 'Dean Ashworth', ...MEMBERS.map((member) => member.name)]))
    expect(await page.locator('[data-family-tree-relationships] li').allTextContents()).toContain('Claire Ashworth is mother of Leo Ashworth.')
    expect(sentences).toContain('Sam Kirkby: other adult, in the safety network (Claire\'s friend from work).')
    await tree.screenshot({ path: 'test-results/family-tree.png' })
    await context.close()
  })

  it('works without JavaScript: errors on the add form, then changing a member\'s place in the network', async () => {
    const context = await newContext(running.browser(), { javaScriptEnabled: false })
    const page = await context.newPage()
    await openAshworthNetwork(page, true)
    await expectAccessible(page, 'the network page without JavaScript', { javaScriptOff: true })
    await page.getByRole('button', { name: 'Add someone to the network' }).click()
    expect(await page.getByLabel('First name').isVisible()).toBe(true)
    await page.getByRole('button', { name: 'Add to the network' }).click()
    await page.locator('.govuk-error-summary').waitFor()
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select who is joining the network')
    await expectAccessible(page, 'the add member form with errors', { javaScriptOff: true })

    await page.getByRole('link', { name: 'Back to the safety network' }).click()
    await page.getByRole('link', { name: 'Change their place in the network (Hana Okafor)' }).click()
    await page.getByRole('heading', { name: 'Change Hana Okafor\'s place in the network' }).waitFor()
    await expectAccessible(page, 'the change member form', { javaScriptOff: true })
    await page.getByRole('radio', { name: 'Close', exact: true }).check()
    await page.getByLabel('Their commitments (optional)').fill('I will call the police if I hear shouting, and have Maisie after nursery on Mondays.')
    await page.getByRole('button', { name: 'Save changes' }).click()
    await page.getByText('Network member\'s details saved').waitFor()
    expect(await page.getByText('have Maisie after nursery on Mondays').count()).toBe(1)
    const closeRow = page.locator('[data-network-picture-text] tr').filter({ hasText: 'Close: sees the children every week or so' })
    expect(await closeRow.textContent()).toContain('Hana Okafor')
    await expectAccessible(page, 'the network page after a change without JavaScript', { javaScriptOff: true })
    await context.close()
  })
})
