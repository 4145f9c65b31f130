import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { decideAccess, describePolicy, type AccessPolicy } from '../access/policy.js'
import type { SessionStore } from '../auth/sessions.js'
import { randomToken, safeEqual, type Secrets } from '../auth/secrets.js'
import { clearCookie, setCookie, type CookieNames } from './cookies.js'
import { safeReturnPath, signInStagePath } from './paths.js'
import { formFields, type HeldSubmissions } from './held-submissions.js'

export interface PipelineOptions {
  sessions: SessionStore
  held: HeldSubmissions
  secrets: Secrets
  cookies: CookieNames
  secureCookies: boolean
  /** Paths of records someone may not know exist: any refusal there answers 404. */
  isRecordPath: (url: string) => boolean
}

/** A route without an access policy is a mistake that must stop the application starting. */
export class MissingAccessPolicyError extends Error {}

export interface RoutePolicy { method: string; url: string; policy: string }

/**
 * Records each route's policy as it is registered, and refuses a route that has none.
 * Routes added by plugins inside a `publicScope` get the public policy from their scope.
 */
export function setUpRoutePolicies(app: FastifyInstance): RoutePolicy[] {
  const table: RoutePolicy[] = []
  app.addHook('onRoute', (route) => {
    const access = route.config?.access
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    if (access === undefined) {
      throw new MissingAccessPolicyError(`Route ${methods.join(',')} ${route.url} does not declare who may use it (config.access)`)
    }
    for (const method of methods) table.push({ method, url: route.url, policy: describePolicy(access) })
  })
  return table
}

export function isJsonRoute(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/health' || request.url === '/ping' || request.url.startsWith('/session/status')
}

function isStateChanging(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method)
}

export function csrfTokenFor(secrets: Secrets, binding: string): string {
  return secrets.hmac('csrf', binding)
}

/**
 * Loads the session from its cookie, works out the CSRF token for this browser, then (once the
 * body is parsed) enforces the route's access policy and checks the CSRF token.
 */
