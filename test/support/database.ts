import pg from 'pg'
import { inject } from 'vitest'
import { connectDatabase, applicationUrl, type DatabaseHandle } from '../../src/platform/db/database.js'
import { ensureApplicationRole } from '../../src/platform/db/roles.js'
import { DEVELOPMENT_APP_PASSWORD, DEVELOPMENT_SECRET_KEY } from '../../src/config.js'
import { deriveAuditKey } from '../../src/platform/audit/chain.js'

export interface TestDatabase {
  name: string
  ownerUrl: string
  applicationUrl: string
  /** Connected as the application's own (non-owner) role, as the app is. */
  handle: DatabaseHandle
  /** Runs SQL as the owner, bypassing row-level security: for arranging and inspecting tests. */
  owner<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<pg.QueryResult<T>>
  drop(): Promise<void>
}

export const TEST_APP_ROLE = 'mapwell_app'

/** A fresh, migrated database for one test file: a copy of the template made by the global setup. */
export async function freshDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl')
  const template = inject('templateDatabase')
  const name = `mapwell_test_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  // Copies of one template cannot be made at the same moment; retry while another file copies.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
      break
    } catch (error) {
      if (attempt > 50 || !/being accessed by other users/.test((error as Error).message)) throw error
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200))
    }
  }
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const ownerUrl = url.toString()
  await ensureApplicationRole(ownerUrl, TEST_APP_ROLE, DEVELOPMENT_APP_PASSWORD)
  const appUrl = applicationUrl(ownerUrl, TEST_APP_ROLE, DEVELOPMENT_APP_PASSWORD)
  const handle = connectDatabase(appUrl, { max: 5, auditKey: deriveAuditKey(DEVELOPMENT_SECRET_KEY) })
  const ownerPool = new pg.Pool({ connectionString: ownerUrl, max: 2 })
  return {
    name, ownerUrl, applicationUrl: appUrl, handle,
    owner: (text, values) => ownerPool.query(text, values),
    async drop() {
      await handle.close()
      await ownerPool.end()
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}
