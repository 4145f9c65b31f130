import { and, eq, isNull } from 'drizzle-orm'
import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import { familyMeetings, partnerReports, scalingRounds, scalingScores, type MapCategory } from '../../db/schema/index.js'
import { familiesVisibleTo } from '../../family-record/index.js'
import { findVisibleFamily } from '../../family-record/index.js'
import { findFamilyMap } from '../map/map.repository.js'
import { PARTNER_CATEGORIES, type ChangeResult, type MapService } from '../map/map.service.js'
import * as repository from './partner.repository.js'
import type { Invitation } from './partner.repository.js'
import type { ReportInput } from './partner.schema.js'

const CASEWORK = ['practitioner', 'team-manager', 'conference-chair']

/** How a partner's view is named wherever it shows: "Tom Greaves (Tarnbeck Primary School)". */
export function partnerVoice(actor: Pick<Actor, 'displayName'>, invitation: Pick<Invitation, 'agencyName'>): string {
  return `${actor.displayName} (${invitation.agencyName})`
}

export function isPartnerCategory(value: string): value is MapCategory {
  return (PARTNER_CATEGORIES as readonly string[]).includes(value)
}

export type ReportResult =
  | { outcome: 'saved' | 'already-saved' }
  | { outcome: 'locked'; reason: 'released' | 'passed' }
  | { outcome: 'conflict'; theirs: { worries: string; workingWell: string; needsToHappen: string; scale: number | null; submittedAt: Date } }

