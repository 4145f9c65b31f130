import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { applyVersioned } from '../../family-record/index.js'
import { coach, type CoachResult, type TextKind } from './coach.js'
import { DEFAULT_TERMS, type LanguageTerm } from './default-terms.js'
import { CASEWORKERS, PARTNERS, hiddenPartsWarning, hiddenValueMatcher, valuesHiddenFromFamily, type FamilyRecord } from '../../family-record/index.js'
import * as repository from './language.repository.js'

export type TermChange =
  | { outcome: 'saved' }
  | { outcome: 'duplicate' }
  | { outcome: 'conflict'; current: LanguageTerm & { version: number } }
  /** Someone removed the word while this person was changing it: what they typed is not lost, and they may add it again. */
  | { outcome: 'removed'; removedBy: string | null; removedAt: Date }

type TermNow = { removed: false; term: LanguageTerm & { version: number } } | { removed: true; removedBy: string | null; removedAt: Date }

/**
 * The organisation's plain-language list. It belongs to the organisation, not to one family, so
 * this service works in the organisation's transaction; only a check of text meant for a family
 * goes through the family record, to warn of details hidden from someone in it.
 */
export function createLanguageService(deps: { database: DatabaseHandle; familyRecord?: FamilyRecord }) {
  const { database, familyRecord } = deps
  function assertAdministrator(actor: Actor): void {
    if (actor.role !== 'organisation-administrator') throw new ForbiddenError('Only administrators edit the plain-language list')
  }

  async function audit(tx: Transaction, actor: Actor, action: string, subjectId: string | undefined, details: Record<string, unknown>) {
    await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action, subjectType: 'language-term', subjectId, requestId: actor.requestId, details })
  }

  return {
    /** Advice on a piece of text, using the organisation's list (or the recommended one until it has its own). */
    async check(actor: Actor, text: string, kind: TextKind, familyId?: string): Promise<CoachResult & { hidden?: string }> {
      const terms = await database.inOrganisation(actor.organisationId, repository.termsInUse)
      const advice = coach(text, kind, terms)
      if (familyId === undefined || familyRecord === undefined || text.trim() === '') return advice
      // Text for a family: say when it holds part of a detail hidden from someone in it (the family's copies will blank it).
      const hidden = await familyRecord.withFamily(actor, familyId, { action: 'language.checked-for-hidden-details', roles: [...CASEWORKERS, ...PARTNERS] },
        async ({ tx }) => hiddenPartsWarning(hiddenValueMatcher(await valuesHiddenFromFamily(tx, familyId)).find(text)))
      return hidden === undefined ? advice : { ...advice, hidden }
    },

    async list(actor: Actor, search: string) {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const terms = await repository.searchTerms(tx, search)
        const all = await repository.organisationTerms(tx)
        const missingRecommended = DEFAULT_TERMS.filter((recommended) => !all.some((term) => term.term.toLowerCase() === recommended.term.toLowerCase())).length
        return { terms, missingRecommended }
      })
    },

    async find(actor: Actor, termId: string) {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const term = await repository.findTerm(tx, termId)
        if (term === undefined) throw new NotFoundError('term')
        return term
      })
    },

    async add(actor: Actor, fields: LanguageTerm): Promise<TermChange> {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const termId = await repository.insertTerm(tx, actor.organisationId, fields)
        if (termId === undefined) return { outcome: 'duplicate' as const }
        await audit(tx, actor, 'language-term.added', termId, { term: fields.term })
        return { outcome: 'saved' as const }
      })
    },

    async update(actor: Actor, termId: string, baseVersion: number, fields: LanguageTerm): Promise<TermChange> {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx): Promise<TermChange> => {
        const result = await applyVersioned<TermNow, 'saved' | 'duplicate'>({
          // The form carries no submission id: saving the same text twice is harmless, and the second is a conflict.
          earlier: async () => undefined,
          base: {
            version: baseVersion,
            current: async () => {
              const term = await repository.findTerm(tx, termId, true)
              if (term !== undefined) return { version: term.version, removed: false, state: { removed: false, term } }
              const removal = await repository.termRemoval(tx, termId)
              return removal === undefined ? undefined : { version: 0, removed: true, state: { removed: true, ...removal } }
            },
          },
          write: async (version) => {
            if (await repository.termTakenByAnother(tx, fields.term, termId)) return 'duplicate'
            await repository.updateTerm(tx, termId, fields, version)
            await audit(tx, actor, 'language-term.changed', termId, { term: fields.term, version })
            return 'saved'
          },
        })
        if (result.outcome !== 'conflict') return { outcome: result.saved }
        if (result.theirs.removed) return { outcome: 'removed', removedBy: result.theirs.removedBy, removedAt: result.theirs.removedAt }
        return { outcome: 'conflict', current: result.theirs.term }
      })
    },

    async remove(actor: Actor, termId: string): Promise<void> {
      assertAdministrator(actor)
      await database.inOrganisation(actor.organisationId, async (tx) => {
        const term = await repository.deleteTerm(tx, termId)
        if (term === undefined) throw new NotFoundError('term')
        await audit(tx, actor, 'language-term.removed', termId, { term })
      })
    },

    /** Adds every recommended term the organisation does not have yet. */
    async addRecommended(actor: Actor): Promise<number> {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const added = await repository.insertRecommended(tx, actor.organisationId)
        await audit(tx, actor, 'language-term.added', undefined, { recommended: added })
        return added
      })
    },
  }
}

export type LanguageService = ReturnType<typeof createLanguageService>
