import { and, eq, sql } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { networkMeetings, networkMembers, networkToldRecords, people, type LevelOfHelp, type PersonKind } from '../../db/schema/index.js'
import { familiesVisibleTo } from '../../family-record/index.js'
import { contactDetailsFor, familyPeople, familyRelationships, findVisibleFamily } from '../families/families.repository.js'
import { findFamilyMap } from '../map/map.repository.js'
import * as repository from './network.repository.js'
import type { MemberRow } from './network.repository.js'
import { MESSAGES, type MeetingFields, type MemberFields, type NewMember, type ToldFields } from './network.schema.js'

const CASEWORK = ['practitioner', 'team-manager', 'conference-chair']
const ADULTS: readonly PersonKind[] = ['parent-carer', 'other-adult']

export type AddMemberResult =
  | { outcome: 'saved' | 'already-saved'; memberId: string }
  | { outcome: 'refused'; reason: string }

export type ChangeMemberResult =
  | { outcome: 'saved'; memberId: string }
  | { outcome: 'conflict'; theirs: MemberRow }

export type RecordResult =
  | { outcome: 'saved' | 'already-saved'; id: string }
  | { outcome: 'refused'; reason: string }

/** What a network member is told about, as it stands now: recorded with each "told" record. */
export interface Snapshot {
  mapVersion: number | null
  level: LevelOfHelp | null
  planVersion: number | null
  booklets: { bookletId: string; version: number; title: string }[]
}

function sameMemberFields(current: MemberRow, fields: MemberFields): boolean {
  return current.relationshipToChild === fields.relationshipToChild && current.closeness === fields.closeness && current.joinedOn === fields.joinedOn
    && current.commitments === fields.commitments && current.leftOn === fields.leftOn
}

/**
 * The family's safety network: who is in it, what they have been told and when, what they have
 * promised, and their meetings. Every method checks the family is visible to the person first
 * (404 otherwise) and writes its audit row last, in the same transaction.
 */
