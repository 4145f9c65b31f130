import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.js'
import { PageClient, signedIn } from '../support/browser.js'
import { familyIdNamed, userId } from '../support/factories.js'
import { comparable, pdfText, squashed } from '../support/pdf-text.js'

/**
 * The PDFs families are given, made by the real routes for children whose names go beyond
 * Latin-1: each name reads back from the PDF exactly as it was written, and nothing became "?".
 */
const CHILDREN: [string, string][] = [
  ['Gwenllïan ap Dafydd', 'Ŵyn'],
  ['Łucja Wiśniewska', 'Ștefan Țurcanu'],
  ['Šimon Dvořák', 'عائشہ'],
  ['يوسف', 'Aisha عائشة Khan'],
]

describe('children\'s names in the documents families read', () => {
  let t: TestApp
  let rowan: PageClient
  let familyId: string
  let rowanId: string
  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    rowanId = await userId(t.db, 'practitioner@fellside.example')
  })
  afterAll(async () => { await t.close() })

  it.each(CHILDREN)('prints %s and %s in the map\'s family version, the safety plan and the booklet', async (first, second) => {
    const { rows: children } = await t.db.owner<{ id: string; organisation_id: string; given_name: string }>(
      `select id, organisation_id, given_name from people where family_id = $1 and kind = 'child' order by date_of_birth`, [familyId])
    const [older, younger] = children
    if (older === undefined || younger === undefined) throw new Error('the Ashworth family has two children')
    await t.db.owner(`update people set given_name = $1, known_as = null where id = $2`, [first, older.id])
    await t.db.owner(`update people set given_name = $1, known_as = null where id = $2`, [second, younger.id])
    const { rows: [booklet] } = await t.db.owner<{ id: string }>(
      `insert into booklets (organisation_id, family_id, child_person_id, title, created_by) values ($1, $2, $3, $4, $5) returning id`,
      [older.organisation_id, familyId, older.id, `Words and pictures for ${first}`, rowanId])
    await t.db.owner(`insert into booklet_versions (organisation_id, booklet_id, version, title, pages, changed_by, submission_id)
      values ($1, $2, 1, $3, $4, $5, gen_random_uuid())`, [older.organisation_id, booklet?.id, `Words and pictures for ${first}`, JSON.stringify([{ text: `${first} lives with Mum and ${second}.`, pictureId: null }]), rowanId])

    const documents = {
      map: `/families/${familyId}/map/family-version.pdf`,
      plan: `/families/${familyId}/plan/plan.pdf?for=family`,
      booklet: `/families/${familyId}/booklets/${booklet?.id ?? ''}/booklet.pdf`,
    }
    for (const [document, url] of Object.entries(documents)) {
      const response = await rowan.get(url)
      expect(response.statusCode, url).toBe(200)
      expect(response.headers['content-type']).toBe('application/pdf')
      const text = pdfText(response.rawPayload)
      const read = comparable(text)
      for (const name of document === 'booklet' ? [first] : [first, second]) {
        if (/\p{Script=Latin}/u.test(name) && /\p{Script=Arabic}/u.test(name)) expect(squashed(text), `${name} in the ${document}`).toContain(squashed(name))
        else expect(read, `${name} in the ${document}`).toContain(name.normalize('NFKC'))
      }
      if (document === 'booklet') expect(squashed(text)).toContain(squashed(`${first} lives with Mum and ${second}.`))
      expect(text, `no "?" in the ${document}`).not.toContain('?')
    }
  })
})
