import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { familyIdNamed } from '../../../test/support/factories.js'
import { ACRONYMS } from '../language/index.js'
import { familyWords } from '../../family-record/index.js'

describe('the family version of the map', () => {
  let t: TestApp
  let rowan: PageClient
  let base: string
  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    const familyId = await familyIdNamed(t.db, 'The Ashworth family')
    base = `/families/${familyId}/map`
  })
  afterAll(async () => { await t.close() })

  it('writes acronyms out', () => {
    expect(familyWords('Before the ICPC and the RCPC.', ACRONYMS)).toBe('Before the initial child protection conference (ICPC) and the review child protection conference (RCPC).')
  })

  it('prints in plain language: names, strengths first, acronyms written out, whose view each point is', async () => {
    const page = await rowan.get(`${base}/print`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('The Ashworth family: our plan for Leo and Maisie')
    expect(page.body.indexOf('What is going well')).toBeLessThan(page.body.indexOf('What people are worried about'))
    expect(page.body).not.toMatch(/(?<!\()\bICPC\b/)
    expect(page.body).toContain('the initial child protection conference (ICPC)')
    expect(page.body).not.toMatch(/\bcase\b/i)
    expect(page.body).toContain('Said by Claire Ashworth (mum)')
  })

  it('makes a tagged PDF on the server with the same words', async () => {
    const response = await rowan.get(`${base}/family-version.pdf`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toContain('the-ashworth-family-plan.pdf')
    const pdf = response.rawPayload
    expect(pdf.subarray(0, 8).toString()).toBe('%PDF-1.7')
    const raw = pdf.toString('latin1')
    expect(raw).toContain('/StructTreeRoot')
    expect(raw).toContain('/MarkInfo')
    expect(raw).toMatch(/\/Lang \(en-GB\)/)
    // pdftotext (poppler-utils, installed by .ci/run) reads the words back as a screen reader would get them.
    expect(fs.existsSync('/usr/bin/pdftotext'), 'pdftotext is needed: apt-get install poppler-utils').toBe(true)
    const file = path.join(os.tmpdir(), `family-${String(process.pid)}.pdf`)
    fs.writeFileSync(file, pdf)
    const text = execFileSync('/usr/bin/pdftotext', [file, '-']).toString()
    fs.rmSync(file)
    expect(text).toContain('What is going well')
    expect(text).toContain('Claire walks Leo to school every day')
    expect(text).not.toMatch(/(?<!\()\bICPC\b/)
  })
})
