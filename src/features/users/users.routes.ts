import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import type { HeldSubmissions } from '../../platform/http/held-submissions.js'
import { presentErrors } from '../../platform/views/presenters.js'
import type { Actor } from '../../platform/http/types.js'
import type { UsersService } from './users.service.js'
import { MESSAGES, parseUserFilter, parseUserForm, type UserFormValues } from './users.schema.js'
import { presentUserForm, presentUserList, presentUserSummary } from './users.presenter.js'
import { userPaths } from './users.paths.js'
import { id, isId, paramsOf } from '../../platform/http/params.js'

const VIEWS = 'users/views'
const administrators = allow.staff('organisation-administrator')

function userIdOf(request: FastifyRequest): string {
  // A malformed id cannot name a record: the same answer as a record that does not exist.
  return paramsOf(request, { userId: id }).userId
}

export function usersRoutes(deps: { users: UsersService; held: HeldSubmissions }) {
  const { users, held } = deps

  /** What the administrator typed into this form before their session ended, if it was kept. */
  async function heldValues(request: FastifyRequest, path: string): Promise<Partial<UserFormValues> | undefined> {
    const id = (request.query as Record<string, unknown>).held
    if (!isId(id)) return undefined
    const fields = await held.find(actorOf(request), id, path)
    return fields === undefined ? undefined : parseUserForm(fields, { teamIds: [], agencyIds: [] }).values
  }

  async function renderForm(reply: FastifyReply, actor: Actor, view: 'new' | 'edit', values: Partial<UserFormValues>, errors: Record<string, string>, extra: Record<string, unknown> = {}, status?: number) {
    const choices = await users.formChoices(actor)
    return reply.code(status ?? (Object.keys(errors).length > 0 ? 400 : 200)).view(`${VIEWS}/${view}.njk`, {
      ...presentErrors(errors), ...presentUserForm(values, choices), ...extra,
    })
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.get(userPaths.list(), { config: { access: administrators } }, async (request, reply) => {
      const filter = parseUserFilter(request.query)
      const result = await users.list(actorOf(request), filter, filter.page)
      return reply.view(`${VIEWS}/list.njk`, presentUserList(result, filter))
    })

    app.get(userPaths.new(), { config: { access: administrators } }, async (request, reply) => {
      const kept = await heldValues(request, userPaths.new())
      return renderForm(reply, actorOf(request), 'new', kept ?? {}, {}, { restored: kept !== undefined })
    })

    app.post(userPaths.new(), { config: { access: administrators, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const choices = await users.formChoices(actor)
      const form = parseUserForm(request.body, { teamIds: choices.teams.map((team) => team.id), agencyIds: choices.agencies.map((agency) => agency.id) })
      if (form.fields === undefined) return renderForm(reply, actor, 'new', form.values, form.errors)
      const result = await users.create(actor, form.fields)
      if (result.outcome === 'email-taken') return renderForm(reply, actor, 'new', form.values, { email: MESSAGES.emailTaken })
      return reply.code(201).view(`${VIEWS}/created.njk`, {
        displayName: form.fields.displayName, email: form.fields.email, temporaryPassword: result.temporaryPassword, userPath: userPaths.show(result.userId),
      })
    })

    app.get(userPaths.show(':userId'), { config: { access: administrators } }, async (request, reply) => {
      const user = await users.view(actorOf(request), userIdOf(request))
      const { done } = request.query as { done?: string }
      return reply.view(`${VIEWS}/show.njk`, { ...presentUserSummary(user), isSelf: user.id === actorOf(request).userId, done })
    })

    app.get(userPaths.edit(':userId'), { config: { access: administrators } }, async (request, reply) => {
      const actor = actorOf(request)
      const user = await users.view(actor, userIdOf(request))
      const kept = await heldValues(request, userPaths.edit(user.id))
      if (kept !== undefined) return renderForm(reply, actor, 'edit', kept, {}, { userId: user.id, isSelf: user.id === actor.userId, restored: true })
      return renderForm(reply, actor, 'edit', {
        displayName: user.displayName, email: user.email, workPhone: user.workPhone, role: user.role, teamId: user.teamId ?? '', agencyId: user.agencyId ?? '', version: String(user.version),
      }, {}, { userId: user.id, isSelf: user.id === actor.userId })
    })

    app.post(userPaths.edit(':userId'), { config: { access: administrators, holdOnExpiry: true } }, async (request, reply) => {
      const actor = actorOf(request)
      const userId = userIdOf(request)
      const choices = await users.formChoices(actor)
      const form = parseUserForm(request.body, { teamIds: choices.teams.map((team) => team.id), agencyIds: choices.agencies.map((agency) => agency.id) })
      const extra = { userId, isSelf: userId === actor.userId }
      if (form.fields === undefined || form.version === undefined) {
        // An account that does not exist is not found, whatever was sent; a form without its version is sent back to check.
        const current = await users.view(actor, userId)
        const errors = form.version === undefined ? { ...form.errors, displayName: form.errors.displayName ?? MESSAGES.versionMissing } : form.errors
        return renderForm(reply, actor, 'edit', { ...form.values, version: form.version === undefined ? String(current.version) : form.values.version }, errors, extra)
      }
      const result = await users.update(actor, userId, form.version, form.fields)
      if (result.outcome === 'email-taken') return renderForm(reply, actor, 'edit', form.values, { email: MESSAGES.emailTaken }, extra)
      if (result.outcome === 'conflict') {
        // Someone else saved first: show both versions; what this person typed is kept in the form.
        return renderForm(reply, actor, 'edit', { ...form.values, version: String(result.current.version) }, {}, {
          ...extra, conflict: presentUserSummary(result.current),
        }, 409)
      }
      return reply.redirect(`${userPaths.show(userId)}?done=changed`, 303)
    })

    for (const action of ['disable', 'enable', 'reset-second-factor', 'reset-password'] as const) {
      app.get(userPaths.action(':userId', action), { config: { access: administrators } }, async (request, reply) => {
        const actor = actorOf(request)
        const user = await users.view(actor, userIdOf(request))
        return reply.view(`${VIEWS}/confirm.njk`, { action, user: presentUserSummary(user), isSelf: user.id === actor.userId })
      })
    }

    app.post(userPaths.action(':userId', 'disable'), { config: { access: administrators } }, async (request, reply) => {
      const userId = userIdOf(request)
      if (userId === actorOf(request).userId) {
        const user = await users.view(actorOf(request), userId)
        return reply.code(400).view(`${VIEWS}/confirm.njk`, { action: 'disable', user: presentUserSummary(user), isSelf: true, ...presentErrors({ confirm: MESSAGES.cannotDisableSelf }) })
      }
      await users.setStatus(actorOf(request), userId, 'disabled')
      return reply.redirect(`${userPaths.show(userId)}?done=disabled`, 303)
    })

    app.post(userPaths.action(':userId', 'enable'), { config: { access: administrators } }, async (request, reply) => {
      const userId = userIdOf(request)
      await users.setStatus(actorOf(request), userId, 'active')
      return reply.redirect(`${userPaths.show(userId)}?done=enabled`, 303)
    })

    app.post(userPaths.action(':userId', 'reset-second-factor'), { config: { access: administrators } }, async (request, reply) => {
      const userId = userIdOf(request)
      await users.resetSecondFactor(actorOf(request), userId)
      return reply.redirect(`${userPaths.show(userId)}?done=second-factor-reset`, 303)
    })

    app.post(userPaths.action(':userId', 'reset-password'), { config: { access: administrators } }, async (request, reply) => {
      const actor = actorOf(request)
      const userId = userIdOf(request)
      const password = await users.resetPassword(actor, userId)
      const user = await users.view(actor, userId)
      return reply.view(`${VIEWS}/created.njk`, { displayName: user.displayName, email: user.email, temporaryPassword: password, userPath: userPaths.show(userId), reset: true })
    })
  }
}
