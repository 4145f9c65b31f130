import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../../test/support/app.js'
import { PageClient } from '../../../test/support/browser.js'
import { createUser, withAuthenticatorApp } from '../../../test/support/factories.js'
import { currentTotp } from '../../platform/auth/totp.js'
import { MESSAGES } from './sign-in.schema.js'

/** A six-digit code that is none of the codes the authenticator would show around now. */
function wrongCode(secret: string): string {
  const near = new Set([-60_000, -30_000, 0, 30_000, 60_000].map((offset) => currentTotp(secret, Date.now() + offset)))
  return ['000000', '111111', '222222', '333333', '444444', '555555'].find((code) => !near.has(code)) ?? '666666'
}

describe('limits on second-factor and recovery codes', () => {
  let t: TestApp
  let address = 10
  beforeAll(async () => {
    t = await startTestApp({ env: { SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '8', SIGN_IN_MAX_FAILURES_PER_ADDRESS: '1000' } })
  })
  afterAll(async () => { await t.close() })

  /** A browser (at a new network address) that has given the right password and is asked for a code. */
  async function pastPassword(email: string, password: string, page = '/sign-in/second-factor'): Promise<PageClient> {
    address += 1
    const browser = new PageClient(t.app, `198.51.100.${String(address)}`)
    await browser.get('/sign-in')
    expect((await browser.post('/sign-in', { email, password })).headers.location).toBe('/sign-in/second-factor')
    await browser.get(page)
    return browser
  }

  it('ends a part-way sign-in after 5 wrong codes, then refuses codes for the account at its limit', async () => {
    const { email, password } = await createUser(t.db)
    const secret = await withAuthenticatorApp(t.db, email)
    const wrong = wrongCode(secret)
    // Opened early: it must not escape the account's limit later.
    const waiting = await pastPassword(email, password)

    const attacker = await pastPassword(email, password)
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await attacker.post('/sign-in/second-factor', { code: wrong })
      expect(response.statusCode).toBe(401)
      expect(response.body).toContain(MESSAGES.codeWrong)
    }
    const fifth = await attacker.post('/sign-in/second-factor', { code: wrong })
    expect(fifth.statusCode).toBe(401)
    expect(fifth.body).toContain(MESSAGES.codesEnded)
    expect(attacker.cookies.get('mapwell-session')).toBeUndefined()
    expect((await attacker.get('/sign-in/second-factor')).headers.location).toBe('/sign-in')

    // A new part-way sign-in gets the account's remaining 3 failures (8 in the window), no more.
    const again = await pastPassword(email, password)
    expect((await again.post('/sign-in/second-factor', { code: wrong })).statusCode).toBe(401)
    expect((await again.post('/sign-in/second-factor', { code: wrong })).statusCode).toBe(401)
    const limit = await again.post('/sign-in/second-factor', { code: wrong })
    expect(limit.statusCode).toBe(429)
    expect(limit.body).toContain(MESSAGES.codesThrottled)

    // The right password no longer opens a new one (a right password does not forget wrong codes)…
    const more = new PageClient(t.app, '198.51.100.200')
    await more.get('/sign-in')
    const refused = await more.post('/sign-in', { email, password })
    expect(refused.statusCode).toBe(429)
    expect(refused.body).toContain(MESSAGES.throttled)
    // …and the one opened earlier is refused even the right code, and ended.
    const right = await waiting.post('/sign-in/second-factor', { code: currentTotp(secret) })
    expect(right.statusCode).toBe(429)
    expect(right.body).toContain(MESSAGES.codesThrottled)
    expect((await waiting.get('/')).headers.location).toBe('/sign-in')

    const { rows } = await t.db.owner<{ n: string }>(`select count(*) as n from sign_in_failures where kind = 'second-factor'`)
    expect(Number(rows[0]?.n)).toBe(8)
  })

  it('counts wrong recovery codes the same way', async () => {
    const { email, password, id } = await createUser(t.db)
    const secret = await withAuthenticatorApp(t.db, email)
    const browser = await pastPassword(email, password, '/sign-in/recovery-code')
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect((await browser.post('/sign-in/recovery-code', { code: `wrong-code-${String(attempt)}` })).body).toContain(MESSAGES.recoveryWrong)
    }
    const fifth = await browser.post('/sign-in/recovery-code', { code: 'wrong-code-5' })
    expect(fifth.body).toContain(MESSAGES.codesEnded)
    expect((await browser.get('/sign-in/recovery-code')).headers.location).toBe('/sign-in')
    const { rows } = await t.db.owner<{ outcome: string }>(
      `select outcome from audit_events where action = 'sign-in.recovery-code' and subject_id = $1`, [id])
    expect(rows.filter((row) => row.outcome === 'failure')).toHaveLength(5)

    // Someone who then gives the right code signs in, and the account's wrong codes are forgotten.
    const counted = async (): Promise<number> => Number((await t.db.owner<{ n: string }>(`select count(*) as n from sign_in_failures where kind = 'second-factor'`)).rows[0]?.n)
    const before = await counted()
    const owner = await pastPassword(email, password)
    expect((await owner.post('/sign-in/second-factor', { code: currentTotp(secret) })).headers.location).toBe('/')
    expect(await counted()).toBe(before - 5)
  })
})
