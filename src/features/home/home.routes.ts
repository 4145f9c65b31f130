import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'

export function homeRoutes() {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/', { config: { access: allow.signedIn } }, async (request, reply) => {
      // Family and network members have their own space, and partners their list of invited families.
      if (request.actor?.role === 'family-member') return reply.redirect('/my-family', 303)
      if (request.actor?.role === 'partner-practitioner') return reply.redirect('/partner', 303)
      return reply.view('home/views/home.njk', { isAdministrator: request.actor?.role === 'organisation-administrator' })
    })
  }
}
