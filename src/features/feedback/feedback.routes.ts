import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { pageNumber, queryOf } from '../../platform/http/params.js'
import { formatDateTime } from '../../platform/views/setup.js'
import { pageNumbers, presentErrors } from '../../platform/views/presenters.js'
import type { FeedbackService } from './feedback.service.js'
import { FEEDBACK_LIMITS, parseFeedback } from './feedback.schema.js'

const VIEWS = 'feedback/views'
const administrators = allow.staff('organisation-administrator')

export const feedbackPaths = { form: () => '/feedback', sent: () => '/feedback/sent', list: () => '/admin/feedback' }

export function feedbackRoutes(deps: { feedback: FeedbackService }) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get(feedbackPaths.form(), { config: { access: allow.public } }, async (_request, reply) =>
      reply.view(`${VIEWS}/feedback.njk`, { values: {}, limits: FEEDBACK_LIMITS }))

    app.post(feedbackPaths.form(), { config: { access: allow.public } }, async (request, reply) => {
      const form = parseFeedback(request.body)
      if (form.fields === undefined) return reply.code(400).view(`${VIEWS}/feedback.njk`, { ...presentErrors(form.errors), values: form.values, limits: FEEDBACK_LIMITS })
      await deps.feedback.send(request.actor, form.fields)
      return reply.redirect(feedbackPaths.sent(), 303)
    })

    app.get(feedbackPaths.sent(), { config: { access: allow.public } }, async (_request, reply) => reply.view(`${VIEWS}/feedback-sent.njk`, {}))

    app.get(feedbackPaths.list(), { config: { access: administrators } }, async (request, reply) => {
      const { page } = queryOf(request, { page: pageNumber })
      const result = await deps.feedback.list(actorOf(request), page)
      const link = (number: number): string => number > 1 ? `${feedbackPaths.list()}?page=${String(number)}` : feedbackPaths.list()
      return reply.view(`${VIEWS}/feedback-list.njk`, {
        total: result.total,
        items: result.rows.map((row) => ({ when: formatDateTime(row.createdAt), whatWentWrong: row.whatWentWrong, whatTheyWereDoing: row.whatTheyWereDoing, contactEmail: row.contactEmail })),
        showing: { from: result.total === 0 ? 0 : (page - 1) * 20 + 1, to: (page - 1) * 20 + result.rows.length },
        pagination: result.pageCount <= 1 ? undefined : {
          previous: page > 1 ? { href: link(page - 1) } : undefined,
          next: page < result.pageCount ? { href: link(page + 1) } : undefined,
          items: pageNumbers(page, result.pageCount).map((number) => number === undefined ? { ellipsis: true } : { number, href: link(number), current: number === page }),
        },
      })
    })
  }
}
