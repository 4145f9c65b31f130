import { eq } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { agencies, teams, users } from '../../db/schema/index.js'

export async function accountOf(tx: Transaction, userId: string) {
  const [row] = await tx.select({ totpEnabledAt: users.totpEnabledAt, teamName: teams.name, agencyName: agencies.name, lastSignedInAt: users.lastSignedInAt })
    .from(users).leftJoin(teams, eq(teams.id, users.teamId)).leftJoin(agencies, eq(agencies.id, users.agencyId)).where(eq(users.id, userId))
  return row
}
