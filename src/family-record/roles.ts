import type { UserRole } from '../db/schema/organisations.js'
import { allow } from '../platform/access/policy.js'

/** Who works on families' records: the roles that see and change the whole record. */
export const CASEWORKERS = ['practitioner', 'team-manager', 'conference-chair'] as const satisfies readonly UserRole[]

/** Staff from partner agencies, who see a family only while invited, through the partner's view. */
export const PARTNERS = ['partner-practitioner'] as const satisfies readonly UserRole[]

/** Parents, carers, young people and network members, who see their own family's space. */
export const FAMILY_MEMBERS = ['family-member'] as const satisfies readonly UserRole[]

/** Managers, who decide who works with a family. */
export const MANAGERS = ['team-manager'] as const satisfies readonly UserRole[]

/** Everyone who can have a relationship with a family. */
export const ANYONE_WITH_A_FAMILY = [...CASEWORKERS, ...PARTNERS, ...FAMILY_MEMBERS] as const satisfies readonly UserRole[]

export type RoleSet = readonly UserRole[]

export function isCaseworker(role: UserRole): boolean {
  return (CASEWORKERS as readonly UserRole[]).includes(role)
}

/** The route policies for these role sets, so routes name who may use them once. */
export const CASEWORK_POLICY = allow.staff(...CASEWORKERS)
export const MANAGER_POLICY = allow.staff(...MANAGERS)
