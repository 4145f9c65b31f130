import { lt, sql } from 'drizzle-orm'
import type { DatabaseHandle } from '../db/database.js'
import { endedDeviceTrust, signInFailures } from '../../db/schema/index.js'
import type { SessionStore } from './sessions.js'

/** Removes sessions that can no longer be used and failed sign-ins too old to count. */
export async function sweepExpired(database: DatabaseHandle, sessions: SessionStore, throttleWindowSeconds: number): Promise<void> {
  await sessions.sweep()
  const before = new Date(Date.now() - throttleWindowSeconds * 1000)
  await database.withoutOrganisation((tx) => tx.delete(signInFailures).where(lt(signInFailures.occurredAt, before)))
  await database.withoutOrganisation((tx) => tx.delete(endedDeviceTrust).where(lt(endedDeviceTrust.forgetAt, new Date())))
  // Held forms and ended sessions are organisation rows: remove expired ones through functions that may see them all.
  await database.withoutOrganisation((tx) => tx.execute(sql`select mapwell_remove_expired_held_submissions()`))
  await database.withoutOrganisation((tx) => tx.execute(sql`select mapwell_remove_expired_ended_sessions()`))
}
