import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient, signedIn } from '../../../test/support/browser.js'
import { createUser, withAuthenticatorApp } from '../../../test/support/factories.js'
import { MESSAGES } from './language.schema.js'

describe('the plain-language coach endpoint and list', () => {
  let t: TestApp
  let practitioner: PageClient
  let admin: PageClient
  beforeAll(async () => {
    t = await startTestApp()
    practitioner = await signedIn(t.app, 'practitioner@fellside.example')
    await practitioner.get('/')
    admin = new PageClient(t.app)
    await admin.signIn('admin@fellside.example', undefined, await withAuthenticatorApp(t.db, 'admin@fellside.example'))
  })
  afterAll(async () => { await t.close() })

  async function check(client: PageClient, body: unknown, csrf = client.csrfToken()) {
    return t.app.inject({
      method: 'POST', url: '/api/language/check', payload: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
  }

  it('answers with findings and readability, flagging "domestic violence", "non-compliant" and "ICPC" with suggestions', async () => {
    const text = 'Before the ICPC, workers said there was domestic violence and Claire was non-compliant.'
    const response = await check(practitioner, { text, kind: 'danger' })
    expect(response.statusCode).toBe(200)
    const body = JSON.parse(response.body) as { findings: { rule: string; start: number; end: number; message: string; suggestion: string }[]; readability: Record<string, unknown> }
    const flagged = body.findings.map((finding) => text.slice(finding.start, finding.end))
    expect(flagged).toEqual(expect.arrayContaining(['ICPC', 'domestic violence', 'non-compliant']))
    for (const finding of body.findings) {
      expect(Object.keys(finding).sort()).toEqual(['end', 'message', 'rule', 'start', 'suggestion'])
      expect(finding.suggestion.length).toBeGreaterThan(0)
    }
    expect(body.findings.map((finding) => finding.rule)).toContain('danger-impact-on-child')
    expect(typeof body.readability.fleschReadingEase).toBe('number')
    expect(typeof body.readability.fleschKincaidGrade).toBe('number')
    expect(typeof body.readability.band).toBe('string')
  })

  it('explains a request it cannot use, and refuses without sign-in or a CSRF token', async () => {
    for (const [body, message] of [
      [{ text: 'hello' }, '"kind" must be one of'],
      [{ text: 42, kind: 'goal' }, '"text" must be a string'],
      [{ text: 'x'.repeat(20_001), kind: 'goal' }, 'characters or fewer'],
      [['not', 'an', 'object'], 'Send a JSON object'],
    ] as const) {
      const response = await check(practitioner, body)
      expect(response.statusCode).toBe(400)
      expect((JSON.parse(response.body) as { error: string }).error).toContain(message)
    }
    expect((await check(practitioner, { text: 'hi', kind: 'goal' }, 'wrong')).statusCode).toBe(403)
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/language/check', payload: { text: 'hi', kind: 'goal' } })
    expect(anonymous.statusCode).toBe(401)
    expect(JSON.parse(anonymous.body)).toEqual({ error: 'Sign in to use this.' })
  })

  it('lets an administrator add, change and remove words, for their organisation only', async () => {
    await admin.get('/admin/language')
    const missing = await admin.post('/admin/language', { term: '', suggestion: '', explanation: '' })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain(MESSAGES.termMissing)
    const duplicate = await admin.post('/admin/language', { term: 'Domestic Violence', suggestion: 'x', explanation: 'y' })
    expect(duplicate.body).toContain(MESSAGES.duplicate)
    await admin.get('/admin/language')
    expect((await admin.post('/admin/language', { term: 'kinship arrangement', suggestion: 'living with family', explanation: 'Professional shorthand.' })).headers.location).toBe('/admin/language?done=added')
    const flagged = JSON.parse((await check(practitioner, { text: 'A kinship arrangement is planned.', kind: 'next-step' })).body) as { findings: { suggestion: string }[] }
    expect(flagged.findings.map((finding) => finding.suggestion)).toContain('living with family')

    const lakemoor = await signedIn(t.app, 'practitioner@lakemoor.example')
    await lakemoor.get('/')
    const elsewhere = JSON.parse((await check(lakemoor, { text: 'A kinship arrangement is planned.', kind: 'next-step' })).body) as { findings: unknown[] }
    expect(elsewhere.findings).toEqual([])

    const id = (await t.db.owner<{ id: string }>(`select id from language_terms where term = 'kinship arrangement'`)).rows[0]?.id ?? ''
    const form = await admin.get(`/admin/language/${id}/edit`)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    await t.db.owner(`update language_terms set suggestion = 'changed elsewhere', version = version + 1 where id = $1`, [id])
    const stale = await admin.post(`/admin/language/${id}/edit`, { version, term: 'kinship arrangement', suggestion: 'my suggestion', explanation: 'Mine.' })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('changed elsewhere')
    expect(stale.body).toContain('value="my suggestion"')
    await admin.get(`/admin/language/${id}/remove`)
    expect((await admin.post(`/admin/language/${id}/remove`, {})).headers.location).toBe('/admin/language?done=removed')
    expect((await admin.get(`/admin/language/${id}/edit`)).statusCode).toBe(404)
  })
  it('keeps what was typed, and says who removed the word, when it is removed while someone changes it', async () => {
    await admin.get('/admin/language')
    await admin.post('/admin/language', { term: 'placement breakdown', suggestion: 'the home stopped working out', explanation: 'Jargon.' })
    const id = (await t.db.owner<{ id: string }>(`select id from language_terms where term = 'placement breakdown'`)).rows[0]?.id ?? ''
    const form = await admin.get(`/admin/language/${id}/edit`)
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? ''
    // A second administrator removes it while the first is still typing.
    const other = await createUser(t.db, { role: 'organisation-administrator', displayName: 'Priya Shah' })
    const second = new PageClient(t.app)
    await second.signIn(other.email, other.password, await withAuthenticatorApp(t.db, other.email))
    await second.get(`/admin/language/${id}/remove`)
    expect((await second.post(`/admin/language/${id}/remove`, {})).statusCode).toBe(303)
    const saved = await admin.post(`/admin/language/${id}/edit`, { version, term: 'placement breakdown', suggestion: 'MY-TYPED-SUGGESTION', explanation: 'My reason.' })
    expect(saved.statusCode).toBe(409)
    expect(saved.body).toContain('This word was removed from the list by Priya Shah on')
    expect(saved.body).toContain('value="MY-TYPED-SUGGESTION"')
    expect(saved.body).toContain('action="/admin/language"')
    expect((await t.db.owner(`select 1 from language_terms where term = 'placement breakdown'`)).rows).toHaveLength(0)
    // Adding it again from that page puts it back, with what was typed.
    const again = await admin.post('/admin/language', { term: 'placement breakdown', suggestion: 'MY-TYPED-SUGGESTION', explanation: 'My reason.' })
    expect(again.headers.location).toBe('/admin/language?done=added')
    expect((await t.db.owner<{ suggestion: string }>(`select suggestion from language_terms where term = 'placement breakdown'`)).rows[0]?.suggestion).toBe('MY-TYPED-SUGGESTION')
  })
})
