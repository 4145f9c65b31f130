import type { FastifyInstance } from 'fastify'
import { allow } from '../../platform/access/policy.js'
import { actorOf } from '../../platform/http/request.js'
import { presentErrors, STAFF_ROLE_NAMES } from '../../platform/views/presenters.js'
import { formatDateTime } from '../../platform/views/setup.js'
import { parseEnrolment, type SignInService } from '../sign-in/index.js'
import type { AccountService } from './account.service.js'

export function accountRoutes(deps: { account: AccountService; signIn: SignInService }) {
  async function alreadySetUp(organisationId: string, userId: string): Promise<boolean> {
    return deps.account.authenticatorSetUp({ organisationId, userId })
  }
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/account', { config: { access: allow.signedIn } }, async (request, reply) => {
      const actor = actorOf(request)
      const account = await deps.account.mine(actor)
      return reply.view('account/views/account.njk', {
        totpEnabled: account?.totpEnabledAt != null,
        rows: [
          { key: { text: 'Name' }, value: { text: actor.displayName } },
          { key: { text: 'Email address' }, value: { text: actor.email } },
          { key: { text: 'Role' }, value: { text: STAFF_ROLE_NAMES[actor.role] } },
          { key: { text: 'Organisation' }, value: { text: actor.organisationName } },
          { key: { text: account?.agencyName == null ? 'Team' : 'Agency' }, value: { text: account?.agencyName ?? account?.teamName ?? 'No team' } },
          { key: { text: 'Authenticator app' }, value: { text: account?.totpEnabledAt == null ? 'Not set up' : `Set up ${formatDateTime(account.totpEnabledAt)}` } },
        ],
      })
    })

    app.get('/account/authenticator-app', { config: { access: allow.signedIn } }, async (request, reply) => {
      const actor = actorOf(request)
      if (await alreadySetUp(actor.organisationId, actor.userId)) return reply.redirect('/account', 303)
      const enrolment = await deps.signIn.beginEnrolment(actor.organisationId, actor.userId)
      return reply.view('sign-in/views/set-up-second-factor.njk', { ...enrolment, formAction: '/account/authenticator-app', duringSignIn: false })
    })

    app.post('/account/authenticator-app', { config: { access: allow.signedIn } }, async (request, reply) => {
      const actor = actorOf(request)
      if (await alreadySetUp(actor.organisationId, actor.userId)) return reply.redirect('/account', 303)
      const { code, pending } = parseEnrolment(request.body)
      const codes = code === '' ? undefined : await deps.signIn.completeEnrolment(actor.organisationId, actor.userId, pending, code, request.id)
      if (codes === undefined) {
        const enrolment = await deps.signIn.beginEnrolment(actor.organisationId, actor.userId, pending)
        return reply.code(400).view('sign-in/views/set-up-second-factor.njk', {
          ...enrolment, formAction: '/account/authenticator-app', duringSignIn: false,
          ...presentErrors({ code: code === '' ? 'Enter the 6-digit code from your authenticator app' : 'The code is not right. Enter the newest code from your authenticator app.' }),
        })
      }
      return reply.view('sign-in/views/recovery-codes.njk', { codes, continueTo: '/account' })
    })
  }
}
