import type { DatabaseHandle, Transaction } from '../../platform/db/database.js'
import type { SessionStore } from '../../platform/auth/sessions.js'
import { safeEqual, sha256, type Secrets } from '../../platform/auth/secrets.js'
import { recordAudit } from '../../platform/audit/audit.js'
import { hashPassword, spendPasswordCheckTime, verifyPassword } from '../../platform/auth/passwords.js'
import { checkTotp, enrolmentQrCodeSvg, hashRecoveryCode, newRecoveryCodes, newTotpSecret } from '../../platform/auth/totp.js'
import type { SessionStage } from '../../db/schema/sessions.js'
import type { UserRole } from '../../db/schema/organisations.js'
import type { CurrentSession } from '../../platform/http/types.js'
import { ForbiddenError } from '../../platform/http/errors.js'
import * as repository from './sign-in.repository.js'

/** Administrators always need a second factor, whatever their organisation chooses for other roles. */
export const ROLES_ALWAYS_NEEDING_SECOND_FACTOR: readonly UserRole[] = ['organisation-administrator', 'learning-administrator']

export function secondFactorRequired(role: UserRole, organisationRoles: readonly string[]): boolean {
  return ROLES_ALWAYS_NEEDING_SECOND_FACTOR.includes(role) || organisationRoles.includes(role)
}

type SignInState = NonNullable<Awaited<ReturnType<typeof repository.findSignInState>>>

export interface ThrottleSettings {
  windowSeconds: number
  maxFailuresPerAccount: number
  maxFailuresPerAddress: number
}

export type PasswordAttempt =
  | { outcome: 'signed-in' | 'next-stage'; token: string; stage: SessionStage; userId: string }
  | { outcome: 'wrong' }
  | { outcome: 'throttled' }

/** The result of a second-factor or recovery-code attempt. */
export type CodeAttempt =
  | { outcome: 'accepted'; remaining?: number }
  /** Wrong; the sign-in may try again. */
  | { outcome: 'wrong' }
  /** Wrong too many times in this sign-in: it has been ended. */
  | { outcome: 'ended' }
  /** Too many wrong codes or passwords for the account lately: the sign-in has been ended. */
  | { outcome: 'throttled' }

const TRUSTED_DEVICE_DAYS = 90
/** Wrong codes one part-way sign-in may have before it ends and the password is asked for again. */
export const MAX_FAILED_CODES_PER_SIGN_IN = 5
/**
 * A browser where the account fully signed in before is not held back by other people's failures,
 * but its own failures still count: it may have this many times the account's limit.
 */
export const TRUSTED_DEVICE_FAILURE_FACTOR = 2

