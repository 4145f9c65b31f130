import { count, desc, eq } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { feedback } from '../../db/schema/index.js'
import type { FeedbackFields } from './feedback.schema.js'

export async function insertFeedback(tx: Transaction, row: FeedbackFields & { organisationId: string | null; userId: string | null }): Promise<string> {
  const [saved] = await tx.insert(feedback).values(row).returning({ id: feedback.id })
  if (saved === undefined) throw new Error('feedback not saved')
  return saved.id
}

/**
 * Feedback from someone not signed in: no organisation, so no one may read it back through the
 * application's role, not even this statement (hence no RETURNING).
 */
export async function insertUnsignedFeedback(tx: Transaction, row: FeedbackFields): Promise<void> {
  await tx.insert(feedback).values({ ...row, organisationId: null, userId: null })
}

/** The organisation's feedback, newest first, a page at a time (row-level security keeps it to the organisation). */
export async function feedbackPage(tx: Transaction, organisationId: string, limit: number, offset: number) {
  const rows = await tx.select({
    id: feedback.id, whatWentWrong: feedback.whatWentWrong, whatTheyWereDoing: feedback.whatTheyWereDoing, contactEmail: feedback.contactEmail, createdAt: feedback.createdAt,
  }).from(feedback).where(eq(feedback.organisationId, organisationId)).orderBy(desc(feedback.createdAt), desc(feedback.id)).limit(limit).offset(offset)
  const [total] = await tx.select({ value: count() }).from(feedback).where(eq(feedback.organisationId, organisationId))
  return { rows, total: total?.value ?? 0 }
}