export function createPartnerService(deps: { database: DatabaseHandle; map: MapService }) {
  const { database, map } = deps

  async function audit(tx: Transaction, actor: Actor, action: string, familyId: string, details?: Record<string, unknown>): Promise<void> {
    await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action, subjectType: 'family', subjectId: familyId, requestId: actor.requestId, details })
  }

  /** The partner's live invitation to this family; otherwise the same 404 as a family that does not exist. */
  async function invitationTo(tx: Transaction, actor: Actor, familyId: string, forUpdate = false): Promise<Invitation> {
    if (actor.role !== 'partner-practitioner') throw new ForbiddenError('Only partner practitioners use the partner view')
    const invitation = await repository.liveInvitation(tx, actor.userId, familiesVisibleTo(actor), familyId, forUpdate)
    if (invitation === undefined) throw new NotFoundError('family')
    return invitation
  }

  async function caseworkFamily(tx: Transaction, actor: Actor, familyId: string) {
    if (!CASEWORK.includes(actor.role)) throw new ForbiddenError('Only caseworkers arrange meetings and release reports')
    const family = await findVisibleFamily(tx, familyId, familiesVisibleTo(actor))
    if (family === undefined) throw new NotFoundError('family')
    return family
  }

  return {
    // The partner's side.

    /** The families this partner is invited to now. */
    async families(actor: Actor) {
      if (actor.role !== 'partner-practitioner') throw new ForbiddenError('Only partner practitioners use the partner view')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const rows = await repository.liveInvitations(tx, actor.userId, familiesVisibleTo(actor))
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'partner.families-listed', requestId: actor.requestId, details: { count: rows.length } })
        return rows
      })
    },

    /** The partner view of one family: an allow-list of fields, read field by field. */
    async familyView(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const invitation = await invitationTo(tx, actor, familyId)
        const familyMap = await findFamilyMap(tx, familyId)
        const entries = familyMap === undefined ? [] : await repository.partnerEntries(tx, familyMap.id, invitation.agencyId)
        const children = await repository.childrenOf(tx, familyId)
        const meetings = await repository.upcomingMeetings(tx, familyId, actor.userId)
        const reports = await repository.agencyReports(tx, familyId, invitation.agencyId)
        const scores = familyMap === undefined ? [] : await repository.agencyScores(tx, familyMap.id, invitation.agencyId)
        await audit(tx, actor, 'partner.family-viewed', familyId)
        return { invitation, level: familyMap?.level, open: familyMap !== undefined && familyMap.closedOn === null, entries, children, meetings, reports, scores }
      })
    },

    /** What the form to add to the map needs: the family's name, its level of help, and how the partner's view will be named. */
    async entryForm(actor: Actor, familyId: string, category: MapCategory) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const invitation = await invitationTo(tx, actor, familyId)
        const familyMap = await findFamilyMap(tx, familyId)
        if (familyMap === undefined) throw new NotFoundError('map')
        await audit(tx, actor, 'partner.entry-form-viewed', familyId, { category })
        return { invitation, level: familyMap.level, open: familyMap.closedOn === null, voice: partnerVoice(actor, invitation) }
      })
    },

    /** Adds the partner's worry, strength or question to the map, through the map's one change service. */
    async addEntry(actor: Actor, familyId: string, category: MapCategory, text: string, submissionId: string): Promise<ChangeResult> {
      // Only the partner's own invitation is read here, to name their view; apply checks the family again and writes the audit row.
      const invitation = await database.inOrganisation(actor.organisationId, (tx) => invitationTo(tx, actor, familyId))
      return map.apply(actor, familyId, { type: 'add', category, fields: { text, saidBy: { kind: 'partner-agency', name: partnerVoice(actor, invitation) } }, submissionId })
    },

    async scaleForm(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const invitation = await invitationTo(tx, actor, familyId)
        const familyMap = await findFamilyMap(tx, familyId)
        if (familyMap === undefined) throw new NotFoundError('map')
        await audit(tx, actor, 'partner.scale-form-viewed', familyId)
        return { invitation, level: familyMap.level, open: familyMap.closedOn === null, voice: partnerVoice(actor, invitation) }
      })
    },

    /** The agency's overall scale: a new open round today with one score, from the partner's view. */
    async scale(actor: Actor, familyId: string, input: { score: number; why: string; onePointHigher: string }, submissionId: string): Promise<'saved' | 'already-saved' | 'closed'> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const invitation = await invitationTo(tx, actor, familyId, true)
        const familyMap = await findFamilyMap(tx, familyId)
        if (familyMap === undefined) throw new NotFoundError('map')
        if (await repository.scoreWithSubmission(tx, familyMap.id, submissionId) !== undefined) return 'already-saved' as const
        if (familyMap.closedOn !== null) return 'closed' as const
        const [round] = await tx.insert(scalingRounds).values({
          organisationId: actor.organisationId, mapId: familyMap.id, entryId: null, blind: false, heldOn: repository.todayInLondon(), startedBy: actor.userId,
        }).returning({ id: scalingRounds.id })
        if (round === undefined) throw new Error('round not created')
        await tx.insert(scalingScores).values({
          organisationId: actor.organisationId, roundId: round.id, perspectiveKind: 'partner', perspectiveName: partnerVoice(actor, invitation),
          score: input.score, why: input.why, onePointHigher: input.onePointHigher, recordedBy: actor.userId, submissionId,
        })
        await audit(tx, actor, 'partner.scaled', familyId, { roundId: round.id })
        return 'saved' as const
      })
    },

    /** A meeting and the partner's own report for it, if they have written one. */
    async reportForm(actor: Actor, familyId: string, meetingId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const invitation = await invitationTo(tx, actor, familyId)
        const meeting = await repository.findMeeting(tx, familyId, meetingId)
        if (meeting === undefined) throw new NotFoundError('meeting')
        const report = await repository.ownReport(tx, meetingId, actor.userId)
        await audit(tx, actor, 'partner.report-form-viewed', familyId, { meetingId })
        const locked = report !== undefined && report.releasedAt !== null ? 'released' as const : meeting.passed ? 'passed' as const : undefined
        return { invitation, meeting, report, locked }
      })
    },

    /**
     * Writes the partner's report for a meeting, or changes it: one per partner per meeting, changeable
     * until it is released to the parents or the meeting has happened. `basedOn` is when the version they
     * opened was saved, so a change made meanwhile in another tab is shown, not overwritten unseen.
     */
    async saveReport(actor: Actor, familyId: string, meetingId: string, input: ReportInput, basedOn: string, submissionId: string): Promise<ReportResult> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const invitation = await invitationTo(tx, actor, familyId, true)
        const meeting = await repository.findMeeting(tx, familyId, meetingId)
        if (meeting === undefined) throw new NotFoundError('meeting')
        const report = await repository.ownReport(tx, meetingId, actor.userId)
        if (report?.submissionId === submissionId) return { outcome: 'already-saved' as const }
        if (report !== undefined && report.releasedAt !== null) return { outcome: 'locked' as const, reason: 'released' as const }
        if (meeting.passed) return { outcome: 'locked' as const, reason: 'passed' as const }
        if (report === undefined) {
          const [earlier] = await tx.select({ id: partnerReports.id }).from(partnerReports).where(and(eq(partnerReports.familyId, familyId), eq(partnerReports.submissionId, submissionId)))
          if (earlier !== undefined) return { outcome: 'already-saved' as const }
          await tx.insert(partnerReports).values({
            organisationId: actor.organisationId, familyId, meetingId, authorId: actor.userId, agencyId: invitation.agencyId, ...input, submissionId,
          })
          await audit(tx, actor, 'partner.report-written', familyId, { meetingId })
          return { outcome: 'saved' as const }
        }
        if (basedOn !== report.submittedAt.toISOString()) {
          return { outcome: 'conflict' as const, theirs: { worries: report.worries, workingWell: report.workingWell, needsToHappen: report.needsToHappen, scale: report.scale, submittedAt: report.submittedAt } }
        }
        await tx.update(partnerReports).set({ ...input, submittedAt: new Date(), submissionId })
          .where(and(eq(partnerReports.id, report.id), isNull(partnerReports.releasedAt)))
        await audit(tx, actor, 'partner.report-changed', familyId, { meetingId, reportId: report.id })
        return { outcome: 'saved' as const }
      })
    },

    // The worker's side.

    /** Every meeting about the family, each with every partner's report for it. */
    async meetings(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await caseworkFamily(tx, actor, familyId)
        const meetings = await repository.familyMeetingsOf(tx, familyId)
        const reports = await repository.familyReports(tx, familyId)
        await audit(tx, actor, 'meetings.viewed', familyId)
        return { family, meetings: meetings.map((meeting) => ({ ...meeting, reports: reports.filter((report) => report.meetingId === meeting.id) })) }
      })
    },

    async meetingForm(actor: Actor, familyId: string) {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const family = await caseworkFamily(tx, actor, familyId)
        await audit(tx, actor, 'meetings.form-viewed', familyId)
        return { family }
      })
    },

    async createMeeting(actor: Actor, familyId: string, input: { title: string; heldOn: string; place: string }, submissionId: string): Promise<string> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await caseworkFamily(tx, actor, familyId)
        const [earlier] = await tx.select({ id: familyMeetings.id }).from(familyMeetings).where(and(eq(familyMeetings.familyId, familyId), eq(familyMeetings.submissionId, submissionId)))
        if (earlier !== undefined) return earlier.id
        const [created] = await tx.insert(familyMeetings).values({ organisationId: actor.organisationId, familyId, ...input, createdBy: actor.userId, submissionId })
          .onConflictDoNothing().returning({ id: familyMeetings.id })
        if (created === undefined) {
          // The same form, sent twice at the same moment: the other request saved it.
          const [other] = await tx.select({ id: familyMeetings.id }).from(familyMeetings).where(and(eq(familyMeetings.familyId, familyId), eq(familyMeetings.submissionId, submissionId)))
          if (other === undefined) throw new Error('meeting not created')
          return other.id
        }
        await audit(tx, actor, 'meetings.created', familyId, { meetingId: created.id })
        return created.id
      })
    },

    /** Releases a partner's report to the parents, and records when and by whom; released once. */
    async release(actor: Actor, familyId: string, meetingId: string, reportId: string): Promise<'released' | 'already-released'> {
      return database.inOrganisation(actor.organisationId, async (tx) => {
        await caseworkFamily(tx, actor, familyId)
        const released = await tx.update(partnerReports).set({ releasedAt: new Date(), releasedBy: actor.userId })
          .where(and(eq(partnerReports.id, reportId), eq(partnerReports.meetingId, meetingId), eq(partnerReports.familyId, familyId), isNull(partnerReports.releasedAt)))
          .returning({ id: partnerReports.id })
        if (released.length === 0) {
          const [existing] = await tx.select({ id: partnerReports.id }).from(partnerReports)
            .where(and(eq(partnerReports.id, reportId), eq(partnerReports.meetingId, meetingId), eq(partnerReports.familyId, familyId)))
          if (existing === undefined) throw new NotFoundError('report')
          await audit(tx, actor, 'meetings.report-release-repeated', familyId, { meetingId, reportId })
          return 'already-released' as const
        }
        await audit(tx, actor, 'meetings.report-released', familyId, { meetingId, reportId })
        return 'released' as const
      })
    },
  }
}

export type PartnerService = ReturnType<typeof createPartnerService>
