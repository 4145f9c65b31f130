import crypto from 'node:crypto'
import { loadConfig } from '../../src/config.js'
import { loadDemoData } from '../../src/demo/demo-data.js'
import { createServices, type Services } from '../../src/services.js'
import type { Actor } from '../../src/platform/http/types.js'
import { freshDatabase, type TestDatabase } from './database.js'

/**
 * The real services on a fresh database with the demo councils, without Fastify: for "medium"
 * tests of a service's rules, its audit rows and who gets a 404.
 */
export interface ServiceWorld {
  db: TestDatabase
  services: Services
  /** A signed-in member of staff (or family member) as a service sees them, by email. */
  actor(email: string): Promise<Actor>
  /** The audit rows written for a subject (newest first). */
  auditOf(subjectId: string): Promise<{ action: string; outcome: string; subject_type: string; actor_user_id: string | null; details: Record<string, unknown> }[]>
  close(): Promise<void>
}

export async function serviceWorld(): Promise<ServiceWorld> {
  const db = await freshDatabase()
  await loadDemoData(db.ownerUrl)
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' })
  const services = createServices({ config, database: db.handle })
  return {
    db, services,
    async actor(email) {
      const { rows } = await db.owner<{ id: string; organisation_id: string; organisation_name: string; display_name: string; email: string; role: Actor['role']; team_id: string | null; agency_id: string | null }>(
        `select u.id, u.organisation_id, o.name as organisation_name, u.display_name, u.email, u.role, u.team_id, u.agency_id
           from users u join organisations o on o.id = u.organisation_id where lower(u.email) = lower($1)`, [email])
      const row = rows[0]
      if (row === undefined) throw new Error(`No account ${email}`)
      return {
        userId: row.id, organisationId: row.organisation_id, organisationName: row.organisation_name, displayName: row.display_name, email: row.email,
        role: row.role, teamId: row.team_id, agencyId: row.agency_id, sessionId: crypto.randomUUID(), requestId: crypto.randomUUID(),
      }
    },
    async auditOf(subjectId) {
      const { rows } = await db.owner<{ action: string; outcome: string; subject_type: string; actor_user_id: string | null; details: Record<string, unknown> }>(
        `select action, outcome, subject_type, actor_user_id, details from audit_events where subject_id = $1 order by occurred_at desc, id desc`, [subjectId])
      return rows
    },
    async close() {
      await db.drop()
    },
  }
}
