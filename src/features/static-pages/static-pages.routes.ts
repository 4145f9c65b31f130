import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'

/** The pages a UK public service must have, readable signed in or not. */
export function staticPageRoutes() {
  return async (app: FastifyInstance): Promise<void> => {
    for (const page of ['accessibility', 'privacy', 'cookies'] as const) {
      app.get(`/${page}`, { config: { access: allow.public } }, async (_request, reply) => reply.view(`static-pages/views/${page}.njk`, {}))
    }
  }
}
