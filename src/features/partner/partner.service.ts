import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { todayInLondon } from '../../platform/time.js'
import type { MapCategory } from '../../db/schema/index.js'
import { CASEWORKERS, PARTNERS, applyVersioned, familiesVisibleTo, valuesHiddenFrom, type FamilyPurpose, type FamilyRecord, type FamilyUnit } from '../../family-record/index.js'
import { findFamilyMap, PARTNER_CATEGORIES, type ChangeResult, type MapService } from '../map/index.js'
import { scalingRecords } from '../scaling/index.js'
import { coach, termsInUse, type CoachResult } from '../language/index.js'
import { currentRulesInWords } from '../plan/index.js'
import { currentCommitments } from '../network/index.js'
import { partnersMaySeePlanRules } from '../sharing/index.js'
import { planPartsNaming } from './plan-for-partner.js'
import * as repository from './partner.repository.js'
import type { Invitation } from './partner.repository.js'
import type { MeetingInput, ReportInput } from './partner.schema.js'

/** How a partner's view is named wherever it shows: "Tom Greaves (Tarnbeck Primary School)". */
export function partnerVoice(actor: Pick<Actor, 'displayName'>, invitation: Pick<Invitation, 'agencyName'>): string {
  return `${actor.displayName} (${invitation.agencyName})`
}

export function isPartnerCategory(value: string): value is MapCategory {
  return (PARTNER_CATEGORIES as readonly string[]).includes(value)
}

export interface ReportText { worries: string; workingWell: string; needsToHappen: string; scale: number | null }
export type ReportAdvice = Record<'worries' | 'workingWell' | 'needsToHappen', CoachResult | undefined>

export type ReportResult =
  | { outcome: 'saved' | 'already-saved'; advice: ReportAdvice }
  | { outcome: 'locked'; reason: 'released' | 'passed' }
  | { outcome: 'conflict'; theirs: ReportText & { submittedAt: Date; version: number } }

export type ReleaseResult = 'released' | 'already-released' | 'changed' | 'passed' | 'not-written'

/** The parents read the report, so each of its three parts gets the plain-language coach's advice (never a block). */
async function adviseOn(tx: Transaction, text: { worries: string; workingWell: string; needsToHappen: string } | undefined): Promise<ReportAdvice> {
  if (text === undefined) return { worries: undefined, workingWell: undefined, needsToHappen: undefined }
  const terms = await termsInUse(tx)
  const one = (value: string) => (value.trim() === '' ? undefined : coach(value, 'family', terms))
  return { worries: one(text.worries), workingWell: one(text.workingWell), needsToHappen: one(text.needsToHappen) }
}

