import pg from 'pg'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { sql } from 'drizzle-orm'
import * as schema from '../../db/schema/index.js'

export type Schema = typeof schema
export type Database = NodePgDatabase<Schema>
/** A transaction handle; repositories take this so that reads, writes and the audit row share one transaction. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

export interface DatabaseHandle {
  db: Database
  pool: pg.Pool
  /** Runs fn in one transaction in which only the given organisation's rows are visible or writable. */
  inOrganisation<T>(organisationId: string, fn: (tx: Transaction) => Promise<T>): Promise<T>
  /** Runs fn in one transaction with no organisation: only tables without organisation rows are visible. */
  withoutOrganisation<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>
  close(): Promise<void>
}

const auditKeys = new WeakMap<object, Buffer>()
/** The key this transaction signs audit rows with (platform/audit), given to connectDatabase. */
export function auditKeyOf(tx: Transaction): Buffer | undefined { return auditKeys.get(tx) }

export function connectDatabase(connectionString: string, options: { max?: number; logQuery?: (query: string, params: unknown[]) => void; auditKey?: Buffer } = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: 'mapwell',
  })
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined)
  const logQuery = options.logQuery
  const db = drizzle(pool, { schema, ...(logQuery === undefined ? {} : { logger: { logQuery } }) })
  const keyed = (tx: Transaction): Transaction => { if (options.auditKey !== undefined) auditKeys.set(tx, options.auditKey); return tx }
  return {
    db,
    pool,
    inOrganisation: (organisationId, fn) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('mapwell.organisation_id', ${organisationId}, true)`)
        return fn(keyed(tx))
      }),
    withoutOrganisation: (fn) => db.transaction((tx) => fn(keyed(tx))),
    close: () => pool.end(),
  }
}

/** The same server and database as ownerUrl, signed in as the application's own role. */
export function applicationUrl(ownerUrl: string, role: string, password: string): string {
  const url = new URL(ownerUrl)
  url.username = encodeURIComponent(role)
  url.password = encodeURIComponent(password)
  return url.toString()
}
