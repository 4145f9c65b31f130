import type { StaffRole, UserRole } from '../../db/schema/organisations.js'
import type { SessionStage } from '../../db/schema/sessions.js'

/**
 * Who may use a route. Every route declares one; the application refuses to start otherwise.
 * Record-level checks (is this family yours?) live in the services and answer 404.
 */
export type AccessPolicy =
  | { kind: 'public' }
  | { kind: 'sign-in-stage'; stages: readonly Exclude<SessionStage, 'signed-in'>[] }
  | { kind: 'staff'; roles: 'any' | readonly StaffRole[] }
  | { kind: 'family' }
  | { kind: 'signed-in' }

export const allow = {
  /** Anyone, signed in or not. */
  public: { kind: 'public' } as AccessPolicy,
  /** Someone part-way through signing in (password accepted, more to do). */
  signInStage: (...stages: Exclude<SessionStage, 'signed-in'>[]): AccessPolicy => ({ kind: 'sign-in-stage', stages }),
  /** Any signed-in member of staff. */
  anyStaff: { kind: 'staff', roles: 'any' } as AccessPolicy,
  /** Signed-in staff in one of these roles. */
  staff: (...roles: StaffRole[]): AccessPolicy => ({ kind: 'staff', roles }),
  /** A signed-in family or network member, in their own family's space. */
  family: { kind: 'family' } as AccessPolicy,
  /** Anyone signed in: staff, partners, family and network members (their own account, signing out). */
  signedIn: { kind: 'signed-in' } as AccessPolicy,
}

export function describePolicy(policy: AccessPolicy): string {
  switch (policy.kind) {
    case 'public': return 'public'
    case 'sign-in-stage': return `signing in: ${policy.stages.join(', ')}`
    case 'staff': return policy.roles === 'any' ? 'staff: any role' : `staff: ${[...policy.roles].sort().join(', ')}`
    case 'family': return 'family and network members'
    case 'signed-in': return 'anyone signed in'
  }
}

export type AccessDecision = 'allow' | 'sign-in' | 'continue-sign-in' | 'deny'

export function decideAccess(policy: AccessPolicy, session: { stage: SessionStage; role: UserRole } | undefined): AccessDecision {
  switch (policy.kind) {
    case 'public':
      return 'allow'
    case 'sign-in-stage':
      if (session === undefined) return 'sign-in'
      return policy.stages.includes(session.stage as Exclude<SessionStage, 'signed-in'>) ? 'allow' : 'deny'
    case 'staff':
      if (session === undefined) return 'sign-in'
      if (session.stage !== 'signed-in') return 'continue-sign-in'
      if (session.role === 'family-member') return 'deny'
      return policy.roles === 'any' || policy.roles.includes(session.role) ? 'allow' : 'deny'
    case 'family':
      if (session === undefined) return 'sign-in'
      if (session.stage !== 'signed-in') return 'continue-sign-in'
      return session.role === 'family-member' ? 'allow' : 'deny'
    case 'signed-in':
      if (session === undefined) return 'sign-in'
      return session.stage === 'signed-in' ? 'allow' : 'continue-sign-in'
  }
}
