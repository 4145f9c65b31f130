import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isJsonRoute, refuse } from './pipeline.js'
import { newNonce, setSecurityHeaders, type SecurityHeaderOptions } from './security-headers.js'
import { isDatabaseUnavailable } from '../db/database.js'
import { staticUrl } from './assets.js'

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
  // Every page, even one refused before the route's own hooks run, gets the nonce its inline script needs.
  app.addHook('onRequest', async (request, reply) => { reply.locals = { ...reply.locals, cspNonce: request.cspNonce } })

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
    if (status === 414 || status === 415) return refuseHtmlOrJson(request, reply, status)
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

const REFUSALS = {
  414: { template: 'errors/too-long.njk', error: 'The web address is too long.' },
  415: { template: 'errors/unsupported-type.njk', error: 'What was sent is not in a form this accepts (its content type).' },
} as const

function refuseHtmlOrJson(request: FastifyRequest, reply: FastifyReply, status: keyof typeof REFUSALS): FastifyReply | Promise<FastifyReply> {
  request.log.info({ statusCode: status }, 'request refused')
  const refusal = REFUSALS[status]
  return isJsonRoute(request) ? reply.code(status).send({ error: refusal.error }) : reply.code(status).view(refusal.template, {})
}

/**
 * Fastify's own refusals that come before any hook or error handler (a path segment too long for the
 * router, an address that is not valid): the same pages as every other refusal, with the same headers.
 * Only the application instance can render a page here, so it is passed once it exists.
 */
export function frameworkErrorHandler(options: SecurityHeaderOptions): { handler: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void; attach: (app: FastifyInstance) => void } {
  let application: FastifyInstance | undefined
  return {
    attach(app) { application = app },
    handler(error, request, reply) {
      const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400
      request.log.info({ code: error.code, statusCode: status }, 'request refused')
      request.cspNonce = newNonce()
      setSecurityHeaders(request, reply, options)
      if (isJsonRoute(request) || application === undefined) {
        void reply.code(status).send({ error: status === 414 ? REFUSALS[414].error : 'The request could not be used.' })
        return
      }
      application.view(status === 414 ? REFUSALS[414].template : 'errors/bad-request.njk', { cspNonce: request.cspNonce })
        .then((html: string) => { void reply.code(status).type('text/html; charset=utf-8').send(html) })
        .catch((renderError: unknown) => {
          request.log.error({ err: renderError }, 'could not render an error page')
          void reply.code(status).type('text/plain; charset=utf-8').send('Sorry, we could not use what was sent.')
        })
    },
  }
}

const CLIENT_ERRORS: Record<string, { status: number; reason: string; title: string; text: string } | undefined> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', title: 'Sorry, we could not use what was sent', text: 'It took too long to arrive. Nothing was changed. Check your connection and try again.' },
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', title: 'The web address is too long', text: 'Check the web address, or go to the start page. Nothing was changed.' },
  HPE_URI_TOO_LONG: { status: 414, reason: 'URI Too Long', title: 'The web address is too long', text: 'Check the web address, or go to the start page. Nothing was changed.' },
}

/**
 * Requests Node itself refuses before Fastify sees them (headers too large, a request that took too
 * long to arrive, malformed HTTP): a short HTML page instead of Fastify's JSON, then the connection closes.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const known = CLIENT_ERRORS[error.code ?? '']
  const refusal = known ?? { status: 400, reason: 'Bad Request', title: 'Sorry, we could not use what was sent', text: 'The request was not in a form we understand. Nothing was changed.' }
  if (socket.writable) {
    const page = `<!DOCTYPE html><html lang="en" class="govuk-template"><head><meta charset="utf-8"><title>${refusal.title} – Mapwell</title><link rel="stylesheet" href="${staticUrl('/public/app.css')}"></head>`
      + `<body class="govuk-template__body"><div class="govuk-width-container"><main class="govuk-main-wrapper" id="main-content"><h1 class="govuk-heading-l">${refusal.title}</h1>`
      + `<p class="govuk-body">${refusal.text}</p><p class="govuk-body"><a class="govuk-link" href="/">Go to the start page</a></p></main></div></body></html>`
    socket.write([
      `HTTP/1.1 ${String(refusal.status)} ${refusal.reason}`, 'Content-Type: text/html; charset=utf-8', `Content-Length: ${String(Buffer.byteLength(page))}`,
      "Content-Security-Policy: default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      'X-Content-Type-Options: nosniff', 'Cache-Control: no-store', 'Connection: close', '', page,
    ].join('\r\n'))
  }
  socket.destroy(error)
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
