import { and, asc, desc, eq, ilike, or, sql } from 'drizzle-orm'
import type { Transaction } from '../../platform/db/database.js'
import { auditEvents, languageTerms, users } from '../../db/schema/index.js'
import { DEFAULT_TERMS, type LanguageTerm } from './default-terms.js'

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`)
}

export async function organisationTerms(tx: Transaction): Promise<LanguageTerm[]> {
  return tx.select({ term: languageTerms.term, suggestion: languageTerms.suggestion, explanation: languageTerms.explanation }).from(languageTerms)
}

/** The organisation's plain-language list, or the recommended one until it has its own. */
export async function termsInUse(tx: Transaction): Promise<readonly LanguageTerm[]> {
  const terms = await organisationTerms(tx)
  return terms.length === 0 ? DEFAULT_TERMS : terms
}

/** The terms whose word or suggestion contains the search (every term for an empty search), A to Z. */
export async function searchTerms(tx: Transaction, search: string) {
  const pattern = `%${escapeLike(search)}%`
  const where = search === '' ? undefined : or(ilike(languageTerms.term, pattern), ilike(languageTerms.suggestion, pattern))
  return tx.select().from(languageTerms).where(where).orderBy(asc(sql`lower(${languageTerms.term})`))
}

export async function findTerm(tx: Transaction, termId: string, forUpdate = false) {
  const query = tx.select().from(languageTerms).where(eq(languageTerms.id, termId))
  const [term] = forUpdate ? await query.for('update') : await query
  return term
}

/** Adds a term; undefined when the organisation already has that word (in any case). */
export async function insertTerm(tx: Transaction, organisationId: string, fields: LanguageTerm): Promise<string | undefined> {
  const [inserted] = await tx.insert(languageTerms).values({ organisationId, ...fields }).onConflictDoNothing().returning({ id: languageTerms.id })
  return inserted?.id
}

/** Whether another term already has this word. */
export async function termTakenByAnother(tx: Transaction, term: string, termId: string): Promise<boolean> {
  const [clash] = await tx.select({ id: languageTerms.id }).from(languageTerms)
    .where(and(sql`lower(${languageTerms.term}) = lower(${term})`, sql`${languageTerms.id} <> ${termId}`))
  return clash !== undefined
}

export async function updateTerm(tx: Transaction, termId: string, fields: LanguageTerm, version: number): Promise<void> {
  await tx.update(languageTerms).set({ ...fields, version, updatedAt: new Date() }).where(eq(languageTerms.id, termId))
}

/** Removes a term; its word, or undefined when there was no such term. */
export async function deleteTerm(tx: Transaction, termId: string): Promise<string | undefined> {
  const [removed] = await tx.delete(languageTerms).where(eq(languageTerms.id, termId)).returning({ term: languageTerms.term })
  return removed?.term
}

/** Adds every recommended term the organisation does not have yet; how many were added. */
export async function insertRecommended(tx: Transaction, organisationId: string): Promise<number> {
  const added = await tx.insert(languageTerms).values(DEFAULT_TERMS.map((term) => ({ organisationId, ...term }))).onConflictDoNothing().returning({ id: languageTerms.id })
  return added.length
}

/** Who removed a term from the list, and when, as the audit log has it (a removed term's row is gone). */
export async function termRemoval(tx: Transaction, termId: string): Promise<{ removedBy: string | null; removedAt: Date } | undefined> {
  const [row] = await tx.select({ removedBy: users.displayName, removedAt: auditEvents.occurredAt }).from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.action, 'language-term.removed'), eq(auditEvents.subjectType, 'language-term'), eq(auditEvents.subjectId, termId)))
    .orderBy(desc(auditEvents.occurredAt)).limit(1)
  return row
}
