import { and, eq } from 'drizzle-orm'
import type { Transaction } from '../platform/db/database.js'
import type { Actor } from '../platform/http/types.js'
import { families, familyAccess } from '../db/schema/index.js'
import { familyMemberAccess } from './visibility.js'

/**
 * The family a family or network member's account belongs to, while their access lasts; otherwise
 * undefined (their worker ended it, or the family's help ended longer ago than the grace period).
 */
export async function memberFamily(tx: Transaction, actor: Actor) {
  if (actor.role !== 'family-member') return undefined
  const [row] = await tx.select({ familyId: families.id, familyName: families.familyName, accessId: familyAccess.id, kind: familyAccess.kind, personId: familyAccess.personId })
    .from(familyAccess).innerJoin(families, eq(families.id, familyAccess.familyId))
    .where(and(eq(familyAccess.userId, actor.userId), familyMemberAccess(actor.userId)))
  return row
}