export function createPartnerService(deps: { database: DatabaseHandle; familyRecord: FamilyRecord; map: MapService }) {
  const { database, familyRecord, map } = deps

  /**
   * Work on one family from the partner's side: the family's unit of work (only while the partner is
   * invited: the same 404 as a family that does not exist otherwise), with their live invitation,
   * locked when they are about to change something so that ending it waits for them or they for it.
   */
  async function asPartner<T>(actor: Actor, familyId: string, purpose: Omit<FamilyPurpose, 'roles'>, work: (unit: FamilyUnit & { invitation: Invitation }) => Promise<T>, forUpdate = false): Promise<T> {
    return familyRecord.withFamily(actor, familyId, { ...purpose, roles: PARTNERS }, async (unit) => {
      const invitation = await repository.liveInvitation(unit.tx, actor.userId, familyId, forUpdate)
      if (invitation === undefined) throw new NotFoundError('family')
      return work({ ...unit, invitation })
    })
  }

  /** Work on one family from the worker's side (meetings and partners' reports). */
  function asCaseworker<T>(actor: Actor, familyId: string, action: string, work: (unit: FamilyUnit) => Promise<T>): Promise<T> {
    return familyRecord.withFamily(actor, familyId, { action, roles: CASEWORKERS }, work)
  }

  /** The contact details kept from this partner, read only so that what is built for them can leave them out. */
  function hiddenFrom(tx: Transaction, actor: Actor, familyId: string) {
    return valuesHiddenFrom(tx, familyId, { userId: actor.userId })
  }

  return {
    // The partner's side.

    /** The families this partner is invited to now: a list, not about one family. */
    async families(actor: Actor) {
      if (actor.role !== 'partner-practitioner') throw new ForbiddenError('Only partner practitioners use the partner view')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const rows = await repository.liveInvitations(tx, actor.userId, familiesVisibleTo(actor))
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'partner.families-listed', requestId: actor.requestId, details: { count: rows.length, familyIds: rows.map((row) => row.familyId) } })
        return rows
      })
    },

    /** The partner view of one family: an allow-list of fields, read field by field. */
    async familyView(actor: Actor, familyId: string) {
      return asPartner(actor, familyId, { action: 'partner.family-viewed' }, async ({ tx, invitation, audit }) => {
        // The safety plan only if the family agreed, and then only the parts that name this partner.
        const plan = await partnersMaySeePlanRules(tx, familyId)
          ? planPartsNaming({ displayName: actor.displayName, agencyName: invitation.agencyName, agencyKind: invitation.agencyKind }, await currentRulesInWords(tx, familyId), await currentCommitments(tx, familyId))
          : undefined
        if (plan !== undefined) audit.details = { planRuleIds: plan.rules.map((rule) => rule.ruleId), commitmentMemberIds: plan.commitments.map((member) => member.memberId) }
        const familyMap = await findFamilyMap(tx, familyId)
        const entries = familyMap === undefined ? [] : await repository.partnerEntries(tx, familyMap.id, invitation.agencyId)
        const children = await repository.childrenOf(tx, familyId)
        const meetings = await repository.upcomingMeetings(tx, familyId, actor.userId)
        const reports = await repository.agencyReports(tx, familyId, invitation.agencyId)
        const scores = familyMap === undefined ? [] : await scalingRecords.agencyScores(tx, familyMap.id, invitation.agencyId)
        return {
          invitation, level: familyMap?.level, open: familyMap !== undefined && familyMap.closedOn === null, entries, children, meetings, reports, scores, plan,
          hidden: await hiddenFrom(tx, actor, familyId),
        }
      })
    },

    /** What the form to add to the map needs: the family's name, its level of help, and how the partner's view will be named. */
    async entryForm(actor: Actor, familyId: string, category: MapCategory) {
      return asPartner(actor, familyId, { action: 'partner.entry-form-viewed' }, async ({ tx, invitation, audit }) => {
        const familyMap = await findFamilyMap(tx, familyId)
        if (familyMap === undefined) throw new NotFoundError('map')
        audit.details = { category }
        return { invitation, level: familyMap.level, open: familyMap.closedOn === null, voice: partnerVoice(actor, invitation), hidden: await hiddenFrom(tx, actor, familyId) }
      })
    },

    /**
     * Adds the partner's worry, strength or question to the map, through the map's one change service.
     * The invitation is read first (and its reading recorded), to name their view; apply checks the
     * family again and writes the entry's own audit row.
     */
    async addEntry(actor: Actor, familyId: string, category: MapCategory, text: string, submissionId: string): Promise<ChangeResult> {
      const invitation = await asPartner(actor, familyId, { action: 'partner.entry-sent' }, async ({ invitation: live, audit }) => {
        audit.details = { category, submissionId }
        return live
      })
      return map.apply(actor, familyId, { type: 'add', category, fields: { text, saidBy: { kind: 'partner-agency', name: partnerVoice(actor, invitation) } }, submissionId })
    },

    async scaleForm(actor: Actor, familyId: string) {
      return asPartner(actor, familyId, { action: 'partner.scale-form-viewed' }, async ({ tx, invitation }) => {
        const familyMap = await findFamilyMap(tx, familyId)
        if (familyMap === undefined) throw new NotFoundError('map')
        return { invitation, level: familyMap.level, open: familyMap.closedOn === null, voice: partnerVoice(actor, invitation), hidden: await hiddenFrom(tx, actor, familyId) }
      })
    },

    /** The agency's overall scale: a new open round today with one score, from the partner's view. */
    async scale(actor: Actor, familyId: string, input: { score: number; why: string; onePointHigher: string }, submissionId: string): Promise<'saved' | 'already-saved' | 'closed'> {
      return asPartner(actor, familyId, { action: 'partner.scaled' }, async ({ tx, invitation, audit }) => {
        const familyMap = await findFamilyMap(tx, familyId)
        if (familyMap === undefined) throw new NotFoundError('map')
        if (await scalingRecords.scoreOnMapWithSubmission(tx, familyMap.id, submissionId)) {
          audit.action = 'partner.scale-repeated'
          return 'already-saved' as const
        }
        if (familyMap.closedOn !== null) {
          audit.outcome = 'failure'
          audit.details = { reason: 'map-closed' }
          return 'closed' as const
        }
        const roundId = await scalingRecords.recordScaleOnItsOwn(tx, {
          organisationId: actor.organisationId, mapId: familyMap.id, heldOn: todayInLondon(), recordedBy: actor.userId, perspectiveKind: 'partner',
          perspectiveName: partnerVoice(actor, invitation), score: input.score, why: input.why, onePointHigher: input.onePointHigher, submissionId,
        })
        audit.details = { roundId }
        return 'saved' as const
      }, true)
    },

    /**
     * A meeting and the partner's own report for it, if they have written one, with the coach's
     * advice on what is typed (a draft sent back to the form) or else on what is saved.
     */
    async reportForm(actor: Actor, familyId: string, meetingId: string, options: { draft?: { worries: string; workingWell: string; needsToHappen: string }; action?: 'partner.report-form-viewed' | 'partner.report-release-checked' } = {}) {
      return asPartner(actor, familyId, { action: options.action ?? 'partner.report-form-viewed' }, async ({ tx, invitation, audit }) => {
        const meeting = await repository.findMeeting(tx, familyId, meetingId)
        if (meeting === undefined) throw new NotFoundError('meeting')
        const report = await repository.ownReport(tx, meetingId, actor.userId)
        audit.details = { meetingId }
        const locked = report !== undefined && report.releasedAt !== null ? 'released' as const : meeting.passed ? 'passed' as const : undefined
        return { invitation, meeting, report, locked, advice: await adviseOn(tx, options.draft ?? report), hidden: await hiddenFrom(tx, actor, familyId) }
      })
    },

    /**
     * Writes the partner's report for a meeting, or changes it: one per partner per meeting, changeable
     * until it is released to the parents or the meeting has happened. A change carries the version it
     * was based on (0 when the form was opened before there was a report), so a change made meanwhile
     * in another tab is shown beside what was typed, not overwritten unseen; every text is kept.
     */
    async saveReport(actor: Actor, familyId: string, meetingId: string, input: ReportInput, baseVersion: number | undefined, submissionId: string): Promise<ReportResult> {
      return asPartner(actor, familyId, { action: 'partner.report-written' }, async ({ tx, invitation, audit }) => {
        audit.details = { meetingId }
        const meeting = await repository.findMeeting(tx, familyId, meetingId)
        if (meeting === undefined) throw new NotFoundError('meeting')
        const report = await repository.ownReport(tx, meetingId, actor.userId, true)
        const earlier = () => repository.reportVersionWithSubmission(tx, familyId, submissionId)
        const repeated = async (saved: { reportId: string; version: number }): Promise<ReportResult> => {
          audit.action = 'partner.report-repeated'
          audit.details = { meetingId, reportId: saved.reportId, version: saved.version }
          return { outcome: 'already-saved' as const, advice: await adviseOn(tx, input) }
        }
        const refused = <R extends ReportResult>(result: R, reason: string): R => {
          audit.action = report === undefined ? 'partner.report-written' : 'partner.report-changed'
          audit.outcome = 'failure'
          audit.details = { meetingId, reason }
          return result
        }
        // A double submit is answered as saved even once the report is locked: it was saved.
        const sentBefore = await earlier()
        if (sentBefore !== undefined) return repeated(sentBefore)
        if (report !== undefined && report.releasedAt !== null) return refused({ outcome: 'locked' as const, reason: 'released' as const }, 'released')
        if (meeting.passed) return refused({ outcome: 'locked' as const, reason: 'passed' as const }, 'meeting-passed')
        const result = await applyVersioned<ReportText & { submittedAt: Date }, { reportId: string; version: number }>({
          earlier,
          base: report === undefined ? undefined : {
            version: baseVersion ?? 0,
            current: async () => ({ version: report.version, removed: false, state: { worries: report.worries, workingWell: report.workingWell, needsToHappen: report.needsToHappen, scale: report.scale, submittedAt: report.submittedAt } }),
          },
          write: async (version) => {
            if (report === undefined) {
              const reportId = await repository.insertReport(tx, { organisationId: actor.organisationId, familyId, meetingId, authorId: actor.userId, agencyId: invitation.agencyId, ...input, submissionId })
              return { reportId, version }
            }
            await repository.updateReport(tx, { organisationId: actor.organisationId, familyId, reportId: report.id, typedBy: actor.userId }, version, { ...input, submissionId })
            return { reportId: report.id, version }
          },
        })
        if (result.outcome === 'already-saved') return repeated(result.saved)
        if (result.outcome === 'conflict') {
          return refused({ outcome: 'conflict' as const, theirs: { ...result.theirs, version: report?.version ?? 1 } }, 'changed-since-opened')
        }
        audit.action = report === undefined ? 'partner.report-written' : 'partner.report-changed'
        audit.details = { meetingId, reportId: result.saved.reportId, version: result.saved.version }
        return { outcome: 'saved' as const, advice: await adviseOn(tx, input) }
      }, true)
    },

    /**
     * The partner releases their own report to the parents, after checking it: exactly the version they
     * checked, once. After that nobody can change it.
     */
    async releaseReport(actor: Actor, familyId: string, meetingId: string, version: number): Promise<ReleaseResult> {
      return asPartner(actor, familyId, { action: 'partner.report-released' }, async ({ tx, audit }) => {
        audit.details = { meetingId }
        const meeting = await repository.findMeeting(tx, familyId, meetingId)
        if (meeting === undefined) throw new NotFoundError('meeting')
        const report = await repository.ownReport(tx, meetingId, actor.userId, true)
        const refused = (result: ReleaseResult): ReleaseResult => {
          audit.outcome = 'failure'
          audit.details = { meetingId, reportId: report?.id, reason: result }
          return result
        }
        if (report === undefined) return refused('not-written')
        if (report.releasedAt !== null) {
          audit.action = 'partner.report-release-repeated'
          audit.details = { meetingId, reportId: report.id }
          return 'already-released'
        }
        if (meeting.passed) return refused('passed')
        if (report.version !== version || !await repository.releaseOwnReport(tx, { reportId: report.id, version, releasedBy: actor.userId })) return refused('changed')
        audit.details = { meetingId, reportId: report.id, version }
        return 'released'
      }, true)
    },

    // The worker's side.

    /** Every meeting about the family, each with every partner's report for it. */
    async meetings(actor: Actor, familyId: string) {
      return asCaseworker(actor, familyId, 'meetings.viewed', async ({ tx, family }) => {
        const meetings = await repository.familyMeetingsOf(tx, familyId)
        const reports = await repository.familyReports(tx, familyId)
        return { family, meetings: meetings.map((meeting) => ({ ...meeting, reports: reports.filter((report) => report.meetingId === meeting.id) })) }
      })
    },

    async meetingForm(actor: Actor, familyId: string) {
      return asCaseworker(actor, familyId, 'meetings.form-viewed', async ({ family }) => ({ family }))
    },

    async createMeeting(actor: Actor, familyId: string, input: MeetingInput, submissionId: string): Promise<string> {
      return asCaseworker(actor, familyId, 'meetings.created', async ({ tx, audit }) => {
        const earlier = await repository.meetingWithSubmission(tx, familyId, submissionId)
        if (earlier !== undefined) {
          audit.action = 'meetings.create-repeated'
          audit.details = { meetingId: earlier }
          return earlier
        }
        const created = await repository.insertMeeting(tx, { organisationId: actor.organisationId, familyId, ...input, createdBy: actor.userId, submissionId })
        if (created === undefined) {
          // The same form, sent twice at the same moment: the other request saved it.
          const other = await repository.meetingWithSubmission(tx, familyId, submissionId)
          if (other === undefined) throw new Error('meeting not created')
          audit.action = 'meetings.create-repeated'
          audit.details = { meetingId: other }
          return other
        }
        audit.details = { meetingId: created }
        return created
      })
    },

    /** Releases a partner's report to the parents, and records when and by whom; released once. */
    async release(actor: Actor, familyId: string, meetingId: string, reportId: string): Promise<'released' | 'already-released'> {
      return asCaseworker(actor, familyId, 'meetings.report-released', async ({ tx, audit }) => {
        audit.details = { meetingId, reportId }
        const released = await repository.releaseReport(tx, { familyId, meetingId, reportId, releasedBy: actor.userId })
        if (!released) {
          if (!await repository.reportExists(tx, { familyId, meetingId, reportId })) throw new NotFoundError('report')
          audit.action = 'meetings.report-release-repeated'
          return 'already-released' as const
        }
        return 'released' as const
      })
    },
  }
}

export type PartnerService = ReturnType<typeof createPartnerService>
