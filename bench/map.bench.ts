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
import { spawn } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { PROJECT_ROOT } from '../src/platform/paths.js'
import { loadConfig, DEVELOPMENT_APP_PASSWORD } from '../src/config.js'
import { applicationUrl, connectDatabase } from '../src/platform/db/database.js'
import { deriveAuditKey } from '../src/platform/audit/chain.js'
import { buildApp } from '../src/app.js'
import { DEMO_PASSWORD } from '../src/demo/demo-data.js'
import { freePort } from '../test/support/ports.js'
import { databaseExists, openBenchCluster } from './bench-database.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 20)
const samples = Number(process.env.BENCH_SAMPLES ?? 300)
const secretKey = 'benchmark-secret-key-benchmark-secret-key'

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

function metric(name: string, value: number, unit: string): void {
  console.log(`METRIC ${name} ${String(Math.round(value * 100) / 100)} ${unit}`)
}

const cluster = await openBenchCluster()
if (!await databaseExists(cluster.adminUrl)) {
  console.error('No benchmark data set: run npm run bench:generate -- --children 100000 first')
  await cluster.close()
  process.exit(2)
}
const port = await freePort()
const base = `http://127.0.0.1:${String(port)}`
const server = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'server.js')], {
  env: { ...process.env, NODE_ENV: 'development', DEMO_DATA: 'false', LOG_LEVEL: 'warn', PORT: String(port), DATABASE_URL: cluster.benchUrl, SECRET_KEY: secretKey },
  stdio: ['ignore', 'ignore', 'inherit'],
})
const owner = new pg.Client({ connectionString: cluster.benchUrl })

