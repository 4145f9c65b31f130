import type { Actor } from '../../platform/http/types.js'
import type { DatabaseHandle } from '../../platform/db/database.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { todayInLondon } from '../../platform/time.js'
import { applyVersioned, CASEWORKERS, MANAGERS, isCaseworker, type FamilyRecord, type VersionedOutcome } from '../../family-record/index.js'
import type { LevelOfHelp } from '../../db/schema/families.js'
import * as repository from './families.repository.js'
import type { ContactValues } from './families.repository.js'
import type { Transaction } from '../../platform/db/database.js'
import { RELATIONSHIP_MESSAGES, relationshipFromSideOf, relationshipWords, type PersonFields, type RelationshipRow } from './record.schema.js'

export type PersonState = NonNullable<Awaited<ReturnType<typeof repository.personInFamily>>>
export type ContactState = NonNullable<Awaited<ReturnType<typeof repository.contactFor>>>

/** Relationship rows that cannot be saved: errors by field, so the form shows them beside what was typed. */
export interface RelationshipsInvalid { outcome: 'invalid'; errors: Record<string, string> }

/**
 * Checks a person's relationship rows against the family and works out what to write: rows with an id
 * are relationships already recorded (left alone if unchanged, removed if cleared, replaced if changed);
 * rows without are new. Recorded relationships the form did not show are kept.
 */
async function planRelationships(tx: Transaction, familyId: string, personId: string | undefined, rows: { index: number; row: RelationshipRow }[], clearedIds: string[]) {
  const members = new Set((await repository.listPeopleNames(tx, familyId)).map((member) => member.id))
  const recorded = personId === undefined ? [] : (await repository.familyRelationships(tx, familyId)).filter((relation) => relation.personId === personId || relation.relatedPersonId === personId)
  const errors: Record<string, string> = {}
  const shown = new Set([...clearedIds, ...rows.map(({ row }) => row.id)].filter((id) => recorded.some((relation) => relation.id === id)))
  const others = recorded.filter((relation) => !shown.has(relation.id)).map((relation) => relationshipFromSideOf(relation, personId ?? '').otherId)
  const add: { otherId: string; words: string }[] = []
  const remove = recorded.filter((relation) => clearedIds.includes(relation.id)).map((relation) => relation.id)
  for (const { index, row } of rows) {
    const field = `relWith-${String(index)}`
    if (personId !== undefined && row.otherId === personId) { errors[field] = RELATIONSHIP_MESSAGES.self; continue }
    if (!members.has(row.otherId)) { errors[field] = RELATIONSHIP_MESSAGES.notInFamily; continue }
    if (others.includes(row.otherId)) { errors[field] = RELATIONSHIP_MESSAGES.duplicate; continue }
    others.push(row.otherId)
    const before = recorded.find((relation) => relation.id === row.id)
    if (before !== undefined) {
      const side = relationshipFromSideOf(before, personId ?? '')
      if (side.otherId === row.otherId && relationshipWords(side.words) === relationshipWords(row.words)) continue
      remove.push(before.id)
    }
    add.push({ otherId: row.otherId, words: relationshipWords(row.words) })
  }
  return { errors, add, remove }
}

async function writeRelationships(tx: Transaction, organisationId: string, familyId: string, personId: string, plan: { add: { otherId: string; words: string }[]; remove: string[] }) {
  await repository.removeRelationships(tx, familyId, plan.remove)
  for (const relation of plan.add) await repository.insertRelationship(tx, organisationId, familyId, personId, relation.otherId, relation.words)
}

export type AllocationResult = { outcome: 'saved' } | { outcome: 'invalid'; reason: string }

export const ALLOCATION_MESSAGES = {
  teamMissing: 'Choose the team responsible for this family: every family has one',
  unknown: 'Choose a worker and team from the lists',
  notTheirManager: 'Only a manager of the family\'s own team can give the family to another worker or team',
} as const

