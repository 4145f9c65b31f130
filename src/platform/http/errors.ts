import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify'
import { isJsonRoute, refuse } from './pipeline.js'
import { isDatabaseUnavailable } from '../db/database.js'

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

  // Between these two hooks the body is read (multipart ones by their own hook, registered before this one).
  // Text that PostgreSQL cannot store (the NUL character) is then refused, before any route sees it.
  const bodyStarted = new WeakSet<FastifyRequest>()
  const bodyRead = new WeakSet<FastifyRequest>()
  app.addHook('preParsing', async (request) => { bodyStarted.add(request) })
  app.addHook('preValidation', async (request) => {
    bodyRead.add(request)
    if (holdsNul(request.body) || holdsNul(request.query)) throw Object.assign(new Error('a NUL character was sent'), { statusCode: 400 })
  })

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof NotFoundError) return refuse(request, reply, 404)
    if (error instanceof ForbiddenError) return refuse(request, reply, 403)
    // A multipart body that could not be read (no boundary, cut short, malformed) is the sender's mistake.
    const unreadableUpload = request.isMultipart() && bodyStarted.has(request) && !bodyRead.has(request)
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : unreadableUpload ? 400 : 500
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
    if (isDatabaseUnavailable(error)) {
      // The database is away (restart, failover, a dropped connection): the pool reconnects by itself.
      request.log.warn({ err: error }, 'database unavailable')
      if (reply.sent) return reply
      void reply.header('retry-after', '30')
      return isJsonRoute(request)
        ? reply.code(503).send({ error: 'Sorry, the service is unavailable. Try again in a few minutes.', requestId: request.id })
        : reply.code(503).view('errors/service-unavailable.njk', {})
    }
    request.log.error({ err: error }, 'request failed')
    if (reply.sent) return reply
    return isJsonRoute(request)
      ? reply.code(500).send({ error: 'Sorry, there is a problem with the service. Try again later.', requestId: request.id })
      : reply.code(500).view('errors/server-error.njk', { requestId: request.id })
  })
}

/** Whether any text (or field name) in a parsed body or query string holds a NUL character. Walks without recursion: JSON can nest deeply. */
function holdsNul(value: unknown): boolean {
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const item = pending.pop()
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return true
    } else if (typeof item === 'object' && item !== null && !Buffer.isBuffer(item)) {
      for (const [key, inner] of Object.entries(item)) {
        if (key.includes('\u0000')) return true
        pending.push(inner)
      }
    }
  }
  return false
}
