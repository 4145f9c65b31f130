import { describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'
import { familyIdNamed, userId } from '../support/factories.js'
import { addDays, todayInLondon } from '../../src/platform/time.js'
import { formatDate } from '../../src/platform/views/setup.js'
import type { RunningServer } from './support.js'

const RULE = 'Nan collects Leo and Maisie from school every day'
const STORY = 'Why Rowan is helping'
const PAGE_ONE = 'Rowan helps families to keep children safe.'
const PAGE_TWO = 'Mum and nan are making a plan with Rowan.'
const SAFE_TEXT = 'Jean can help on Fridays too'
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g

/** The Ashworth family's plan with one rule, and a two-page story for Leo sent to the parents for comments. */
async function addPlanAndStory(server: RunningServer): Promise<void> {
  const { t } = server
  const family = await familyIdNamed(t.db, 'The Ashworth family')
  const rowan = await userId(t.db, 'practitioner@fellside.example')
  const one = async (sql: string, values: unknown[]): Promise<string> => {
    const { rows } = await t.db.owner<{ id: string }>(sql, values)
    if (rows[0] === undefined) throw new Error(`nothing from ${sql}`)
    return rows[0].id
  }
  const org = await one('select organisation_id as id from families where id = $1', [family])
  const statement = await one(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = 'danger' and e.removed_at is null limit 1`, [family])
  const plan = await one(`insert into safety_plans (organisation_id, family_id, version) values ($1, $2, 1) returning id`, [org, family])
  const rule = await one(`insert into safety_plan_rules (organisation_id, plan_id, kind) values ($1, $2, 'rule') returning id`, [org, plan])
  await t.db.owner(`insert into safety_plan_rule_versions (organisation_id, rule_id, plan_id, version, plan_version, change, text, statement_entry_id, who_makes_sure, warning_signs, if_broken, typed_by, submission_id)
    values ($1, $2, $3, 1, 1, 'added', $4, $5, 'Jean (nan)', 'Claire goes quiet on the phone', 'The network meets that week', $6, gen_random_uuid())`, [org, rule, plan, RULE, statement, rowan])
  const leo = await one(`select id from people where family_id = $1 and given_name = 'Leo'`, [family])
  const booklet = await one(`insert into booklets (organisation_id, family_id, child_person_id, title, status, created_by) values ($1, $2, $3, $4, 'with-parents', $5) returning id`, [org, family, leo, STORY, rowan])
  await t.db.owner(`insert into booklet_versions (organisation_id, booklet_id, version, title, pages, changed_by, submission_id) values ($1, $2, 1, $3, $4::jsonb, $5, gen_random_uuid())`,
    [org, booklet, STORY, JSON.stringify([{ text: PAGE_ONE, pictureId: null }, { text: PAGE_TWO, pictureId: null }]), rowan])
}

/** A page's kind, not its record: ids and numbers in the address stand for any one of them. */
function kindOf(path: string): string {
  return path.replace(UUID, ':id').replace(/=\d+/g, '=:n')
}

async function send(page: Page, form: Locator): Promise<void> {
  const navigated = page.waitForEvent('framenavigated')
  await form.locator('button:not([type="button"])').first().click()
  await navigated
  await page.waitForLoadState('load')
}

/** Fills every empty text box that is showing, so a choice is sent with the words it asks for. */
async function fillShownTextAreas(form: Locator): Promise<void> {
  const boxes = form.locator('textarea')
  for (let index = 0; index < await boxes.count(); index += 1) {
    const box = boxes.nth(index)
    if (await box.isVisible() && await box.inputValue() === '') await box.fill(SAFE_TEXT)
  }
}

/**
 * Every page a person can reach from their home within their own area, following each link once per
 * kind of page, with axe on each. Each form is sent as it stands (its errors are a page too), then
 * with each of its radio choices in turn: axe runs once the choice is made (a conditional question
 * showing) and again on the page that answers it. Returns the kinds of page seen.
 */
async function crawl(page: Page, base: string, start: string, area: string): Promise<string[]> {
  const seen = new Set<string>()
  const queue = [start]
  const check = (what: string): Promise<void> => expectAccessible(page, what)
  while (queue.length > 0) {
    const path = queue.shift() ?? ''
    if (seen.has(kindOf(path))) continue
    seen.add(kindOf(path))
    await page.goto(`${base}${path}`)
    await check(path)
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''))
    for (const href of hrefs) {
      const url = new URL(href, page.url())
      if (url.origin !== new URL(base).origin || !url.pathname.startsWith(area) || url.pathname.includes('/pictures/')) continue
      queue.push(`${url.pathname}${url.search}`)
    }
    const forms = page.locator(`main form[method="post"][action^="${area}"]`)
    const formCount = await forms.count()
    for (let index = 0; index < formCount; index += 1) {
      await page.goto(`${base}${path}`)
      await send(page, forms.nth(index))
      await check(`${path}: form ${String(index + 1)} sent as it stands`)
      await page.goto(`${base}${path}`)
      const radios = forms.nth(index).locator('input[type="radio"]')
      const choices = await radios.evaluateAll((inputs) => inputs.map((input) => ({ name: (input as HTMLInputElement).name, value: (input as HTMLInputElement).value })))
      if (choices.length === 0) {
        await fillShownTextAreas(forms.nth(index))
        await send(page, forms.nth(index))
        await check(`${path}: form ${String(index + 1)} filled in and sent`)
      }
      for (const choice of choices) {
        await page.goto(`${base}${path}`)
        const form = forms.nth(index)
        await form.locator(`input[type="radio"][name="${choice.name}"][value="${choice.value}"]`).check()
        await check(`${path}: ${choice.name} "${choice.value}" chosen`)
        await fillShownTextAreas(form)
        await send(page, form)
        await check(`${path}: sent with ${choice.name} "${choice.value}"`)
      }
    }
  }
  return [...seen]
}

/**
 * What a parent asks first, and everything a parent and a partner can reach: the running demo's
 * Ashworth family (Claire, her worker Rowan, Tom at Leo's school), with a plan of one rule and a
 * story for Leo sent to the parents.
 */
describe('a family\'s and a partner\'s pages', () => {
  const running = serverAndBrowser({}, { demoSharing: true })

  it('shows a parent their worker\'s name and phone, what to do out of hours, and meetings with their time', async () => {
    const base = running.server().baseUrl
    await addPlanAndStory(running.server())
    const worker = await (await newContext(running.browser(), { viewport: { width: 1100, height: 900 } })).newPage()
    await signIn(worker, base, 'practitioner@fellside.example')
    await worker.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
    await worker.goto(`${base}/families`)
    await worker.getByRole('link', { name: 'The Ashworth family' }).click()
    await worker.getByRole('link', { name: 'Meetings and partners\' reports' }).click()
    await worker.getByRole('button', { name: 'Add a meeting' }).click()
    const day = addDays(todayInLondon(), 21)
    await worker.getByLabel('What is the meeting?').fill('Family network meeting')
    await worker.getByLabel('Date').fill(day.split('-').reverse().map(Number).join('/'))
    await worker.getByLabel('Time it starts').fill('half past nine')
    await worker.getByRole('button', { name: 'Add the meeting' }).click()
    await worker.getByText('There is a problem').waitFor()
    expect(await worker.getByLabel('Time it starts').inputValue()).toBe('half past nine')
    await expectAccessible(worker, 'the meeting form with a time that is not real')
    await worker.getByLabel('Time it starts').fill('9:30am')
    await worker.getByRole('button', { name: 'Add the meeting' }).click()
    await worker.getByText('Meeting added').waitFor()
    await worker.getByRole('heading', { name: `Family network meeting, ${formatDate(day)} at 9:30am` }).waitFor()
    await expectAccessible(worker, 'the worker\'s meetings with times')

    const parent = await (await newContext(running.browser(), { viewport: { width: 375, height: 812 } })).newPage()
    await signIn(parent, base, 'claire.ashworth@example.com')
    await parent.getByRole('heading', { name: 'Hello, Claire Ashworth' }).waitFor()
    expect(await parent.locator('[data-contact="worker"]').textContent()).toBe('Your worker is Rowan Ashby. Their work phone is 01632 960 241.')
    expect(await parent.getByRole('link', { name: '01632 960 241' }).getAttribute('href')).toBe('tel:+441632960241')
    expect(await parent.locator('[data-contact="emergency"]').textContent()).toBe('If you are worried about a child\'s safety right now, call 999.')
    expect(await parent.locator('[data-contact="out-of-hours"]').textContent()).toContain('ring Fellside Council\'s out-of-hours team on 01632 960 999.')
    const meetings = await parent.locator('[data-meetings] li').allTextContents()
    expect(meetings).toEqual([
      `Review child protection conference: ${formatDate(addDays(todayInLondon(), 14))} at 10:30am. Where: Tarnbeck Family Centre`,
      `Family network meeting: ${formatDate(day)} at 9:30am`,
      `Core group meeting: ${formatDate(addDays(todayInLondon(), 28))} at 2pm. Where: Tarnbeck Primary School, the family room`,
    ])
    await expectAccessible(parent, 'the family\'s home with who to contact and meetings (phone)')
    await parent.getByRole('link', { name: 'See the meetings' }).click()
    await parent.getByText(`${formatDate(day)} at 9:30am`).waitFor()
    await expectAccessible(parent, 'the family\'s meetings with times (phone)')

    const partner = await (await newContext(running.browser())).newPage()
    await signIn(partner, base, 'partner@fellside.example')
    await partner.goto(`${base}/partner`)
    await partner.getByRole('link', { name: 'The Ashworth family' }).click()
    await partner.getByText(`${formatDate(day)} at 9:30am`).first().waitFor()
    await expectAccessible(partner, 'the partner\'s family page with meeting times')
  })

  it('asks a parent only for their number on the scale, and chooses the rule for them when the plan has one', async () => {
    const base = running.server().baseUrl
    const parent = await (await newContext(running.browser(), { viewport: { width: 375, height: 812 } })).newPage()
    await signIn(parent, base, 'claire.ashworth@example.com')
    await parent.getByRole('link', { name: 'Give your own number on the scale' }).click()
    await parent.getByRole('radio', { name: '6', exact: true }).check()
    await parent.getByRole('button', { name: 'Send my number' }).click()
    await parent.getByText('Your number has been sent to your worker').waitFor()
    await expectAccessible(parent, 'the scale sent with only the number')
    await parent.goto(`${base}/my-family/plan/check-in`)
    expect(await parent.getByRole('radio', { name: RULE }).isChecked()).toBe(true)
    await expectAccessible(parent, 'the check-in with its one rule chosen')
    await parent.getByRole('radio', { name: 'The rule was kept' }).check()
    await parent.getByRole('button', { name: 'Send check-in' }).click()
    await parent.getByText('Your check-in has been sent to your worker').waitFor()
  })

  it('lets a parent comment on a story and on one of its pages, and the worker read and reply', async () => {
    const base = running.server().baseUrl
    const parent = await (await newContext(running.browser(), { viewport: { width: 375, height: 812 } })).newPage()
    await signIn(parent, base, 'claire.ashworth@example.com')
    await parent.getByRole('link', { name: 'Words and pictures' }).click()
    await parent.getByRole('link', { name: /Comment on page 2/ }).click()
    await parent.getByText(PAGE_TWO).waitFor()
    await expectAccessible(parent, 'commenting on page 2 of the story')
    await parent.getByRole('button', { name: 'Send comment' }).click()
    await parent.getByText('There is a problem').waitFor()
    await expectAccessible(parent, 'commenting on a page, sent empty')
    await parent.getByLabel('Your comment').fill('Leo calls nan "Nana Jean"')
    await parent.getByRole('button', { name: 'Send comment' }).click()
    await parent.getByText('Your comment has been sent to your worker').waitFor()
    await parent.getByRole('link', { name: /Comment on the whole story/ }).click()
    await parent.getByLabel('Your comment').fill('Leo will want to read it with nan')
    await parent.getByRole('button', { name: 'Send comment' }).click()
    await parent.getByText('You said on').nth(1).waitFor()
    await expectAccessible(parent, 'the story with her comments')

    const worker = await (await newContext(running.browser(), { viewport: { width: 1100, height: 900 } })).newPage()
    await signIn(worker, base, 'practitioner@fellside.example')
    await worker.goto(`${base}/families`)
    await worker.getByRole('link', { name: 'The Ashworth family' }).click()
    await worker.getByRole('link', { name: 'Words and pictures' }).first().click()
    await worker.getByRole('link', { name: STORY }).first().click()
    const comment = worker.locator('.app-family-comment', { hasText: 'Nana Jean' })
    expect(await comment.textContent()).toContain('Claire Ashworth')
    expect(await comment.textContent()).toContain('On page 2, version 1')
    await expectAccessible(worker, 'the booklet with the family\'s comments')
    await comment.getByRole('link', { name: /Reply/ }).click()
    await worker.getByRole('button', { name: 'Send reply' }).click()
    await worker.getByText('There is a problem').waitFor()
    await expectAccessible(worker, 'the reply form with an error')
    await worker.getByLabel('Your reply').fill('Thank you, I will change it to Nana Jean.')
    await worker.getByRole('button', { name: 'Send reply' }).click()
    await worker.getByText('Your reply has been sent').waitFor()
    await expectAccessible(worker, 'the booklet with a reply')

    await parent.goto(`${base}/my-family/words-and-pictures`)
    await parent.getByText('Thank you, I will change it to Nana Jean.').waitFor()
    expect(await parent.getByText(PAGE_TWO).count()).toBe(1)
  })

  it('passes axe on every page a parent can reach, in every state their choices lead to', async () => {
    const base = running.server().baseUrl
    const parent = await (await newContext(running.browser(), { viewport: { width: 375, height: 812 } })).newPage()
    await signIn(parent, base, 'claire.ashworth@example.com')
    await parent.getByRole('heading', { name: 'Hello, Claire Ashworth' }).waitFor()
    const kinds = await crawl(parent, base, '/my-family', '/my-family')
    for (const kind of ['/my-family', '/my-family/map', '/my-family/map/entries/:id/comment', '/my-family/scale', '/my-family/plan', '/my-family/plan/check-in',
      '/my-family/plan/response', '/my-family/words-and-pictures', '/my-family/words-and-pictures/:id/comment', '/my-family/words-and-pictures/:id/comment?page=:n', '/my-family/meetings']) {
      expect(kinds, kind).toContain(kind)
    }
    // The plan response's two answers, "I agree" and "I would change something" with what she would change, both reached the worker.
    const { rows } = await running.server().t.db.owner<{ text: string }>(`select text from family_comments where about = 'plan' order by created_at`)
    expect(rows.map((row) => row.text)).toEqual(['I agree with version 1 of the plan.', `I would change this in version 1 of the plan: ${SAFE_TEXT}`])
  }, 600_000)

  it('passes axe on every page a partner can reach, in every state their choices lead to', async () => {
    const base = running.server().baseUrl
    const partner = await (await newContext(running.browser())).newPage()
    await signIn(partner, base, 'partner@fellside.example')
    await partner.goto(`${base}/partner`)
    const kinds = await crawl(partner, base, '/partner', '/partner')
    for (const kind of ['/partner', '/partner/families/:id', '/partner/families/:id/scale']) expect(kinds, kind).toContain(kind)
    expect(kinds.some((kind) => kind.startsWith('/partner/families/:id/add/')), 'an add form').toBe(true)
    expect(kinds.some((kind) => kind.includes('/meetings/:id')), 'a report form').toBe(true)
  }, 600_000)
})
