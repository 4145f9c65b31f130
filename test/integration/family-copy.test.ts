import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { startTestApp, type TestApp } from '../support/app.js'
import { PageClient, signedIn } from '../support/browser.js'
import { familyIdNamed, personIdNamed } from '../support/factories.js'
import { comparable, pdfText } from '../support/pdf-text.js'

/**
 * The family-copy test: one danger statement with an acronym and two labels comes out the same,
 * acronym written out and labels as the worker wrote them, in every copy a family reads.
 */
const STATEMENT = 'After the ICPC, Rowan and the school are worried about domestic violence at home and that Dean is non-compliant with the plan, and Leo could be hurt.'
const FAMILY_READS = 'After the initial child protection conference (ICPC), Rowan and the school are worried about domestic violence at home and that Dean is non-compliant with the plan, and Leo could be hurt.'
const FIXED = 'After the ICPC, Rowan and the school are worried that when Dean shouts at Claire and pushes her, Leo could be hurt or frightened.'
const PASSWORD = 'a long family password'

const submissionIdIn = (body: string): string => /name="submissionId" value="([^"]+)"/.exec(body)?.[1] ?? ''
/** The words of a page with its markup gone, as a screen reader reads them. */
const wordsOf = (page: LightMyRequestResponse): string => comparable(page.body.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, '\'').replace(/&quot;/g, '"').replace(/&amp;/g, '&'))

