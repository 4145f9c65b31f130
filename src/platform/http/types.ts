import type { AccessPolicy } from '../access/policy.js'
import type { UserRole } from '../../db/schema/organisations.js'
import type { SessionStage } from '../../db/schema/sessions.js'

/** Who a member of staff is, as loaded with their session. */
export interface StaffIdentity {
  userId: string
  organisationId: string
  organisationName: string
  displayName: string
  email: string
  role: UserRole
  teamId: string | null
  agencyId: string | null
}

/** The signed-in person, as every service sees them. Services never see Fastify objects. */
export interface Actor extends StaffIdentity {
  sessionId: string
  requestId: string
}

export interface CurrentSession {
  id: string
  stage: SessionStage
  userId: string
  organisationId: string
  returnTo: string | null
  lastActiveAt: Date
  absoluteExpiresAt: Date
}

declare module 'fastify' {
  interface FastifyReply {
    /** Values every template sees (set by @fastify/view's reply.locals support). */
    locals: Record<string, unknown> | undefined
  }
  interface FastifyContextConfig {
    access?: AccessPolicy
    /** A form whose post, if the session has ended, is kept and given back after sign-in. */
    holdOnExpiry?: boolean
  }
  interface FastifyRequest {
    cspNonce: string
    csrfToken: string
    currentSession: CurrentSession | undefined
    actor: Actor | undefined
    /** Why a session cookie was not honoured, so the page can say so. */
    sessionEndedBecause: 'idle' | 'absolute' | undefined
    /** Whose session it was, when it has ended within the last hour. */
    endedSessionOwner: { userId: string; organisationId: string; sessionId: string } | undefined
  }
}
