import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
import { afterAll, beforeAll, expect } from 'vitest'
import { startTestApp, type TestApp } from '../support/app.js'
import { DEMO_PASSWORD } from '../../src/demo/demo-data.js'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

export interface RunningServer { t: TestApp; baseUrl: string; close(): Promise<void> }

/** The real application, listening on a free loopback port, on a fresh database with the demo data. */
export async function startServer(env: Record<string, string> = {}, options: { demoSharing?: boolean } = {}): Promise<RunningServer> {
  const t = await startTestApp({ env, demoSharing: options.demoSharing })
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 })
  return { t, baseUrl: address, close: () => t.close() }
}

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice']

/**
 * Every page a journey visits passes axe: WCAG 2.2 A and AA, and the best-practice rules. axe runs
 * inside the page, so for a page shown with JavaScript off, the same HTML is checked in a helper
 * page on the same origin (so the same stylesheet applies).
 */
export async function expectAccessible(page: Page, what: string, options: { javaScriptOff?: boolean } = {}): Promise<void> {
  expect(consoleErrors.get(page) ?? [], `console errors on ${what}`).toEqual([])
  let target = page
  let helper: Page | undefined
  if (options.javaScriptOff === true) {
    const html = await page.content()
    const browser = page.context().browser()
    if (browser === null) throw new Error('No browser')
    helper = await (await browser.newContext()).newPage()
    await helper.goto(new URL('/ping', page.url()).toString())
    await helper.setContent(html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, ''), { waitUntil: 'load' })
    target = helper
  }
  const results = await new AxeBuilder({ page: target }).withTags(AXE_TAGS).analyze()
  await helper?.context().close()
  const problems = results.violations.map((violation) =>
    `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help}\n    ${violation.nodes.map((node) => node.target.join(' ')).join('\n    ')}`)
  expect(problems, `axe found problems on ${what} (${page.url()})`).toEqual([])
}

const consoleErrors = new WeakMap<Page, string[]>()

/**
 * A new browser context whose waits fail in 15 s with the locator named, rather than at the test
 * timeout, and which collects each page's console errors (a Content-Security-Policy refusal shows there).
 */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options)
  context.setDefaultTimeout(15_000)
  context.on('page', (page) => {
    const errors: string[] = []
    consoleErrors.set(page, errors)
    // A page answered 400 or 404 on purpose logs "Failed to load resource"; anything else is a fault.
    page.on('console', (message) => { if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text()) })
    page.on('pageerror', (error) => { errors.push(error.message) })
  })
  return context
}

/** Signs in through the sign-in page as a person would. */
export async function signIn(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** One server and one browser for a describe block: started before its tests, closed after them. */
export function serverAndBrowser(env: Record<string, string> = {}, options: { demoSharing?: boolean } = {}): { server(): RunningServer; browser(): Browser } {
  let server: RunningServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await startServer(env, options)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })
  return {
    server() { if (server === undefined) throw new Error('server not started'); return server },
    browser() { if (browser === undefined) throw new Error('browser not started'); return browser },
  }
}
