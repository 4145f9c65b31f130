import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { NotFoundError } from '../../platform/http/errors.js'
import { isUuid } from '../users/users.schema.js'
import type { ReadinessService } from './readiness.service.js'

export function readinessRoutes(deps: { readiness: ReadinessService }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/readiness', { config: { access: allow.staff('practitioner', 'team-manager', 'conference-chair') } }, async (request, reply) => {
      const { familyId } = request.params as { familyId?: string }
      if (!isUuid(familyId)) throw new NotFoundError('family')
      const { family, items, ready, threshold } = await deps.readiness.checklist(actorOf(request), familyId)
      return reply.view('readiness/views/readiness.njk', { familyName: family.familyName, familyId, items, ready, threshold, metCount: items.filter((item) => item.met).length })
    })
  }
}