export function setUpSessionsAndAccess(app: FastifyInstance, options: PipelineOptions): void {
  const { sessions, secrets, cookies, secureCookies, held } = options
  app.decorateRequest('currentSession', undefined)
  app.decorateRequest('actor', undefined)
  app.decorateRequest('csrfToken', '')
  app.decorateRequest('sessionEndedBecause', undefined)
  app.decorateRequest('endedSessionOwner', undefined)

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/assets/') || request.url.startsWith('/public/')) return
    const token = request.cookies[cookies.session]
    if (token !== undefined) {
      const lookup = await sessions.lookup(token)
      if (lookup.found) {
        const { session, user } = lookup.loaded
        // Reading the session's status is not activity: it must not keep the session alive.
        if (session.stage === 'signed-in' && !request.url.startsWith('/session/status')) {
          session.lastActiveAt = await sessions.touch(session)
        }
        request.currentSession = session
        if (session.stage === 'signed-in') {
          request.actor = { ...user, sessionId: session.id, requestId: request.id }
        }
      } else {
        if ('ended' in lookup) {
          // Ended by an administrator: not a timeout, so the browser is sent to sign in as usual.
          if (lookup.reason !== 'ended-by-administrator') request.sessionEndedBecause = lookup.reason
          request.endedSessionOwner = lookup.ended
        }
        // While the server remembers whose the ended session was, the cookie stays, so that a form
        // sent later from this browser (another tab may have loaded a page since) is still held.
        if (request.endedSessionOwner === undefined) clearCookie(reply, cookies.session, secureCookies)
      }
    }
    if (request.currentSession !== undefined) {
      request.csrfToken = csrfTokenFor(secrets, `session:${request.currentSession.id}`)
    } else {
      let preSession = request.cookies[cookies.preSession]
      if (preSession === undefined || !/^[A-Za-z0-9_-]{43}$/.test(preSession)) {
        preSession = randomToken()
        setCookie(reply, cookies.preSession, preSession, secureCookies)
      }
      request.csrfToken = csrfTokenFor(secrets, `form:${preSession}`)
    }
  })

  app.addHook('preHandler', async (request, reply) => {
    // Only the not-found handler has no policy (every route must declare one to be registered).
    const policy: AccessPolicy = request.routeOptions.config.access ?? { kind: 'public' }
    const session = request.currentSession
    const decision = decideAccess(policy, session === undefined ? undefined : { stage: session.stage, role: request.actor?.role ?? 'practitioner' })
    if (decision === 'sign-in') {
      // A form sent after the session ended: keep what was typed, give it back after sign-in. Only
      // a form from a page of that session (its CSRF token) is held, so no other site can plant one.
      const owner = request.endedSessionOwner
      if (request.method === 'POST' && request.routeOptions.config.holdOnExpiry === true && owner !== undefined
        && safeEqual(sentCsrfToken(request) ?? '', csrfTokenFor(secrets, `session:${owner.sessionId}`))) {
        const path = request.url.split('?')[0] ?? '/'
        const id = await held.hold(owner, path, formFields(request.body))
        return reply.redirect(`/session-expired?returnTo=${encodeURIComponent(`${path}?held=${id}`)}`, 303)
      }
      // No session cookie at all (it had gone, while the session may still be there): held for nobody
      // until someone signs in whose session gave out the form's CSRF token (see held-submissions.ts).
      // A cookie the server no longer knows at all is another matter: its session, and whose it was,
      // are forgotten, so no one could ever be given the form back, and nothing is promised.
      const sentToken = sentCsrfToken(request)
      if (request.method === 'POST' && request.routeOptions.config.holdOnExpiry === true && owner === undefined
        && request.cookies[cookies.session] === undefined && sentToken !== undefined && CSRF_TOKEN_SHAPE.test(sentToken)) {
        const path = request.url.split('?')[0] ?? '/'
        const id = await held.holdUnclaimed(path, formFields(request.body), sentToken)
        return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(`${path}?held=${id}`)}`, 303)
      }
      return refuseSignedOut(request, reply)
    }
    if (decision === 'continue-sign-in' && session !== undefined) return reply.redirect(signInStagePath(session.stage), 303)
    // A record someone may not see is not found, whichever rule refused it: nothing says it exists.
    if (decision === 'deny') return refuse(request, reply, options.isRecordPath(request.url) ? 404 : 403)
    if (isStateChanging(request.method)) {
      const sent = sentCsrfToken(request)
      if (sent === undefined || !safeEqual(sent, request.csrfToken)) return refuse(request, reply, 'form-expired')
    }
    return undefined
  })
}

/** What a CSRF token from csrfTokenFor looks like; anything else was never one of ours. */
const CSRF_TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,100}$/

function sentCsrfToken(request: FastifyRequest): string | undefined {
  const body: unknown = request.body
  const sent = request.headers['x-csrf-token'] ?? (typeof body === 'object' && body !== null ? (body as Record<string, unknown>)._csrf : undefined)
  return typeof sent === 'string' ? sent : undefined
}

async function refuseSignedOut(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  if (isJsonRoute(request)) return reply.code(401).send({ error: 'Sign in to use this.' })
  const returnTo = request.method === 'GET' ? safeReturnPath(request.url) : undefined
  const query = returnTo === undefined || returnTo === '/' ? '' : `?returnTo=${encodeURIComponent(returnTo)}`
  return reply.redirect(`${request.sessionEndedBecause === undefined ? '/sign-in' : '/session-expired'}${query}`, 303)
}

export async function refuse(request: FastifyRequest, reply: FastifyReply, why: 403 | 404 | 'form-expired'): Promise<FastifyReply> {
  const status = why === 'form-expired' ? 403 : why
  if (isJsonRoute(request)) {
    const messages = { 403: 'You do not have access to this.', 404: 'Not found.', 'form-expired': 'The security token was missing or out of date. Reload the page and try again.' }
    return reply.code(status).send({ error: messages[why] })
  }
  const template = why === 404 ? 'errors/not-found.njk' : why === 403 ? 'errors/access-denied.njk' : 'errors/form-expired.njk'
  return reply.code(status).view(template, {})
}
