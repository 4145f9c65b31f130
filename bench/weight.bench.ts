/**
 * Page weight: the bytes a phone downloads for a family's map page (a worker) and for the family's
 * own space (a parent), on a first visit with an empty cache and on a second visit with the cache
 * warm. The real server (dist/server.js) on its embedded PostgreSQL with the demo data, opened in
 * Debian's Chromium; bytes are what came over the wire (Chromium's encodedDataLength: headers and
 * bodies, as compressed). Prints `METRIC <name> <value> <unit>` lines with the goals beside them.
 *
 *   npm run bench:weight
 */
import pg from 'pg'
import type { BrowserContext, CDPSession } from 'playwright-core'
import { launchBrowser } from '../test/e2e/support.js'
import { signIn as signInByForm, startBenchServer } from './server.js'

const GOAL_FIRST_KB = 100
const GOAL_AFTER_KB = 20

const server = await startBenchServer({ database: { temporaryPrefix: 'mapwell-bench-' } })
const { base } = server

/** Signs in through the sign-in form, as the browser would, and hands the session cookies to the browser. */
async function signIn(context: BrowserContext, email: string): Promise<void> {
  const jar = await signInByForm(base, email)
  await context.addCookies(jar.entries().map(([name, value]) => ({ name, value, url: base })))
}

interface Visit { bytes: number; requests: number; fromCache: number }

/** Opens the page in a new tab and counts what came over the wire until the network is quiet. */
async function visit(context: BrowserContext, url: string): Promise<Visit> {
  const page = await context.newPage()
  const cdp: CDPSession = await context.newCDPSession(page)
  const totals = { bytes: 0, requests: 0, fromCache: 0 }
  cdp.on('Network.requestWillBeSent', () => { totals.requests += 1 })
  // A file taken from the cache finishes loading with nothing transferred.
  cdp.on('Network.loadingFinished', (event) => {
    totals.bytes += event.encodedDataLength
    if (event.encodedDataLength === 0) totals.fromCache += 1
  })
  await cdp.send('Network.enable')
  const response = await page.goto(`${base}${url}`, { waitUntil: 'networkidle' })
  if (response === null || response.status() !== 200) throw new Error(`${url} answered ${String(response?.status())}`)
  await page.close()
  return totals
}

// A phone; a fresh browser context for each page, so its first visit starts with an empty cache.
const phone = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true }

async function measure(name: string, email: string, url: string): Promise<void> {
  const context = await browser.newContext(phone)
  await signIn(context, email)
  const first = await visit(context, url)
  const after = await visit(context, url)
  const kb = (bytes: number): string => (bytes / 1024).toFixed(1)
  console.log(`METRIC ${name}_first_visit ${kb(first.bytes)} KB (goal ≤ ${String(GOAL_FIRST_KB)} KB; ${String(first.requests)} requests)`)
  console.log(`METRIC ${name}_second_visit ${kb(after.bytes)} KB (goal ≤ ${String(GOAL_AFTER_KB)} KB; ${String(after.requests)} requests, ${String(after.fromCache)} from the cache)`)
  if (first.bytes > GOAL_FIRST_KB * 1024 || after.bytes > GOAL_AFTER_KB * 1024) process.exitCode = 1
  await context.close()
}

const browser = await launchBrowser()
try {
  const started = Date.now()
  await server.waitForHealth(300)
  console.log(`METRIC first_start_to_healthy ${String(Date.now() - started)} ms`)
  const owner = new pg.Client({ connectionString: server.ownerUrl() })
  await owner.connect()
  const family = (await owner.query<{ id: string }>("select id from families where family_name = 'The Ashworth family'")).rows[0]
  await owner.end()
  if (family === undefined) throw new Error('the demo data has no Ashworth family')

  await measure('family_map_page_worker', 'practitioner@fellside.example', `/families/${family.id}/map`)
  await measure('family_space_parent', 'claire.ashworth@example.com', '/my-family')
  await measure('family_space_map_parent', 'claire.ashworth@example.com', '/my-family/map')
} finally {
  await browser.close()
  await server.stop()
}