export function createSignInService(deps: { database: DatabaseHandle; sessions: SessionStore; secrets: Secrets; throttle: ThrottleSettings }) {
  const { database, sessions, secrets, throttle } = deps

  function accountKeyFor(email: string): string {
    return secrets.hmac('sign-in-account', email.trim().toLowerCase())
  }

  /** When a genuine trusted-device cookie stops being trusted anyway (seconds since 1970), if it is genuine. */
  function deviceTokenExpiry(deviceToken: string | undefined): { userId: string; expires: number } | undefined {
    if (deviceToken === undefined) return undefined
    const [id, expires, mac] = deviceToken.split('.')
    if (id === undefined || expires === undefined || mac === undefined || !/^\d{1,12}$/.test(expires)) return undefined
    if (!safeEqual(secrets.hmac('trusted-device', `${id}.${expires}`), mac)) return undefined
    return { userId: id, expires: Number(expires) }
  }

  /** A browser where this account has fully signed in before, and not signed out since. */
  async function isTrustedDevice(deviceToken: string | undefined, userId: string): Promise<boolean> {
    const genuine = deviceTokenExpiry(deviceToken)
    if (genuine === undefined || deviceToken === undefined || genuine.userId !== userId || genuine.expires < Date.now() / 1000) return false
    return !await database.withoutOrganisation((tx) => repository.deviceTrustEnded(tx, sha256(deviceToken)))
  }

  /**
   * Before a code is checked: refuses it if the account has had too many failures lately. After a
   * wrong one: counts it for the account (in the sign-in throttle) and for this sign-in, and ends
   * the sign-in when either has had too many.
   */
  async function checkCode(session: CurrentSession, address: string, requestId: string, action: 'sign-in.second-factor' | 'sign-in.recovery-code',
    check: (tx: Transaction, state: SignInState) => Promise<CodeAttempt>): Promise<CodeAttempt> {
    return database.inOrganisation(session.organisationId, async (tx) => {
      const state = await repository.findSignInState(tx, session.userId)
      if (state === undefined) return { outcome: 'wrong' }
      const accountKey = accountKeyFor(state.email)
      const since = new Date(Date.now() - throttle.windowSeconds * 1000)
      const audit = (outcome: 'failure' | 'denied', details: Record<string, unknown>) => recordAudit(tx, {
        organisationId: session.organisationId, actorUserId: session.userId, action, outcome, subjectType: 'user', subjectId: session.userId, requestId, details,
      })
      if (await repository.countRecentFailures(tx, { accountKey }, since) >= throttle.maxFailuresPerAccount) {
        await repository.endSession(tx, session.id)
        await audit('denied', { reason: 'too many attempts' })
        return { outcome: 'throttled' }
      }
      const result = await check(tx, state)
      if (result.outcome === 'accepted') {
        await repository.clearFailures(tx, accountKey)
        return result
      }
      await repository.recordFailure(tx, { accountKey, addressKey: secrets.hmac('sign-in-address', address), kind: 'second-factor' })
      const inThisSignIn = await repository.countFailedCode(tx, session.id)
      const forAccount = await repository.countRecentFailures(tx, { accountKey }, since)
      const ended = inThisSignIn >= MAX_FAILED_CODES_PER_SIGN_IN || forAccount >= throttle.maxFailuresPerAccount
      if (ended) await repository.endSession(tx, session.id)
      await audit('failure', ended ? { signInEnded: true } : {})
      return { outcome: forAccount >= throttle.maxFailuresPerAccount ? 'throttled' : ended ? 'ended' : 'wrong' }
    })
  }

  async function recordSignedIn(organisationId: string, userId: string, requestId: string, method: string): Promise<void> {
    await database.inOrganisation(organisationId, async (tx) => {
      await repository.recordSignedIn(tx, userId)
      await recordAudit(tx, { organisationId, actorUserId: userId, action: 'sign-in', subjectType: 'user', subjectId: userId, requestId, details: { method } })
    })
  }

  /** The secret inside an enrolment form's pending value, if it is genuine, this user's and under an hour old. */
  function readPending(pending: string | undefined, userId: string): string | undefined {
    if (pending === undefined || pending === '') return undefined
    try {
      const parsed = JSON.parse(secrets.decrypt(pending)) as { userId?: unknown; secret?: unknown; issuedAt?: unknown }
      if (parsed.userId !== userId || typeof parsed.secret !== 'string' || typeof parsed.issuedAt !== 'number') return undefined
      return Date.now() - parsed.issuedAt < 3_600_000 ? parsed.secret : undefined
    } catch {
      return undefined
    }
  }

  return {
    trustedDeviceToken(userId: string): { value: string; maxAgeSeconds: number } {
      const expires = Math.floor(Date.now() / 1000) + TRUSTED_DEVICE_DAYS * 86_400
      return { value: `${userId}.${String(expires)}.${secrets.hmac('trusted-device', `${userId}.${String(expires)}`)}`, maxAgeSeconds: TRUSTED_DEVICE_DAYS * 86_400 }
    },

    async attemptPassword(input: {
      email: string; password: string; address: string; deviceToken: string | undefined; returnTo: string | null; requestId: string
    }): Promise<PasswordAttempt> {
      const accountKey = accountKeyFor(input.email)
      const addressKey = secrets.hmac('sign-in-address', input.address)
      const since = new Date(Date.now() - throttle.windowSeconds * 1000)

      const account = await database.withoutOrganisation((tx) => repository.findAccountForSignIn(tx, input.email.trim()))
      const trusted = account !== undefined && await isTrustedDevice(input.deviceToken, account.user_id)
      const deviceKey = trusted && input.deviceToken !== undefined ? secrets.hmac('sign-in-device', input.deviceToken) : undefined
      const throttled = await database.withoutOrganisation(async (tx) => {
        // A trusted device counts only its own failures, against a higher limit.
        if (deviceKey !== undefined) return await repository.countRecentFailures(tx, { deviceKey }, since) >= throttle.maxFailuresPerAccount * TRUSTED_DEVICE_FAILURE_FACTOR
        const byAccount = await repository.countRecentFailures(tx, { accountKey }, since)
        const byAddress = await repository.countRecentFailures(tx, { addressKey }, since)
        return byAccount >= throttle.maxFailuresPerAccount || byAddress >= throttle.maxFailuresPerAddress
      })
      if (throttled) {
        await database.inOrganisation(account?.organisation_id ?? '', (tx) => recordAudit(tx, {
          organisationId: account?.organisation_id ?? null, actorUserId: null, action: 'sign-in', outcome: 'denied',
          subjectType: 'user', subjectId: account?.user_id, requestId: input.requestId, details: { reason: 'too many attempts' },
        }))
        return { outcome: 'throttled' }
      }

      const passwordRight = account === undefined
        ? (await spendPasswordCheckTime(input.password), false)
        : await verifyPassword(account.password_hash, input.password)
      if (account === undefined || !passwordRight || account.status !== 'active') {
        await database.inOrganisation(account?.organisation_id ?? '', async (tx) => {
          await repository.recordFailure(tx, { accountKey, addressKey, kind: 'password', deviceKey })
          await recordAudit(tx, {
            organisationId: account?.organisation_id ?? null, actorUserId: null, action: 'sign-in', outcome: 'failure',
            subjectType: account === undefined ? undefined : 'user', subjectId: account?.user_id, requestId: input.requestId,
            details: { reason: account === undefined ? 'unknown account' : !passwordRight ? 'wrong password' : 'account disabled' },
          })
        })
        return { outcome: 'wrong' }
      }

      const state = await database.inOrganisation(account.organisation_id, async (tx) => {
        // Wrong codes still count: knowing the password must not reset the second factor's limit.
        await repository.clearFailures(tx, accountKey, 'password')
        return repository.findSignInState(tx, account.user_id)
      })
      if (state === undefined) return { outcome: 'wrong' }
      const stage: SessionStage = state.passwordMustChange ? 'password-change'
        : state.totpEnabledAt !== null ? 'second-factor'
          : secondFactorRequired(state.role, state.secondFactorRoles) ? 'second-factor-enrolment'
            : 'signed-in'
      const { token } = await sessions.create({ userId: account.user_id, organisationId: account.organisation_id, stage, returnTo: input.returnTo })
      if (stage === 'signed-in') await recordSignedIn(account.organisation_id, account.user_id, input.requestId, 'password')
      return { outcome: stage === 'signed-in' ? 'signed-in' : 'next-stage', token, stage, userId: account.user_id }
    },

    /** After a step of sign-in succeeds: what comes next, under a new session token. */
    async advance(session: CurrentSession, completed: SessionStage, requestId: string): Promise<{ token: string; stage: SessionStage }> {
      const state = await database.inOrganisation(session.organisationId, (tx) => repository.findSignInState(tx, session.userId))
      if (state === undefined) throw new Error('Account disappeared during sign-in')
      let stage: SessionStage = 'signed-in'
      if (completed === 'password-change') {
        stage = state.totpEnabledAt !== null ? 'second-factor'
          : secondFactorRequired(state.role, state.secondFactorRoles) ? 'second-factor-enrolment' : 'signed-in'
      }
      const { token } = await sessions.advance(session.id, stage)
      if (stage === 'signed-in') await recordSignedIn(session.organisationId, session.userId, requestId, completed === 'password-change' ? 'password' : 'second factor')
      return { token, stage }
    },

    async checkSecondFactor(session: CurrentSession, code: string, address: string, requestId: string): Promise<CodeAttempt> {
      return checkCode(session, address, requestId, 'sign-in.second-factor', async (tx, state) => {
        if (state.totpSecretEncrypted == null || state.totpEnabledAt === null) return { outcome: 'wrong' }
        const step = checkTotp(secrets.decrypt(state.totpSecretEncrypted), code, state.totpLastStep)
        if (step === undefined) return { outcome: 'wrong' }
        await repository.saveTotpStep(tx, session.userId, step)
        return { outcome: 'accepted' }
      })
    },

    async useRecoveryCode(session: CurrentSession, code: string, address: string, requestId: string): Promise<CodeAttempt> {
      return checkCode(session, address, requestId, 'sign-in.recovery-code', async (tx) => {
        const accepted = await repository.useRecoveryCode(tx, session.userId, hashRecoveryCode(code))
        if (!accepted) return { outcome: 'wrong' }
        const remaining = await repository.countUnusedRecoveryCodes(tx, session.userId)
        await recordAudit(tx, {
          organisationId: session.organisationId, actorUserId: session.userId, action: 'sign-in.recovery-code',
          outcome: 'success', subjectType: 'user', subjectId: session.userId, requestId, details: { remaining },
        })
        return { outcome: 'accepted', remaining }
      })
    },

    /**
     * Makes a new authenticator secret, or re-shows the one in `pending`. Nothing is stored until a
     * code from it is entered: the secret travels in the form, encrypted and bound to this user.
     */
    async beginEnrolment(organisationId: string, userId: string, pending?: string): Promise<{ secret: string; qrCodeSvg: string; pending: string }> {
      const state = await database.inOrganisation(organisationId, (tx) => repository.findSignInState(tx, userId))
      if (state === undefined) throw new Error('Account not found')
      if (state.totpEnabledAt !== null) throw new ForbiddenError('An authenticator app is already set up')
      const secret = readPending(pending, userId) ?? newTotpSecret()
      return {
        secret,
        qrCodeSvg: await enrolmentQrCodeSvg(secret, state.email, `Mapwell (${state.organisationName})`),
        pending: secrets.encrypt(JSON.stringify({ userId, secret, issuedAt: Date.now() })),
      }
    },

    /** Activates the secret if the code matches it; returns the new recovery codes, shown once. */
    async completeEnrolment(organisationId: string, userId: string, pending: string, code: string, requestId: string): Promise<string[] | undefined> {
      const secret = readPending(pending, userId)
      if (secret === undefined) return undefined
      const step = checkTotp(secret, code, null)
      if (step === undefined) return undefined
      return database.inOrganisation(organisationId, async (tx) => {
        const state = await repository.findSignInState(tx, userId)
        if (state === undefined || state.totpEnabledAt !== null) return undefined
        const codes = newRecoveryCodes()
        await repository.enableTotp(tx, userId, secrets.encrypt(secret), step)
        await repository.replaceRecoveryCodes(tx, organisationId, userId, codes.map(hashRecoveryCode))
        await recordAudit(tx, { organisationId, actorUserId: userId, action: 'second-factor.set-up', subjectType: 'user', subjectId: userId, requestId })
        return codes
      })
    },

    async setNewPassword(session: CurrentSession, password: string, requestId: string): Promise<void> {
      const passwordHash = await hashPassword(password)
      await database.inOrganisation(session.organisationId, async (tx) => {
        await repository.setPassword(tx, session.userId, passwordHash)
        await recordAudit(tx, { organisationId: session.organisationId, actorUserId: session.userId, action: 'password.changed', subjectType: 'user', subjectId: session.userId, requestId })
      })
    },

    /** Signing out ends this browser's trust too: the next person at a shared computer gets no extra tries. */
    async endDeviceTrust(deviceToken: string | undefined): Promise<void> {
      const genuine = deviceTokenExpiry(deviceToken)
      if (genuine === undefined || deviceToken === undefined || genuine.expires < Date.now() / 1000) return
      await database.withoutOrganisation((tx) => repository.endDeviceTrust(tx, sha256(deviceToken), new Date(genuine.expires * 1000)))
    },

    async signOut(session: CurrentSession, requestId: string): Promise<void> {
      await sessions.end(session.id)
      await database.inOrganisation(session.organisationId, (tx) => recordAudit(tx, {
        organisationId: session.organisationId, actorUserId: session.userId, action: 'sign-out', subjectType: 'user', subjectId: session.userId, requestId,
      }))
    },
  }
}

export type SignInService = ReturnType<typeof createSignInService>
