import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.js'
import { PageClient, signedIn } from '../support/browser.js'
import { familyIdNamed, userId } from '../support/factories.js'

/**
 * Whatever a child chose to keep from their parents never reaches anything built for parents:
 * not the family version of the map, the family's copy of the plan, the words and pictures booklet,
 * as a page, a PDF or JSON. Control words the child did share must appear, so the check can fail.
 */
const KEPT = 'KEPT-CANARY-7f3a'
const SHARED = 'SHARED-CONTROL-19bd'

describe('what a child kept from their parents', () => {
  let t: TestApp
  let rowan: PageClient
  let familyId: string
  let bookletId: string
  const pdfText = (bytes: Buffer): string => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-kept-')), 'out.pdf')
    fs.writeFileSync(file, bytes)
    return execFileSync('/usr/bin/pdftotext', [file, '-']).toString()
  }

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    const rowanId = await userId(t.db, 'practitioner@fellside.example')
    const { rows: [leo] } = await t.db.owner<{ id: string; organisation_id: string }>(`select id, organisation_id from people where family_id = $1 and given_name = 'Leo'`, [familyId])
    if (leo === undefined) throw new Error('no Leo')
    const org = leo.organisation_id
    const { rows: [session] } = await t.db.owner<{ id: string }>(
      `insert into child_sessions (organisation_id, family_id, child_person_id, tool, held_on, who_was_there, recorded_by, submission_id)
       values ($1, $2, $3, 'three-houses', '2026-11-20', 'Leo and Rowan', $4, gen_random_uuid()) returning id`, [org, familyId, leo.id, rowanId])
    const words: string[] = []
    for (const [index, [text, parents, network]] of ([[`${KEPT} workers only`, false, false], [`${KEPT} network only`, false, true], [`${SHARED} for everyone`, true, true]] as const).entries()) {
      const { rows } = await t.db.owner<{ id: string }>(
        `insert into child_words (organisation_id, family_id, session_id, child_person_id, part, position, words, parents_may_see, network_may_see, submission_id)
         values ($1, $2, $3, $4, 'worries', $5, $6, $7, $8, gen_random_uuid()) returning id`, [org, familyId, session?.id, leo.id, index + 1, text, parents, network])
      words.push(rows[0]?.id ?? '')
    }
    // Every one of them on the map, through the page a worker uses.
    for (const wordsId of words) {
      const form = await rowan.get(`/families/${familyId}/child-words/${wordsId}/place`)
      const submissionId = /name="submissionId" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
      expect((await rowan.post(`/families/${familyId}/child-words/${wordsId}/place`, { submissionId, category: 'harm' })).statusCode).toBe(303)
    }
    // And every one answered by a rule in the plan.
    const { rows: [statement] } = await t.db.owner<{ id: string }>(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = 'danger' limit 1`, [familyId])
    const ruleForm = await rowan.get(`/families/${familyId}/plan/rules/new?kind=rule`)
    const ruleSubmission = /name="submissionId" value="([^"]+)"/.exec(ruleForm.body)?.[1] ?? ''
    expect((await rowan.post(`/families/${familyId}/plan/rules/new?kind=rule`, {
      submissionId: ruleSubmission, text: 'Nan collects the children', statement: statement?.id ?? '', whoMakesSure: 'Jean', warningSigns: 'Dean at the gate', ifBroken: 'Network meets', childWords: words,
    })).statusCode).toBe(303)
    // A booklet with one addition the child kept back and one they shared.
    const { rows: [booklet] } = await t.db.owner<{ id: string }>(
      `insert into booklets (organisation_id, family_id, child_person_id, title, created_by) values ($1, $2, $3, 'Leo''s words and pictures', $4) returning id`, [org, familyId, leo.id, rowanId])
    bookletId = booklet?.id ?? ''
    await t.db.owner(`insert into booklet_versions (organisation_id, booklet_id, version, title, pages, changed_by, submission_id)
      values ($1, $2, 1, 'Leo''s words and pictures', '[{"text":"Helpers are here to keep you safe.","pictureId":null}]', $3, gen_random_uuid())`, [org, bookletId, rowanId])
    for (const [text, parents] of [[`${KEPT} in the booklet`, false], [`${SHARED} in the booklet`, true]] as const) {
      await t.db.owner(`insert into booklet_additions (organisation_id, booklet_id, added_on, words, parents_may_see, recorded_by, submission_id)
        values ($1, $2, '2026-11-21', $3, $4, $5, gen_random_uuid())`, [org, bookletId, text, parents, rowanId])
    }
  })
  afterAll(async () => { await t.close() })

  it('is on the workers\' own pages, so the checks below are not empty', async () => {
    expect((await rowan.get(`/families/${familyId}/map`)).body).toContain(KEPT)
    expect((await rowan.get(`/families/${familyId}/plan`)).body).toContain(KEPT)
    expect((await rowan.get(`/families/${familyId}/booklets/${bookletId}`)).body).toContain(KEPT)
  })

  it('is in no page, PDF or JSON built for the family', async () => {
    const outputs: [string, string][] = []
    for (const url of [`/families/${familyId}/map/print`, `/families/${familyId}/plan/print?for=family`, `/families/${familyId}/family-copy.json`, `/families/${familyId}/booklets/${bookletId}/print`]) {
      const response = await rowan.get(url)
      expect(response.statusCode, url).toBe(200)
      outputs.push([url, response.body])
    }
    for (const url of [`/families/${familyId}/map/family-version.pdf`, `/families/${familyId}/plan/plan.pdf?for=family`, `/families/${familyId}/booklets/${bookletId}/booklet.pdf`]) {
      const response = await rowan.get(url)
      expect(response.statusCode, url).toBe(200)
      outputs.push([url, pdfText(response.rawPayload)])
    }
    for (const [url, text] of outputs) {
      expect(text, url).toContain(SHARED)
      expect(text, url).not.toContain(KEPT)
    }
  })
})
