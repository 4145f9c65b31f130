import type { FastifyInstance } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { id, paramsOf } from '../../platform/http/params.js'
import type { PicturesService } from './pictures.service.js'
import { CASEWORK_POLICY } from '../../family-record/index.js'

const caseworkers = CASEWORK_POLICY

export function picturesRoutes(deps: { pictures: PicturesService }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/pictures/:pictureId', { config: { access: caseworkers } }, async (request, reply) => {
      const { familyId, pictureId } = paramsOf(request, { familyId: id, pictureId: id })
      const picture = await deps.pictures.fetch(actorOf(request), familyId, pictureId)
      // Stored pictures are cleaned PNG or JPEG; the type is ours, never the sender's.
      return reply.type(picture.mediaType).header('Content-Disposition', 'inline').header('Content-Security-Policy', "default-src 'none'; sandbox").send(picture.bytes)
    })
  }
}
