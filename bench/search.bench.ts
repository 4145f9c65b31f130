/**
 * Search by a misspelt name on the generated county (run `npm run bench:generate -- --children 100000`
 * first), one connection, against the real server over HTTP: the same searches bench/map.bench.ts makes,
 * on their own, so a bigger county can be measured without the map and save tests. Also the search SQL
 * alone (the function and the whole page query, through pg, as the application role), so what the
 * database costs can be told from what the page costs. Prints `METRIC <name> <value> <unit>` lines.
 *
 *   npm run bench:search        (BENCH_SAMPLES=300 searches by default)
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'
import { PROJECT_ROOT } from '../src/platform/paths.js'
import { DEVELOPMENT_APP_PASSWORD } from '../src/config.js'
import { applicationUrl } from '../src/platform/db/database.js'
import { DEMO_PASSWORD } from '../src/demo/demo-data.js'
import { freePort } from '../test/support/ports.js'
import { databaseExists, openBenchCluster } from './bench-database.js'

const samples = Number(process.env.BENCH_SAMPLES ?? 300)
const secretKey = 'benchmark-secret-key-benchmark-secret-key'
const TARGET_P95 = 25
const MISSPELT = ['Ashwerth', 'Pennigton', 'Thakeray', 'Fenwik', 'Dobsn', 'Pattinsen', 'Routlege', 'Postlethwait', 'Kirkbridge', 'Wilkinsen']
const GIVEN = ['Leo', 'Ava', 'Noah', 'Isla', 'Mia']
const searchFor = (index: number): string => {
  const surname = MISSPELT[index % MISSPELT.length] ?? 'Ashwerth'
  return index % 2 === 0 ? surname : `${GIVEN[index % GIVEN.length] ?? 'Leo'} ${surname}`
}

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
    if (attempt > 3000) throw new Error('server did not start')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await owner.connect()
  const counts = (await owner.query<{ people: string; children: string; names: string }>(
    `select (select count(*) from people) as people, (select count(*) from people where kind = 'child') as children, (select count(*) from person_names) as names`)).rows[0]
  console.log(`Data set: ${counts?.people ?? '?'} people (${counts?.children ?? '?'} children), ${counts?.names ?? '?'} different names`)
  metric('search_dataset_people', Number(counts?.people), 'count')
  metric('search_dataset_distinct_names', Number(counts?.names), 'count')

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

  // The SQL alone: the matching function, as the application role in the organisation's transaction.
  const organisation = (await owner.query<{ organisation_id: string }>(`select organisation_id from users where email = 'practitioner@fellside.example'`)).rows[0]?.organisation_id ?? ''
  const app = new pg.Client({ connectionString: applicationUrl(cluster.benchUrl, 'mapwell_app', process.env.DATABASE_APP_PASSWORD ?? DEVELOPMENT_APP_PASSWORD) })
  await app.connect()
  const sqlLatencies: number[] = []
  let matched = 0
  for (let index = 0; index < samples; index += 1) {
    const startedAt = performance.now()
    await app.query('BEGIN')
    await app.query(`select set_config('mapwell.organisation_id', $1, true)`, [organisation])
    matched += Number((await app.query<{ n: string }>('select count(*) as n from mapwell_people_matching_name($1)', [searchFor(index)])).rows[0]?.n)
    await app.query('COMMIT')
    sqlLatencies.push(performance.now() - startedAt)
  }
  await app.end()
  metric('search_people_matched_per_search', matched / samples, 'count')
  metric('search_sql_latency_p50', percentile(sqlLatencies, 50), 'ms')
  metric('search_sql_latency_p95', percentile(sqlLatencies, 95), 'ms')

  // The page, as map.bench.ts measures it.
  for (let index = 0; index < 10; index += 1) await (await fetch(`${base}/families?search=${encodeURIComponent(searchFor(index))}`, { headers: { cookie: cookie() } })).text()
  const latencies: number[] = []
  for (let index = 0; index < samples; index += 1) {
    const startedAt = performance.now()
    const response = await fetch(`${base}/families?search=${encodeURIComponent(searchFor(index))}`, { headers: { cookie: cookie() } })
    await response.text()
    latencies.push(performance.now() - startedAt)
    if (response.status !== 200) throw new Error(`search answered ${String(response.status)}`)
  }
  const p95 = percentile(latencies, 95)
  metric('search_latency_p50', percentile(latencies, 50), 'ms')
  metric('search_latency_p95', p95, `ms (target <= ${String(TARGET_P95)}: ${p95 <= TARGET_P95 ? 'met' : 'NOT met'})`)
} finally {
  await owner.end().catch(() => undefined)
  server.kill('SIGTERM')
  await new Promise((resolve) => server.on('exit', resolve))
  await cluster.close()
}
