import { and, asc, eq, ilike, or, sql } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { languageTerms } from '../../db/schema/index.js'
import { coach, type CoachResult, type TextKind } from './coach.js'
import { DEFAULT_TERMS, type LanguageTerm } from './default-terms.js'
import { CASEWORKERS, PARTNERS, hiddenPartsWarning, hiddenValueMatcher, valuesHiddenFromFamily, type FamilyRecord } from '../../family-record/index.js'

export type TermChange = { outcome: 'saved' } | { outcome: 'duplicate' } | { outcome: 'conflict'; current: LanguageTerm & { version: number } }

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`)
}

async function organisationTerms(tx: Transaction): Promise<LanguageTerm[]> {
  return tx.select({ term: languageTerms.term, suggestion: languageTerms.suggestion, explanation: languageTerms.explanation }).from(languageTerms)
}

export function createLanguageService(deps: { database: DatabaseHandle; familyRecord?: FamilyRecord }) {
  const { database, familyRecord } = deps
  function assertAdministrator(actor: Actor): void {
    if (actor.role !== 'organisation-administrator') throw new ForbiddenError('Only administrators edit the plain-language list')
  }

  return {
    /** Advice on a piece of text, using the organisation's list (or the recommended one until it has its own). */
    async check(actor: Actor, text: string, kind: TextKind, familyId?: string): Promise<CoachResult & { hidden?: string }> {
      const terms = await database.inOrganisation(actor.organisationId, organisationTerms)
      const advice = coach(text, kind, terms.length === 0 ? DEFAULT_TERMS : terms)
      if (familyId === undefined || familyRecord === undefined || text.trim() === '') return advice
      // Text for a family: say when it holds part of a detail hidden from someone in it (the family's copies will blank it).
      const hidden = await familyRecord.withFamily(actor, familyId, { action: 'language.checked-for-hidden-details', roles: [...CASEWORKERS, ...PARTNERS] },
        async ({ tx }) => hiddenPartsWarning(hiddenValueMatcher(await valuesHiddenFromFamily(tx, familyId)).find(text)))
      return hidden === undefined ? advice : { ...advice, hidden }
    },

    async list(actor: Actor, search: string) {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const pattern = `%${escapeLike(search)}%`
        const where = search === '' ? undefined : or(ilike(languageTerms.term, pattern), ilike(languageTerms.suggestion, pattern))
        const terms = await tx.select().from(languageTerms).where(where).orderBy(asc(sql`lower(${languageTerms.term})`))
        const all = await organisationTerms(tx)
        const missingRecommended = DEFAULT_TERMS.filter((recommended) => !all.some((term) => term.term.toLowerCase() === recommended.term.toLowerCase())).length
        return { terms, missingRecommended }
      })
    },

    async find(actor: Actor, termId: string) {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const [term] = await tx.select().from(languageTerms).where(eq(languageTerms.id, termId))
        if (term === undefined) throw new NotFoundError('term')
        return term
      })
    },

    async add(actor: Actor, fields: LanguageTerm): Promise<TermChange> {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const inserted = await tx.insert(languageTerms).values({ organisationId: actor.organisationId, ...fields })
          .onConflictDoNothing().returning({ id: languageTerms.id })
        if (inserted[0] === undefined) return { outcome: 'duplicate' as const }
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'language-term.added', subjectType: 'language-term', subjectId: inserted[0].id, requestId: actor.requestId, details: { term: fields.term } })
        return { outcome: 'saved' as const }
      })
    },

    async update(actor: Actor, termId: string, baseVersion: number, fields: LanguageTerm): Promise<TermChange> {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const [current] = await tx.select().from(languageTerms).where(eq(languageTerms.id, termId))
        if (current === undefined) throw new NotFoundError('term')
        if (current.version !== baseVersion) return { outcome: 'conflict' as const, current }
        const [clash] = await tx.select({ id: languageTerms.id }).from(languageTerms)
          .where(and(sql`lower(${languageTerms.term}) = lower(${fields.term})`, sql`${languageTerms.id} <> ${termId}`))
        if (clash !== undefined) return { outcome: 'duplicate' as const }
        await tx.update(languageTerms).set({ ...fields, version: sql`${languageTerms.version} + 1`, updatedAt: new Date() })
          .where(and(eq(languageTerms.id, termId), eq(languageTerms.version, baseVersion)))
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'language-term.changed', subjectType: 'language-term', subjectId: termId, requestId: actor.requestId, details: { term: fields.term } })
        return { outcome: 'saved' as const }
      })
    },

    async remove(actor: Actor, termId: string): Promise<void> {
      assertAdministrator(actor)
      await database.inOrganisation(actor.organisationId, async (tx) => {
        const removed = await tx.delete(languageTerms).where(eq(languageTerms.id, termId)).returning({ term: languageTerms.term })
        if (removed[0] === undefined) throw new NotFoundError('term')
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'language-term.removed', subjectType: 'language-term', subjectId: termId, requestId: actor.requestId, details: { term: removed[0].term } })
      })
    },

    /** Adds every recommended term the organisation does not have yet. */
    async addRecommended(actor: Actor): Promise<number> {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const added = await tx.insert(languageTerms).values(DEFAULT_TERMS.map((term) => ({ organisationId: actor.organisationId, ...term })))
          .onConflictDoNothing().returning({ id: languageTerms.id })
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'language-term.added', subjectType: 'language-term', requestId: actor.requestId, details: { recommended: added.length } })
        return added.length
      })
    },
  }
}

export type LanguageService = ReturnType<typeof createLanguageService>
