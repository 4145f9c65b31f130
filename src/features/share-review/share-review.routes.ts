import crypto from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { actorOf } from '../../platform/http/request.js'
import { id, optionalId, paramsOf, queryOf, queryText } from '../../platform/http/params.js'
import { formText } from '../../platform/http/form.js'
import { presentErrors } from '../../platform/views/presenters.js'
import { CASEWORK_POLICY } from '../../family-record/index.js'
import type { ShareReviewService } from './share-review.service.js'
import { presentBookletReview, presentFamilyCopyReview, shareReviewPaths } from './share-review.presenter.js'

const VIEWS = 'share-review/views'

export const SHARE_REVIEW_MESSAGES = {
  changedSince: 'The map or the plan changed after you opened this page. Check the texts again below, then share.',
} as const

function version(body: unknown, name: string): number | undefined {
  const value = formText(body, name, 10)
  return /^\d{1,9}$/.test(value) ? Number(value) : undefined
}

export function shareReviewRoutes(deps: { shareReview: ShareReviewService }) {
  const { shareReview } = deps

  async function render(request: FastifyRequest, reply: FastifyReply, familyId: string, options: { changed?: string; shared?: boolean; errors?: Record<string, string> } = {}) {
    const { family, review } = await shareReview.familyCopy(actorOf(request), familyId)
    const errors = options.errors ?? {}
    return reply.code(Object.keys(errors).length > 0 ? 409 : 200).view(`${VIEWS}/family-copy.njk`, {
      ...presentErrors(errors),
      ...presentFamilyCopyReview(familyId, family.familyName, review, { changed: options.changed, shared: options.shared === true }),
    })
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/families/:familyId/share-review', { config: { access: CASEWORK_POLICY } }, async (request, reply) => {
      const { familyId } = paramsOf(request, { familyId: id })
      const query = queryOf(request, { changed: optionalId, shared: queryText(10) })
      return render(request, reply, familyId, { changed: query.changed, shared: query.shared === 'yes' })
    })

    app.get('/families/:familyId/share-review/booklets/:bookletId', { config: { access: CASEWORK_POLICY } }, async (request, reply) => {
      const { familyId, bookletId } = paramsOf(request, { familyId: id, bookletId: id })
      const { changed } = queryOf(request, { changed: queryText(20) })
      const { family, booklet, texts } = await shareReview.booklet(actorOf(request), familyId, bookletId)
      return reply.view(`${VIEWS}/booklet.njk`, { ...presentBookletReview(familyId, family.familyName, booklet, texts, { changed }), submissionId: crypto.randomUUID() })
    })

    app.post('/families/:familyId/share-review', { config: { access: CASEWORK_POLICY } }, async (request, reply) => {
      const { familyId } = paramsOf(request, { familyId: id })
      const checked = { mapVersion: version(request.body, 'mapVersion') ?? -1, planVersion: version(request.body, 'planVersion') ?? -1 }
      const result = await shareReview.shareFamilyCopy(actorOf(request), familyId, checked)
      if (result.outcome === 'changed') return render(request, reply, familyId, { errors: { texts: SHARE_REVIEW_MESSAGES.changedSince } })
      return reply.redirect(`${shareReviewPaths.familyCopy(familyId)}?shared=yes#shared`, 303)
    })
  }
}
