/**
 * Throughput and latency of the platform's pages, measured against the real server (dist/server.js)
 * on its embedded PostgreSQL over HTTP. Prints `METRIC <name> <value> <unit>` lines.
 *
 *   npm run bench:pages            (10 s per page, 20 connections)
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { freePort } from '../test/support/ports.js'
import { PROJECT_ROOT } from '../src/platform/paths.js'
import { createSecrets } from '../src/platform/auth/secrets.js'
import { currentTotp, newTotpSecret } from '../src/platform/auth/totp.js'
import { DEMO_PASSWORD } from '../src/demo/demo-data.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20)
const secretKey = 'benchmark-secret-key-benchmark-secret-key'

const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-bench-'))
fs.chmodSync(dataDirectory, 0o755)
const port = await freePort()
const databasePort = await freePort()
const server = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'server.js')], {
  env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', PORT: String(port), EMBEDDED_DATABASE_PORT: String(databasePort), DATA_DIR: dataDirectory, SECRET_KEY: secretKey },
  stdio: ['ignore', 'ignore', 'inherit'],
})
const base = `http://127.0.0.1:${String(port)}`

async function waitForHealth(): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    try { if ((await fetch(`${base}/health`)).ok) return } catch { /* starting */ }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('server did not start')
}

function cookiesFrom(response: Response, jar: Map<string, string>): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';')
    const [name, value] = (pair ?? '').split('=')
    if (name !== undefined && value !== undefined) jar.set(name, value)
  }
}

async function signIn(email: string, totpSecret?: string): Promise<string> {
  const jar = new Map<string, string>()
  const header = (): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const form = await fetch(`${base}/sign-in`)
  cookiesFrom(form, jar)
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? ''
  let response = await fetch(`${base}/sign-in`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ _csrf: token, email, password: DEMO_PASSWORD }).toString(),
  })
  cookiesFrom(response, jar)
  if (totpSecret !== undefined) {
    const page = await fetch(`${base}/sign-in/second-factor`, { headers: { cookie: header() } })
    const stepToken = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
    response = await fetch(`${base}/sign-in/second-factor`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
      body: new URLSearchParams({ _csrf: stepToken, code: currentTotp(totpSecret) }).toString(),
    })
    cookiesFrom(response, jar)
  }
  if (response.headers.get('location') !== '/') throw new Error(`sign-in failed for ${email}`)
  return header()
}

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
  await waitForHealth()
  console.log(`METRIC first_start_to_healthy ${String(Date.now() - started)} ms`)
  const password = fs.readFileSync(path.join(dataDirectory, 'database-password'), 'utf8').trim()
  const owner = new pg.Client({ connectionString: `postgres://postgres:${password}@127.0.0.1:${String(databasePort)}/mapwell` })
  await owner.connect()
  const totpSecret = newTotpSecret()
  await owner.query('update users set totp_secret_encrypted = $1, totp_enabled_at = now() where email = $2', [createSecrets(secretKey).encrypt(totpSecret), 'admin@fellside.example'])
  const practitioner = await signIn('practitioner@fellside.example')
  const admin = await signIn('admin@fellside.example', totpSecret)

  await measure('health', '/health')
  await measure('sign_in_page', '/sign-in')
  await measure('staff_home_signed_in', '/', practitioner)
  const before = Number((await owner.query<{ n: string }>('select count(*) as n from audit_events')).rows[0]?.n)
  await measure('users_list_audited', '/admin/users', admin)
  const after = Number((await owner.query<{ n: string }>('select count(*) as n from audit_events')).rows[0]?.n)
  console.log(`METRIC users_list_audit_rows_written ${String(after - before)} count`)
  await owner.end()
} finally {
  server.kill('SIGTERM')
  await new Promise((resolve) => server.on('exit', resolve))
  fs.rmSync(dataDirectory, { recursive: true, force: true })
}
