import { eq } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { organisations } from '../../db/schema/organisations.js'

/** What a family is told to do out of office hours: the one setting a family's own space reads. */
export async function outOfHours(tx: Transaction, organisationId: string): Promise<{ phone: string; text: string; organisationName: string }> {
  const [row] = await tx.select({ phone: organisations.outOfHoursPhone, text: organisations.outOfHoursText, organisationName: organisations.name })
    .from(organisations).where(eq(organisations.id, organisationId))
  return row ?? { phone: '', text: '', organisationName: '' }
}

export async function organisationSettings(tx: Transaction, organisationId: string) {
  const [row] = await tx.select({
    secondFactorRoles: organisations.secondFactorRoles, readinessThreshold: organisations.readinessThreshold,
    youngPersonMinimumAge: organisations.youngPersonMinimumAge, familyAccessGraceDays: organisations.familyAccessGraceDays,
    outOfHoursPhone: organisations.outOfHoursPhone, outOfHoursText: organisations.outOfHoursText,
    stepDownNeedsApproval: organisations.stepDownNeedsApproval,
  }).from(organisations).where(eq(organisations.id, organisationId))
  return row
}

export async function changeSettings(tx: Transaction, organisationId: string, values: Partial<{ secondFactorRoles: string[]; readinessThreshold: number; youngPersonMinimumAge: number; familyAccessGraceDays: number; outOfHoursPhone: string; outOfHoursText: string; stepDownNeedsApproval: boolean }>): Promise<void> {
  await tx.update(organisations).set(values).where(eq(organisations.id, organisationId))
}
