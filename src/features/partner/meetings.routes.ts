import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { id, messageFor, paramsOf, queryOf, queryText } from '../../platform/http/params.js'
import { presentErrors } from '../../platform/views/presenters.js'
import type { PartnerService } from './partner.service.js'
import { newSubmissionId, readMeeting, type MeetingValues } from './partner.schema.js'
import { presentMeetings } from './partner.presenter.js'
import { meetingPaths } from './partner.paths.js'
import { CASEWORK_POLICY } from '../../family-record/index.js'

const caseworkers = CASEWORK_POLICY
const VIEWS = 'partner/views'

const SAVED_MESSAGES: Record<string, string> = {
  meeting: 'Meeting added. Invited partners can now write their reports for it.',
  released: 'Report released to the parents',
  'already-released': 'That report was already released to the parents',
}

function familyIdOf(request: FastifyRequest): string {
  return paramsOf(request, { familyId: id }).familyId
}

/** The worker's side: the family's meetings, partners' reports for them, and releasing each report to the parents. */
export function meetingsRoutes(deps: { partner: PartnerService }) {
  const { partner } = deps

  async function renderMeetingForm(request: FastifyRequest, reply: FastifyReply, familyId: string, values: MeetingValues, errors: Record<string, string> = {}) {
    const { family } = await partner.meetingForm(actorOf(request), familyId)
    return reply.code(Object.keys(errors).length > 0 ? 400 : 200).view(`${VIEWS}/meeting-form.njk`, {
      ...presentErrors(errors), familyId, familyName: family.familyName, values, action: meetingPaths.create(familyId), listHref: meetingPaths.list(familyId),
    })
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/meetings', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const { family, meetings } = await partner.meetings(actorOf(request), familyId)
      const { saved } = queryOf(request, { saved: queryText(20) })
      return reply.view(`${VIEWS}/meetings.njk`, {
        ...presentMeetings(familyId, meetings), familyId, familyName: family.familyName,
        saved: messageFor(SAVED_MESSAGES, saved), newHref: meetingPaths.create(familyId), familyHref: meetingPaths.family(familyId),
      })
    })

    app.get('/families/:familyId/meetings/new', { config: { access: caseworkers } }, async (request, reply) =>
      renderMeetingForm(request, reply, familyIdOf(request), { title: '', heldOn: '', startsAt: '', place: '', submissionId: newSubmissionId() }))

    app.post('/families/:familyId/meetings/new', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const { values, input, errors } = readMeeting(request.body)
      if (input === undefined) return renderMeetingForm(request, reply, familyId, values, errors)
      await partner.createMeeting(actorOf(request), familyId, input, values.submissionId)
      return reply.redirect(`${meetingPaths.list(familyId)}?saved=meeting`, 303)
    })

    app.post('/families/:familyId/meetings/:meetingId/reports/:reportId/release', { config: { access: caseworkers } }, async (request, reply) => {
      const familyId = familyIdOf(request)
      const { meetingId, reportId } = paramsOf(request, { familyId: id, meetingId: id, reportId: id })
      const result = await partner.release(actorOf(request), familyId, meetingId, reportId)
      return reply.redirect(`${meetingPaths.list(familyId)}?saved=${result}#report-${reportId}`, 303)
    })
  }
}