try {
  for (let attempt = 0; ; attempt += 1) {
    try { if ((await fetch(`${base}/health`)).ok) break } catch { /* starting */ }
    if (attempt > 300) throw new Error('server did not start')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await owner.connect()
  const counts = (await owner.query<{ children: string; families: string }>(`select (select count(*) from people where kind = 'child') as children, (select count(*) from families) as families`)).rows[0]
  console.log(`Data set: ${counts?.children ?? '?'} children in ${counts?.families ?? '?'} families`)
  metric('dataset_children', Number(counts?.children), 'count')

  // Sign in as the demo practitioner, and find the families they may see.
  const jar = new Map<string, string>()
  const cookie = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const remember = (response: Response): void => {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';')
      const [name, value] = (pair ?? '').split('=')
      if (name !== undefined && value !== undefined) jar.set(name, value)
    }
  }
  const form = await fetch(`${base}/sign-in`)
  remember(form)
  const signIn = await fetch(`${base}/sign-in`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ _csrf: /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '', email: 'practitioner@fellside.example', password: DEMO_PASSWORD }).toString(),
  })
  remember(signIn)
  const rowan = (await owner.query<{ id: string; team_id: string }>(`select id, team_id from users where email = 'practitioner@fellside.example'`)).rows[0]
  const visible = (await owner.query<{ id: string }>(
    `select f.id from families f join maps m on m.family_id = f.id where f.team_id = $1 or f.allocated_worker_id = $2 order by f.id limit 2000`, [rowan?.team_id, rowan?.id])).rows.map((row) => row.id)
  console.log(`The practitioner may see ${String(visible.length)}+ families`)

  // 1. The family map page at 16 connections.
  let next = 0
  const mapPath = (): string => `/families/${visible[next++ % visible.length] ?? ''}/map`
  const warm = await fetch(`${base}${mapPath()}`, { headers: { cookie: cookie() } })
  if (warm.status !== 200) throw new Error(`map page answered ${String(warm.status)}`)
  // Every response's time is kept, so the 95th percentile is exact rather than autocannon's nearest bucket.
  const mapLatencies: number[] = []
  const mapResult = await new Promise<autocannon.Result>((resolve, reject) => {
    const tracker = autocannon({
      url: base, connections: 16, duration: seconds, headers: { cookie: cookie() },
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: mapPath() }) }],
    }, (error, result) => { if (error === null) resolve(result); else reject(error instanceof Error ? error : new Error(String(error))) })
    tracker.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => { mapLatencies.push(responseTime) })
  })
  metric('map_page_requests_per_second', mapResult.requests.average, 'req/s')
  metric('map_page_latency_p50', mapResult.latency.p50, 'ms')
  metric('map_page_latency_p95', percentile(mapLatencies, 95), 'ms')
  metric('map_page_non_2xx', mapResult.non2xx + mapResult.errors, 'count')

  // The floor: capture the SQL one map page request runs, then replay it through pg at 16 connections.
  const captured: { query: string; params: unknown[] }[] = []
  const capturing = connectDatabase(applicationUrl(cluster.benchUrl, 'mapwell_app', process.env.DATABASE_APP_PASSWORD ?? DEVELOPMENT_APP_PASSWORD), {
    logQuery: (query, params) => { captured.push({ query, params }) }, auditKey: deriveAuditKey(secretKey),
  })
  const { app } = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SECRET_KEY: secretKey }), database: capturing })
  const sample = visible[0] ?? ''
  captured.length = 0
  const injected = await app.inject({ method: 'GET', url: `/families/${sample}/map`, headers: { cookie: cookie() } })
  if (injected.statusCode !== 200) throw new Error(`captured request answered ${String(injected.statusCode)}`)
  const statements = [...captured]
  await app.close()
  await capturing.close()
  console.log(`The map page runs ${String(statements.length)} SQL statements`)
  const floorPool = new pg.Pool({ connectionString: applicationUrl(cluster.benchUrl, 'mapwell_app', process.env.DATABASE_APP_PASSWORD ?? DEVELOPMENT_APP_PASSWORD), max: 16 })
  const floorLatencies: number[] = []
  let floorNext = 0
  const deadline = Date.now() + seconds * 1000
  await Promise.all(Array.from({ length: 16 }, async () => {
    const client = await floorPool.connect()
    try {
      while (Date.now() < deadline) {
        const family = visible[floorNext++ % visible.length] ?? sample
        const startedAt = performance.now()
        let open = false
        for (const statement of statements) {
          // Each set_config starts one of the request's transactions, as inOrganisation does.
          if (statement.query.includes('set_config')) {
            if (open) await client.query('COMMIT')
            await client.query('BEGIN')
            open = true
          }
          await client.query(statement.query, statement.params.map((param) => (param === sample ? family : param)))
        }
        if (open) await client.query('COMMIT')
        floorLatencies.push(performance.now() - startedAt)
      }
    } finally {
      client.release()
    }
  }))
  await floorPool.end()
  const floorRate = floorLatencies.length / seconds
  metric('map_page_floor_requests_per_second', floorRate, 'req/s')
  metric('map_page_floor_latency_p95', percentile(floorLatencies, 95), 'ms')
  metric('map_page_app_to_floor_ratio', mapResult.requests.average / floorRate, 'ratio')

  // 2. Search by a misspelt name, one connection.
  const misspelt = ['Ashwerth', 'Pennigton', 'Thakeray', 'Fenwik', 'Dobsn', 'Pattinsen', 'Routlege', 'Postlethwait', 'Kirkbridge', 'Wilkinsen']
  const searchLatencies: number[] = []
  for (let index = 0; index < samples; index += 1) {
    const given = ['Leo', 'Ava', 'Noah', 'Isla', 'Mia'][index % 5] ?? 'Leo'
    const query = index % 2 === 0 ? misspelt[index % misspelt.length] ?? 'Ashwerth' : `${given} ${misspelt[index % misspelt.length] ?? ''}`
    const startedAt = performance.now()
    const response = await fetch(`${base}/families?search=${encodeURIComponent(query)}`, { headers: { cookie: cookie() } })
    await response.text()
    searchLatencies.push(performance.now() - startedAt)
    if (response.status !== 200) throw new Error(`search answered ${String(response.status)}`)
  }
  metric('search_latency_p50', percentile(searchLatencies, 50), 'ms')
  metric('search_latency_p95', percentile(searchLatencies, 95), 'ms')

  // 3. Saving a map entry, one connection.
  const page = await fetch(`${base}/families/${sample}/map/add/strength`, { headers: { cookie: cookie() } })
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
  const saveLatencies: number[] = []
  for (let index = 0; index < samples; index += 1) {
    const family = visible[index % visible.length] ?? sample
    const startedAt = performance.now()
    const response = await fetch(`${base}/families/${family}/map/add/strength`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
      body: new URLSearchParams({ _csrf: csrf, submissionId: crypto.randomUUID(), text: `The children laughed together at tea time (benchmark ${String(index)}).`, saidByKind: 'family-member', saidByName: 'Parent' }).toString(),
    })
    await response.text()
    saveLatencies.push(performance.now() - startedAt)
    if (response.status !== 303) throw new Error(`save answered ${String(response.status)}`)
  }
  metric('save_latency_p50', percentile(saveLatencies, 50), 'ms')
  metric('save_latency_p95', percentile(saveLatencies, 95), 'ms')

  const p95 = percentile(mapLatencies, 95)
  console.log(`Targets: map page >= 400 req/s ${mapResult.requests.average >= 400 ? 'met' : 'NOT met'}; map p95 <= 60 ms ${p95 <= 60 ? 'met' : 'NOT met'}; ` +
    `search p95 <= 25 ms ${percentile(searchLatencies, 95) <= 25 ? 'met' : 'NOT met'}; save p95 <= 20 ms ${percentile(saveLatencies, 95) <= 20 ? 'met' : 'NOT met'}`)
} finally {
  await owner.end().catch(() => undefined)
  server.kill('SIGTERM')
  await new Promise((resolve) => server.on('exit', resolve))
  await cluster.close()
}
