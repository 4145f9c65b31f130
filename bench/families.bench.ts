/**
 * The pages of a family's plan, network, booklets, own space and partner's view, and the family PDFs,
 * each at 16 connections against its own floor: the SQL one real request of that page runs, captured
 * at the pg driver and replayed straight through a pg pool at 16 connections in the same run (see
 * bench/floor.ts). Real server (dist/server.js) on a fresh embedded database with the demo data, to
 * which the bench adds a safety plan and a words-and-pictures booklet through the pages' own forms.
 *
 *   npm run bench:families      (BENCH_SECONDS=10 per load test and per floor by default)
 *   BENCH_ONLY=plan_page,plan_pdf  only those pages; BENCH_SHOW_SQL=true  prints each page's statements
 *
 * Prints `METRIC <page>_<figure> <value> <unit>`: requests a second, p50 and p95 for the page and its
 * floor, and app/floor (target 0.8 or more).
 */
import os from 'node:os'
import pg from 'pg'
import { testPng } from '../test/support/pictures.js'
import { DEVELOPMENT_APP_PASSWORD, loadConfig } from '../src/config.js'
import { applicationUrl, connectDatabase } from '../src/platform/db/database.js'
import { deriveAuditKey } from '../src/platform/audit/chain.js'
import { buildApp } from '../src/app.js'
import { captureRequestStatements, loadTestPage, replayStatementsFloor } from './floor.js'
import { BENCH_SECRET_KEY, csrfIn, metric, signIn, startBenchServer } from './server.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const connections = 16
const TARGET_RATIO = 0.8
const only = process.env.BENCH_ONLY?.split(',')

const server = await startBenchServer({ database: { temporaryPrefix: 'mapwell-families-bench-' } })
const { base } = server

const submissionIdIn = (body: string): string => /name="submissionId" value="([^"]+)"/.exec(body)?.[1] ?? ''
const baseVersionIn = (body: string): string => /name="baseVersion" value="(\d+)"/.exec(body)?.[1] ?? ''

/** Fills in a form as a person would: open it, then send it with its own submission id (and base version). */
async function submit(cookie: string, formUrl: string, fields: Record<string, string | string[]>, options: { postUrl?: string; picture?: Buffer } = {}): Promise<string> {
  const page = await fetch(`${base}${formUrl}`, { headers: { cookie } })
  const body = await page.text()
  if (page.status !== 200) throw new Error(`${formUrl} answered ${String(page.status)}`)
  const all: Record<string, string | string[]> = { submissionId: submissionIdIn(body), ...(baseVersionIn(body) === '' ? {} : { baseVersion: baseVersionIn(body) }), ...fields }
  let request: RequestInit
  if (options.picture === undefined && !/enctype="multipart\/form-data"/.test(body)) {
    const encoded = new URLSearchParams()
    for (const [key, value] of Object.entries(all)) for (const one of Array.isArray(value) ? value : [value]) encoded.append(key, one)
    request = { body: encoded.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'x-csrf-token': csrfIn(body) } }
  } else {
    const form = new FormData()
    for (const [key, value] of Object.entries(all)) for (const one of Array.isArray(value) ? value : [value]) form.append(key, one)
    if (options.picture !== undefined) form.append('picture', new Blob([new Uint8Array(options.picture)], { type: 'image/png' }), 'drawing.png')
    request = { body: form, headers: { cookie, 'x-csrf-token': csrfIn(body) } }
  }
  const response = await fetch(`${base}${options.postUrl ?? formUrl}`, { method: 'POST', redirect: 'manual', ...request })
  if (response.status !== 303) throw new Error(`${options.postUrl ?? formUrl} answered ${String(response.status)}: ${(await response.text()).slice(0, 400)}`)
  return response.headers.get('location') ?? ''
}

interface Page { name: string; url: string; cookie: string }

