import { loadConfig } from '../../src/config.js'
import { loadDemoData } from '../../src/demo/demo-data.js'
import { createServices, type Services } from '../../src/services.js'
import type { Actor } from '../../src/platform/http/types.js'
import { freshDatabase, type TestDatabase } from './database.js'
import { actorFor } from './service-actors.js'

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
    actor: async (email) => actorFor(db, email),
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
