/**
 * The map, search and save benchmarks on the generated county (run `npm run bench:generate -- --children 100000`
 * first), against the real server over HTTP. Prints `METRIC <name> <value> <unit>` lines.
 *
 *   npm run bench:map        (BENCH_SECONDS=20 per load test by default)
 *
 * - the family map page at 16 connections: requests a second, p50 and p95; and the floor: the same SQL
 *   statements the page runs, captured from one real request, replayed straight through pg at 16
 *   connections, so the app/floor ratio shows what HTTP, sessions, rendering and the ORM cost;
 * - search by a misspelt name at 1 connection: p50 and p95;
 * - saving a map entry at 1 connection: p50 and p95.
 */
import crypto from 'node:crypto'
import autocannon from 'autocannon'
import pg from 'pg'
import { loadConfig, DEVELOPMENT_APP_PASSWORD } from '../src/config.js'
import { applicationUrl, connectDatabase } from '../src/platform/db/database.js'
import { deriveAuditKey } from '../src/platform/audit/chain.js'
import { buildApp } from '../src/app.js'
import { databaseExists, openBenchCluster } from './bench-database.js'
import { captureRequestStatements, replayStatementsFloor } from './floor.js'
import { LONG_FAMILY_NAME, ensureLongFamily } from './long-family.js'
import { BENCH_SECRET_KEY, csrfIn, metric, percentile, signIn, startBenchServer } from './server.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 20)
const samples = Number(process.env.BENCH_SAMPLES ?? 300)

const cluster = await openBenchCluster()
if (!await databaseExists(cluster.adminUrl)) {
  console.error('No benchmark data set: run npm run bench:generate -- --children 100000 first')
  await cluster.close()
  process.exit(2)
}
// BENCH_CPU_PROFILE=folder writes a CPU profile of the server (node --cpu-prof) there when it stops.
const profile = process.env.BENCH_CPU_PROFILE
const server = await startBenchServer({
  database: { url: cluster.benchUrl }, env: { DEMO_DATA: 'false' }, nodeOptions: profile === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profile],
})
const { base } = server
const owner = new pg.Client({ connectionString: cluster.benchUrl })

