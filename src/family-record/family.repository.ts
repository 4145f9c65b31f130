import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '../platform/db/database.js'
import { families, people, teams, users } from '../db/schema/index.js'
import { childDisplayName } from './children.js'

/** The family, with its team and worker, if the condition `visible` allows it. */
export async function findVisibleFamily(tx: Transaction, familyId: string, visible: SQL, lock = false) {
  const query = tx.select({
    id: families.id, familyName: families.familyName, version: families.version, teamId: families.teamId, teamName: teams.name,
    allocatedWorkerId: families.allocatedWorkerId, workerName: users.displayName,
  }).from(families).leftJoin(teams, eq(teams.id, families.teamId)).leftJoin(users, eq(users.id, families.allocatedWorkerId))
    .where(and(eq(families.id, familyId), visible))
  const [row] = lock ? await query.for('update', { of: families }) : await query
  return row
}

export type VisibleFamily = NonNullable<Awaited<ReturnType<typeof findVisibleFamily>>>

/** The family's children (and unborn children), eldest first, as their names are shown. */
export async function familyChildren(tx: Transaction, familyId: string) {
  const rows = await tx.select({ id: people.id, givenName: people.givenName, knownAs: people.knownAs, kind: people.kind, familyName: people.familyNameOfPerson, dateOfBirth: people.dateOfBirth })
    .from(people).where(sql`${people.familyId} = ${familyId} and ${people.kind} in ('child', 'unborn-child')`).orderBy(people.dateOfBirth, people.givenName)
  return rows.map((row) => ({ ...row, name: childDisplayName(row) }))
}