/** Adding to a family's record: people, contact details, chronology events, allocation, and new families. */
export function createRecordService(deps: { database: DatabaseHandle; familyRecord: FamilyRecord }) {
  const { database, familyRecord } = deps
  const casework = (action: string, lockFamily = false) => ({ action, roles: CASEWORKERS, lockFamily })

  return {
    async people(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, casework('family.people-listed'), async ({ tx, family }) =>
        ({ family, members: await repository.listPeopleNames(tx, familyId) }))
    },

    /** Adds a person with any number of relationships to others in the family; bad relationships change nothing. */
    async addPerson(actor: Actor, familyId: string, fields: PersonFields, relations: { index: number; row: RelationshipRow }[] = []): Promise<{ outcome: 'saved'; personId: string } | RelationshipsInvalid> {
      return familyRecord.withFamily(actor, familyId, casework('family.person-added'), async ({ tx, audit }) => {
        const plan = await planRelationships(tx, familyId, undefined, relations.map(({ index, row }) => ({ index, row: { ...row, id: '' } })), [])
        if (Object.keys(plan.errors).length > 0) {
          audit.outcome = 'failure'
          audit.details = { kind: fields.kind, refused: Object.values(plan.errors) }
          return { outcome: 'invalid' as const, errors: plan.errors }
        }
        const personId = await repository.insertPerson(tx, actor.organisationId, familyId, fields)
        await writeRelationships(tx, actor.organisationId, familyId, personId, plan)
        audit.details = { personId, kind: fields.kind, relationshipsAdded: plan.add.length }
        return { outcome: 'saved' as const, personId }
      })
    },

    async addContact(actor: Actor, familyId: string, personId: string, fields: ContactValues): Promise<void> {
      await familyRecord.withFamily(actor, familyId, casework('family.contact-added'), async ({ tx, audit }) => {
        if (await repository.personInFamily(tx, familyId, personId) === undefined) throw new NotFoundError('person')
        await repository.insertContact(tx, actor.organisationId, familyId, personId, fields)
        audit.details = { personId, hiddenFrom: fields.hiddenFrom.length }
      })
    },

    async addEvent(actor: Actor, familyId: string, fields: { occurredOn: string; title: string; description: string | null }): Promise<void> {
      await familyRecord.withFamily(actor, familyId, casework('family.event-added'), async ({ tx }) => {
        await repository.insertChronologyEvent(tx, actor.organisationId, familyId, { ...fields, recordedBy: actor.userId })
      })
    },

    /** One person and their relationships, for changing their details. */
    async person(actor: Actor, familyId: string, personId: string) {
      return familyRecord.withFamily(actor, familyId, casework('family.person-viewed'), async ({ tx, family, audit }) => {
        const person = await repository.personInFamily(tx, familyId, personId)
        if (person === undefined) throw new NotFoundError('person')
        audit.details = { personId }
        // Their relationships from their side, each with the recorded relationship's id, for the "is … of" rows.
        const relationships: RelationshipRow[] = (await repository.familyRelationships(tx, familyId))
          .filter((relation) => relation.personId === personId || relation.relatedPersonId === personId)
          .map((relation) => { const side = relationshipFromSideOf(relation, personId); return { id: relation.id, words: side.words, otherId: side.otherId } })
        return { family, person, relationships }
      })
    },

    async updatePerson(actor: Actor, familyId: string, personId: string, baseVersion: number, fields: PersonFields,
      relations: { rows: { index: number; row: RelationshipRow }[]; clearedIds: string[] } = { rows: [], clearedIds: [] }): Promise<VersionedOutcome<PersonState, null> | RelationshipsInvalid> {
      return familyRecord.withFamily(actor, familyId, casework('family.person-changed'), async ({ tx, audit }) => {
        audit.details = { personId }
        if (await repository.personInFamily(tx, familyId, personId) === undefined) throw new NotFoundError('person')
        const plan = await planRelationships(tx, familyId, personId, relations.rows, relations.clearedIds)
        if (Object.keys(plan.errors).length > 0) {
          audit.outcome = 'failure'
          audit.details = { personId, refused: Object.values(plan.errors) }
          return { outcome: 'invalid' as const, errors: plan.errors }
        }
        audit.details = { personId, relationshipsAdded: plan.add.length, relationshipsRemoved: plan.remove.length }
        const result = await applyVersioned<PersonState, null>({
          earlier: async () => undefined,
          base: {
            version: baseVersion,
            current: async () => {
              const person = await repository.personInFamily(tx, familyId, personId, true)
              return person === undefined ? undefined : { version: person.version, removed: false, state: person }
            },
          },
          write: async (version) => {
            await repository.updatePerson(tx, personId, version, fields)
            await writeRelationships(tx, actor.organisationId, familyId, personId, plan)
            return null
          },
        })
        if (result.outcome === 'conflict') { audit.action = 'family.person-change-conflict'; audit.outcome = 'failure' }
        return result
      })
    },

    /** One contact detail, for changing it or who it is hidden from. Someone it is hidden from never gets it. */
    async contact(actor: Actor, familyId: string, contactId: string, options: { includeRemoved?: boolean } = {}) {
      return familyRecord.withFamily(actor, familyId, casework('family.contact-viewed'), async ({ tx, family, audit }) => {
        const contact = await repository.contactFor(tx, familyId, contactId, actor.userId)
        if (contact === undefined || (contact.removedAt !== null && options.includeRemoved !== true)) throw new NotFoundError('contact detail')
        audit.details = { contactId }
        return { family, contact }
      })
    },

    /**
     * Changes a contact detail. A stale edit, or one to a detail someone removed meanwhile, is a
     * conflict that gives back both versions: what the person typed is never lost.
     */
    async updateContact(actor: Actor, familyId: string, contactId: string, baseVersion: number, fields: ContactValues): Promise<VersionedOutcome<ContactState, null>> {
      return familyRecord.withFamily(actor, familyId, casework('family.contact-changed'), async ({ tx, audit }) => {
        audit.details = { contactId, hiddenFrom: fields.hiddenFrom.length }
        const result = await applyVersioned<ContactState, null>({
          earlier: async () => undefined,
          base: {
            version: baseVersion,
            current: async () => {
              const contact = await repository.contactFor(tx, familyId, contactId, actor.userId, true)
              return contact === undefined ? undefined : { version: contact.version, removed: contact.removedAt !== null, state: contact }
            },
          },
          write: async (version) => { await repository.updateContact(tx, contactId, version, fields); return null },
        })
        if (result.outcome === 'conflict') { audit.action = 'family.contact-change-conflict'; audit.outcome = 'failure' }
        return result
      })
    },

    async removeContact(actor: Actor, familyId: string, contactId: string): Promise<void> {
      await familyRecord.withFamily(actor, familyId, casework('family.contact-removed'), async ({ tx, audit }) => {
        const contact = await repository.contactFor(tx, familyId, contactId, actor.userId, true)
        if (contact === undefined || contact.removedAt !== null) throw new NotFoundError('contact detail')
        await repository.removeContact(tx, contactId)
        audit.details = { contactId }
      })
    },

    /**
     * Teams and caseworkers, for choosing who the family is allocated to. Allocation is a manager's
     * decision: a manager of the family's own team (so not one who sees it only by breaking the glass).
     */
    async allocationChoices(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'family.allocation-viewed', roles: MANAGERS }, async ({ tx, family }) => {
        if (family.teamId !== null && family.teamId !== actor.teamId) throw new NotFoundError('family')
        return { family, teams: await repository.allTeams(tx), workers: await repository.allocatableWorkers(tx) }
      })
    },

    /** Gives the family to another worker or team, and notes it in the chronology. A family always keeps a responsible team. */
    async allocate(actor: Actor, familyId: string, teamId: string | null, workerId: string | null): Promise<AllocationResult> {
      return familyRecord.withFamily(actor, familyId, { action: 'family.allocated', roles: MANAGERS, lockFamily: true }, async ({ tx, family, audit }) => {
        if (family.teamId !== null && family.teamId !== actor.teamId) throw new NotFoundError('family')
        audit.details = { teamId, workerId }
        if (teamId === null) { audit.outcome = 'failure'; return { outcome: 'invalid' as const, reason: ALLOCATION_MESSAGES.teamMissing } }
        const team = await repository.teamById(tx, teamId)
        const worker = workerId === null ? undefined : await repository.allocatableWorker(tx, workerId)
        if (team === undefined || (workerId !== null && worker === undefined)) { audit.outcome = 'failure'; return { outcome: 'invalid' as const, reason: ALLOCATION_MESSAGES.unknown } }
        await repository.allocate(tx, familyId, teamId, workerId)
        await repository.insertChronologyEvent(tx, actor.organisationId, familyId, {
          occurredOn: todayInLondon(), recordedBy: actor.userId,
          title: worker === undefined ? 'Worker unallocated' : `Allocated to ${worker.name}`, description: team.name,
        })
        return { outcome: 'saved' as const }
      })
    },

    /** A new family, their first child, an episode of help at a level, its map, and the first chronology event, together. */
    async createFamily(actor: Actor, input: { familyLabel: string; level: LevelOfHelp; reason: string; child: PersonFields }): Promise<string> {
      if (!isCaseworker(actor.role)) throw new ForbiddenError('This role does not start help for families')
      // A new family has no record yet to find, so this is the one change made outside withFamily.
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const familyId = await repository.insertFamilyWithHelp(tx, {
          organisationId: actor.organisationId, familyLabel: input.familyLabel, teamId: actor.teamId, workerId: actor.userId,
          level: input.level, reason: input.reason, startedOn: todayInLondon(), child: input.child,
        })
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'family.created', subjectType: 'family', subjectId: familyId, requestId: actor.requestId, details: { level: input.level } })
        return familyId
      })
    },
  }
}

export type RecordService = ReturnType<typeof createRecordService>
