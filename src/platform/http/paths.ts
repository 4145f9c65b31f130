import type { SessionStage } from '../../db/schema/sessions.js'

/** A path on this site that is safe to send someone back to after sign-in, or undefined. */
export function safeReturnPath(candidate: unknown): string | undefined {
  if (typeof candidate !== 'string' || candidate.length > 500) return undefined
  // One leading slash, no scheme-relative (//host) or backslash tricks, nothing but printable ASCII.
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(candidate)) return undefined
  if (candidate.startsWith('/sign-in') || candidate.startsWith('/sign-out') || candidate.startsWith('/session')) return undefined
  return candidate
}

export function signInStagePath(stage: SessionStage): string {
  switch (stage) {
    case 'password-change': return '/sign-in/new-password'
    case 'second-factor': return '/sign-in/second-factor'
    case 'second-factor-enrolment': return '/sign-in/set-up-second-factor'
    case 'signed-in': return '/'
  }
}
