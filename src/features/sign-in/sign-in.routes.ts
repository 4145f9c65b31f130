import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { clearCookie, setCookie, type CookieNames } from '../../platform/http/cookies.js'
import { safeReturnPath, signInStagePath } from '../../platform/http/paths.js'
import { presentErrors } from '../../platform/views/presenters.js'
import type { SessionStore } from '../../platform/auth/sessions.js'
import type { CurrentSession } from '../../platform/http/types.js'
import type { SessionStage } from '../../db/schema/sessions.js'
import type { CodeAttempt, SignInService } from './sign-in.service.js'
import { MESSAGES, parseCode, parseEnrolment, parseNewPassword, parseSignIn } from './sign-in.schema.js'

export interface SignInRouteDeps {
  signIn: SignInService
  sessions: SessionStore
  cookies: CookieNames
  secureCookies: boolean
}

const VIEWS = 'sign-in/views'

/** Whether the page to go back to will give back a form that was kept when its sender was signed out. */
function holdsAForm(returnTo: string | null): boolean {
  return returnTo !== null && /[?&]held=/.test(returnTo)
}

function session(request: FastifyRequest): CurrentSession {
  if (request.currentSession === undefined) throw new Error('Route reached without a session despite its policy')
  return request.currentSession
}

export function signInRoutes(deps: SignInRouteDeps) {
  const { signIn, sessions, cookies, secureCookies } = deps

  /** Sends the browser on after a step, with the new session token (the id changes at each step). */
  function continueTo(reply: FastifyReply, token: string, stage: SessionStage, returnTo: string | null, userId: string): FastifyReply {
    setCookie(reply, cookies.session, token, secureCookies)
    if (stage === 'signed-in') {
      const device = signIn.trustedDeviceToken(userId)
      setCookie(reply, cookies.trustedDevice, device.value, secureCookies, device.maxAgeSeconds)
      return reply.redirect(returnTo ?? '/', 303)
    }
    return reply.redirect(signInStagePath(stage), 303)
  }

  /** After too many wrong codes the part-way sign-in has ended: back to the start, saying why. */
  function codesRefused(reply: FastifyReply, outcome: Extract<CodeAttempt, { outcome: 'ended' | 'throttled' }>['outcome'], returnTo: string | null): FastifyReply {
    clearCookie(reply, cookies.session, secureCookies)
    return reply.code(outcome === 'throttled' ? 429 : 401).view(`${VIEWS}/sign-in.njk`, {
      errors: [{ text: outcome === 'throttled' ? MESSAGES.codesThrottled : MESSAGES.codesEnded, href: '#email' }], values: {}, returnTo: returnTo ?? '',
    })
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/sign-in', { config: { access: allow.public } }, async (request, reply) => {
      if (request.actor !== undefined) return reply.redirect('/', 303)
      const query = request.query as Record<string, unknown>
      const returnTo = safeReturnPath(query.returnTo) ?? ''
      return reply.view(`${VIEWS}/sign-in.njk`, { returnTo, values: {}, joined: query.joined === 'yes', held: holdsAForm(returnTo) })
    })

    app.post('/sign-in', { config: { access: allow.public } }, async (request, reply) => {
      const form = parseSignIn(request.body)
      const returnTo = safeReturnPath(form.returnTo) ?? null
      if (Object.keys(form.errors).length > 0) {
        return reply.code(400).view(`${VIEWS}/sign-in.njk`, { ...presentErrors(form.errors), values: { email: form.email }, returnTo, held: holdsAForm(returnTo) })
      }
      const attempt = await signIn.attemptPassword({
        email: form.email, password: form.password, address: request.ip, deviceToken: request.cookies[cookies.trustedDevice],
        returnTo, requestId: request.id,
      })
      if (attempt.outcome === 'wrong' || attempt.outcome === 'throttled') {
        const message = attempt.outcome === 'wrong' ? MESSAGES.wrongDetails : MESSAGES.throttled
        return reply.code(attempt.outcome === 'throttled' ? 429 : 401).view(`${VIEWS}/sign-in.njk`, {
          errors: [{ text: message, href: '#email' }], values: { email: form.email }, returnTo, held: holdsAForm(returnTo),
        })
      }
      // A browser that was already signed in gets a new session; the old one ends.
      if (request.currentSession !== undefined) await sessions.end(request.currentSession.id)
      return continueTo(reply, attempt.token, attempt.stage, returnTo, attempt.userId)
    })

    app.get('/sign-in/second-factor', { config: { access: allow.signInStage('second-factor') } }, async (_request, reply) =>
      reply.view(`${VIEWS}/second-factor.njk`, {}))

    app.post('/sign-in/second-factor', { config: { access: allow.signInStage('second-factor') } }, async (request, reply) => {
      const current = session(request)
      const form = parseCode(request.body, MESSAGES.codeMissing)
      if (Object.keys(form.errors).length > 0) return reply.code(400).view(`${VIEWS}/second-factor.njk`, presentErrors(form.errors))
      const result = await signIn.checkSecondFactor(current, form.code, request.ip, request.id)
      if (result.outcome === 'ended' || result.outcome === 'throttled') return codesRefused(reply, result.outcome, current.returnTo)
      if (result.outcome === 'wrong') return reply.code(401).view(`${VIEWS}/second-factor.njk`, presentErrors({ code: MESSAGES.codeWrong }))
      const next = await signIn.advance(current, 'second-factor', request.id)
      return continueTo(reply, next.token, next.stage, current.returnTo, current.userId)
    })

    app.get('/sign-in/recovery-code', { config: { access: allow.signInStage('second-factor') } }, async (_request, reply) =>
      reply.view(`${VIEWS}/recovery-code.njk`, {}))

    app.post('/sign-in/recovery-code', { config: { access: allow.signInStage('second-factor') } }, async (request, reply) => {
      const current = session(request)
      const form = parseCode(request.body, MESSAGES.recoveryMissing)
      if (Object.keys(form.errors).length > 0) return reply.code(400).view(`${VIEWS}/recovery-code.njk`, presentErrors(form.errors))
      const result = await signIn.useRecoveryCode(current, form.code, request.ip, request.id)
      if (result.outcome === 'ended' || result.outcome === 'throttled') return codesRefused(reply, result.outcome, current.returnTo)
      if (result.outcome === 'wrong') return reply.code(401).view(`${VIEWS}/recovery-code.njk`, presentErrors({ code: MESSAGES.recoveryWrong }))
      const next = await signIn.advance(current, 'second-factor', request.id)
      setCookie(reply, cookies.session, next.token, secureCookies)
      return reply.view(`${VIEWS}/recovery-code-used.njk`, { remaining: result.remaining ?? 0, continueTo: current.returnTo ?? '/' })
    })

    app.get('/sign-in/set-up-second-factor', { config: { access: allow.signInStage('second-factor-enrolment') } }, async (request, reply) => {
      const current = session(request)
      const enrolment = await signIn.beginEnrolment(current.organisationId, current.userId)
      return reply.view(`${VIEWS}/set-up-second-factor.njk`, { ...enrolment, formAction: '/sign-in/set-up-second-factor', duringSignIn: true })
    })

    app.post('/sign-in/set-up-second-factor', { config: { access: allow.signInStage('second-factor-enrolment') } }, async (request, reply) => {
      const current = session(request)
      const form = parseEnrolment(request.body)
      const codes = Object.keys(form.errors).length > 0 ? undefined : await signIn.completeEnrolment(current.organisationId, current.userId, form.pending, form.code, request.id)
      if (codes === undefined) {
        const enrolment = await signIn.beginEnrolment(current.organisationId, current.userId, form.pending)
        const errors = Object.keys(form.errors).length > 0 ? form.errors : { code: MESSAGES.codeWrong }
        return reply.code(400).view(`${VIEWS}/set-up-second-factor.njk`, { ...enrolment, ...presentErrors(errors), formAction: '/sign-in/set-up-second-factor', duringSignIn: true })
      }
      const next = await signIn.advance(current, 'second-factor-enrolment', request.id)
      setCookie(reply, cookies.session, next.token, secureCookies)
      const device = signIn.trustedDeviceToken(current.userId)
      setCookie(reply, cookies.trustedDevice, device.value, secureCookies, device.maxAgeSeconds)
      return reply.view(`${VIEWS}/recovery-codes.njk`, { codes, continueTo: current.returnTo ?? '/' })
    })

    app.get('/sign-in/new-password', { config: { access: allow.signInStage('password-change') } }, async (_request, reply) =>
      reply.view(`${VIEWS}/new-password.njk`, {}))

    app.post('/sign-in/new-password', { config: { access: allow.signInStage('password-change') } }, async (request, reply) => {
      const current = session(request)
      const form = parseNewPassword(request.body)
      if (Object.keys(form.errors).length > 0) return reply.code(400).view(`${VIEWS}/new-password.njk`, presentErrors(form.errors))
      await signIn.setNewPassword(current, form.password, request.id)
      const next = await signIn.advance(current, 'password-change', request.id)
      return continueTo(reply, next.token, next.stage, current.returnTo, current.userId)
    })

    app.post('/sign-out', { config: { access: allow.public } }, async (request, reply) => {
      if (request.currentSession !== undefined) await signIn.signOut(request.currentSession, request.id)
      await signIn.endDeviceTrust(request.cookies[cookies.trustedDevice])
      clearCookie(reply, cookies.session, secureCookies)
      clearCookie(reply, cookies.trustedDevice, secureCookies)
      return reply.redirect('/signed-out', 303)
    })

    app.get('/signed-out', { config: { access: allow.public } }, async (_request, reply) => reply.view(`${VIEWS}/signed-out.njk`, {}))

    app.get('/session-expired', { config: { access: allow.public } }, async (request, reply) => {
      const query = request.query as Record<string, unknown>
      const returnTo = safeReturnPath(query.returnTo)
      if (request.actor !== undefined) return reply.redirect(returnTo ?? '/', 303)
      const held = returnTo !== undefined && /[?&]held=/.test(returnTo)
      return reply.view(`${VIEWS}/session-expired.njk`, { returnTo: returnTo === '/' ? undefined : returnTo, held })
    })

    app.post('/session/keep-alive', { config: { access: allow.signedIn } }, async (request, reply) => {
      const current = session(request)
      current.lastActiveAt = await sessions.touch(current, true)
      return reply.send({ secondsLeft: sessions.secondsLeft(current) })
    })

    app.get('/session/status', { config: { access: allow.signedIn } }, async (request, reply) =>
      reply.send({ secondsLeft: sessions.secondsLeft(session(request)) }))
  }
}
