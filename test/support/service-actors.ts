import crypto from 'node:crypto'
import type { Actor } from '../../src/platform/http/types.js'
import type { UserRole } from '../../src/db/schema/organisations.js'
import { freshDatabase, type TestDatabase } from './database.js'
import { createUser, familyIdNamed } from './factories.js'
import { loadDemoData } from '../../src/demo/demo-data.js'
import { createFamilyRecord, type FamilyRecord } from '../../src/family-record/index.js'

/**
 * The actor a service sees for an existing account, as if it had signed in: for service-level tests
 * that call real services without Fastify or a session.
 */
export async function actorFor(db: TestDatabase, email: string): Promise<Actor> {
  const { rows: [row] } = await db.owner<{ id: string; organisation_id: string; organisation_name: string; display_name: string; email: string; role: UserRole; team_id: string | null; agency_id: string | null }>(
    `select u.id, u.organisation_id, o.name as organisation_name, u.display_name, u.email, u.role, u.team_id, u.agency_id
       from users u join organisations o on o.id = u.organisation_id where lower(u.email) = lower($1)`, [email])
  if (row === undefined) throw new Error(`No account ${email}`)
  return {
    userId: row.id, organisationId: row.organisation_id, organisationName: row.organisation_name, displayName: row.display_name, email: row.email,
    role: row.role, teamId: row.team_id, agencyId: row.agency_id, sessionId: crypto.randomUUID(), requestId: crypto.randomUUID(),
  }
}

/** The audit rows written for one request, oldest first. */
export async function auditRowsOf(db: TestDatabase, actor: Actor) {
  const { rows } = await db.owner<{ action: string; outcome: string; subject_type: string; subject_id: string; details: Record<string, unknown> }>(
    `select action, outcome, subject_type, subject_id, details from audit_events where request_id = $1 order by id`, [actor.requestId])
  return rows
}

/** A fresh request id for the same person, so the next call's audit rows can be read alone. */
export function nextRequest(actor: Actor): Actor {
  return { ...actor, requestId: crypto.randomUUID() }
}

/** The demo councils on a fresh database, with the family record and the people most service tests ask as. */
export interface AshworthWorld {
  db: TestDatabase
  familyRecord: FamilyRecord
  /** The Ashworth family, Rowan's and Priya's. */
  familyId: string
  rowan: Actor
  manager: Actor
  /** A practitioner of the same council with no relationship to the family. */
  outsider: Actor
}

export async function ashworthWorld(): Promise<AshworthWorld> {
  const db = await freshDatabase()
  await loadDemoData(db.ownerUrl)
  return {
    db,
    familyRecord: createFamilyRecord({ database: db.handle }),
    familyId: await familyIdNamed(db, 'The Ashworth family'),
    rowan: await actorFor(db, 'practitioner@fellside.example'),
    manager: await actorFor(db, 'manager@fellside.example'),
    outsider: await actorFor(db, (await createUser(db, { role: 'practitioner' })).email),
  }
}
