/**
 * What the benchmarks that drive the real server over HTTP share:
 *
 * - startBenchServer(...): spawns dist/server.js on a free port, either on its own embedded PostgreSQL
 *   in a fresh temporary data directory (with the demo data) or on a given DATABASE_URL; waitForHealth()
 *   polls /health, stop() ends the server and removes the temporary directory;
 * - CookieJar and signIn(...): signs in through the /sign-in form with its CSRF token, as a browser
 *   would, with the second step when a TOTP secret is given;
 * - csrfIn(body): the `_csrf` field of a form;
 * - metric(...): prints `METRIC <name> <value> <unit>`; percentile(...) is bench/floor.ts's.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort } from '../test/support/ports.js'
import { PROJECT_ROOT } from '../src/platform/paths.js'
import { currentTotp } from '../src/platform/auth/totp.js'
import { DEMO_PASSWORD } from '../src/demo/demo-data.js'

export { floorPercentile as percentile } from './floor.js'

export const BENCH_SECRET_KEY = 'benchmark-secret-key-benchmark-secret-key'

/** Prints `METRIC <name> <value> <unit>`, the value to two decimal places, and what stands beside it in brackets. */
export function metric(name: string, value: number, unit: string, beside?: string): void {
  console.log(`METRIC ${name} ${String(Math.round(value * 100) / 100)} ${unit}${beside === undefined ? '' : ` (${beside})`}`)
}

export interface BenchServer {
  /** http://127.0.0.1:<port> */
  base: string
  /** Polls /health every 100 ms, giving up after `attempts` tries. */
  waitForHealth(attempts: number): Promise<void>
  /** The embedded database's owner (postgres) URL, once the server has started it; throws on a server given a DATABASE_URL. */
  ownerUrl(): string
  /** Ends the server and removes its temporary data directory, if it has one. */
  stop(): Promise<void>
}

export async function startBenchServer(options: {
  /** A fresh embedded database (with the demo data) in a temporary directory named from this prefix, or the server's DATABASE_URL. */
  database: { temporaryPrefix: string } | { url: string }
  /** More environment for the server (DEMO_DATA: 'false', say). */
  env?: Record<string, string>
  /** Node's own options, before the script (--cpu-prof, say). */
  nodeOptions?: string[]
}): Promise<BenchServer> {
  const port = await freePort()
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'development', ...options.env, LOG_LEVEL: 'warn', PORT: String(port), SECRET_KEY: BENCH_SECRET_KEY }
  let embedded: { dataDirectory: string; databasePort: number } | undefined
  if ('url' in options.database) {
    env.DATABASE_URL = options.database.url
  } else {
    const dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), options.database.temporaryPrefix))
    fs.chmodSync(dataDirectory, 0o755)
    embedded = { dataDirectory, databasePort: await freePort() }
    env.EMBEDDED_DATABASE_PORT = String(embedded.databasePort)
    env.DATA_DIR = dataDirectory
  }
  const server = spawn(process.execPath, [...(options.nodeOptions ?? []), path.join(PROJECT_ROOT, 'dist', 'server.js')], { env, stdio: ['ignore', 'ignore', 'inherit'] })
  const base = `http://127.0.0.1:${String(port)}`
  return {
    base,
    async waitForHealth(attempts) {
      for (let attempt = 0; attempt < attempts; attempt += 1) {
        try { if ((await fetch(`${base}/health`)).ok) return } catch { /* starting */ }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      throw new Error('server did not start')
    },
    ownerUrl() {
      if (embedded === undefined) throw new Error('the server runs on a given DATABASE_URL')
      const password = fs.readFileSync(path.join(embedded.dataDirectory, 'database-password'), 'utf8').trim()
      return `postgres://postgres:${password}@127.0.0.1:${String(embedded.databasePort)}/mapwell`
    },
    async stop() {
      server.kill('SIGTERM')
      await new Promise((resolve) => server.on('exit', resolve))
      if (embedded !== undefined) fs.rmSync(embedded.dataDirectory, { recursive: true, force: true })
    },
  }
}

/** `_csrf` of a form. */
export const csrfIn = (body: string): string => /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? ''

/** The cookies the server has set, sent back as a browser would. */
export class CookieJar {
  readonly #cookies = new Map<string, string>()

  /** Keeps every cookie a response sets. */
  keep(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';')
      const at = pair.indexOf('=')
      if (at > 0) this.#cookies.set(pair.slice(0, at), pair.slice(at + 1))
    }
  }

  /** The Cookie request header. */
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  entries(): [string, string][] {
    return [...this.#cookies]
  }
}

/**
 * Signs in through the sign-in form with the demo password, and the second step with a code from
 * `totpSecret` when given; throws unless it ends on the home page. The jar holds the session.
 */
export async function signIn(base: string, email: string, options: { totpSecret?: string } = {}): Promise<CookieJar> {
  const jar = new CookieJar()
  const form = await fetch(`${base}/sign-in`)
  jar.keep(form)
  let response = await fetch(`${base}/sign-in`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ _csrf: csrfIn(await form.text()), email, password: DEMO_PASSWORD }).toString(),
  })
  jar.keep(response)
  if (options.totpSecret !== undefined) {
    const page = await fetch(`${base}/sign-in/second-factor`, { headers: { cookie: jar.header() } })
    response = await fetch(`${base}/sign-in/second-factor`, {
      method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams({ _csrf: csrfIn(await page.text()), code: currentTotp(options.totpSecret) }).toString(),
    })
    jar.keep(response)
  }
  if (response.headers.get('location') !== '/') throw new Error(`sign-in failed for ${email}: ${String(response.status)} ${String(response.headers.get('location'))}`)
  return jar
}
