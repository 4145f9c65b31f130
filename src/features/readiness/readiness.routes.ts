import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { id, paramsOf } from '../../platform/http/params.js'
import { CASEWORKERS } from '../../family-record/index.js'
import type { ReadinessService } from './readiness.service.js'

export function readinessRoutes(deps: { readiness: ReadinessService }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/readiness', { config: { access: allow.staff(...CASEWORKERS) } }, async (request, reply) => {
      const { familyId } = paramsOf(request, { familyId: id })
      const { family, items, ready, threshold, scale } = await deps.readiness.checklist(actorOf(request), familyId)
      return reply.view('readiness/views/readiness.njk', { familyName: family.familyName, familyId, items, ready, threshold, scale, metCount: items.filter((item) => item.met).length })
    })
  }
}
