import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError } from '../../platform/http/errors.js'
import { CASEWORKERS, canSearchFamilies, familiesVisibleTo, type FamilyRecord } from '../../family-record/index.js'
import * as repository from './families.repository.js'
import * as levelRequests from './level.repository.js'
import type { FamilySearch } from './families.repository.js'

export const FAMILIES_PAGE_SIZE = 20

export function createFamiliesService(deps: { database: DatabaseHandle; familyRecord: FamilyRecord }) {
  const { database, familyRecord } = deps

  return {
    /**
     * Families the person may see that match the search (or all of them, with no search), a page at
     * a time. A list crosses many families, so it applies the same visibility rule as withFamily, in SQL.
     */
    async find(actor: Actor, search: FamilySearch | undefined, page: number) {
      if (!canSearchFamilies(actor)) throw new ForbiddenError('This role does not work with families directly')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const visible = familiesVisibleTo(actor)
        const offset = (page - 1) * FAMILIES_PAGE_SIZE
        const result = search === undefined
          ? await repository.listFamilies(tx, visible, FAMILIES_PAGE_SIZE, offset)
          : await repository.searchFamilies(tx, search, visible, FAMILIES_PAGE_SIZE, offset)
        const summary = await repository.summariseFamilies(tx, result.rows.map((row) => row.id))
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: search === undefined ? 'families.listed' : 'families.searched',
          subjectType: 'family-list', requestId: actor.requestId,
          // The search words may be a name: record how the search was made, never what was typed.
          details: { by: search?.by ?? 'none', page, results: result.rows.length, familyIds: result.rows.map((row) => row.id) },
        })
        return { ...result, ...summary, page, pageCount: Math.max(1, Math.ceil(result.total / FAMILIES_PAGE_SIZE)) }
      })
    },

    /** One family's record, as this member of staff may see it; 404 for a family they have no relationship with. */
    async view(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'family.viewed', roles: CASEWORKERS }, async ({ tx, family }) => {
        const people = await repository.familyPeople(tx, familyId)
        const relationships = await repository.familyRelationships(tx, familyId)
        const contacts = await repository.contactDetailsFor(tx, familyId, { userId: actor.userId })
        const { episodes, changes } = await repository.familyEpisodes(tx, familyId)
        const chronology = await repository.familyChronology(tx, familyId, 200)
        const pendingLevelChange = await levelRequests.pendingRequestFor(tx, familyId)
        const returnedLevelChange = pendingLevelChange === undefined ? await levelRequests.lastReturnedRequest(tx, familyId) : undefined
        return { family, people, relationships, contacts, episodes, changes, chronology, pendingLevelChange, returnedLevelChange }
      })
    },
  }
}

export type FamiliesService = ReturnType<typeof createFamiliesService>