try {
  await server.waitForHealth(600)
  const ownerUrl = server.ownerUrl()
  const appUrl = applicationUrl(ownerUrl, 'mapwell_app', process.env.DATABASE_APP_PASSWORD ?? DEVELOPMENT_APP_PASSWORD)
  const owner = new pg.Client({ connectionString: ownerUrl })
  await owner.connect()
  const family = (await owner.query<{ id: string }>(`select id from families where family_name = 'The Ashworth family'`)).rows[0]?.id ?? ''
  const leo = (await owner.query<{ id: string }>(`select id from people where family_id = $1 and given_name = 'Leo'`, [family])).rows[0]?.id ?? ''
  const dangers = (await owner.query<{ id: string }>(`select e.id from map_entries e join maps m on m.id = e.map_id where m.family_id = $1 and e.category = 'danger' and e.removed_at is null order by e.id`, [family])).rows.map((row) => row.id)
  await owner.end()

  const rowan = (await signIn(base, 'practitioner@fellside.example')).header()
  const claire = (await signIn(base, 'claire.ashworth@example.com')).header()
  const tom = (await signIn(base, 'partner@fellside.example')).header()

  // A safety plan: rules answering the map's danger statements, and a bottom line.
  const plan = `/families/${family}/plan`
  const rules = [
    ['Nan collects Leo and Maisie from school every day', 'Jean (nan) and Claire (mum)', 'Dad turns up at the school gate', 'Nan rings the network and we meet that week'],
    ['Claire rings Jean if Dean comes to the house', 'Claire, with Jean checking in every evening', 'Dean texts late at night or sounds angry', 'Jean comes round and Rowan is told the next day'],
    ['The children sleep at Nan\'s on Friday nights', 'Jean', 'Leo says he is worried about the weekend', 'The network meets and the plan is looked at again'],
  ]
  for (const [index, [text, who, warning, broken]] of rules.entries()) {
    await submit(rowan, `${plan}/rules/new?kind=rule`, { text: text ?? '', statement: dangers[index % Math.max(1, dangers.length)] ?? 'none', whoMakesSure: who ?? '', warningSigns: warning ?? '', ifBroken: broken ?? '' })
  }
  await submit(rowan, `${plan}/rules/new?kind=bottom-line`, { text: 'Dean does not live at the house', statement: 'none' })

  // A words-and-pictures booklet for Leo: four pages, one with a drawing.
  const started = await submit(rowan, `/families/${family}/booklets/new?child=${leo}`, { title: 'Leo\'s words and pictures', child: leo, text: 'Sometimes grown-ups need some help to keep children safe.', description: '' })
  const booklet = started.split('?')[0] ?? ''
  for (const [index, text] of ['Sam is a helper. Sam talks with Mum and Dad.', 'Dad hurt Mum and Leo was frightened. That was not Leo\'s fault.', 'Now Nan picks Leo up from school and Mum rings Nan if she is worried.'].entries()) {
    await submit(rowan, `${booklet}/pages/new`, { text, description: index === 1 ? 'Leo drew his house with Nan at the door' : '' }, index === 1 ? { picture: testPng(320, 240, 90) } : {})
  }

  const pages: Page[] = [
    { name: 'plan_page', url: plan, cookie: rowan },
    { name: 'network_page', url: `/families/${family}/network`, cookie: rowan },
    { name: 'booklet_page', url: booklet, cookie: rowan },
    { name: 'family_space_page', url: '/my-family', cookie: claire },
    { name: 'partner_view_page', url: `/partner/families/${family}`, cookie: tom },
    { name: 'plan_pdf', url: `${plan}/plan.pdf`, cookie: rowan },
    { name: 'map_family_version_pdf', url: `/families/${family}/map/family-version.pdf`, cookie: rowan },
    { name: 'booklet_pdf', url: `${booklet}/booklet.pdf`, cookie: rowan },
  ].filter((page) => only === undefined || only.includes(page.name))

  // One in-process app on the same database, whose pg traffic for one request of each page is captured.
  const auditKey = deriveAuditKey(BENCH_SECRET_KEY)
  const capturing = connectDatabase(appUrl, { auditKey })
  const { app } = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SECRET_KEY: BENCH_SECRET_KEY }), database: capturing })
  const statements = new Map<string, Awaited<ReturnType<typeof captureRequestStatements>>>()
  for (const page of pages) {
    const warm = await fetch(`${base}${page.url}`, { headers: { cookie: page.cookie } })
    await warm.arrayBuffer()
    if (warm.status !== 200) throw new Error(`${page.url} answered ${String(warm.status)}`)
    await app.inject({ method: 'GET', url: page.url, headers: { cookie: page.cookie } })
    let status = 0
    statements.set(page.name, await captureRequestStatements(async () => {
      status = (await app.inject({ method: 'GET', url: page.url, headers: { cookie: page.cookie } })).statusCode
    }))
    if (status !== 200) throw new Error(`captured ${page.url} answered ${String(status)}`)
    if (process.env.BENCH_SHOW_SQL === 'true') {
      console.log(`${page.name}:`)
      for (const statement of statements.get(page.name) ?? []) console.log(`  ${statement.text.replace(/\s+/g, ' ').slice(0, 160)}`)
    }
  }
  await app.close()
  await capturing.close()

  const summary: string[] = []
  for (const page of pages) {
    const captured = statements.get(page.name) ?? []
    const result = await loadTestPage({ url: `${base}${page.url}`, cookie: page.cookie, connections, seconds })
    const floor = await replayStatementsFloor({ connectionString: appUrl, statements: captured, connections, seconds, auditKey })
    const ratio = result.requestsPerSecond / floor.requestsPerSecond
    metric(`${page.name}_sql_statements`, captured.length, 'count')
    metric(`${page.name}_requests_per_second`, result.requestsPerSecond, 'req/s')
    metric(`${page.name}_latency_p50`, result.p50, 'ms')
    metric(`${page.name}_latency_p95`, result.p95, 'ms')
    metric(`${page.name}_failed_responses`, result.failed, 'count')
    metric(`${page.name}_floor_requests_per_second`, floor.requestsPerSecond, 'req/s')
    metric(`${page.name}_floor_latency_p95`, floor.p95, 'ms')
    metric(`${page.name}_app_to_floor_ratio`, ratio, `ratio (target >= ${String(TARGET_RATIO)}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`)
    summary.push(`${page.name.padEnd(24)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${String(result.p50).padStart(4)} ms  p95 ${String(result.p95).padStart(4)} ms  ` +
      `floor ${floor.requestsPerSecond.toFixed(0).padStart(6)} req/s  app/floor ${ratio.toFixed(2)} (target >= ${String(TARGET_RATIO)} ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`)
  }
  console.log(`\n${String(connections)} connections, ${String(seconds)} s each, load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`)
  for (const line of summary) console.log(line)
} finally {
  await server.stop()
}
