import pg from 'pg'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import { MIGRATIONS_FOLDER } from '../paths.js'

/** The advisory lock that serialises every instance's start-up set-up (migrations, role and grants) on one database. */
export const SET_UP_LOCK = 7265431000

/**
 * Runs fn on one owner connection holding the set-up lock, so that instances starting at the same
 * moment take turns: the second finds the first one's work done.
 */
export async function withSetUpLock<T>(ownerUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl })
  // A connection lost mid-way rejects the query in progress; the event must not end the process.
  client.on('error', () => undefined)
  await client.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [SET_UP_LOCK])
    return await fn(client)
  } finally {
    await client.query('select pg_advisory_unlock($1)', [SET_UP_LOCK]).catch(() => undefined)
    await client.end().catch(() => undefined)
  }
}

/** Applies the committed SQL migrations on a connection that holds the set-up lock. */
export async function applyMigrations(client: pg.Client): Promise<void> {
  await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER })
}

/** Applies the committed SQL migrations as the owning role. Concurrent starts are serialised by a lock. */
export async function runMigrations(ownerUrl: string): Promise<void> {
  await withSetUpLock(ownerUrl, applyMigrations)
}
