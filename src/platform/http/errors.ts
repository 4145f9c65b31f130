import type { FastifyError, FastifyInstance } from 'fastify'
import { isJsonRoute, refuse } from './pipeline.js'

/** Thrown by services when a record does not exist or the user may not know that it does. */
export class NotFoundError extends Error {
  constructor(what = 'record') {
    super(`${what} not found`)
    this.name = 'NotFoundError'
  }
}

/** Thrown by services when the user may see a thing but not do this to it. */
export class ForbiddenError extends Error {
  constructor(message = 'not allowed') {
    super(message)
    this.name = 'ForbiddenError'
  }
}

/**
 * Errors become GOV.UK-style pages (or short JSON for API routes). Nothing about the failure
 * (stack, SQL, file names) reaches the browser; the log has it, under the request id.
 */
export function setUpErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler(async (request, reply) => refuse(request, reply, 404))

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof NotFoundError) return refuse(request, reply, 404)
    if (error instanceof ForbiddenError) return refuse(request, reply, 403)
    const status = error.statusCode ?? 500
    if (status === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      request.log.warn({ code: error.code }, 'request body too large')
      return isJsonRoute(request) ? reply.code(413).send({ error: 'What you sent is too large.' }) : reply.code(413).view('errors/too-large.njk', {})
    }
    if (status === 429) {
      return isJsonRoute(request) ? reply.code(429).send({ error: 'Too many requests. Wait a minute and try again.' }) : reply.code(429).view('errors/too-many-requests.njk', {})
    }
    if (status >= 400 && status < 500) {
      request.log.info({ code: error.code, statusCode: status }, 'request refused')
      return isJsonRoute(request)
        ? reply.code(status).send({ error: error.validation === undefined ? 'The request could not be used.' : `The request could not be used: ${error.message}` })
        : reply.code(400).view('errors/bad-request.njk', {})
    }
    request.log.error({ err: error }, 'request failed')
    if (reply.sent) return reply
    return isJsonRoute(request)
      ? reply.code(500).send({ error: 'Sorry, there is a problem with the service. Try again later.', requestId: request.id })
      : reply.code(500).view('errors/server-error.njk', { requestId: request.id })
  })
}