export function createNetworkService(deps: { database: DatabaseHandle }) {
  const { database } = deps

  async function visibleFamily(tx: Transaction, actor: Actor, familyId: string) {
    if (!CASEWORK.includes(actor.role)) throw new ForbiddenError('This role does not work with family networks')
    const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
    if (family === undefined) throw new NotFoundError('family')
    return family
  }

  async function audit(tx: Transaction, actor: Actor, action: string, familyId: string, details: Record<string, unknown> = {}, outcome: 'success' | 'failure' = 'success') {
    await recordAudit(tx, {
      organisationId: actor.organisationId, actorUserId: actor.userId, action, outcome, subjectType: 'family', subjectId: familyId, requestId: actor.requestId, details,
    })
  }

  async function existingMember(tx: Transaction, familyId: string, memberId: string, forUpdate = false): Promise<MemberRow> {
    const found = await repository.member(tx, familyId, memberId, forUpdate)
    if (found === undefined) throw new NotFoundError('network member')
    return found
  }

  async function snapshotOf(tx: Transaction, familyId: string): Promise<Snapshot> {
    const map = await findFamilyMap(tx, familyId)
    return {
      mapVersion: map?.version ?? null,
      level: map?.level ?? null,
      planVersion: await repository.safetyPlanVersion(tx, familyId),
      booklets: await repository.familyBooklets(tx, familyId),
    }
  }

  return {
    /** Everything on the network page. Contact details hidden from this person are never fetched. */
    async overview(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const everyone = await familyPeople(tx, familyId)
        const members = await repository.members(tx, familyId)
        const memberPeople = new Set(members.map((row) => row.personId))
        const contacts = (await contactDetailsFor(tx, familyId, { userId: actor.userId })).filter((contact) => memberPeople.has(contact.personId))
        const told = await repository.toldRecords(tx, familyId)
        const meetings = await repository.meetings(tx, familyId)
        const mapChanges = await repository.mapChangesOn(tx, familyId, [...new Set(meetings.map((meeting) => meeting.heldOn))])
        const map = await findFamilyMap(tx, familyId)
        await audit(tx, actor, 'network.viewed', familyId, { members: members.length, meetings: meetings.length })
        return { family, people: everyone, members, contacts, told, meetings, mapChanges, level: map?.level ?? null }
      })
    },

    async familyTree(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const everyone = await familyPeople(tx, familyId)
        const relationships = await familyRelationships(tx, familyId)
        const members = await repository.members(tx, familyId)
        await audit(tx, actor, 'network.family-tree-viewed', familyId, { people: everyone.length })
        return { family, people: everyone, relationships, members }
      })
    },

    /** For the add and change forms: the adults who could join, and the member being changed. */
    async memberForm(actor: Actor, familyId: string, memberId?: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const members = await repository.members(tx, familyId)
        const inNetwork = new Set(members.map((row) => row.personId))
        const adults = (await familyPeople(tx, familyId)).filter((person) => ADULTS.includes(person.kind) && !inNetwork.has(person.id))
          .map((person) => ({ id: person.id, name: `${person.givenName} ${person.familyNameOfPerson}`, kind: person.kind }))
        const member = memberId === undefined ? undefined : members.find((row) => row.id === memberId)
        if (memberId !== undefined && member === undefined) throw new NotFoundError('network member')
        await audit(tx, actor, memberId === undefined ? 'network.member-form-opened' : 'network.member-viewed', familyId, memberId === undefined ? {} : { memberId })
        return { family, adults, member }
      })
    },

    /**
     * Adds someone to the network: an adult already in the record, or a new person (an "other
     * adult") so that their contact details follow the record's rules. The same form sent twice
     * (the same submission id) adds them once.
     */
    async addMember(actor: Actor, familyId: string, input: NewMember, submissionId: string): Promise<AddMemberResult> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        await repository.lockMemberSubmission(tx, familyId, submissionId)
        const earlier = await repository.memberSubmission(tx, familyId, submissionId)
        if (earlier !== undefined) return { outcome: 'already-saved' as const, memberId: earlier.id }
        let personId: string
        if ('personId' in input) {
          const [person] = await repository.peopleByIds(tx, familyId, [input.personId])
          if (person === undefined || !ADULTS.includes(person.kind)) return { outcome: 'refused' as const, reason: MESSAGES.whoUnknown }
          if (await repository.memberForPerson(tx, person.id) !== undefined) return { outcome: 'refused' as const, reason: 'They are already in the network. Change their details instead.' }
          personId = person.id
        } else {
          const [person] = await tx.insert(people).values({
            organisationId: actor.organisationId, familyId, kind: 'other-adult', givenName: input.givenName, familyNameOfPerson: input.familyName,
          }).returning({ id: people.id })
          if (person === undefined) throw new Error('person not added')
          personId = person.id
        }
        const [added] = await tx.insert(networkMembers).values({
          organisationId: actor.organisationId, familyId, personId, relationshipToChild: input.relationshipToChild, closeness: input.closeness,
          commitments: input.commitments, joinedOn: input.joinedOn, createdBy: actor.userId, submissionId,
        }).returning({ id: networkMembers.id })
        if (added === undefined) throw new Error('network member not added')
        const memberId = added.id
        await audit(tx, actor, 'network.member-added', familyId, { memberId, personId, newPerson: !('personId' in input), closeness: input.closeness })
        return { outcome: 'saved' as const, memberId }
      })
    },

    /** Changes a member's place in the network, if nobody else has changed it since the form was opened. */
    async changeMember(actor: Actor, familyId: string, memberId: string, baseVersion: number, fields: MemberFields): Promise<ChangeMemberResult> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const current = await existingMember(tx, familyId, memberId, true)
        if (current.version !== baseVersion) {
          // The same change sent twice (a double click) is not a conflict.
          if (sameMemberFields(current, fields)) return { outcome: 'saved' as const, memberId }
          await audit(tx, actor, 'network.member-change-refused', familyId, { memberId, reason: 'changed by someone else', baseVersion, version: current.version }, 'failure')
          return { outcome: 'conflict' as const, theirs: current }
        }
        await tx.update(networkMembers).set({
          relationshipToChild: fields.relationshipToChild, closeness: fields.closeness, joinedOn: fields.joinedOn, commitments: fields.commitments, leftOn: fields.leftOn,
          version: sql`${networkMembers.version} + 1`, updatedAt: new Date(),
        }).where(and(eq(networkMembers.id, memberId), eq(networkMembers.familyId, familyId)))
        await audit(tx, actor, 'network.member-changed', familyId, { memberId, version: current.version + 1, left: fields.leftOn !== null })
        return { outcome: 'saved' as const, memberId }
      })
    },

    /** For the "what they were told" form: the member, and what would be recorded as told now. */
    async toldForm(actor: Actor, familyId: string, memberId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const member = await existingMember(tx, familyId, memberId)
        const snapshot = await snapshotOf(tx, familyId)
        await audit(tx, actor, 'network.member-viewed', familyId, { memberId })
        return { family, member, snapshot }
      })
    },

    /**
     * Records what a member was told. The versions they were told are taken now, by the service: the
     * map's version for the danger statements, the safety plan's, and each booklet's.
     */
    async recordTold(actor: Actor, familyId: string, memberId: string, fields: ToldFields, submissionId: string): Promise<RecordResult> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        await existingMember(tx, familyId, memberId)
        const earlier = await repository.toldSubmission(tx, familyId, submissionId)
        if (earlier !== undefined) return { outcome: 'already-saved' as const, id: earlier.id }
        const snapshot = await snapshotOf(tx, familyId)
        const [row] = await tx.insert(networkToldRecords).values({
          organisationId: actor.organisationId, familyId, memberId, toldOn: fields.toldOn, items: fields.items,
          mapVersion: fields.items.includes('danger-statements') ? snapshot.mapVersion : null,
          planVersion: fields.items.includes('safety-plan') ? snapshot.planVersion : null,
          booklets: fields.items.includes('words-and-pictures') ? snapshot.booklets : [],
          toldBy: fields.toldBy, note: fields.note, recordedBy: actor.userId, submissionId,
        }).onConflictDoNothing({ target: [networkToldRecords.familyId, networkToldRecords.submissionId] }).returning({ id: networkToldRecords.id })
        if (row === undefined) {
          const saved = await repository.toldSubmission(tx, familyId, submissionId)
          if (saved === undefined) throw new Error('told record neither saved nor found')
          return { outcome: 'already-saved' as const, id: saved.id }
        }
        await audit(tx, actor, 'network.told-recorded', familyId, { memberId, items: fields.items, mapVersion: snapshot.mapVersion, planVersion: snapshot.planVersion, booklets: snapshot.booklets.length })
        return { outcome: 'saved' as const, id: row.id }
      })
    },

    /** For the meeting form: the people in the network now. */
    async meetingForm(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await visibleFamily(tx, actor, familyId)
        const members = (await repository.members(tx, familyId)).filter((row) => row.leftOn === null)
        await audit(tx, actor, 'network.meeting-form-opened', familyId)
        return { family, members }
      })
    },

    async recordMeeting(actor: Actor, familyId: string, fields: MeetingFields, submissionId: string): Promise<RecordResult> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await visibleFamily(tx, actor, familyId)
        const earlier = await repository.meetingSubmission(tx, familyId, submissionId)
        if (earlier !== undefined) return { outcome: 'already-saved' as const, id: earlier.id }
        const memberIds = new Set((await repository.members(tx, familyId)).map((row) => row.id))
        if (fields.attendeeMemberIds.some((id) => !memberIds.has(id))) return { outcome: 'refused' as const, reason: MESSAGES.attendeesUnknown }
        const [row] = await tx.insert(networkMeetings).values({
          organisationId: actor.organisationId, familyId, heldOn: fields.heldOn, attendeeMemberIds: fields.attendeeMemberIds, otherAttendees: fields.otherAttendees,
          agreed: fields.agreed, recordedBy: actor.userId, submissionId,
        }).onConflictDoNothing({ target: [networkMeetings.familyId, networkMeetings.submissionId] }).returning({ id: networkMeetings.id })
        if (row === undefined) {
          const saved = await repository.meetingSubmission(tx, familyId, submissionId)
          if (saved === undefined) throw new Error('meeting neither saved nor found')
          return { outcome: 'already-saved' as const, id: saved.id }
        }
        await audit(tx, actor, 'network.meeting-recorded', familyId, { meetingId: row.id, heldOn: fields.heldOn, attendees: fields.attendeeMemberIds.length })
        return { outcome: 'saved' as const, id: row.id }
      })
    },
  }
}

export type NetworkService = ReturnType<typeof createNetworkService>
