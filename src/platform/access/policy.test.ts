import { describe, expect, it } from 'vitest'
import { allow, decideAccess, describePolicy } from './policy.js'

describe('access policy decisions', () => {
  const signedIn = { stage: 'signed-in' as const, role: 'practitioner' as const }

  it('lets anyone use a public route', () => {
    expect(decideAccess(allow.public, undefined)).toBe('allow')
    expect(decideAccess(allow.public, signedIn)).toBe('allow')
  })

  it('sends people who are not signed in to sign in', () => {
    expect(decideAccess(allow.anyStaff, undefined)).toBe('sign-in')
    expect(decideAccess(allow.staff('organisation-administrator'), undefined)).toBe('sign-in')
  })

  it('denies a role the route does not name', () => {
    expect(decideAccess(allow.staff('organisation-administrator'), signedIn)).toBe('deny')
    expect(decideAccess(allow.staff('organisation-administrator'), { stage: 'signed-in', role: 'organisation-administrator' })).toBe('allow')
  })

  it('keeps someone part-way through sign-in out of staff pages until they finish', () => {
    expect(decideAccess(allow.anyStaff, { stage: 'second-factor', role: 'organisation-administrator' })).toBe('continue-sign-in')
    expect(decideAccess(allow.signInStage('second-factor'), { stage: 'second-factor', role: 'practitioner' })).toBe('allow')
    expect(decideAccess(allow.signInStage('second-factor'), signedIn)).toBe('deny')
    expect(decideAccess(allow.signInStage('second-factor'), undefined)).toBe('sign-in')
  })

  it('describes policies in words for the route table', () => {
    expect(describePolicy(allow.staff('team-manager', 'practitioner'))).toBe('staff: practitioner, team-manager')
    expect(describePolicy(allow.signInStage('password-change'))).toBe('signing in: password-change')
  })
})
