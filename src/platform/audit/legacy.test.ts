import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { DEVELOPMENT_APP_PASSWORD, DEVELOPMENT_SECRET_KEY } from '../../config.js'
import { MIGRATIONS_FOLDER, PROJECT_ROOT } from '../paths.js'
import { runMigrations } from '../db/migrate.js'
import { ensureApplicationRole } from '../db/roles.js'
import { applicationUrl, connectDatabase, type DatabaseHandle } from '../db/database.js'
import { recordAudit } from './audit.js'
import { deriveAuditKey } from './chain.js'
import { verifyAuditChain } from './verify.js'

const run = promisify(execFile)
const key = deriveAuditKey(DEVELOPMENT_SECRET_KEY)

/** A database migrated only up to the last migration before per-organisation chains. */
async function migrateToBeforeChains(url: string, directory: string): Promise<void> {
  const folder = path.join(directory, 'migrations')
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true })
  const journalFile = path.join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] }
  journal.entries = journal.entries.filter((entry) => entry.idx <= 16)
  fs.writeFileSync(journalFile, JSON.stringify(journal))
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await migrate(drizzle(client), { migrationsFolder: folder })
  } finally {
    await client.end()
  }
}

describe('audit events chained before organisations had chains of their own', () => {
  const name = `mapwell_test_legacy_${Math.random().toString(36).slice(2, 8)}`
  let ownerUrl: string
  let owner: pg.Pool
  let database: DatabaseHandle
  let directory: string
  let north: string
  let south: string

  async function cli(...args: string[]): Promise<{ code: number; output: string }> {
    try {
      const { stdout, stderr } = await run(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [path.join(PROJECT_ROOT, 'src', 'platform', 'audit', 'verify-cli.ts'), ...args],
        { cwd: directory, env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: ownerUrl, SECRET_KEY: DEVELOPMENT_SECRET_KEY } })
      return { code: 0, output: stdout + stderr }
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string }
      return { code: failed.code, output: failed.stdout + failed.stderr }
    }
  }

  async function write(organisation: string, count: number): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      await database.inOrganisation(organisation, (tx) => recordAudit(tx, { organisationId: organisation, actorUserId: null, action: 'test.after', details: { index } }))
    }
  }

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-audit-legacy-'))
    const admin = new pg.Client({ connectionString: inject('adminUrl') })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${name}`)
    await admin.end()
    const url = new URL(inject('adminUrl'))
    url.pathname = `/${name}`
    ownerUrl = url.toString()
    owner = new pg.Pool({ connectionString: ownerUrl, max: 2 })
    await migrateToBeforeChains(ownerUrl, directory)
    const created = await owner.query<{ id: string; slug: string }>(
      `insert into organisations (slug, name) values ('north', 'North Council'), ('south', 'South Council') returning id, slug`)
    north = created.rows.find((row) => row.slug === 'north')?.id ?? ''
    south = created.rows.find((row) => row.slug === 'south')?.id ?? ''
    // Events the old trigger chained, one chain for everyone.
    for (const [organisation, action] of [[north, 'old.viewed'], [null, 'old.sign-in'], [south, 'old.viewed'], [north, 'old.changed']] as const) {
      await owner.query(`insert into audit_events (organisation_id, actor_user_id, action, outcome, details) values ($1, null, $2, 'success', '{"b": 1, "a": [2]}')`, [organisation, action])
    }
    await runMigrations(ownerUrl)
    await ensureApplicationRole(ownerUrl, 'mapwell_app', DEVELOPMENT_APP_PASSWORD)
    database = connectDatabase(applicationUrl(ownerUrl, 'mapwell_app', DEVELOPMENT_APP_PASSWORD), { max: 2, auditKey: key })
  })
  afterAll(async () => {
    await database.close()
    await owner.end()
    const admin = new pg.Client({ connectionString: inject('adminUrl') })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
    fs.rmSync(directory, { recursive: true, force: true })
  })

  it('still verifies them, and starts every organisation\'s chain where the old chain ended', async () => {
    const legacyEnd = (await owner.query<{ hash: string }>('select hash from audit_events order by id desc limit 1')).rows[0]?.hash
    await write(north, 2)
    await write(south, 1)
    const verdict = await verifyAuditChain(ownerUrl, { key })
    expect(verdict).toMatchObject({ intact: true, events: 7, legacy: { events: 4, lastHash: legacyEnd } })
    const starts = await owner.query<{ prev_hash: string }>('select prev_hash from audit_events where chain_sequence = 1')
    expect(starts.rows.map((row) => row.prev_hash)).toEqual([legacyEnd, legacyEnd])
  })

  it('writes anchors with the command and detects, against them, the newest events removed', async () => {
    const written = await cli('--anchor-out', 'anchors.json')
    expect(written).toMatchObject({ code: 0 })
    expect(written.output).toContain('Audit trail intact: 7 events in 3 chains and the legacy chain checked.')
    const anchors = JSON.parse(fs.readFileSync(path.join(directory, 'anchors.json'), 'utf8')) as { chains: { organisationId: string | null; sequence: number }[]; legacy: { id: number } }
    expect(anchors.chains.find((chain) => chain.organisationId === north)?.sequence).toBe(2)
    expect(anchors.legacy.id).toBeGreaterThan(0)

    await write(north, 1)
    const later = await cli('--anchor', 'anchors.json')
    expect(later).toMatchObject({ code: 0 })
    expect(later.output).toContain('and all 2 anchored events in anchors.json are still there')

    // The owner removes North's two newest events and winds its chain head back to match.
    await owner.query('alter table audit_events disable trigger audit_events_no_update')
    await owner.query('delete from audit_events where organisation_id = $1 and chain_sequence > 1', [north])
    await owner.query('alter table audit_events enable trigger audit_events_no_update')
    await owner.query(`update audit_chains set last_sequence = 1, last_hash = (select hash from audit_events where organisation_id = $1 and chain_sequence = 1) where organisation_id = $1`, [north])
    expect(await cli()).toMatchObject({ code: 0 })
    const broken = await cli('--anchor', 'anchors.json')
    expect(broken.code).toBe(1)
    expect(broken.output).toBe(`Audit trail BROKEN: North Council's chain (organisation ${north}) ends at event 1, but the anchor records event 2: the newest events were removed. 5 events before it are intact.\n`)
  }, 120_000)

  it('refuses an anchor file it did not write, with a clear error, and unknown options', async () => {
    fs.writeFileSync(path.join(directory, 'not-anchors.json'), '{"chains": []}')
    expect(await cli('--anchor', 'not-anchors.json')).toEqual({ code: 2, output: 'Could not use the anchor file not-anchors.json: the anchor file is not a Mapwell audit anchor file (format mapwell-audit-anchors/1)\n' })
    expect(await cli('--anchor', 'nowhere.json')).toEqual({ code: 2, output: 'Could not read the anchor file nowhere.json: ENOENT\n' })
    expect((await cli('--anchors')).code).toBe(2)
  }, 120_000)

  it('detects the old chain\'s newest event removed, through the first link of the newer chains', async () => {
    await owner.query('alter table audit_events disable trigger audit_events_no_update')
    await owner.query('delete from audit_events where id = (select max(id) from audit_events where chain_sequence is null)')
    await owner.query('alter table audit_events enable trigger audit_events_no_update')
    const verdict = await verifyAuditChain(ownerUrl, { key })
    expect(verdict).toMatchObject({ intact: false, reason: 'it does not start where the legacy chain ends' })
    if (!verdict.intact) expect(verdict.sentence).toMatch(/^The legacy chain no longer ends where the chain of events with no organisation begins|^Event 1 \(id \d+\) of .* does not start where the legacy chain ends/)
  })
})
