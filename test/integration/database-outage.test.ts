import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { freePort } from '../support/ports.js'
import { PROJECT_ROOT } from '../../src/platform/paths.js'
import { healthStatus, killQuietly, postmasterPid, sleep, startServer, waitForHealth, type Running } from './running-server.js'

/**
 * The server process when its database goes away: its connections ended under load
 * (pg_terminate_backend, as a restart or failover does), and its embedded database server killed.
 * It must stay up, answer 503 meanwhile, and recover by itself.
 */
describe('the server process when the database goes away', () => {
  let dataDirectory: string
  let httpPort: number
  let databasePort: number
  let server: Running

  beforeAll(async () => {
    if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'server.js'))) execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'build.mjs')])
    dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-outage-'))
    fs.chmodSync(dataDirectory, 0o755)
    httpPort = await freePort()
    databasePort = await freePort()
    server = startServer({ PORT: String(httpPort), EMBEDDED_DATABASE_PORT: String(databasePort), DATA_DIR: dataDirectory, LOG_LEVEL: 'warn' })
    await waitForHealth(httpPort, server, 90)
  }, 120_000)

  afterAll(async () => {
    server.child.kill('SIGTERM')
    await Promise.race([server.exited, sleep(20_000)])
    killQuietly(server.child.pid)
    killQuietly(postmasterPid(path.join(dataDirectory, 'postgres')))
    fs.rmSync(dataDirectory, { recursive: true, force: true })
  }, 30_000)

  async function asOwner<T extends pg.QueryResultRow>(text: string): Promise<pg.QueryResult<T>> {
    const password = fs.readFileSync(path.join(dataDirectory, 'database-password'), 'utf8').trim()
    const client = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${String(databasePort)}/mapwell` })
    await client.connect()
    try { return await client.query<T>(text) } finally { await client.end() }
  }

  /** A page that reads the database on every request: the session cookie is looked up. */
  async function databasePage(): Promise<number | 'failed'> {
    try {
      const response = await fetch(`http://127.0.0.1:${String(httpPort)}/sign-in`, {
        headers: { cookie: `mapwell-session=${crypto.randomBytes(32).toString('base64url')}` }, signal: AbortSignal.timeout(15_000),
      })
      await response.arrayBuffer()
      return response.status
    } catch {
      return 'failed'
    }
  }

  function alive(): boolean {
    return server.child.exitCode === null && server.child.signalCode === null
  }

  it('keeps serving while its connections are ended under load, and is healthy again by itself', async () => {
    const statuses = new Map<string, number>()
    let loading = true
    const workers = Array.from({ length: 8 }, async () => {
      while (loading) {
        const status = String(await (Math.random() < 0.5 ? databasePage() : healthStatus(httpPort)))
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
      }
    })
    let terminated = 0
    for (let round = 0; round < 10; round += 1) {
      await sleep(300)
      const { rows } = await asOwner<{ ended: boolean }>(`select pg_terminate_backend(pid) as ended from pg_stat_activity where usename = 'mapwell_app'`)
      terminated += rows.filter((row) => row.ended).length
    }
    loading = false
    await Promise.all(workers)

    expect(alive(), server.output().slice(-3000)).toBe(true)
    expect(terminated).toBeGreaterThan(0)
    // Only answers: never a dropped connection (a dead process) nor a 500.
    expect([...statuses.keys()].filter((status) => !['200', '503'].includes(status)), JSON.stringify([...statuses])).toEqual([])
    expect(statuses.get('200') ?? 0).toBeGreaterThan(0)

    await waitForHealth(httpPort, server, 15)
    expect(await databasePage()).toBe(200)
    expect(server.output()).not.toContain('Mapwell stopped on an unexpected error')
  }, 60_000)

  it('starts its embedded database again when that server is killed, answering 503 meanwhile', async () => {
    const clusterDirectory = path.join(dataDirectory, 'postgres')
    const killed = postmasterPid(clusterDirectory)
    expect(killed).toBeDefined()
    killQuietly(killed)

    let sawUnavailable = false
    let sawPage503 = false
    const started = Date.now()
    let healthy = false
    while (Date.now() - started < 45_000) {
      const status = await healthStatus(httpPort)
      if (status === 503) {
        sawUnavailable = true
        if (!sawPage503) sawPage503 = await databasePage() === 503
      }
      // Back: healthy on a new server (a dying server's last backends may answer for a moment).
      const now = postmasterPid(clusterDirectory)
      if (status === 200 && sawUnavailable && now !== undefined && now !== killed && server.output().includes('The embedded database is running again')) { healthy = true; break }
      if (!alive()) break
      await sleep(100)
    }
    expect(alive(), server.output().slice(-3000)).toBe(true)
    expect(sawUnavailable).toBe(true)
    expect(healthy, server.output().slice(-3000)).toBe(true)
    expect(postmasterPid(clusterDirectory)).not.toBe(killed)
    expect(await databasePage()).toBe(200)
    expect(server.output()).toContain('The embedded database stopped unexpectedly')
    expect(server.output()).toContain('The embedded database is running again')
    console.log(`METRIC embedded_database_back_after_kill ${String(Date.now() - started)} ms; page 503 seen: ${String(sawPage503)}`)
  }, 60_000)
})
