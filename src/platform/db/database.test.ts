import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'drizzle-orm'
import { freshDatabase, type TestDatabase } from '../../../test/support/database.js'
import { isDatabaseUnavailable } from './database.js'

describe('a lost database connection', () => {
  let db: TestDatabase
  beforeAll(async () => { db = await freshDatabase() })
  afterAll(async () => { await db.drop() })

  async function terminate(pid: number): Promise<void> {
    const { rows } = await db.owner<{ done: boolean }>('select pg_terminate_backend($1) as done', [pid])
    expect(rows[0]?.done).toBe(true)
  }

  it('fails the transaction that held it, as "unavailable", without an unhandled error, and the pool carries on', async () => {
    // The connection is checked out (inside a transaction) when its backend is ended: the case that
    // used to end the process with an unhandled 'error' event.
    const failure = await db.handle.withoutOrganisation(async (tx) => {
      const { rows } = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`)
      await terminate(Number(rows[0]?.pid))
      await sleep(300)
      await tx.execute(sql`select 1`)
    }).then(() => undefined, (error: unknown) => error)
    expect(failure).toBeInstanceOf(Error)
    expect(isDatabaseUnavailable(failure)).toBe(true)

    const { rows } = await db.handle.pool.query<{ one: number }>('select 1 as one')
    expect(rows[0]?.one).toBe(1)
  })

  it('ends idle connections without harm: the next query gets a new one', async () => {
    const { rows: before } = await db.handle.pool.query<{ pid: number }>('select pg_backend_pid() as pid')
    await terminate(Number(before[0]?.pid))
    await sleep(200)
    const { rows: after } = await db.handle.pool.query<{ pid: number }>('select pg_backend_pid() as pid')
    expect(after[0]?.pid).not.toBe(before[0]?.pid)
  })

  it('tells an unreachable database from a mistake in a query', async () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5'), { code: 'ECONNREFUSED' }))).toBe(true)
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }) }))).toBe(true)
    const mistake = await db.handle.pool.query('select * from no_such_table').then(() => undefined, (error: unknown) => error)
    expect(mistake).toBeInstanceOf(Error)
    expect(isDatabaseUnavailable(mistake)).toBe(false)
  })
})
