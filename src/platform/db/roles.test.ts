import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, type TestDatabase } from '../../../test/support/database.js'
import { APPLICATION_PRIVILEGES } from './roles.js'

/** Tables that hold organisation rows but are looked up before anyone's organisation is known. */
const WITHOUT_ROW_SECURITY = ['sessions']

describe('database privileges and row-level security', () => {
  let db: TestDatabase
  beforeAll(async () => { db = await freshDatabase() })
  afterAll(async () => { await db.drop() })

  it('names every table\'s privileges for the application role, so a new table is a deliberate decision', async () => {
    const { rows } = await db.owner<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)
    const unlisted = rows.map((row) => row.table_name).filter((table) => !(table in APPLICATION_PRIVILEGES))
    expect(unlisted).toEqual([])
  })

  it('protects every table with an organisation column by row-level security', async () => {
    const { rows } = await db.owner<{ relname: string; relrowsecurity: boolean }>(
      `select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r'
          and exists (select 1 from information_schema.columns col where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'organisation_id')`)
    const unprotected = rows.filter((row) => !row.relrowsecurity && !WITHOUT_ROW_SECURITY.includes(row.relname)).map((row) => row.relname)
    expect(rows.length).toBeGreaterThan(5)
    expect(unprotected).toEqual([])
  })
})
