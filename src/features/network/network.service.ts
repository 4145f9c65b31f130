import type { Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { NotFoundError } from '../../platform/http/errors.js'
import type { LevelOfHelp, PersonKind } from '../../db/schema/index.js'
import { CASEWORKERS, applyVersioned, type FamilyRecord } from '../../family-record/index.js'
import { contactDetailsFor, familyPeople, familyRelationships } from '../families/index.js'
import { findFamilyMap } from '../map/index.js'
import * as repository from './network.repository.js'
import type { MemberRow } from './network.repository.js'
import { MESSAGES, type MeetingFields, type MemberFields, type NewMember, type ToldFields } from './network.schema.js'

/** Who works with a family's network: the caseworkers. */
const CASEWORK = { roles: CASEWORKERS }
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
 * promised, and their meetings. Every method works through the family record: the family must be
 * visible to the person (404 otherwise), and its audit row is written last, in the same transaction.
 */
export function createNetworkService(deps: { familyRecord: FamilyRecord }) {
  const { familyRecord } = deps

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
      return familyRecord.withFamily(actor, familyId, { action: 'network.viewed', ...CASEWORK }, async ({ tx, family, audit }) => {
        const everyone = await familyPeople(tx, familyId)
        const members = await repository.members(tx, familyId)
        const memberPeople = new Set(members.map((row) => row.personId))
        const contacts = (await contactDetailsFor(tx, familyId, { userId: actor.userId })).filter((contact) => memberPeople.has(contact.personId))
        const told = await repository.toldRecords(tx, familyId)
        const meetings = await repository.meetings(tx, familyId)
        const mapChanges = await repository.mapChangesOn(tx, familyId, [...new Set(meetings.map((meeting) => meeting.heldOn))])
        const map = await findFamilyMap(tx, familyId)
        audit.details = { members: members.length, meetings: meetings.length }
        return { family, people: everyone, members, contacts, told, meetings, mapChanges, level: map?.level ?? null }
      })
    },

    async familyTree(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'network.family-tree-viewed', ...CASEWORK }, async ({ tx, family, audit }) => {
        const everyone = await familyPeople(tx, familyId)
        const relationships = await familyRelationships(tx, familyId)
        const members = await repository.members(tx, familyId)
        audit.details = { people: everyone.length }
        return { family, people: everyone, relationships, members }
      })
    },

    /** For the add and change forms: the adults who could join, and the member being changed. */
    async memberForm(actor: Actor, familyId: string, memberId?: string) {
      const action = memberId === undefined ? 'network.member-form-opened' : 'network.member-viewed'
      return familyRecord.withFamily(actor, familyId, { action, ...CASEWORK }, async ({ tx, family, audit }) => {
        const members = await repository.members(tx, familyId)
        const inNetwork = new Set(members.map((row) => row.personId))
        const adults = (await familyPeople(tx, familyId)).filter((person) => ADULTS.includes(person.kind) && !inNetwork.has(person.id))
          .map((person) => ({ id: person.id, name: `${person.givenName} ${person.familyNameOfPerson}`, kind: person.kind }))
        const member = memberId === undefined ? undefined : members.find((row) => row.id === memberId)
        if (memberId !== undefined && member === undefined) throw new NotFoundError('network member')
        if (memberId !== undefined) {
          audit.subjectType = 'network-member'
          audit.subjectId = memberId
        }
        return { family, adults, member }
      })
    },

    /**
     * Adds someone to the network: an adult already in the record, or a new person (an "other
     * adult") so that their contact details follow the record's rules. The same form sent twice
     * (the same submission id) adds them once.
     */
    async addMember(actor: Actor, familyId: string, input: NewMember, submissionId: string): Promise<AddMemberResult> {
      return familyRecord.withFamily(actor, familyId, { action: 'network.member-added', ...CASEWORK }, async ({ tx, audit }) => {
        await repository.lockMemberSubmission(tx, familyId, submissionId)
        const outcome = await applyVersioned<never, AddMemberResult>({
          earlier: async () => {
            const earlier = await repository.memberSubmission(tx, familyId, submissionId)
            return earlier === undefined ? undefined : { outcome: 'already-saved', memberId: earlier.id }
          },
          write: async () => {
            let personId: string
            if ('personId' in input) {
              const [person] = await repository.peopleByIds(tx, familyId, [input.personId])
              if (person === undefined || !ADULTS.includes(person.kind)) return { outcome: 'refused', reason: MESSAGES.whoUnknown }
              if (await repository.memberForPerson(tx, person.id) !== undefined) return { outcome: 'refused', reason: 'They are already in the network. Change their details instead.' }
              personId = person.id
            } else {
              personId = await repository.insertOtherAdult(tx, { organisationId: actor.organisationId, familyId, givenName: input.givenName, familyName: input.familyName })
            }
            const memberId = await repository.insertMember(tx, {
              organisationId: actor.organisationId, familyId, personId, relationshipToChild: input.relationshipToChild, closeness: input.closeness,
              commitments: input.commitments, joinedOn: input.joinedOn, createdBy: actor.userId, submissionId,
            })
            audit.details = { memberId, personId, newPerson: !('personId' in input), closeness: input.closeness }
            return { outcome: 'saved', memberId }
          },
        })
        if (outcome.outcome === 'conflict') throw new Error('an addition cannot conflict')
        const result = outcome.saved
        if (result.outcome === 'refused') {
          audit.outcome = 'failure'
          audit.details = { reason: result.reason }
        } else {
          audit.subjectType = 'network-member'
          audit.subjectId = result.memberId
          if (result.outcome === 'already-saved') audit.details = { memberId: result.memberId, alreadySaved: true }
        }
        return result
      })
    },

    /** Changes a member's place in the network, if nobody else has changed it since the form was opened. */
    async changeMember(actor: Actor, familyId: string, memberId: string, baseVersion: number, fields: MemberFields): Promise<ChangeMemberResult> {
      return familyRecord.withFamily(actor, familyId, { action: 'network.member-changed', ...CASEWORK }, async ({ tx, audit }) => {
        audit.subjectType = 'network-member'
        audit.subjectId = memberId
        const current = await existingMember(tx, familyId, memberId, true)
        const outcome = await applyVersioned<MemberRow, { memberId: string }>({
          // Member changes carry no submission id: the same change sent twice (a double click) is one already saved, not a conflict.
          earlier: async () => current.version !== baseVersion && sameMemberFields(current, fields) ? { memberId } : undefined,
          base: { version: baseVersion, current: async () => ({ version: current.version, removed: false, state: current }) },
          write: async (version) => {
            await repository.updateMember(tx, familyId, memberId, version, fields)
            audit.details = { memberId, version, left: fields.leftOn !== null }
            return { memberId }
          },
        })
        if (outcome.outcome === 'conflict') {
          audit.action = 'network.member-change-refused'
          audit.outcome = 'failure'
          audit.details = { memberId, reason: 'changed by someone else', baseVersion, version: current.version }
          return { outcome: 'conflict', theirs: outcome.theirs }
        }
        if (outcome.outcome === 'already-saved') audit.details = { memberId, alreadySaved: true }
        return { outcome: 'saved', memberId }
      })
    },

    /** For the "what they were told" form: the member, and what would be recorded as told now. */
    async toldForm(actor: Actor, familyId: string, memberId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'network.member-viewed', ...CASEWORK }, async ({ tx, family, audit }) => {
        const member = await existingMember(tx, familyId, memberId)
        const snapshot = await snapshotOf(tx, familyId)
        audit.subjectType = 'network-member'
        audit.subjectId = memberId
        return { family, member, snapshot }
      })
    },

    /**
     * Records what a member was told. The versions they were told are taken now, by the service: the
     * map's version for the danger statements, the safety plan's, and each booklet's.
     */
    async recordTold(actor: Actor, familyId: string, memberId: string, fields: ToldFields, submissionId: string): Promise<RecordResult> {
      return familyRecord.withFamily(actor, familyId, { action: 'network.told-recorded', ...CASEWORK }, async ({ tx, audit }) => {
        await existingMember(tx, familyId, memberId)
        audit.subjectType = 'network-member'
        audit.subjectId = memberId
        const earlier = async () => {
          const saved = await repository.toldSubmission(tx, familyId, submissionId)
          return saved === undefined ? undefined : { outcome: 'already-saved' as const, id: saved.id }
        }
        const outcome = await applyVersioned<never, RecordResult>({
          earlier,
          write: async () => {
            const snapshot = await snapshotOf(tx, familyId)
            const id = await repository.insertTold(tx, {
              organisationId: actor.organisationId, familyId, memberId, toldOn: fields.toldOn, items: fields.items,
              mapVersion: fields.items.includes('danger-statements') ? snapshot.mapVersion : null,
              planVersion: fields.items.includes('safety-plan') ? snapshot.planVersion : null,
              booklets: fields.items.includes('words-and-pictures') ? snapshot.booklets : [],
              toldBy: fields.toldBy, note: fields.note, recordedBy: actor.userId, submissionId,
            })
            // Sent twice at once: the other send saved it between our look and our insert.
            if (id === undefined) return (await earlier()) ?? Promise.reject(new Error('told record neither saved nor found'))
            audit.details = { memberId, items: fields.items, mapVersion: snapshot.mapVersion, planVersion: snapshot.planVersion, booklets: snapshot.booklets.length }
            return { outcome: 'saved', id }
          },
        })
        if (outcome.outcome === 'conflict') throw new Error('a told record cannot conflict')
        if (outcome.saved.outcome === 'already-saved') audit.details = { memberId, alreadySaved: true }
        return outcome.saved
      })
    },

    /** For the meeting form: the people in the network now. */
    async meetingForm(actor: Actor, familyId: string) {
      return familyRecord.withFamily(actor, familyId, { action: 'network.meeting-form-opened', ...CASEWORK }, async ({ tx, family }) => {
        const members = (await repository.members(tx, familyId)).filter((row) => row.leftOn === null)
        return { family, members }
      })
    },

    async recordMeeting(actor: Actor, familyId: string, fields: MeetingFields, submissionId: string): Promise<RecordResult> {
      return familyRecord.withFamily(actor, familyId, { action: 'network.meeting-recorded', ...CASEWORK }, async ({ tx, audit }) => {
        const earlier = async () => {
          const saved = await repository.meetingSubmission(tx, familyId, submissionId)
          return saved === undefined ? undefined : { outcome: 'already-saved' as const, id: saved.id }
        }
        const outcome = await applyVersioned<never, RecordResult>({
          earlier,
          write: async () => {
            const memberIds = new Set((await repository.members(tx, familyId)).map((row) => row.id))
            if (fields.attendeeMemberIds.some((id) => !memberIds.has(id))) return { outcome: 'refused', reason: MESSAGES.attendeesUnknown }
            const id = await repository.insertMeeting(tx, {
              organisationId: actor.organisationId, familyId, heldOn: fields.heldOn, attendeeMemberIds: fields.attendeeMemberIds, otherAttendees: fields.otherAttendees,
              agreed: fields.agreed, recordedBy: actor.userId, submissionId,
            })
            if (id === undefined) return (await earlier()) ?? Promise.reject(new Error('meeting neither saved nor found'))
            audit.details = { meetingId: id, heldOn: fields.heldOn, attendees: fields.attendeeMemberIds.length }
            return { outcome: 'saved', id }
          },
        })
        if (outcome.outcome === 'conflict') throw new Error('a meeting cannot conflict')
        const result = outcome.saved
        if (result.outcome === 'refused') {
          audit.outcome = 'failure'
          audit.details = { reason: 'attendees-unknown' }
        } else {
          audit.subjectType = 'network-meeting'
          audit.subjectId = result.id
          if (result.outcome === 'already-saved') audit.details = { meetingId: result.id, alreadySaved: true }
        }
        return result
      })
    },
  }
}

export type NetworkService = ReturnType<typeof createNetworkService>
