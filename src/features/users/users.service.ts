import crypto from 'node:crypto'
import type { DatabaseHandle } from '../../platform/db/database.js'
import type { Actor } from '../../platform/http/types.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { endAllSessionsOf } from '../../platform/auth/sessions.js'
import { hashPassword } from '../../platform/auth/passwords.js'
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.js'
import * as repository from './users.repository.js'
import type { UserFields, UserFilter } from './users.repository.js'
import { PAGE_SIZE } from './users.schema.js'
import { applyVersioned } from '../../family-record/index.js'

const ADMINISTRATOR_ROLES = ['organisation-administrator'] as const

function assertAdministrator(actor: Actor): void {
  if (!(ADMINISTRATOR_ROLES as readonly string[]).includes(actor.role)) throw new ForbiddenError('Only administrators manage users')
}

/** A temporary password like "tide-4kq7-lamp-9wr2": easy to read out, used once, then replaced by the user. */
export function temporaryPassword(): string {
  const words = ['bark', 'cove', 'dale', 'fell', 'ghyll', 'heath', 'lamp', 'moss', 'pike', 'rill', 'scar', 'tarn', 'tide', 'vale', 'wren', 'yew']
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'
  const chunk = (): string => Array.from({ length: 4 }, () => alphabet[crypto.randomInt(alphabet.length)]).join('')
  return `${words[crypto.randomInt(words.length)] ?? 'fell'}-${chunk()}-${words[crypto.randomInt(words.length)] ?? 'tarn'}-${chunk()}`
}

export type UpdateResult =
  | { outcome: 'saved' }
  | { outcome: 'conflict'; current: NonNullable<Awaited<ReturnType<typeof repository.findUser>>> }
  | { outcome: 'email-taken' }

export function createUsersService(deps: { database: DatabaseHandle }) {
  const { database } = deps

  return {
    async list(actor: Actor, filter: UserFilter, page: number) {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const { rows, total } = await repository.listUsers(tx, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE)
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'users.listed', subjectType: 'user-list',
          requestId: actor.requestId, details: { page, shown: rows.length, filtered: filter.search !== '' || filter.role !== '' || filter.status !== '' },
        })
        return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
      })
    },

    async view(actor: Actor, userId: string) {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const user = await repository.findUser(tx, userId)
        if (user === undefined) throw new NotFoundError('user')
        await recordAudit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'user.viewed', subjectType: 'user', subjectId: userId, requestId: actor.requestId })
        return user
      })
    },

    /** Teams and agencies of the administrator's own organisation, for the form's choices. */
    async formChoices(actor: Actor) {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => ({
        teams: await repository.listTeams(tx),
        agencies: await repository.listAgencies(tx),
      }))
    },

    async create(actor: Actor, fields: UserFields): Promise<{ outcome: 'created'; userId: string; temporaryPassword: string } | { outcome: 'email-taken' }> {
      assertAdministrator(actor)
      const password = temporaryPassword()
      const passwordHash = await hashPassword(password)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        if (await repository.emailInUse(tx, fields.email)) return { outcome: 'email-taken' as const }
        const userId = await repository.insertUser(tx, actor.organisationId, fields, passwordHash)
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'user.created', subjectType: 'user', subjectId: userId,
          requestId: actor.requestId, details: { role: fields.role },
        })
        return { outcome: 'created' as const, userId, temporaryPassword: password }
      })
    },

    async update(actor: Actor, userId: string, baseVersion: number, fields: UserFields): Promise<UpdateResult> {
      assertAdministrator(actor)
      return database.inOrganisation(actor.organisationId, async (tx) => {
        type Current = NonNullable<Awaited<ReturnType<typeof repository.findUser>>>
        if (await repository.emailInUse(tx, fields.email, userId)) return { outcome: 'email-taken' as const }
        let before: Current | undefined
        const result = await applyVersioned<Current, null>({
          earlier: async () => undefined,
          base: {
            version: baseVersion,
            current: async () => {
              before = await repository.findUser(tx, userId, true)
              return before === undefined ? undefined : { version: before.version, removed: false, state: before }
            },
          },
          write: async (version) => {
            if (userId === actor.userId && fields.role !== before?.role) throw new ForbiddenError('You cannot change your own role')
            await repository.updateUser(tx, userId, version - 1, fields)
            return null
          },
        })
        if (result.outcome === 'conflict') return { outcome: 'conflict' as const, current: result.theirs }
        const changed = (Object.keys(fields) as (keyof UserFields)[]).filter((key) => fields[key] !== before?.[key])
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'user.changed', subjectType: 'user', subjectId: userId,
          requestId: actor.requestId, details: { changed },
        })
        return { outcome: 'saved' as const }
      })
    },

    /** Disabling ends every session the person has, at once. */
    async setStatus(actor: Actor, userId: string, status: 'active' | 'disabled'): Promise<{ sessionsEnded: number }> {
      assertAdministrator(actor)
      if (userId === actor.userId && status === 'disabled') throw new ForbiddenError('You cannot disable your own account')
      return database.inOrganisation(actor.organisationId, async (tx) => {
        const current = await repository.findUser(tx, userId)
        if (current === undefined) throw new NotFoundError('user')
        if (current.status === status) return { sessionsEnded: 0 }
        await repository.updateUser(tx, userId, current.version, { status })
        const sessionsEnded = status === 'disabled' ? await endAllSessionsOf(tx, userId) : 0
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: status === 'disabled' ? 'user.disabled' : 'user.enabled',
          subjectType: 'user', subjectId: userId, requestId: actor.requestId, details: { sessionsEnded },
        })
        return { sessionsEnded }
      })
    },

    /** For a lost phone: the person sets up a new authenticator app at their next sign-in. */
    async resetSecondFactor(actor: Actor, userId: string): Promise<void> {
      assertAdministrator(actor)
      await database.inOrganisation(actor.organisationId, async (tx) => {
        if (await repository.findUser(tx, userId) === undefined) throw new NotFoundError('user')
        await repository.clearSecondFactor(tx, userId)
        const sessionsEnded = await endAllSessionsOf(tx, userId)
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'user.second-factor-reset', subjectType: 'user', subjectId: userId,
          requestId: actor.requestId, details: { sessionsEnded },
        })
      })
    },

    /** For a forgotten password: a temporary one, shown once, to be replaced at the next sign-in. */
    async resetPassword(actor: Actor, userId: string): Promise<string> {
      assertAdministrator(actor)
      const password = temporaryPassword()
      const passwordHash = await hashPassword(password)
      await database.inOrganisation(actor.organisationId, async (tx) => {
        if (await repository.findUser(tx, userId) === undefined) throw new NotFoundError('user')
        await repository.setTemporaryPassword(tx, userId, passwordHash)
        const sessionsEnded = await endAllSessionsOf(tx, userId)
        await recordAudit(tx, {
          organisationId: actor.organisationId, actorUserId: actor.userId, action: 'user.password-reset', subjectType: 'user', subjectId: userId,
          requestId: actor.requestId, details: { sessionsEnded },
        })
      })
      return password
    },

  }
}

export type UsersService = ReturnType<typeof createUsersService>
