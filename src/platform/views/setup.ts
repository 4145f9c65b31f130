import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import view from '@fastify/view'
import nunjucks from 'nunjucks'
import { PROJECT_ROOT, SOURCE_ROOT } from '../paths.js'
import type { SessionStore } from '../auth/sessions.js'
import { staticUrl } from '../http/assets.js'
import { STAFF_ROLE_NAMES, markCurrent, type Navigation } from './presenters.js'
import { formatClockTime } from '../time.js'

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London',
})

export function formatDate(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return ''
  return dateFormat.format(new Date(value))
}

/** A meeting's day and, when it has one, its time: "22 December 2026 at 2:30pm". */
export function formatDateAt(date: string, time: string | null | undefined): string {
  const clock = formatClockTime(time)
  return clock === '' ? formatDate(date) : `${formatDate(date)} at ${clock}`
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return ''
  return dateTimeFormat.format(new Date(value)).replace(' at ', ', ')
}

export function setUpViews(app: FastifyInstance, options: { sessions: SessionStore; warningSeconds: number; idleSeconds: number; navigation: Navigation }): void {
  app.register(view, {
    engine: { nunjucks },
    templates: [
      path.join(SOURCE_ROOT, 'features'),
      path.join(SOURCE_ROOT, 'platform', 'views'),
      path.join(PROJECT_ROOT, 'node_modules', 'govuk-frontend', 'dist'),
      path.join(PROJECT_ROOT, 'node_modules', '@ministryofjustice', 'frontend'),
    ],
    options: {
      autoescape: true,
      throwOnUndefined: false,
      // Compiled templates are cached: recompiling on every request cut page throughput by about 20 times.
      noCache: false,
      onConfigure: (env: nunjucks.Environment) => {
        // The URL of a built file (fingerprinted, so it can be cached for a year): {{ staticUrl('/public/app.css') }}.
        env.addGlobal('staticUrl', staticUrl)
        env.addFilter('roleName', (role: string) => (STAFF_ROLE_NAMES as Record<string, string | undefined>)[role] ?? role)
        env.addFilter('date', formatDate)
        env.addFilter('dateTime', formatDateTime)
      },
    },
  })

  app.addHook('preHandler', async (request, reply) => {
    const actor = request.actor
    reply.locals = {
      ...reply.locals,
      actor,
      csrfToken: request.csrfToken,
      cspNonce: request.cspNonce,
      sessionSecondsLeft: request.currentSession === undefined ? undefined : options.sessions.secondsLeft(request.currentSession),
      sessionWarningSeconds: options.warningSeconds,
      sessionIdleSeconds: options.idleSeconds,
      navigation: actor === undefined ? [] : markCurrent(options.navigation(actor.role), request.url),
    }
  })
  // Error pages can be rendered before preHandler runs (a parse error, an unknown route).
  app.addHook('onError', async (request, reply) => {
    reply.locals = { ...reply.locals, actor: request.actor, csrfToken: request.csrfToken, cspNonce: request.cspNonce }
  })
}
