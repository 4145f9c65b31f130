import type { LightMyRequestResponse } from 'fastify'
import { FAMILIES, type FamilyKey, type Persona } from '../support/personas.js'

/** Who may use a route, as a rule about the persona and (for family routes) the family asked about. */
export type Rule =
  | 'public' | 'signing-in' | 'signed-in' | 'staff' | 'admin'
  | 'casework' | 'casework-family' | 'manager' | 'manager-family'
  | 'partner' | 'partner-family'
  | 'family' | 'family-ashworth' | 'family-ashworth-parents'
  | 'break-glass'

type Kind = 'caseworker' | 'manager' | 'chair' | 'partner' | 'family' | 'admin' | 'nobody'

const KIND: Record<Persona, Kind> = {
  'allocated-practitioner': 'caseworker', 'other-team-practitioner': 'caseworker', 'team-manager': 'manager', 'conference-chair': 'chair',
  'invited-partner': 'partner', 'uninvited-partner': 'partner', 'withdrawn-partner': 'partner',
  'parent-a': 'family', 'parent-b': 'family', 'young-person': 'family', 'network-member': 'family', 'other-family-parent': 'family',
  'administrator': 'admin', 'other-council': 'caseworker', 'signed-out': 'nobody',
}

/** Which families each persona's relationships reach (written down, not worked out by the code under test). */
const SEES: Record<Persona, readonly FamilyKey[]> = {
  'allocated-practitioner': ['ashworth', 'okonjo-reid'],
  'other-team-practitioner': ['gilpin'],
  'team-manager': ['ashworth', 'okonjo-reid', 'pennington'],
  'conference-chair': ['ashworth'],
  'invited-partner': ['ashworth'],
  'uninvited-partner': [], 'withdrawn-partner': [],
  'parent-a': [], 'parent-b': [], 'young-person': [], 'network-member': [], 'other-family-parent': [],
  'administrator': [], 'other-council': ['fenwick'], 'signed-out': [],
}

export function expected(rule: Rule, persona: Persona, family: FamilyKey | undefined): boolean {
  const kind = KIND[persona]
  const sees = family !== undefined && SEES[persona].includes(family)
  const casework = kind === 'caseworker' || kind === 'manager' || kind === 'chair'
  switch (rule) {
    case 'public': return true
    case 'signing-in': return false
    case 'signed-in': return kind !== 'nobody'
    case 'staff': return kind !== 'nobody' && kind !== 'family'
    case 'admin': return kind === 'admin'
    case 'casework': return casework
    case 'casework-family': return casework && sees
    case 'manager': return kind === 'manager'
    case 'manager-family': return kind === 'manager' && sees
    case 'partner': return kind === 'partner'
    case 'partner-family': return kind === 'partner' && sees
    case 'family': return kind === 'family'
    // Any caseworker may ask to open any unsealed family of their own council, with a reason.
    case 'break-glass': return casework && family !== 'pennington' && (family === 'fenwick') === (persona === 'other-council')
    // Something inside the Ashworth family (an entry, a picture): its own members only.
    case 'family-ashworth': return kind === 'family' && persona !== 'other-family-parent'
    // A story written for Leo and not yet agreed or shared with him: his parents read it (not Leo yet, nor the network).
    case 'family-ashworth-parents': return persona === 'parent-a' || persona === 'parent-b'
  }
}

/** Refused: not found, forbidden, or sent to sign in. Anything else (a page, a redirect onwards, a 400 for an empty form) got past access. */
export function refused(response: LightMyRequestResponse): boolean {
  if ([401, 403, 404].includes(response.statusCode)) return !isFormExpired(response)
  if (response.statusCode >= 300 && response.statusCode < 400) return (response.headers.location ?? '').startsWith('/sign-in')
  return false
}

export function isFormExpired(response: LightMyRequestResponse): boolean {
  return response.statusCode === 403 && response.body.includes('This form has expired')
}

export const ALL_FAMILIES = FAMILIES