describe('every copy a family reads', () => {
  let t: TestApp
  let rowan: PageClient
  let claire: PageClient
  let familyId: string
  let statementId: string
  let bookletUrl: string

  beforeAll(async () => {
    t = await startTestApp()
    rowan = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
    const leo = await personIdNamed(t.db, familyId, 'Leo')

    // The worker writes the danger statement on the map, a rule in the plan that answers it, and a booklet page with the same words.
    const form = await rowan.get(`/families/${familyId}/map/add/danger`)
    const added = await rowan.post(`/families/${familyId}/map/add/danger`, { submissionId: submissionIdIn(form.body), text: STATEMENT, saidByKind: 'worker', saidByName: 'Rowan Ashby (social worker)' })
    expect(added.statusCode).toBe(303)
    statementId = /saved=([0-9a-f-]{36})/.exec(String(added.headers.location))?.[1] ?? ''
    await rowan.get(`/families/${familyId}/plan/rules/new?kind=rule`)
    expect((await rowan.post(`/families/${familyId}/plan/rules/new?kind=rule`, {
      text: 'Nan collects Leo from school every day', statement: statementId, whoMakesSure: 'Jean (nan)', warningSigns: 'Claire goes quiet on the phone', ifBroken: 'The network meets that week', submissionId: crypto.randomUUID(),
    })).statusCode).toBe(303)
    const start = await rowan.get(`/families/${familyId}/booklets/new?child=${leo}`)
    const started = await rowan.postMultipart(`/families/${familyId}/booklets/new`, { submissionId: submissionIdIn(start.body), child: leo, title: 'Leo and his family', text: STATEMENT, description: '' })
    expect(started.statusCode).toBe(303)
    bookletUrl = String(started.headers.location).split('?')[0] ?? ''

    // Claire joins her family's own space with an invitation code, as in the sharing journey.
    const invite = await rowan.get(`/families/${familyId}/sharing/invite`)
    const made = await rowan.post(`/families/${familyId}/sharing/invite`, { person: await personIdNamed(t.db, familyId, 'Claire'), submissionId: submissionIdIn(invite.body) })
    const code = /data-invitation-code>([A-Z0-9-]+)</.exec(made.body)?.[1] ?? ''
    const visitor = new PageClient(t.app, '198.51.100.61')
    await visitor.get('/join')
    expect((await visitor.post('/join', { code, email: 'claire.copy@example.com', password: PASSWORD, confirmPassword: PASSWORD })).headers.location).toBe('/sign-in?joined=yes')
    claire = await signedIn(t.app, 'claire.copy@example.com', { password: PASSWORD, address: '198.51.100.61' })
  })
  afterAll(async () => { await t.close() })

  it('writes the acronym out, and keeps the labels as written, identically in every web, print and PDF copy and in the family\'s own space', async () => {
    const pdf = async (client: PageClient, url: string): Promise<string> => {
      const response = await client.get(url)
      expect(response.statusCode, url).toBe(200)
      expect(response.headers['content-type'], url).toContain('application/pdf')
      return comparable(pdfText(response.rawPayload))
    }
    const web = async (client: PageClient, url: string): Promise<string> => {
      const response = await client.get(url)
      expect(response.statusCode, url).toBe(200)
      return wordsOf(response)
    }
    const copies: Record<string, string> = {
      'the map\'s family version (print page)': await web(rowan, `/families/${familyId}/map/print`),
      'the map\'s family version (PDF)': await pdf(rowan, `/families/${familyId}/map/family-version.pdf`),
      'the plan\'s family copy (print page)': await web(rowan, `/families/${familyId}/plan/print?for=family`),
      'the plan\'s family copy (PDF)': await pdf(rowan, `/families/${familyId}/plan/plan.pdf?for=family`),
      'the booklet (print page)': await web(rowan, `${bookletUrl}/print`),
      'the booklet (PDF)': await pdf(rowan, `${bookletUrl}/booklet.pdf`),
      'the family\'s map in their own space': await web(claire, '/my-family/map'),
      'the family\'s plan in their own space': await web(claire, '/my-family/plan'),
      'the family\'s words and pictures in their own space': await web(claire, '/my-family/words-and-pictures'),
    }
    const json = await rowan.get(`/families/${familyId}/family-copy.json`)
    copies['the family\'s copy as data'] = comparable(json.body)
    for (const [copy, words] of Object.entries(copies)) {
      expect(words, copy).toContain(FAMILY_READS)
      expect(words, `${copy} still has the statement with the bare acronym`).not.toContain(STATEMENT)
    }
  })

  it('shows the worker every text with the coach\'s advice before sharing, and lets them fix it there', async () => {
    const review = await rowan.get(`/families/${familyId}/share-review`)
    expect(review.statusCode).toBe(200)
    const card = new RegExp(`<div id="text-${statementId}">[\\s\\S]*?</dl>`).exec(review.body)?.[0] ?? ''
    expect(card).toContain(STATEMENT)
    expect(wordsOf({ body: card } as LightMyRequestResponse)).toContain(`The family will read: ${FAMILY_READS}`)
    expect(card).toContain('&quot;domestic violence&quot;: A label for abuse')
    expect(card).toContain('&quot;non-compliant&quot;: A judgement')
    expect(card).toContain('&quot;ICPC&quot;')
    expect(review.body).toMatch(/The coach has advice on \d+ of the \d+ texts\./)
    expect(review.body).toContain('Share with the family')

    // The change link opens the entry's own versioned form, and saving comes back to the review.
    const changeHref = (/<a class="govuk-link" href="([^"]+)">Change<span class="govuk-visually-hidden"> \(Danger statement \d+, said by Rowan Ashby \(social worker\)\)<\/span>/.exec(card)?.[1] ?? '').replace(/&amp;/g, '&')
    expect(changeHref).toBe(`/families/${familyId}/map/entries/${statementId}/edit?returnTo=${encodeURIComponent(`/families/${familyId}/share-review`)}`)
    const edit = await rowan.get(changeHref)
    expect(edit.statusCode).toBe(200)
    expect(edit.body).toContain('Back to the check before sharing')
    const baseVersion = /name="baseVersion" value="(\d+)"/.exec(edit.body)?.[1] ?? ''
    const saved = await rowan.post(changeHref, { submissionId: submissionIdIn(edit.body), baseVersion, text: FIXED, saidByKind: 'worker', saidByName: 'Rowan Ashby (social worker)' })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/families/${familyId}/share-review?changed=${statementId}#text-${statementId}`)
    const after = await rowan.get(String(saved.headers.location).split('#')[0] ?? '')
    expect(after.body).toContain('Your change is saved')
    const fixedCard = new RegExp(`<div id="text-${statementId}">[\\s\\S]*?</dl>`).exec(after.body)?.[0] ?? ''
    expect(fixedCard).toContain(FIXED)
    expect(fixedCard).not.toContain('A label for abuse')
    expect(fixedCard).not.toContain('A judgement')
    // Earlier versions stay: the change went through the map's own versioned edit.
    const { rows } = await t.db.owner<{ n: string }>('select count(*) as n from map_entry_versions where entry_id = $1', [statementId])
    expect(Number(rows[0]?.n)).toBe(2)
  })

  it('shares only what was checked: a change made meanwhile sends the worker back to check again', async () => {
    const review = await rowan.get(`/families/${familyId}/share-review`)
    const mapVersion = /name="mapVersion" value="(\d+)"/.exec(review.body)?.[1] ?? ''
    const planVersion = /name="planVersion" value="(\d+)"/.exec(review.body)?.[1] ?? ''
    const stale = await rowan.post(`/families/${familyId}/share-review`, { mapVersion: String(Number(mapVersion) - 1), planVersion })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('The map or the plan changed after you opened this page')
    const shared = await rowan.post(`/families/${familyId}/share-review`, { mapVersion, planVersion })
    expect(shared.statusCode).toBe(303)
    const done = await rowan.get(String(shared.headers.location).split('#')[0] ?? '')
    expect(done.body).toContain('Ready to share with the family')
    expect(done.body).toContain(`You checked version ${mapVersion} of the map and version ${planVersion} of the plan.`)
    expect(done.body).toContain(`href="/families/${familyId}/map/family-version.pdf"`)
    const { rows } = await t.db.owner<{ outcome: string }>(`select outcome from audit_events where action = 'share-review.shared' and subject_id = $1 order by occurred_at`, [familyId])
    expect(rows.map((row) => row.outcome)).toEqual(['failure', 'success'])
  })

  it('checks every page of a booklet with the coach before it goes to the parents, and fixes a page there', async () => {
    const checkUrl = bookletUrl.replace('/booklets/', '/share-review/booklets/')
    const check = await rowan.get(checkUrl)
    expect(check.statusCode).toBe(200)
    const card = /<div id="text-page-1">[\s\S]*?<\/dl>/.exec(check.body)?.[0] ?? ''
    expect(card).toContain('A label for abuse')
    expect(wordsOf({ body: card } as LightMyRequestResponse)).toContain(`The family will read: ${FAMILY_READS}`)
    expect(check.body).toContain(`action="${bookletUrl}/status"`)
    const changeHref = (/<a class="govuk-link" href="([^"]+)">Change/.exec(card)?.[1] ?? '').replace(/&amp;/g, '&')
    expect(changeHref).toBe(`${bookletUrl}/pages/1/edit?returnTo=${encodeURIComponent(checkUrl)}`)
    const edit = await rowan.get(changeHref)
    expect(edit.body).toContain('Back to the check before sending')
    const baseVersion = /name="baseVersion" value="(\d+)"/.exec(edit.body)?.[1] ?? ''
    const saved = await rowan.postMultipart(changeHref, { submissionId: submissionIdIn(edit.body), baseVersion, text: 'Mum and Leo live in a new house. It is a safe place.', description: '' })
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`${checkUrl}?changed=page-1#text-page-1`)
    const after = await rowan.get(`${checkUrl}?changed=page-1`)
    expect(after.body).toContain('Your change is saved')
    expect(/<div id="text-page-1">[\s\S]*?<\/dl>/.exec(after.body)?.[0] ?? '').not.toContain('A label for abuse')
    expect((await rowan.post(`${bookletUrl}/status`, { action: 'send-to-parents', submissionId: crypto.randomUUID() })).statusCode).toBe(303)
    expect((await rowan.get(checkUrl)).body).toContain('This booklet is already with the parents for their comments.')
  })

  it('answers 404 to a practitioner who may not see the family, and to a family member', async () => {
    const otherCouncil = await signedIn(t.app, 'practitioner@lakemoor.example')
    expect((await otherCouncil.get(`/families/${familyId}/share-review`)).statusCode).toBe(404)
    expect((await otherCouncil.post(`/families/${familyId}/share-review`, { mapVersion: '1', planVersion: '1' })).statusCode).toBe(404)
    expect((await otherCouncil.get(bookletUrl.replace('/booklets/', '/share-review/booklets/'))).statusCode).toBe(404)
    expect((await claire.get(`/families/${familyId}/share-review`)).statusCode).toBe(404)
  })
})
