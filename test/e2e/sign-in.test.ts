import { describe, expect, it } from 'vitest'
import { currentTotp } from '../../src/platform/auth/totp.js'
import { DEMO_PASSWORD } from '../../src/demo/demo-data.js'
import { withAuthenticatorApp } from '../support/factories.js'
import { expectAccessible, newContext, serverAndBrowser, signIn } from './support.js'

describe('sign-in journeys', () => {
  const running = serverAndBrowser()

  for (const javaScript of [true, false]) {
    it(`signs in, refuses a wrong password, and signs out (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const context = await newContext(running.browser(), { javaScriptEnabled: javaScript })
      const page = await context.newPage()
      await page.goto(`${running.server().baseUrl}/`)
      await expect.poll(() => page.url()).toBe(`${running.server().baseUrl}/sign-in`)
      await expectAccessible(page, 'the sign-in page', { javaScriptOff: !javaScript })

      await signIn(page, running.server().baseUrl, 'practitioner@fellside.example', 'not-my-password')
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('The email address or password is not right')
      expect(await page.getByLabel('Email address').inputValue()).toBe('practitioner@fellside.example')
      await expectAccessible(page, 'the sign-in page with an error', { javaScriptOff: !javaScript })

      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('heading', { name: 'Hello, Rowan Ashby' }).waitFor()
      expect(await page.locator('.app-signed-in').textContent()).toMatch(/Signed in as\s+Rowan Ashby\s+\(Practitioner\)\s+Fellside Council/)
      await expectAccessible(page, 'the staff home page', { javaScriptOff: !javaScript })

      await page.getByRole('link', { name: 'Your account' }).click()
      await page.getByRole('heading', { name: 'Your account', exact: true }).waitFor()
      await expectAccessible(page, 'the account page', { javaScriptOff: !javaScript })

      await page.getByRole('button', { name: 'Sign out' }).first().click()
      await page.getByRole('heading', { name: 'You have signed out' }).waitFor()
      await expectAccessible(page, 'the signed-out page', { javaScriptOff: !javaScript })
      await page.goto(`${running.server().baseUrl}/account`)
      await expect.poll(() => page.url()).toBe(`${running.server().baseUrl}/sign-in?returnTo=%2Faccount`)
      await context.close()
    })
  }

  it('shows the pages every public service must have, and a 404, all accessible', async () => {
    const context = await newContext(running.browser())
    const page = await context.newPage()
    for (const [path, heading] of [['/accessibility', 'Accessibility statement for Mapwell'], ['/privacy', 'Privacy notice'], ['/cookies', 'Cookies'], ['/no-such-page', 'Page not found']] as const) {
      const response = await page.goto(`${running.server().baseUrl}${path}`)
      expect(response?.status()).toBe(path === '/no-such-page' ? 404 : 200)
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor()
      await expectAccessible(page, path)
    }
    await page.setViewportSize({ width: 375, height: 740 })
    await page.goto(`${running.server().baseUrl}/sign-in`)
    await expectAccessible(page, 'the sign-in page on a phone-sized screen')
    await context.close()
  })

  it('sets up an authenticator app at an administrator\'s first sign-in, then asks for its code', async () => {
    const context = await newContext(running.browser())
    const page = await context.newPage()
    await signIn(page, running.server().baseUrl, 'admin@fellside.example')
    await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor()
    await expectAccessible(page, 'the authenticator set-up page')
    await page.getByText('I cannot scan the QR code').click()
    const secret = (await page.locator('[data-totp-secret]').textContent())?.trim() ?? ''
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)

    await page.getByLabel('Code from your authenticator app').fill('000000' === currentTotp(secret) ? '111111' : '000000')
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toContain('The code is not right')
    await expectAccessible(page, 'the authenticator set-up page with an error')

    await page.getByLabel('Code from your authenticator app').fill(currentTotp(secret))
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor()
    expect(await page.locator('[data-recovery-codes] li').count()).toBe(10)
    await expectAccessible(page, 'the recovery codes page')
    await page.getByRole('button', { name: 'I have saved my codes, continue' }).click()
    await page.getByRole('heading', { name: 'Hello, Alex Birkett' }).waitFor()
    await page.getByRole('button', { name: 'Sign out' }).first().click()
    await page.getByRole('heading', { name: 'You have signed out' }).waitFor()

    await signIn(page, running.server().baseUrl, 'admin@fellside.example')
    await page.getByRole('heading', { name: 'Enter your security code' }).waitFor()
    await expectAccessible(page, 'the security code page')
    // The code just used cannot be used again, so give the next one (accepted within one step of drift).
    await page.getByLabel('Enter your security code').fill(currentTotp(secret, Date.now() + 30_000))
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('heading', { name: 'Hello, Alex Birkett' }).waitFor()
    await context.close()
  })

  it('lets an administrator disable a user, whose open session then ends at once', async () => {
    const adminSecret = await withAuthenticatorApp(running.server().t.db, 'admin@lakemoor.example')
    const practitionerContext = await newContext(running.browser())
    const practitioner = await practitionerContext.newPage()
    await signIn(practitioner, running.server().baseUrl, 'practitioner@lakemoor.example')
    await practitioner.getByRole('heading', { name: 'Hello, Kit Thwaite' }).waitFor()

    const adminContext = await newContext(running.browser())
    const admin = await adminContext.newPage()
    await signIn(admin, running.server().baseUrl, 'admin@lakemoor.example')
    await admin.getByLabel('Enter your security code').fill(currentTotp(adminSecret))
    await admin.getByRole('button', { name: 'Continue' }).click()
    await admin.getByRole('heading', { name: 'Hello, Sol Kendal' }).waitFor()

    await admin.getByRole('link', { name: 'Users' }).first().click()
    await admin.getByRole('heading', { name: 'Users', level: 1 }).waitFor()
    await expectAccessible(admin, 'the users list')
    await admin.getByLabel('Name or email address').fill('thwaite')
    await admin.getByRole('button', { name: 'Search' }).click()
    await admin.getByText('Showing 1 to 1 of 1 user').waitFor()
    await admin.getByRole('link', { name: 'Kit Thwaite' }).click()
    await admin.getByRole('heading', { name: 'Kit Thwaite' }).waitFor()
    await expectAccessible(admin, 'a user\'s page')
    await admin.getByRole('link', { name: 'Disable this user' }).click()
    await admin.getByRole('heading', { name: 'Disable Kit Thwaite?' }).waitFor()
    await expectAccessible(admin, 'the disable confirmation page')
    await admin.getByRole('button', { name: 'Disable user' }).click()
    await admin.getByText('Kit Thwaite has been disabled and signed out everywhere').waitFor()
    await expectAccessible(admin, 'a user\'s page after disabling')

    await practitioner.reload()
    await expect.poll(() => practitioner.url()).toBe(`${running.server().baseUrl}/sign-in`)

    // The other administration pages, with a form's errors shown.
    await admin.goto(`${running.server().baseUrl}/admin/users/new`)
    await admin.getByRole('button', { name: 'Add user' }).click()
    await admin.locator('.govuk-error-summary').waitFor()
    expect(await admin.locator('.govuk-error-summary').textContent()).toContain('Enter the person\'s full name')
    await expectAccessible(admin, 'the add user page with errors')
    await admin.goto(`${running.server().baseUrl}/admin/sign-in-activity`)
    await admin.getByText('Account disabled').first().waitFor()
    await expectAccessible(admin, 'the sign-in activity page')
    await admin.goto(`${running.server().baseUrl}/admin/settings`)
    await expectAccessible(admin, 'the settings page')
    await admin.goto(`${running.server().baseUrl}/admin/language`)
    await admin.getByRole('button', { name: 'Add to the list' }).click()
    await admin.locator('.govuk-error-summary').waitFor()
    await expectAccessible(admin, 'the plain language list with errors')
    await admin.getByRole('link', { name: 'Change non-compliant', exact: true }).click()
    await admin.getByRole('heading', { name: 'Change a word on the list' }).waitFor()
    await expectAccessible(admin, 'changing a word on the plain language list')
    await practitionerContext.close()
    await adminContext.close()
  })
})

describe('the idle timeout', () => {
  const running = serverAndBrowser({ SESSION_IDLE_TIMEOUT_SECONDS: '16', SESSION_WARNING_SECONDS: '12' })

  it('warns before signing someone out, lets them stay, then signs them out and says why', async () => {
    const context = await newContext(running.browser())
    const page = await context.newPage()
    await signIn(page, running.server().baseUrl, 'manager@fellside.example')
    await page.getByRole('heading', { name: 'Hello, Priya Castell' }).waitFor()
    const dialog = page.getByRole('dialog', { name: 'You\'re about to be signed out' })
    await dialog.waitFor({ state: 'visible', timeout: 10_000 })
    await expectAccessible(page, 'the timeout warning')
    await dialog.getByRole('button', { name: 'Stay signed in' }).click()
    await dialog.waitFor({ state: 'hidden' })
    const left = await page.evaluate(async () => (await (await fetch('/session/status')).json() as { secondsLeft: number }).secondsLeft)
    expect(left).toBeGreaterThan(12)

    await dialog.waitFor({ state: 'visible', timeout: 10_000 })
    await page.waitForURL(/\/session-expired/, { timeout: 30_000 })
    await page.getByRole('heading', { name: 'You have been signed out' }).waitFor()
    await expectAccessible(page, 'the session expired page')
    expect(await page.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).toBe('/sign-in')
    // The ended session lets nothing in: a page asks them to sign in again, still saying why (the
    // browser's cookie is kept for an hour so that a form sent late is held for its owner).
    await page.goto(`${running.server().baseUrl}/account`)
    await expect.poll(() => page.url()).toContain('/session-expired?returnTo=%2Faccount')
    await page.getByRole('heading', { name: 'You have been signed out' }).waitFor()
    await context.close()
  })
})
