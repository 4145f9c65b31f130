import { describe, expect, it } from 'vitest'
import { createUser, familyIdNamed } from '../support/factories.js'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'

describe('opening a family outside your work', () => {
  const running = serverAndBrowser()

  it('needs a written reason, alerts the family\'s manager and shows in the record\'s access log', async () => {
    const { t, baseUrl } = running.server()
    const stranger = await createUser(t.db, { role: 'practitioner', displayName: 'Sam Outside', password: 'a long test password here' })
    const familyId = await familyIdNamed(t.db, 'The Ashworth family')
    const { rows } = await t.db.owner<{ nhs_number: string }>(`select nhs_number from people where family_id = $1 and given_name = 'Leo'`, [familyId])
    const nhs = rows[0]?.nhs_number ?? ''

    const context = await newContext(running.browser())
    const page = await context.newPage()
    await signIn(page, baseUrl, stranger.email, 'a long test password here')
    await page.getByRole('heading', { name: 'Hello, Sam Outside' }).waitFor()
    await page.goto(`${baseUrl}/families`)
    await page.getByRole('link', { name: 'open a family outside your work' }).click()
    await expectAccessible(page, 'the break-the-glass search')
    await page.getByLabel('A child\'s NHS number').fill(nhs)
    await page.getByRole('button', { name: 'Find' }).click()
    await page.getByRole('link', { name: /open with a reason/ }).click()
    await expectAccessible(page, 'the reason form')
    await page.getByRole('button', { name: 'Open the record' }).click()
    await page.getByText('There is a problem').waitFor()
    await expectAccessible(page, 'the reason form with an error')
    await page.getByLabel('Your reason').fill('Police called out of hours about Leo; I need the safety plan and who to call')
    await page.getByRole('button', { name: 'Open the record' }).click()
    await page.getByText('You opened this record from outside your work').waitFor()
    await expectAccessible(page, 'the record opened with a reason')
    await context.close()

    const managerContext = await newContext(running.browser())
    const manager = await managerContext.newPage()
    await signIn(manager, baseUrl, 'manager@fellside.example')
    await manager.getByText('Sam Outside opened The Ashworth family\'s record from outside their work').waitFor()
    await expectAccessible(manager, 'the manager\'s home with the alert')
    await manager.getByRole('link', { name: 'See the record\'s access log' }).click()
    await manager.getByRole('heading', { name: 'Who has seen this record' }).waitFor()
    const row = manager.locator('tr.app-row--break-glass')
    expect(await row.textContent()).toContain('Sam Outside')
    expect(await row.textContent()).toContain('Police called out of hours about Leo')
    await expectAccessible(manager, 'the access log')
    await managerContext.close()
  })
})
