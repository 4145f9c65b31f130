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
  // Nor one dropped while checked out (pg_terminate_backend, a restart, a failover): pg then emits
  // 'error' on the client, which the pool stops listening to while the client is lent. The query in
  // progress (or the next one) fails instead, the request gets the service-unavailable page, and the
  // pool drops the broken client when it is released.
  pool.on('connect', (client) => { client.on('error', () => undefined) })
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

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  '57P01', // admin_shutdown: pg_terminate_backend or a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
  '25006', // read_only_sql_transaction: a standby after failover, before promotion
])
const UNAVAILABLE_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect|Client was closed|Connection ended|the database system is (starting up|shutting down|in recovery)/i

/** Whether an error (or what caused it, as drizzle wraps driver errors) means the database cannot be reached just now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true
    if (UNAVAILABLE_MESSAGES.test(current.message)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}
