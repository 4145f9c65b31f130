import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { freePort } from '../support/ports.js'
import { PROJECT_ROOT } from '../../src/platform/paths.js'
import { killQuietly, sleep, startServer, waitForHealth, type Running } from './running-server.js'

/**
 * Instances started at the same moment on one empty database (as a deployment of several does):
 * migrations, the application role, its grants and the demo data must each happen once, in turn,
 * and every instance must come up.
 */
describe('several instances started at once on an empty database', () => {
  const suffix = Math.random().toString(36).slice(2, 8)
  const role = `mapwell_app_${suffix}`
  const databases: string[] = []
  const running: Running[] = []
  let dataDirectory: string

  async function admin<T extends pg.QueryResultRow>(text: string): Promise<pg.QueryResult<T>> {
    const client = new pg.Client({ connectionString: inject('adminUrl') })
    await client.connect()
    try { return await client.query<T>(text) } finally { await client.end() }
  }

  beforeAll(() => {
    if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'server.js'))) execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'build.mjs')])
    dataDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-concurrent-'))
  })

  afterAll(async () => {
    for (const instance of running) instance.child.kill('SIGTERM')
    await Promise.race([Promise.all(running.map((instance) => instance.exited)), sleep(20_000)])
    for (const instance of running) killQuietly(instance.child.pid)
    for (const name of databases) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin(`DROP ROLE IF EXISTS ${role}`)
    fs.rmSync(dataDirectory, { recursive: true, force: true })
  }, 60_000)

  async function startAtOnce(count: number): Promise<void> {
    const name = `mapwell_concurrent_${suffix}_${String(count)}`
    await admin(`CREATE DATABASE ${name}`)
    databases.push(name)
    const url = new URL(inject('adminUrl'))
    url.pathname = `/${name}`
    const ports = await Promise.all(Array.from({ length: count }, () => freePort()))
    const instances = ports.map((port) => startServer({
      PORT: String(port), DATABASE_URL: url.toString(), DATABASE_APP_ROLE: role, DATA_DIR: dataDirectory, LOG_LEVEL: 'warn',
    }))
    running.push(...instances)
    const results = await Promise.allSettled(instances.map((instance, index) => waitForHealth(ports[index] ?? 0, instance, 120)))
    const failures = results.flatMap((result) => result.status === 'rejected' ? [String(result.reason).slice(0, 2000)] : [])
    expect(failures).toEqual([])
    for (const instance of instances) expect(instance.output()).not.toContain('tuple concurrently updated')
    // The demo data was made once, not once per instance.
    const client = new pg.Client({ connectionString: url.toString() })
    await client.connect()
    try {
      const { rows } = await client.query<{ count: string }>(`select count(*) from organisations where slug = 'fellside'`)
      expect(rows[0]?.count).toBe('1')
    } finally { await client.end() }
    for (const instance of instances) instance.child.kill('SIGTERM')
    const codes = await Promise.race([Promise.all(instances.map((instance) => instance.exited)), sleep(30_000).then(() => 'timed out')])
    expect(codes).toEqual(instances.map(() => 0))
  }

  it('two instances all come up', async () => { await startAtOnce(2) }, 180_000)
  it('four instances all come up', async () => { await startAtOnce(4) }, 180_000)
})
