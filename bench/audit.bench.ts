/**
 * Audited-transaction throughput with two councils writing at once, on a fresh embedded PostgreSQL
 * in a temporary folder. Each connection runs transactions that read one row in its council and write
 * one audit row (the shape of every audited page); the floor is the same transactions without the
 * audit row. Prints `METRIC <name> <value> <unit>` lines.
 *
 *   npm run bench:audit     (10 s per measurement, 4 connections per council)
 *
 * BENCH_SECONDS and BENCH_CONNECTIONS_PER_COUNCIL change that.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { sql } from 'drizzle-orm'
import { freePort } from '../test/support/ports.js'
import { startEmbeddedDatabase } from '../src/platform/db/embedded.js'
import { runMigrations } from '../src/platform/db/migrate.js'
import { ensureApplicationRole } from '../src/platform/db/roles.js'
import { applicationUrl, connectDatabase, type DatabaseHandle, type Transaction } from '../src/platform/db/database.js'
import * as audit from '../src/platform/audit/audit.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 10)
const perCouncil = Number(process.env.BENCH_CONNECTIONS_PER_COUNCIL ?? 4)
const secretKey = 'benchmark-secret-key-benchmark-secret-key'
const appPassword = 'benchmark-app-password'

function metric(name: string, value: number, unit: string): void {
  console.log(`METRIC ${name} ${String(Math.round(value * 10) / 10)} ${unit}`)
}

/** The audit key, where this version of the code has one (the per-organisation chains do). */
function connectionOptions(): Record<string, unknown> {
  const derive = (audit as Record<string, unknown>).deriveAuditKey
  return { max: perCouncil * 2, ...(typeof derive === 'function' ? { auditKey: (derive as (key: string) => unknown)(secretKey) } : {}) }
}

async function run(database: DatabaseHandle, councils: string[], withAudit: boolean, duration = seconds): Promise<{ perSecond: number; perCouncil: number[] }> {
  const counts = councils.map(() => 0)
  const deadline = Date.now() + duration * 1000
  const started = performance.now()
  await Promise.all(councils.flatMap((organisationId, council) => Array.from({ length: perCouncil }, async () => {
    while (Date.now() < deadline) {
      await database.inOrganisation(organisationId, async (tx: Transaction) => {
        await tx.execute(sql`select id, name from organisations where id = ${organisationId}`)
        if (withAudit) {
          await audit.recordAudit(tx, { organisationId, actorUserId: null, action: 'bench.viewed', subjectType: 'organisation', subjectId: organisationId, details: { council } })
        }
      })
      counts[council] = (counts[council] ?? 0) + 1
    }
  })))
  const elapsed = (performance.now() - started) / 1000
  return { perSecond: counts.reduce((a, b) => a + b, 0) / elapsed, perCouncil: counts.map((n) => n / elapsed) }
}

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-audit-bench-'))
fs.chmodSync(directory, 0o755)
const server = await startEmbeddedDatabase({ dataDirectory: directory, port: await freePort(), superuserPassword: 'bench-superuser', log: () => undefined })
try {
  await runMigrations(server.ownerUrl)
  await ensureApplicationRole(server.ownerUrl, 'mapwell_app', appPassword)
  const owner = new pg.Client({ connectionString: server.ownerUrl })
  await owner.connect()
  const councils = (await owner.query<{ id: string }>(
    `insert into organisations (slug, name) values ('bench-north', 'Bench North Council'), ('bench-south', 'Bench South Council') returning id`)).rows.map((row) => row.id)
  const database = connectDatabase(applicationUrl(server.ownerUrl, 'mapwell_app', appPassword), connectionOptions())
  try {
    // Warm up both paths so the first measurement does not pay for cold caches.
    await run(database, councils, false, 1)
    await run(database, councils, true, 1)
    console.log(`${String(councils.length)} councils × ${String(perCouncil)} connections, ${String(seconds)} s each`)
    const floor = await run(database, councils, false)
    const audited = await run(database, councils, true)
    metric('audit_tx_per_second', audited.perSecond, 'tx/s')
    audited.perCouncil.forEach((value, index) => { metric(`audit_tx_per_second_council_${String(index + 1)}`, value, 'tx/s') })
    metric('audit_floor_tx_per_second', floor.perSecond, 'tx/s')
    metric('audit_over_floor', audited.perSecond / floor.perSecond, 'ratio')
    const { rows } = await owner.query<{ n: string }>('select count(*) as n from audit_events')
    console.log(`${rows[0]?.n ?? '0'} audit rows written`)
  } finally {
    await database.close()
    await owner.end()
  }
} finally {
  await server.stop()
  fs.rmSync(directory, { recursive: true, force: true })
}
