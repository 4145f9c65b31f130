import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { id, messageFor, paramsOf, queryText, queryOf } from '../../platform/http/params.js'
import { escapeHtml, presentErrors } from '../../platform/views/presenters.js'
import { formatDate, formatDateTime } from '../../platform/views/setup.js'
import type { MapCategory } from '../../db/schema/maps.js'
import { hiddenValueMatcher } from '../../family-record/index.js'
import { LEVEL_VOCABULARY } from '../families/index.js'
import { isPartnerCategory, type PartnerService, type ReportText } from './partner.service.js'
import { PARTNER_MESSAGES, baseVersionOf, newSubmissionId, readEntry, readReport, readScale, releaseVersionOf, type EntryValues, type ReportValues, type ScaleValues } from './partner.schema.js'
import { BASIS_TEXT, presentEntryForm, presentPartnerFamily, presentReportAdvice, presentReportRows, releasedText } from './partner.presenter.js'
import { partnerPaths } from './partner.paths.js'
import { meetingsRoutes } from './meetings.routes.js'

const partners = allow.staff('partner-practitioner')
const VIEWS = 'partner/views'

const SAVED_MESSAGES: Record<string, string> = {
  entry: 'Added to the map. The family\'s worker and the family can see it, marked as your agency\'s view.',
  scale: 'Your agency\'s scale is saved. The family\'s worker can see it.',
  report: 'Your report is saved. It has not been released to the parents yet.',
  released: 'Your report is released to the parents. They can read it now, and it can no longer be changed.',
  'already-released': 'Your report was already released to the parents.',
}

function familyIdOf(request: FastifyRequest): string {
  return paramsOf(request, { familyId: id }).familyId
}

function meetingIdOf(request: FastifyRequest): string {
  return paramsOf(request, { meetingId: id }).meetingId
}

function categoryParam(request: FastifyRequest): MapCategory {
  const { category } = request.params as { category?: string }
  if (category === undefined || !isPartnerCategory(category)) throw new NotFoundError('category')
  return category
}

const SCORES = Array.from({ length: 11 }, (_, score) => String(score))

