import { eq } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { organisations } from '../../db/schema/organisations.js'

export async function organisationSettings(tx: Transaction, organisationId: string) {
  const [row] = await tx.select({
    secondFactorRoles: organisations.secondFactorRoles, readinessThreshold: organisations.readinessThreshold,
    youngPersonMinimumAge: organisations.youngPersonMinimumAge, familyAccessGraceDays: organisations.familyAccessGraceDays,
    stepDownNeedsApproval: organisations.stepDownNeedsApproval,
  }).from(organisations).where(eq(organisations.id, organisationId))
  return row
}

export async function changeSettings(tx: Transaction, organisationId: string, values: Partial<{ secondFactorRoles: string[]; readinessThreshold: number; youngPersonMinimumAge: number; familyAccessGraceDays: number; stepDownNeedsApproval: boolean }>): Promise<void> {
  await tx.update(organisations).set(values).where(eq(organisations.id, organisationId))
}