try {
  await server.waitForHealth(300)
  await owner.connect()
  const counts = (await owner.query<{ children: string; families: string }>(`select (select count(*) from people where kind = 'child') as children, (select count(*) from families) as families`)).rows[0]
  console.log(`Data set: ${counts?.children ?? '?'} children in ${counts?.families ?? '?'} families`)
  metric('dataset_children', Number(counts?.children), 'count')

  // Sign in as the demo practitioner, and find the families they may see.
  const cookie = (await signIn(base, 'practitioner@fellside.example')).header()
  const rowan = (await owner.query<{ id: string; team_id: string }>(`select id, team_id from users where email = 'practitioner@fellside.example'`)).rows[0]
  const visible = (await owner.query<{ id: string }>(
    `select f.id from families f join maps m on m.family_id = f.id where (f.team_id = $1 or f.allocated_worker_id = $2) and f.family_name <> $3 order by f.id limit 2000`, [rowan?.team_id, rowan?.id, LONG_FAMILY_NAME])).rows.map((row) => row.id)
  console.log(`The practitioner may see ${String(visible.length)}+ families`)

  /** A load test of GET pages at 16 connections; every response's time is kept, so the 95th percentile is exact rather than autocannon's nearest bucket. */
  async function loadTest(pathOf: () => string): Promise<{ perSecond: number; p50: number; p95: number; failed: number }> {
    const latencies: number[] = []
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const tracker = autocannon({
        url: base, connections: 16, duration: seconds, headers: { cookie },
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: pathOf() }) }],
      }, (error, outcome) => { if (error === null) resolve(outcome); else reject(error instanceof Error ? error : new Error(String(error))) })
      tracker.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => { latencies.push(responseTime) })
    })
    return {
      perSecond: result.requests.average, p50: percentile(latencies, 50), p95: percentile(latencies, 95),
      failed: result.non2xx + result.errors,
    }
  }

  // 1. The family map page at 16 connections, on the county's families, then on one long-running family.
  const longFamily = await ensureLongFamily(owner)
  let next = 0
  const mapPath = (): string => `/families/${visible[next++ % visible.length] ?? ''}/map`
  const warm = await fetch(`${base}${mapPath()}`, { headers: { cookie } })
  if (warm.status !== 200) throw new Error(`map page answered ${String(warm.status)}`)
  const countyBytes = Buffer.byteLength(await warm.text())
  const county = await loadTest(mapPath)
  const longPage = await fetch(`${base}/families/${longFamily}/map`, { headers: { cookie } })
  if (longPage.status !== 200) throw new Error(`the long family's map page answered ${String(longPage.status)}`)
  const longBytes = Buffer.byteLength(await longPage.text())
  const long = await loadTest(() => `/families/${longFamily}/map`)

  // The floors: the SQL one request of each page runs, captured as the pg driver sends it, replayed through pg at 16 connections.
  const auditKey = deriveAuditKey(BENCH_SECRET_KEY)
  const capturing = connectDatabase(applicationUrl(cluster.benchUrl, 'mapwell_app', process.env.DATABASE_APP_PASSWORD ?? DEVELOPMENT_APP_PASSWORD), { auditKey })
  const { app } = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SECRET_KEY: BENCH_SECRET_KEY }), database: capturing })
  const sample = visible[0] ?? ''
  const capture = (url: string) => captureRequestStatements(async () => {
    const response = await app.inject({ method: 'GET', url, headers: { cookie } })
    if (response.statusCode !== 200) throw new Error(`captured request answered ${String(response.statusCode)}`)
  })
  const statements = await capture(`/families/${sample}/map`)
  const longStatements = await capture(`/families/${longFamily}/map`)
  await app.close()
  await capturing.close()
  console.log(`The map page runs ${String(statements.length)} SQL statements (BEGIN and COMMIT included):`)
  for (const statement of statements) console.log(`  ${statement.text.replace(/\s+/g, ' ').slice(0, 110)}`)
  const floorUrl = applicationUrl(cluster.benchUrl, 'mapwell_app', process.env.DATABASE_APP_PASSWORD ?? DEVELOPMENT_APP_PASSWORD)
  const floor = await replayStatementsFloor({
    connectionString: floorUrl, statements, connections: 16, seconds, auditKey,
    substitute: (pass) => { const family = visible[pass % visible.length] ?? sample; return (value) => (value === sample ? family : value) },
  })
  const longFloor = await replayStatementsFloor({ connectionString: floorUrl, statements: longStatements, connections: 16, seconds, auditKey })

  const ratio = county.perSecond / floor.requestsPerSecond
  metric('map_page_requests_per_second', county.perSecond, 'req/s', `floor ${String(Math.round(floor.requestsPerSecond))} req/s`)
  metric('map_page_latency_p50', county.p50, 'ms')
  metric('map_page_latency_p95', county.p95, 'ms', `goal <= 60 ms; floor ${String(Math.round(floor.p95 * 10) / 10)} ms`)
  metric('map_page_bytes', countyBytes, 'bytes')
  metric('map_page_non_2xx', county.failed, 'count', 'goal 0')
  metric('map_page_sql_statements', statements.length, 'count')
  metric('map_page_floor_requests_per_second', floor.requestsPerSecond, 'req/s')
  metric('map_page_floor_latency_p95', floor.p95, 'ms')
  metric('map_page_app_to_floor_ratio', ratio, 'ratio', 'goal >= 0.8')
  metric('long_map_page_bytes', longBytes, 'bytes', 'goal <= 200000 bytes')
  metric('long_map_page_requests_per_second', long.perSecond, 'req/s', `floor ${String(Math.round(longFloor.requestsPerSecond))} req/s`)
  metric('long_map_page_latency_p95', long.p95, 'ms', `goal <= 150 ms; floor ${String(Math.round(longFloor.p95 * 10) / 10)} ms`)
  metric('long_map_page_non_2xx', long.failed, 'count', 'goal 0')
  metric('long_map_page_floor_requests_per_second', longFloor.requestsPerSecond, 'req/s')
  metric('long_map_page_floor_latency_p95', longFloor.p95, 'ms')
  metric('long_map_page_app_to_floor_ratio', long.perSecond / longFloor.requestsPerSecond, 'ratio')
  // BENCH_MAP_ONLY=true stops here, without the search and save benchmarks.
  if (process.env.BENCH_MAP_ONLY !== 'true') {
    // 2. Search by a misspelt name, one connection.
    const misspelt = ['Ashwerth', 'Pennigton', 'Thakeray', 'Fenwik', 'Dobsn', 'Pattinsen', 'Routlege', 'Postlethwait', 'Kirkbridge', 'Wilkinsen']
    const searchLatencies: number[] = []
    for (let index = 0; index < samples; index += 1) {
      const given = ['Leo', 'Ava', 'Noah', 'Isla', 'Mia'][index % 5] ?? 'Leo'
      const query = index % 2 === 0 ? misspelt[index % misspelt.length] ?? 'Ashwerth' : `${given} ${misspelt[index % misspelt.length] ?? ''}`
      const startedAt = performance.now()
      const response = await fetch(`${base}/families?search=${encodeURIComponent(query)}`, { headers: { cookie } })
      await response.text()
      searchLatencies.push(performance.now() - startedAt)
      if (response.status !== 200) throw new Error(`search answered ${String(response.status)}`)
    }
    metric('search_latency_p50', percentile(searchLatencies, 50), 'ms')
    metric('search_latency_p95', percentile(searchLatencies, 95), 'ms')

    // 3. Saving a map entry, one connection.
    const page = await fetch(`${base}/families/${sample}/map/add/strength`, { headers: { cookie } })
    const csrf = csrfIn(await page.text())
    const saveLatencies: number[] = []
    for (let index = 0; index < samples; index += 1) {
      const family = visible[index % visible.length] ?? sample
      const startedAt = performance.now()
      const response = await fetch(`${base}/families/${family}/map/add/strength`, {
        method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie },
        body: new URLSearchParams({ _csrf: csrf, submissionId: crypto.randomUUID(), text: `The children laughed together at tea time (benchmark ${String(index)}).`, saidByKind: 'family-member', saidByName: 'Parent' }).toString(),
      })
      await response.text()
      saveLatencies.push(performance.now() - startedAt)
      if (response.status !== 303) throw new Error(`save answered ${String(response.status)}`)
    }
    metric('save_latency_p50', percentile(saveLatencies, 50), 'ms')
    metric('save_latency_p95', percentile(saveLatencies, 95), 'ms')

    console.log(`Goals: map page app/floor >= 0.8 ${ratio >= 0.8 ? 'met' : 'NOT met'}; map p95 <= 60 ms ${county.p95 <= 60 ? 'met' : 'NOT met'}; ` +
      `long map page <= 200 KB ${longBytes <= 200_000 ? 'met' : 'NOT met'}, p95 <= 150 ms ${long.p95 <= 150 ? 'met' : 'NOT met'}; ` +
      `search p95 <= 25 ms ${percentile(searchLatencies, 95) <= 25 ? 'met' : 'NOT met'}; save p95 <= 20 ms ${percentile(saveLatencies, 95) <= 20 ? 'met' : 'NOT met'}`)
  }
} finally {
  await owner.end().catch(() => undefined)
  await server.stop()
  await cluster.close()
}