export function partnerRoutes(deps: { partner: PartnerService }) {
  const { partner } = deps

  async function renderEntryForm(request: FastifyRequest, reply: FastifyReply, familyId: string, category: MapCategory, values: EntryValues, errors: Record<string, string> = {}) {
    const form = await partner.entryForm(actorOf(request), familyId, category)
    const problems = form.open ? errors : { ...errors, text: PARTNER_MESSAGES.mapClosed }
    return reply.code(Object.keys(problems).length > 0 ? 400 : 200).view(`${VIEWS}/entry-form.njk`, hiddenValueMatcher(form.hidden).blankDeep({
      ...presentErrors(problems), ...presentEntryForm(familyId, form.level, category), familyName: form.invitation.familyName, voice: form.voice, values, open: form.open,
    }))
  }

  async function renderScaleForm(request: FastifyRequest, reply: FastifyReply, familyId: string, values: ScaleValues, errors: Record<string, string> = {}) {
    const form = await partner.scaleForm(actorOf(request), familyId)
    const problems = form.open ? errors : { ...errors, score: PARTNER_MESSAGES.scalingClosed }
    return reply.code(Object.keys(problems).length > 0 ? 400 : 200).view(`${VIEWS}/scale-form.njk`, hiddenValueMatcher(form.hidden).blankDeep({
      ...presentErrors(problems), familyId, familyName: form.invitation.familyName, voice: form.voice, scaleName: LEVEL_VOCABULARY[form.level].scale, values, open: form.open,
      scoreItems: SCORES.map((score) => ({ value: score, text: score, checked: values.score === score })),
      action: partnerPaths.scale(familyId), familyHref: partnerPaths.family(familyId),
    }))
  }

  async function renderReportForm(request: FastifyRequest, reply: FastifyReply, familyId: string, meetingId: string, options: {
    values?: ReportValues; errors?: Record<string, string>; status?: number; theirs?: ReportText & { submittedAt: Date }
  } = {}) {
    const form = await partner.reportForm(actorOf(request), familyId, meetingId, { draft: options.values })
    const report = form.report
    const values = options.values ?? {
      worries: report?.worries ?? '', workingWell: report?.workingWell ?? '', needsToHappen: report?.needsToHappen ?? '',
      scale: report === undefined ? '' : report.scale === null ? 'none' : String(report.scale), baseVersion: report === undefined ? '' : String(report.version), submissionId: newSubmissionId(),
    }
    const errors = options.errors ?? {}
    return reply.code(options.status ?? (Object.keys(errors).length > 0 ? 400 : 200)).view(`${VIEWS}/report-form.njk`, hiddenValueMatcher(form.hidden).blankDeep({
      ...presentErrors(errors), familyId, familyName: form.invitation.familyName, agencyName: form.invitation.agencyName,
      meeting: { title: form.meeting.title, date: formatDate(form.meeting.heldOn), place: form.meeting.place },
      locked: form.locked === undefined ? undefined : form.locked === 'released' ? `${releasedText(report?.releasedAt ?? null)}. It can no longer be changed.` : `${PARTNER_MESSAGES.meetingPassed}.`,
      report: report === undefined ? undefined : { rows: presentReportRows(report), submitted: formatDateTime(report.submittedAt) },
      theirs: options.theirs === undefined ? undefined : { rows: presentReportRows(options.theirs), submitted: formatDateTime(options.theirs.submittedAt) },
      advice: presentReportAdvice(form.advice),
      values, editing: report !== undefined,
      scaleItems: [{ value: 'none', text: 'No scale', checked: values.scale === 'none' || values.scale === '' }, ...SCORES.map((score) => ({ value: score, text: score, checked: values.scale === score }))],
      action: partnerPaths.report(familyId, meetingId), familyHref: partnerPaths.family(familyId),
    }))
  }

  /** The check before release: the report as the parents will read it, the coach's advice, and that it cannot be changed after. */
  async function renderReleaseCheck(request: FastifyRequest, reply: FastifyReply, familyId: string, meetingId: string, options: { saved?: string; error?: string } = {}) {
    const form = await partner.reportForm(actorOf(request), familyId, meetingId, { action: 'partner.report-release-checked' })
    const report = form.report
    if (report === undefined || form.locked === 'released') return reply.redirect(partnerPaths.report(familyId, meetingId), 303)
    return reply.code(options.error === undefined ? 200 : 409).view(`${VIEWS}/report-release.njk`, hiddenValueMatcher(form.hidden).blankDeep({
      ...presentErrors(options.error === undefined ? {} : { release: options.error }),
      familyName: form.invitation.familyName, agencyName: form.invitation.agencyName, authorName: actorOf(request).displayName,
      meeting: { title: form.meeting.title, date: formatDate(form.meeting.heldOn), place: form.meeting.place },
      saved: options.saved, passed: form.locked === 'passed' ? `${PARTNER_MESSAGES.meetingPassed}.` : undefined,
      rows: presentReportRows(report), submitted: formatDateTime(report.submittedAt), version: String(report.version),
      advice: presentReportAdvice(form.advice),
      action: partnerPaths.releaseReport(familyId, meetingId), changeHref: partnerPaths.report(familyId, meetingId), familyHref: partnerPaths.family(familyId),
    }))
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/partner', { config: { access: partners } }, async (request, reply) => {
      const families = await partner.families(actorOf(request))
      return reply.view(`${VIEWS}/families.njk`, {
        rows: families.map((family) => [
          { html: `<a class="govuk-link" href="${partnerPaths.family(family.familyId)}">${escapeHtml(family.familyName)}</a>` },
          { text: family.agencyName }, { text: formatDate(family.invitedAt) }, { text: BASIS_TEXT[family.basis] },
        ]),
      })
    })

    app.get('/partner/families/:familyId', { config: { access: partners } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const data = await partner.familyView(actorOf(request), familyId)
      const { saved } = queryOf(request, { saved: queryText(20) })
      return reply.view(`${VIEWS}/family.njk`, hiddenValueMatcher(data.hidden).blankDeep({ ...presentPartnerFamily(familyId, data), saved: messageFor(SAVED_MESSAGES, saved) }))
    })

    app.get('/partner/families/:familyId/add/:category', { config: { access: partners } }, async (request, reply) =>
      renderEntryForm(request, reply, familyIdOf(request), categoryParam(request), { text: '', submissionId: newSubmissionId() }))

    app.post('/partner/families/:familyId/add/:category', { config: { access: partners } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const category = categoryParam(request)
      const { values, errors } = readEntry(request.body)
      if (Object.keys(errors).length > 0) return renderEntryForm(request, reply, familyId, category, values, errors)
      const result = await partner.addEntry(actorOf(request), familyId, category, values.text, values.submissionId)
      if (result.outcome === 'refused') return renderEntryForm(request, reply, familyId, category, values, { text: result.reason })
      if (result.outcome === 'conflict') throw new Error('an addition cannot conflict')
      return reply.redirect(`${partnerPaths.family(familyId)}?saved=entry`, 303)
    })

    app.get('/partner/families/:familyId/scale', { config: { access: partners } }, async (request, reply) =>
      renderScaleForm(request, reply, familyIdOf(request), { score: '', why: '', onePointHigher: '', submissionId: newSubmissionId() }))

    app.post('/partner/families/:familyId/scale', { config: { access: partners } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const { values, score, errors } = readScale(request.body)
      if (Object.keys(errors).length > 0 || score === undefined) return renderScaleForm(request, reply, familyId, values, errors)
      const result = await partner.scale(actorOf(request), familyId, { score, why: values.why, onePointHigher: values.onePointHigher }, values.submissionId)
      if (result === 'closed') return renderScaleForm(request, reply, familyId, values, { score: PARTNER_MESSAGES.scalingClosed })
      return reply.redirect(`${partnerPaths.family(familyId)}?saved=scale`, 303)
    })

    app.get('/partner/families/:familyId/meetings/:meetingId/report', { config: { access: partners } }, async (request, reply) =>
      renderReportForm(request, reply, familyIdOf(request), meetingIdOf(request)))

    app.post('/partner/families/:familyId/meetings/:meetingId/report', { config: { access: partners } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const meetingId = meetingIdOf(request)
      const { values, input, errors } = readReport(request.body)
      if (input === undefined) return renderReportForm(request, reply, familyId, meetingId, { values, errors })
      const result = await partner.saveReport(actorOf(request), familyId, meetingId, input, baseVersionOf(values), values.submissionId)
      if (result.outcome === 'locked') {
        return renderReportForm(request, reply, familyId, meetingId, { values, errors: { locked: result.reason === 'released' ? PARTNER_MESSAGES.reportReleased : PARTNER_MESSAGES.meetingPassed } })
      }
      if (result.outcome === 'conflict') {
        // Their saved version and what they typed now, side by side: saving again replaces the saved one on purpose.
        return renderReportForm(request, reply, familyId, meetingId, {
          values: { ...values, baseVersion: String(result.theirs.version), submissionId: newSubmissionId() },
          errors: { worries: PARTNER_MESSAGES.reportChanged }, status: 409, theirs: result.theirs,
        })
      }
      // Saved, not released: the next page shows it as the parents will read it, with the coach's advice, before it is released.
      return reply.redirect(`${partnerPaths.releaseReport(familyId, meetingId)}?saved=report`, 303)
    })

    app.get('/partner/families/:familyId/meetings/:meetingId/report/release', { config: { access: partners } }, async (request, reply) => {
      const { saved } = queryOf(request, { saved: queryText(20) })
      return renderReleaseCheck(request, reply, familyIdOf(request), meetingIdOf(request), { saved: messageFor(SAVED_MESSAGES, saved) })
    })

    app.post('/partner/families/:familyId/meetings/:meetingId/report/release', { config: { access: partners } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const meetingId = meetingIdOf(request)
      // A version that did not come from the check page matches no version: asked to check again, after the access check.
      const result = await partner.releaseReport(actorOf(request), familyId, meetingId, releaseVersionOf(request.body) ?? 0)
      if (result === 'released' || result === 'already-released') return reply.redirect(`${partnerPaths.family(familyId)}?saved=${result}`, 303)
      if (result === 'not-written') return reply.redirect(partnerPaths.report(familyId, meetingId), 303)
      return renderReleaseCheck(request, reply, familyId, meetingId, { error: result === 'changed' ? PARTNER_MESSAGES.releaseChanged : PARTNER_MESSAGES.meetingPassed })
    })

    await meetingsRoutes({ partner })(app)
  }
}
