import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { STAFF_ROLE_NAMES } from '../../platform/views/presenters.js'
import type { StaffRole } from '../../db/schema/organisations.js'
import { OPTIONAL_SECOND_FACTOR_ROLES, type SettingsService } from './settings.service.js'

const administrators = allow.staff('organisation-administrator')

export function settingsRoutes(deps: { settings: SettingsService }) {
  const render = (roles: StaffRole[], saved: boolean) => ({
    saved,
    items: OPTIONAL_SECOND_FACTOR_ROLES.map((role) => ({ value: role, text: STAFF_ROLE_NAMES[role], checked: roles.includes(role) })),
  })
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/admin/settings', { config: { access: administrators } }, async (request, reply) => {
      const roles = await deps.settings.secondFactorRoles(actorOf(request))
      const { saved } = request.query as { saved?: string }
      return reply.view('settings/views/settings.njk', render(roles, saved === 'yes'))
    })

    app.post('/admin/settings', { config: { access: administrators } }, async (request, reply) => {
      const body = request.body as Record<string, unknown> | undefined
      const raw = body?.roles
      const submitted = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((value): value is string => typeof value === 'string')
      const unknown = submitted.filter((role) => !(OPTIONAL_SECOND_FACTOR_ROLES as readonly string[]).includes(role))
      if (unknown.length > 0) {
        return reply.code(400).view('settings/views/settings.njk', {
          ...render(submitted.filter((role): role is StaffRole => !unknown.includes(role)), false),
          errors: [{ text: 'Select roles from the list', href: '#roles' }], fieldErrors: { roles: { text: 'Select roles from the list' } },
        })
      }
      await deps.settings.setSecondFactorRoles(actorOf(request), submitted as StaffRole[])
      return reply.redirect('/admin/settings?saved=yes', 303)
    })
  }
}
