import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import type { Actor } from '../../platform/http/types.js'
import { formatDate, formatDateTime } from '../../platform/views/setup.js'
import { NEXT_STEPS_AHEAD_DAYS, MEETINGS_AHEAD_DAYS, type HomeService } from './home.service.js'

export function homeRoutes(deps: { home: HomeService; alerts: (actor: Actor) => Promise<{ id: string; message: string; createdAt: Date; familyId: string | null }[]> }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/', { config: { access: allow.signedIn } }, async (request, reply) => {
      // Family and network members have their own space, and partners their list of invited families.
      if (request.actor?.role === 'family-member') return reply.redirect('/my-family', 303)
      if (request.actor?.role === 'partner-practitioner') return reply.redirect('/partner', 303)
      const actor = actorOf(request)
      const alerts = (await deps.alerts(actor)).map((alert) => ({ ...alert, when: formatDateTime(alert.createdAt) }))
      const coming = await deps.home.comingUp(actor)
      const nextSteps = coming.nextSteps.map((step) => ({
        ...step, due: formatDate(step.dueOn), overdue: step.dueOn < coming.today, dueToday: step.dueOn === coming.today,
        href: `/families/${step.familyId}/map#entry-${step.entryId}`,
      }))
      const meetings = coming.meetings.map((meeting) => ({ ...meeting, when: formatDate(meeting.heldOn), href: `/families/${meeting.familyId}/meetings` }))
      return reply.view('home/views/home.njk', {
        isAdministrator: actor.role === 'organisation-administrator', alerts, nextSteps, meetings,
        overdueCount: nextSteps.filter((step) => step.overdue).length, stepsAheadDays: NEXT_STEPS_AHEAD_DAYS, meetingsAheadDays: MEETINGS_AHEAD_DAYS,
      })
    })
  }
}
