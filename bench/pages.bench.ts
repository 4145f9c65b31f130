/**
 * Throughput and latency of the platform's pages, measured against the real server (dist/server.js)
 * on its embedded PostgreSQL over HTTP. Prints `METRIC <name> <value> <unit>` lines.
 *
 *   npm run bench:pages            (10 s per page, 20 connections)
 */
import autocannon from 'autocannon'
import pg from 'pg'
import { createSecrets } from '../src/platform/auth/secrets.js'
import { newTotpSecret } from '../src/platform/auth/totp.js'
import { BENCH_SECRET_KEY, signIn, startBenchServer } from './server.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20)

const server = await startBenchServer({ database: { temporaryPrefix: 'mapwell-bench-' } })
const { base } = server

async function measure(name: string, url: string, cookie?: string): Promise<void> {
  const result = await autocannon({ url: `${base}${url}`, connections, duration: seconds, headers: cookie === undefined ? {} : { cookie } })
  const non2xx = result.non2xx + result.errors
  console.log(`METRIC ${name}_requests_per_second ${result.requests.average.toFixed(0)} req/s`)
  console.log(`METRIC ${name}_latency_p50 ${String(result.latency.p50)} ms`)
  console.log(`METRIC ${name}_latency_p99 ${String(result.latency.p99)} ms`)
  console.log(`METRIC ${name}_failed_responses ${String(non2xx)} count`)
}

try {
  const started = Date.now()
  await server.waitForHealth(300)
  console.log(`METRIC first_start_to_healthy ${String(Date.now() - started)} ms`)
  const owner = new pg.Client({ connectionString: server.ownerUrl() })
  await owner.connect()
  const totpSecret = newTotpSecret()
  await owner.query('update users set totp_secret_encrypted = $1, totp_enabled_at = now() where email = $2', [createSecrets(BENCH_SECRET_KEY).encrypt(totpSecret), 'admin@fellside.example'])
  const practitioner = (await signIn(base, 'practitioner@fellside.example')).header()
  const admin = (await signIn(base, 'admin@fellside.example', { totpSecret })).header()

  await measure('health', '/health')
  await measure('sign_in_page', '/sign-in')
  await measure('staff_home_signed_in', '/', practitioner)
  const before = Number((await owner.query<{ n: string }>('select count(*) as n from audit_events')).rows[0]?.n)
  await measure('users_list_audited', '/admin/users', admin)
  const after = Number((await owner.query<{ n: string }>('select count(*) as n from audit_events')).rows[0]?.n)
  console.log(`METRIC users_list_audit_rows_written ${String(after - before)} count`)
  await owner.end()
} finally {
  await server.stop()
}
