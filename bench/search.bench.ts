/**
 * Search by a misspelt name on the generated county (run `npm run bench:generate -- --children 100000`
 * first), one connection, against the real server over HTTP: the same searches bench/map.bench.ts makes,
 * on their own, so a bigger county can be measured without the map and save tests. Also the search SQL
 * alone (the function and the whole page query, through pg, as the application role), so what the
 * database costs can be told from what the page costs. Prints `METRIC <name> <value> <unit>` lines.
 *
 *   npm run bench:search        (BENCH_SAMPLES=300 searches by default)
 */
import pg from 'pg'
import { DEVELOPMENT_APP_PASSWORD } from '../src/config.js'
import { applicationUrl } from '../src/platform/db/database.js'
import { databaseExists, openBenchCluster } from './bench-database.js'
import { metric, percentile, signIn, startBenchServer } from './server.js'

const samples = Number(process.env.BENCH_SAMPLES ?? 300)
const TARGET_P95 = 25
const MISSPELT = ['Ashwerth', 'Pennigton', 'Thakeray', 'Fenwik', 'Dobsn', 'Pattinsen', 'Routlege', 'Postlethwait', 'Kirkbridge', 'Wilkinsen']
const GIVEN = ['Leo', 'Ava', 'Noah', 'Isla', 'Mia']
const searchFor = (index: number): string => {
  const surname = MISSPELT[index % MISSPELT.length] ?? 'Ashwerth'
  return index % 2 === 0 ? surname : `${GIVEN[index % GIVEN.length] ?? 'Leo'} ${surname}`
}

const cluster = await openBenchCluster()
if (!await databaseExists(cluster.adminUrl)) {
  console.error('No benchmark data set: run npm run bench:generate -- --children 100000 first')
  await cluster.close()
  process.exit(2)
}
const server = await startBenchServer({ database: { url: cluster.benchUrl }, env: { DEMO_DATA: 'false' } })
const { base } = server
const owner = new pg.Client({ connectionString: cluster.benchUrl })

try {
  await server.waitForHealth(3000)
  await owner.connect()
  const counts = (await owner.query<{ people: string; children: string; names: string }>(
    `select (select count(*) from people) as people, (select count(*) from people where kind = 'child') as children, (select count(*) from person_names) as names`)).rows[0]
  console.log(`Data set: ${counts?.people ?? '?'} people (${counts?.children ?? '?'} children), ${counts?.names ?? '?'} different names`)
  metric('search_dataset_people', Number(counts?.people), 'count')
  metric('search_dataset_distinct_names', Number(counts?.names), 'count')

  const cookie = (await signIn(base, 'practitioner@fellside.example')).header()

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
  for (let index = 0; index < 10; index += 1) await (await fetch(`${base}/families?search=${encodeURIComponent(searchFor(index))}`, { headers: { cookie } })).text()
  const latencies: number[] = []
  for (let index = 0; index < samples; index += 1) {
    const startedAt = performance.now()
    const response = await fetch(`${base}/families?search=${encodeURIComponent(searchFor(index))}`, { headers: { cookie } })
    await response.text()
    latencies.push(performance.now() - startedAt)
    if (response.status !== 200) throw new Error(`search answered ${String(response.status)}`)
  }
  const p95 = percentile(latencies, 95)
  metric('search_latency_p50', percentile(latencies, 50), 'ms')
  metric('search_latency_p95', p95, `ms (target <= ${String(TARGET_P95)}: ${p95 <= TARGET_P95 ? 'met' : 'NOT met'})`)
} finally {
  await owner.end().catch(() => undefined)
  await server.stop()
  await cluster.close()
}
