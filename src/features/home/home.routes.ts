import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import type { Actor } from '../../platform/http/types.js'
import { formatDateTime } from '../../platform/views/setup.js'

export function homeRoutes(deps: { alerts: (actor: Actor) => Promise<{ id: string; message: string; createdAt: Date; familyId: string | null }[]> }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/', { config: { access: allow.signedIn } }, async (request, reply) => {
      // Family and network members have their own space, and partners their list of invited families.
      if (request.actor?.role === 'family-member') return reply.redirect('/my-family', 303)
      if (request.actor?.role === 'partner-practitioner') return reply.redirect('/partner', 303)
      const alerts = (await deps.alerts(actorOf(request))).map((alert) => ({ ...alert, when: formatDateTime(alert.createdAt) }))
      return reply.view('home/views/home.njk', { isAdministrator: request.actor?.role === 'organisation-administrator', alerts })
    })
  }
}
