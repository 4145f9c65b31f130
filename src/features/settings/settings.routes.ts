import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { STAFF_ROLE_NAMES, presentErrors } from '../../platform/views/presenters.js'
import type { StaffRole } from '../../db/schema/organisations.js'
import { OPTIONAL_SECOND_FACTOR_ROLES, type SettingsService } from './settings.service.js'

const administrators = allow.staff('organisation-administrator')

export function settingsRoutes(deps: { settings: SettingsService }) {
  const render = (roles: StaffRole[], saved: boolean, threshold: string) => ({
    saved, threshold,
    items: OPTIONAL_SECOND_FACTOR_ROLES.map((role) => ({ value: role, text: STAFF_ROLE_NAMES[role], checked: roles.includes(role) })),
  })
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/admin/settings', { config: { access: administrators } }, async (request, reply) => {
      const roles = await deps.settings.secondFactorRoles(actorOf(request))
      const threshold = await deps.settings.readinessThreshold(actorOf(request))
      const { saved } = request.query as { saved?: string }
      return reply.view('settings/views/settings.njk', render(roles, saved === 'yes', String(threshold)))
    })

    app.post('/admin/settings', { config: { access: administrators } }, async (request, reply) => {
      const body = request.body as Record<string, unknown> | undefined
      const raw = body?.roles
      const submitted = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((value): value is string => typeof value === 'string')
      const unknown = submitted.filter((role) => !(OPTIONAL_SECOND_FACTOR_ROLES as readonly string[]).includes(role))
      // The threshold is optional in the form's body, so older clients that send only roles still work.
      const thresholdText = typeof body?.readinessThreshold === 'string' ? body.readinessThreshold.trim().slice(0, 10) : undefined
      const thresholdValid = thresholdText === undefined || /^(10|[0-9])$/.test(thresholdText)
      if (unknown.length > 0 || !thresholdValid) {
        const errors: Record<string, string> = {}
        if (unknown.length > 0) errors.roles = 'Select roles from the list'
        if (!thresholdValid) errors.readinessThreshold = 'Enter a whole number from 0 to 10'
        return reply.code(400).view('settings/views/settings.njk', {
          ...render(submitted.filter((role): role is StaffRole => !unknown.includes(role)), false, thresholdText ?? ''),
          ...presentErrors(errors),
        })
      }
      await deps.settings.setSecondFactorRoles(actorOf(request), submitted as StaffRole[])
      if (thresholdText !== undefined) await deps.settings.setReadinessThreshold(actorOf(request), Number(thresholdText))
      return reply.redirect('/admin/settings?saved=yes', 303)
    })
  }
}
