import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'

export function homeRoutes() {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/', { config: { access: allow.anyStaff } }, async (request, reply) =>
      reply.view('home/views/home.njk', { isAdministrator: request.actor?.role === 'organisation-administrator' }))
  }
}
