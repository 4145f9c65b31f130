import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/platform/db/embedded.js'
import { runMigrations } from '../../src/platform/db/migrate.js'
import { freePort } from './ports.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser connection to the test cluster's maintenance database. */
    adminUrl: string
    /** A migrated database to copy for each test file. */
    templateDatabase: string
  }
}

/**
 * One PostgreSQL cluster per run: the machine's own when DATABASE_URL is set (as CI does for
 * PostgreSQL 15), otherwise an embedded one in a temporary folder. Migrations run once, into a
 * template database; every test file gets its own copy of it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedDatabase | undefined
  let directory: string | undefined
  let adminUrl: string
  if (process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '') {
    adminUrl = process.env.DATABASE_URL
  } else {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'mapwell-test-'))
    fs.chmodSync(directory, 0o755)
    embedded = await startEmbeddedDatabase({ dataDirectory: directory, port: await freePort(), superuserPassword: 'test-superuser', log: () => undefined })
    adminUrl = embedded.ownerUrl
  }
  const templateDatabase = `mapwell_template_${String(process.pid)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${templateDatabase}`)
  await admin.end()
  const templateUrl = new URL(adminUrl)
  templateUrl.pathname = `/${templateDatabase}`
  await runMigrations(templateUrl.toString())

  project.provide('adminUrl', adminUrl)
  project.provide('templateDatabase', templateDatabase)

  return async () => {
    if (embedded !== undefined) {
      await embedded.stop()
      if (directory !== undefined) fs.rmSync(directory, { recursive: true, force: true })
      return
    }
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    const leftovers = await client.query<{ datname: string }>(`select datname from pg_database where datname like 'mapwell_test_%' or datname = $1`, [templateDatabase])
    for (const { datname } of leftovers.rows) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`)
    await client.end()
  }
}
