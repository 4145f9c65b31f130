import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.js'
import { PageClient, signedIn } from '../support/browser.js'
import { familyIdNamed, personIdNamed } from '../support/factories.js'
import { newInvitationCode } from '../../src/features/sharing/invitation-code.js'
import { JOIN_LIMITS, JOIN_THROTTLED } from '../../src/features/sharing/join-throttle.js'

const PASSWORD = 'a long family password'

describe('joining with a code', () => {
  let t: TestApp
  let worker: PageClient
  let familyId: string
  let address = 10

  beforeAll(async () => {
    t = await startTestApp()
    worker = await signedIn(t.app, 'practitioner@fellside.example')
    familyId = await familyIdNamed(t.db, 'The Ashworth family')
  })
  afterAll(async () => { await t.close() })

  async function codeFor(givenName: string): Promise<string> {
    const form = await worker.get(`/families/${familyId}/sharing/invite`)
    const made = await worker.post(`/families/${familyId}/sharing/invite`, {
      person: await personIdNamed(t.db, familyId, givenName), submissionId: /name="submissionId" value="([^"]+)"/.exec(form.body)?.[1] ?? '',
    })
    expect(made.statusCode).toBe(200)
    return /data-invitation-code>([A-Z0-9-]+)</.exec(made.body)?.[1] ?? ''
  }

  async function visitor(at?: string): Promise<PageClient> {
    address += 1
    const browser = new PageClient(t.app, at ?? `198.51.100.${String(address)}`)
    await browser.get('/join')
    return browser
  }

  const join = (browser: PageClient, code: string, email: string) => browser.post('/join', { code, email, password: PASSWORD, confirmPassword: PASSWORD })
  const familyAccounts = async (): Promise<number> => Number((await t.db.owner<{ n: string }>(`select count(*) as n from users where role = 'family-member'`)).rows[0]?.n)

  it('gives the same answer whether or not the email address already has an account, in any council', async () => {
    const code = await codeFor('Claire')
    const before = await familyAccounts()
    const answers = []
    for (const email of ['practitioner@fellside.example', 'ADMIN@lakemoor.example']) {
      const answer = await join(await visitor(), code, email)
      answers.push({ status: answer.statusCode, location: answer.headers.location, body: answer.body })
    }
    // Nothing was made and the code still works…
    expect(await familyAccounts()).toBe(before)
    const fresh = await join(await visitor(), code, 'claire.ashworth@example.com')
    expect(await familyAccounts()).toBe(before + 1)
    // …and the answer was the same as joining.
    for (const answer of answers) expect(answer).toEqual({ status: fresh.statusCode, location: fresh.headers.location, body: fresh.body })
    expect(fresh.headers.location).toBe('/sign-in?joined=yes')
    const signIn = await (await visitor()).get('/sign-in?joined=yes')
    expect(signIn.body).toContain('If you already had a Mapwell account with that email address, nothing has changed')
  })

  it(`refuses a code after ${String(JOIN_LIMITS.perCode)} refused attempts with it, from anywhere, for a while`, async () => {
    const code = await codeFor('Dean')
    for (let attempt = 0; attempt < JOIN_LIMITS.perCode; attempt += 1) {
      expect((await join(await visitor(), code, 'practitioner@fellside.example')).headers.location).toBe('/sign-in?joined=yes')
    }
    const before = await familyAccounts()
    const refused = await join(await visitor(), code, 'dean.ashworth@example.com')
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(JOIN_THROTTLED)
    expect(await familyAccounts()).toBe(before)
    // Once the window has passed, the code works again.
    await t.db.owner(`update sign_in_failures set occurred_at = occurred_at - make_interval(secs => $1) where kind = 'join'`, [JOIN_LIMITS.windowSeconds + 1])
    expect((await join(await visitor(), code, 'dean.ashworth@example.com')).headers.location).toBe('/sign-in?joined=yes')
    expect(await familyAccounts()).toBe(before + 1)
  })

  it(`refuses one network address after ${String(JOIN_LIMITS.perAddress)} refused attempts, without affecting others`, async () => {
    const guesser = await visitor('203.0.113.77')
    for (let attempt = 0; attempt < JOIN_LIMITS.perAddress; attempt += 1) {
      expect((await join(guesser, newInvitationCode(), 'someone@example.com')).body).toContain('This code cannot be used')
    }
    const refused = await join(guesser, newInvitationCode(), 'someone@example.com')
    expect(refused.body).toContain(JOIN_THROTTLED)
    const elsewhere = await join(await visitor(), newInvitationCode(), 'someone@example.com')
    expect(elsewhere.body).toContain('This code cannot be used')
    expect(elsewhere.body).not.toContain(JOIN_THROTTLED)
  })
})
