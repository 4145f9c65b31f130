import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { testPng } from '../support/pictures.js'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'

const PAGE_ONE = 'Mum and Leo live in a new house. It is a safe place.'
const PAGE_TWO = 'Sam is a helper. Sam comes to see Leo and Mum.'

describe('writing a words and pictures explanation for a child', () => {
  const running = serverAndBrowser()
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-booklets-'))
  afterAll(() => { fs.rmSync(folder, { recursive: true, force: true }) })

  async function openAshworthBooklets(page: Page, javaScriptOff: boolean): Promise<void> {
    await signIn(page, running.server().baseUrl, 'practitioner@fellside.example')
    await page.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
    await page.goto(`${running.server().baseUrl}/families`)
    await page.getByLabel('Find a family').fill('Ashworth')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('link', { name: 'The Ashworth family' }).click()
    await page.getByRole('heading', { name: /The Ashworth family/, level: 1 }).waitFor()
    await expectAccessible(page, 'the family record', { javaScriptOff })
    await page.getByRole('link', { name: 'Words and pictures' }).click()
    await page.getByRole('heading', { name: 'Words and pictures', level: 1 }).waitFor()
    await expectAccessible(page, 'the words and pictures list', { javaScriptOff })
  }

  it('drafts a booklet with pictures, records the parents\' agreement and the sharing, and gives a PDF (JavaScript on)', async () => {
    const picture = path.join(folder, 'mum-and-leo.png')
    fs.writeFileSync(picture, testPng(60, 40, 90))
    const context = await newContext(running.browser(), { acceptDownloads: true })
    const page = await context.newPage()
    await openAshworthBooklets(page, false)

    // The first page, with an uploaded picture, and the coach's advice at a child's reading level while typing.
    await page.getByRole('link', { name: 'Start a words and pictures explanation for Leo' }).click()
    await page.getByRole('heading', { name: 'Start a words and pictures explanation for Leo' }).waitFor()
    expect(await page.getByLabel('Title').inputValue()).toBe('Leo\'s words and pictures')
    await page.getByLabel('Words for this page').fill('Sometimes grown-ups need some assistance to keep everybody safe.')
    const coach = page.locator('[data-coach-panel]')
    await coach.getByText('may be a long word for a child').waitFor()
    await expectAccessible(page, 'the start form with live advice')
    await page.getByLabel('Words for this page').fill(PAGE_ONE)
    await page.getByLabel('Picture for this page (optional)').setInputFiles(picture)
    await page.getByLabel('What the picture shows (needed if you add a picture)').fill('Mum and Leo outside their front door')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved as version 1.').waitFor()
    expect(await page.getByRole('img', { name: 'Mum and Leo outside their front door' }).count()).toBe(1)
    await expectAccessible(page, 'the booklet after starting it')

    // A second page.
    await page.getByRole('button', { name: 'Add a page' }).click()
    await page.getByRole('heading', { name: 'Add a page' }).waitFor()
    await expectAccessible(page, 'the add page form')
    await page.getByLabel('Words for this page').fill(PAGE_TWO)
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Saved as version 2.').waitFor()
    expect(await page.getByRole('heading', { name: 'Page 2' }).count()).toBe(1)

    // The parents' comments and agreement.
    await page.getByRole('link', { name: 'Check every page with the coach, then send to the parents for comments' }).click()
    await page.getByRole('heading', { name: 'Check before sending to the parents', level: 1 }).waitFor()
    expect(await page.locator('.govuk-summary-card').count()).toBe(3)
    await expectAccessible(page, 'the check before sending to the parents')
    await page.getByRole('button', { name: 'Send to the parents for comments' }).click()
    await page.getByText('Sent to the parents for their comments.').waitFor()
    await page.getByRole('link', { name: 'Record what a parent said' }).click()
    await page.getByRole('heading', { name: 'Record what a parent said' }).waitFor()
    await expectAccessible(page, 'the parent\'s comments form')
    await page.getByRole('radio', { name: 'Claire Ashworth' }).check()
    await page.getByRole('radio', { name: 'Yes, they agree with it' }).check()
    await page.getByLabel('Their comments (needed if they would like changes)').fill('Leo will like the picture of the house.')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('so it is agreed').waitFor()
    expect(await page.locator('h1 .govuk-tag').textContent()).toBe('Agreed')
    await expectAccessible(page, 'the booklet once agreed')

    // When, how and by whom it was shared with Leo.
    await page.getByRole('link', { name: 'Record when it was shared with Leo' }).click()
    await page.getByRole('heading', { name: 'Record when it was shared with Leo' }).waitFor()
    expect(await page.getByText('The parents have not agreed version').count()).toBe(0)
    await expectAccessible(page, 'the sharing form')
    await page.getByLabel('How was it shared?').fill('Read together at home')
    await page.getByLabel('Who shared it?').fill('Claire (mum) with Rowan (worker)')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Recorded when it was shared with Leo.').waitFor()
    expect(await page.getByRole('cell', { name: 'Read together at home' }).count()).toBe(1)
    await page.getByRole('link', { name: 'Back to words and pictures' }).click()
    await page.getByText(/Read together at home, by Claire \(mum\) with Rowan \(worker\)/).waitFor()
    await page.getByRole('link', { name: 'Leo\'s words and pictures' }).click()

    // The version to print, and the PDF.
    await page.getByRole('link', { name: 'Version to print' }).click()
    await page.getByRole('heading', { name: 'Leo\'s words and pictures', level: 1 }).waitFor()
    await expectAccessible(page, 'the version to print')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as a PDF' }).click()])
    const file = await download.path()
    const pdf = fs.readFileSync(file)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(download.suggestedFilename()).toBe('leo-s-words-and-pictures.pdf')
    const text = execFileSync('/usr/bin/pdftotext', [file, '-']).toString().replace(/\s+/g, ' ')
    expect(text).toContain(PAGE_ONE)
    expect(text).toContain(PAGE_TWO)
    await context.close()
  })

  it('adds what the child made or said without JavaScript, with errors beside the fields first', async () => {
    const context = await newContext(running.browser(), { javaScriptEnabled: false })
    const page = await context.newPage()
    await openAshworthBooklets(page, true)
    await page.getByRole('link', { name: 'Leo\'s words and pictures' }).click()
    await page.getByRole('heading', { name: /Leo's words and pictures/, level: 1 }).waitFor()
    await expectAccessible(page, 'the booklet', { javaScriptOff: true })
    await page.getByRole('link', { name: 'Add something Leo made or said' }).click()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('.govuk-error-summary').waitFor()
    expect(await page.locator('.govuk-error-message').count()).toBeGreaterThanOrEqual(2)
    await expectAccessible(page, 'the child\'s addition form with errors', { javaScriptOff: true })
    await page.getByLabel('Leo\'s own words').fill('I drew our new house with a big door')
    await page.getByRole('radio', { name: 'No, Leo wants only the workers to see it' }).check()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Recorded what Leo added.').waitFor()
    expect(await page.getByText('Workers only: the child chose not to share this').count()).toBe(1)
    await expectAccessible(page, 'the booklet with the child\'s addition', { javaScriptOff: true })
    await page.getByRole('link', { name: 'Version to print' }).click()
    await page.getByRole('heading', { name: 'Leo\'s words and pictures', level: 1 }).waitFor()
    expect(await page.getByText('I drew our new house').count()).toBe(0)
    await expectAccessible(page, 'the version to print, without what Leo kept back', { javaScriptOff: true })
    await context.close()
  })
})
