import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { chronologyEvents, contactDetails, episodes, families, levelChanges, maps, people, relationships, teams, users } from '../../db/schema/index.js'
import type { LevelOfHelp } from '../../db/schema/families.js'
import { familiesVisibleTo } from '../../family-record/index.js'
import { findVisibleFamily } from './families.repository.js'
import type { PersonFields } from './record.schema.js'

const CASEWORK = ['practitioner', 'team-manager', 'conference-chair']

/** Adding to a family's record: people, contact details, chronology events, and new families. */
export function createRecordService(deps: { database: DatabaseHandle }) {
  const { database } = deps

  async function visible(tx: Transaction, actor: Actor, familyId: string) {
    if (!CASEWORK.includes(actor.role)) throw new ForbiddenError('This role does not change family records')
    const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
    if (family === undefined) throw new NotFoundError('family')
    return family
  }

  async function audit(tx: Transaction, actor: Actor, action: string, familyId: string, details: Record<string, unknown> = {}) {
    await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action, subjectType: 'family', subjectId: familyId, requestId: actor.requestId, details })
  }

  return {
    async people(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visible(tx, actor, familyId)
        const members = await tx.select({ id: people.id, givenName: people.givenName, familyName: people.familyNameOfPerson }).from(people).where(eq(people.familyId, familyId))
        await audit(tx, actor, 'family.people-listed', familyId)
        return { family, members }
      })
    },

    async addPerson(actor: Actor, familyId: string, fields: PersonFields, relation?: { relatedPersonId: string; relationship: string }): Promise<string> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visible(tx, actor, familyId)
        const [person] = await tx.insert(people).values({ organisationId: actor.organisationId, familyId, ...{
          kind: fields.kind, givenName: fields.givenName, familyNameOfPerson: fields.familyName, knownAs: fields.knownAs, dateOfBirth: fields.dateOfBirth,
          expectedDate: fields.expectedDate, nhsNumber: fields.nhsNumber, sex: fields.sex, ethnicity: fields.ethnicity, disabilities: fields.disabilities,
        } }).returning({ id: people.id })
        if (person === undefined) throw new Error('person not added')
        if (relation !== undefined) {
          const [other] = await tx.select({ id: people.id }).from(people).where(eq(people.id, relation.relatedPersonId))
          if (other !== undefined) {
            await tx.insert(relationships).values({ organisationId: actor.organisationId, familyId, personId: person.id, relatedPersonId: other.id, relationship: relation.relationship })
          }
        }
        await audit(tx, actor, 'family.person-added', familyId, { personId: person.id, kind: fields.kind })
        return person.id
      })
    },

    async addContact(actor: Actor, familyId: string, personId: string, fields: { kind: 'address' | 'phone' | 'email'; value: string; hiddenFrom: string[]; hiddenReason: string | null }): Promise<void> {
      await database.inOrganisation(actor.organisationId, async (tx) => {
        await visible(tx, actor, familyId)
        const [person] = await tx.select({ familyId: people.familyId }).from(people).where(eq(people.id, personId))
        if (person?.familyId !== familyId) throw new NotFoundError('person')
        await tx.insert(contactDetails).values({ organisationId: actor.organisationId, familyId, personId, kind: fields.kind, value: fields.value, hiddenFromPersonIds: fields.hiddenFrom, hiddenReason: fields.hiddenReason })
        await audit(tx, actor, 'family.contact-added', familyId, { personId, hiddenFrom: fields.hiddenFrom.length })
      })
    },

    async addEvent(actor: Actor, familyId: string, fields: { occurredOn: string; title: string; description: string | null }): Promise<void> {
      await database.inOrganisation(actor.organisationId, async (tx) => {
        await visible(tx, actor, familyId)
        await tx.insert(chronologyEvents).values({ organisationId: actor.organisationId, familyId, ...fields, recordedBy: actor.userId })
        await audit(tx, actor, 'family.event-added', familyId)
      })
    },

    /** One person, for changing their details. */
    async person(actor: Actor, familyId: string, personId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visible(tx, actor, familyId)
        const [person] = await tx.select().from(people).where(and(eq(people.id, personId), eq(people.familyId, familyId)))
        if (person === undefined) throw new NotFoundError('person')
        await audit(tx, actor, 'family.person-viewed', familyId, { personId })
        return { family, person }
      })
    },

    async updatePerson(actor: Actor, familyId: string, personId: string, baseVersion: number, fields: PersonFields): Promise<'saved' | 'conflict'> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visible(tx, actor, familyId)
        const updated = await tx.update(people).set({
          kind: fields.kind, givenName: fields.givenName, familyNameOfPerson: fields.familyName, knownAs: fields.knownAs, dateOfBirth: fields.dateOfBirth,
          expectedDate: fields.expectedDate, nhsNumber: fields.nhsNumber, sex: fields.sex, ethnicity: fields.ethnicity, disabilities: fields.disabilities,
          version: sql`${people.version} + 1`, updatedAt: new Date(),
        }).where(and(eq(people.id, personId), eq(people.familyId, familyId), eq(people.version, baseVersion))).returning({ id: people.id })
        if (updated.length === 0) {
          const [exists] = await tx.select({ id: people.id }).from(people).where(and(eq(people.id, personId), eq(people.familyId, familyId)))
          if (exists === undefined) throw new NotFoundError('person')
          return 'conflict' as const
        }
        await audit(tx, actor, 'family.person-changed', familyId, { personId })
        return 'saved' as const
      })
    },

    /** One contact detail, for changing it or who it is hidden from. Someone it is hidden from never gets it. */
    async contact(actor: Actor, familyId: string, contactId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visible(tx, actor, familyId)
        const [contact] = await tx.select().from(contactDetails)
          .where(and(eq(contactDetails.id, contactId), eq(contactDetails.familyId, familyId), isNull(contactDetails.removedAt),
            sql`not (${actor.userId}::uuid = any(${contactDetails.hiddenFromUserIds}))`))
        if (contact === undefined) throw new NotFoundError('contact detail')
        await audit(tx, actor, 'family.contact-viewed', familyId, { contactId })
        return { family, contact }
      })
    },

    async updateContact(actor: Actor, familyId: string, contactId: string, baseVersion: number,
      fields: { kind: 'address' | 'phone' | 'email'; value: string; hiddenFrom: string[]; hiddenReason: string | null }): Promise<'saved' | 'conflict'> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visible(tx, actor, familyId)
        const updated = await tx.update(contactDetails).set({ kind: fields.kind, value: fields.value, hiddenFromPersonIds: fields.hiddenFrom, hiddenReason: fields.hiddenReason, version: sql`${contactDetails.version} + 1` })
          .where(and(eq(contactDetails.id, contactId), eq(contactDetails.familyId, familyId), eq(contactDetails.version, baseVersion), isNull(contactDetails.removedAt),
            sql`not (${actor.userId}::uuid = any(${contactDetails.hiddenFromUserIds}))`)).returning({ id: contactDetails.id })
        if (updated.length === 0) return 'conflict' as const
        await audit(tx, actor, 'family.contact-changed', familyId, { contactId, hiddenFrom: fields.hiddenFrom.length })
        return 'saved' as const
      })
    },

    async removeContact(actor: Actor, familyId: string, contactId: string): Promise<void> {
      await database.inOrganisation(actor.organisationId, async (tx) => {
        await visible(tx, actor, familyId)
        const removed = await tx.update(contactDetails).set({ removedAt: new Date(), version: sql`${contactDetails.version} + 1` })
          .where(and(eq(contactDetails.id, contactId), eq(contactDetails.familyId, familyId), isNull(contactDetails.removedAt),
            sql`not (${actor.userId}::uuid = any(${contactDetails.hiddenFromUserIds}))`)).returning({ id: contactDetails.id })
        if (removed.length === 0) throw new NotFoundError('contact detail')
        await audit(tx, actor, 'family.contact-removed', familyId, { contactId })
      })
    },

    /** Teams and caseworkers of the organisation, for choosing who the family is allocated to. */
    async allocationChoices(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visible(tx, actor, familyId)
        const teamRows = await tx.select({ id: teams.id, name: teams.name }).from(teams).orderBy(teams.name)
        const workerRows = await tx.select({ id: users.id, name: users.displayName }).from(users)
          .where(and(inArray(users.role, ['practitioner', 'team-manager']), eq(users.status, 'active'))).orderBy(users.displayName)
        return { family, teams: teamRows, workers: workerRows }
      })
    },

    /** Gives the family to another worker or team, and notes it in the chronology. */
    async allocate(actor: Actor, familyId: string, teamId: string | null, workerId: string | null): Promise<'saved' | 'invalid'> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visible(tx, actor, familyId)
        const [team] = teamId === null ? [undefined] : await tx.select({ name: teams.name }).from(teams).where(eq(teams.id, teamId))
        const [worker] = workerId === null ? [undefined] : await tx.select({ name: users.displayName }).from(users)
          .where(and(eq(users.id, workerId), inArray(users.role, ['practitioner', 'team-manager']), eq(users.status, 'active')))
        if ((teamId !== null && team === undefined) || (workerId !== null && worker === undefined)) return 'invalid' as const
        await tx.update(families).set({ teamId, allocatedWorkerId: workerId, updatedAt: new Date() }).where(eq(families.id, familyId))
        await tx.insert(chronologyEvents).values({
          organisationId: actor.organisationId, familyId, occurredOn: new Date().toISOString().slice(0, 10), recordedBy: actor.userId,
          title: worker === undefined ? 'Worker unallocated' : `Allocated to ${worker.name}`, description: team === undefined ? 'No team' : team.name,
        })
        await audit(tx, actor, 'family.allocated', familyId, { teamId, workerId })
        return 'saved' as const
      })
    },

    /** A new family, their first child, an episode of help at a level, its map, and the first chronology event, together. */
    async createFamily(actor: Actor, input: { familyLabel: string; level: LevelOfHelp; reason: string; child: PersonFields }): Promise<string> {
      if (!CASEWORK.includes(actor.role)) throw new ForbiddenError('This role does not start help for families')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const startedOn = new Date().toISOString().slice(0, 10)
        const [family] = await tx.insert(families).values({ organisationId: actor.organisationId, familyName: input.familyLabel, teamId: actor.teamId, allocatedWorkerId: actor.userId })
          .returning({ id: families.id })
        if (family === undefined) throw new Error('family not created')
        const child = input.child
        await tx.insert(people).values({
          organisationId: actor.organisationId, familyId: family.id, kind: child.kind, givenName: child.givenName, familyNameOfPerson: child.familyName, knownAs: child.knownAs,
          dateOfBirth: child.dateOfBirth, expectedDate: child.expectedDate, nhsNumber: child.nhsNumber, sex: child.sex, ethnicity: child.ethnicity, disabilities: child.disabilities,
        })
        const [episode] = await tx.insert(episodes).values({ organisationId: actor.organisationId, familyId: family.id, level: input.level, startedOn }).returning({ id: episodes.id })
        if (episode === undefined) throw new Error('episode not created')
        await tx.insert(levelChanges).values({ organisationId: actor.organisationId, episodeId: episode.id, change: 'start', toLevel: input.level, changedOn: startedOn, reason: input.reason, recordedBy: actor.userId })
        await tx.insert(maps).values({ organisationId: actor.organisationId, familyId: family.id, episodeId: episode.id })
        await tx.insert(chronologyEvents).values({ organisationId: actor.organisationId, familyId: family.id, occurredOn: startedOn, title: 'Help started', description: input.reason, recordedBy: actor.userId })
        await audit(tx, actor, 'family.created', family.id, { level: input.level })
        return family.id
      })
    },
  }
}

export type RecordService = ReturnType<typeof createRecordService>
